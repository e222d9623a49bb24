import { createError } from '../../shared/errors.js';

export const createApiTokenNotFoundError = () => createError({ code: 'tokens.not_found', status: 404, message: 'API-nøglen findes ikke.' });
