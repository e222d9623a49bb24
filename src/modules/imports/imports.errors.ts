import { createError } from '../../shared/errors.js';

/** One line naming the file and the problem. */
export const createImportError = ({ file, problem }: { file: string; problem: string }) =>
  createError({ code: 'imports.invalid', status: 400, message: `${file}: ${problem}`, details: { file } });
