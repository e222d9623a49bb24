import { createError } from '../../shared/errors.js';

export const createTargetNotEmptyError = ({ what }: { what: string[] }) =>
  createError({ code: 'migrate.target_not_empty', status: 409, message: `The target is not empty (${what.slice(0, 5).join(', ')}${what.length > 5 ? ', …' : ''}); migrate-data only writes into an empty database and storage.`, details: { what } });

export const createVerificationError = ({ what }: { what: string }) =>
  createError({ code: 'migrate.verification_failed', status: 500, message: `Verification failed after copying: ${what} differs between source and target.` });

export const createSourceNotEmbeddedError = () =>
  createError({ code: 'migrate.source_not_embedded', status: 400, message: 'migrate-data copies an embedded installation: DATABASE_URL must be empty or sqlite:… (the source), and --to the PostgreSQL target.' });
