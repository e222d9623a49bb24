import { createError } from '../../shared/errors.js';

export const createBackupError = ({ message, cause }: { message: string; cause?: unknown }) => createError({ code: 'ops.backup_invalid', status: 400, message, cause });
