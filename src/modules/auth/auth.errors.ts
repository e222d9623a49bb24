import { createError, type AppError } from '../../shared/errors.js';

export function createInvalidCredentialsError(): AppError {
  return createError({ code: 'auth.invalid_credentials', status: 422, message: 'E-mail eller adgangskode er forkert.' });
}

export function createRateLimitedError({ retryAt }: { retryAt: Date }): AppError {
  return createError({ code: 'auth.rate_limited', status: 429, message: 'For mange forsøg på at logge ind.', details: { retryAt: retryAt.toISOString() } });
}

export function createEmailTakenError(): AppError {
  return createError({ code: 'auth.email_taken', status: 409, message: 'Der findes allerede en bruger med den e-mail.' });
}

export function createUserNotFoundError(): AppError {
  return createError({ code: 'auth.user_not_found', status: 404, message: 'Brugeren findes ikke.' });
}

export function createInvalidUserInputError({ message }: { message: string }): AppError {
  return createError({ code: 'auth.invalid_input', status: 422, message });
}

export function createLastAdminError(): AppError {
  return createError({ code: 'auth.last_admin', status: 409, message: 'Der skal være mindst én aktiv administrator.' });
}

export function createCsrfError(): AppError {
  return createError({ code: 'auth.csrf', status: 403, message: 'Formularen er udløbet eller kom ikke fra denne side. Gå tilbage, genindlæs siden og prøv igen.' });
}

export function createForbiddenError(): AppError {
  return createError({ code: 'auth.forbidden', status: 403, message: 'Du har ikke adgang til denne side.' });
}
