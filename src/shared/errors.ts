/** The one application error. `code` is stable (e.g. `reports.not_found`); `message` is shown to people only when `expose` is true. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor({ code, status, message, cause, expose = status < 500, details }: { code: string; status: number; message: string; cause?: unknown; expose?: boolean; details?: Record<string, unknown> }) {
    super(message, { cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.expose = expose;
    this.details = details;
  }
}

export function createError(args: { code: string; status: number; message: string; cause?: unknown; expose?: boolean; details?: Record<string, unknown> }): AppError {
  return new AppError(args);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function createNotFoundError({ code = 'not_found', message = 'Siden findes ikke.' }: { code?: string; message?: string } = {}): AppError {
  return createError({ code, status: 404, message });
}
