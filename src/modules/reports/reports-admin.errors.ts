import { createError } from '../../shared/errors.js';

export const createReportNotFoundError = () => createError({ code: 'reports.not_found', status: 404, message: 'Beretningen findes ikke.' });

/** Someone saved the report after the form was loaded; `by`/`at` name who and when. */
export const createEditConflictError = ({ by, at, currentVersion }: { by: string; at: string; currentVersion: number }) =>
  createError({ code: 'reports.conflict', status: 409, message: 'Beretningen er ændret af en anden, efter du åbnede den.', details: { by, at, currentVersion } });

export const createYearTakenError = ({ year }: { year: number }) =>
  createError({ code: 'reports.year_taken', status: 422, message: `Der findes allerede en beretning for ${year}.`, details: { field: 'year', year } });

export const createNotInTrashError = () => createError({ code: 'reports.not_in_trash', status: 409, message: 'Beretningen kan kun slettes endeligt fra papirkurven.' });

export const createInvalidTransitionError = () => createError({ code: 'reports.invalid_transition', status: 409, message: 'Det kan ikke lade sig gøre med beretningen i dens nuværende tilstand.' });
