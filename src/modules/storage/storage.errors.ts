import { createError } from '../../shared/errors.js';

export const createStorageNotFoundError = ({ key }: { key: string }) =>
  createError({ code: 'storage.not_found', status: 404, message: 'Filen findes ikke.', details: { key } });

export const createUnsafeKeyError = ({ key }: { key: string }) =>
  createError({ code: 'storage.unsafe_key', status: 500, message: `Unsafe storage key: ${JSON.stringify(key)}`, expose: false });
