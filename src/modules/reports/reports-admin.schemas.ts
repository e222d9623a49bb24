import { z } from 'zod';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import type { ReportFields } from './reports-admin.models.js';

const isoDay = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};
const optionalDay = z.string().trim().refine((v) => v === '' || isoDay(v), 'workspace.errorDate' satisfies MessageKey).transform((v) => (v === '' ? null : v));

/**
 * Text from a textarea with LF line breaks: browsers send CRLF, but count a line break as one
 * character for maxlength; lengths are checked after this, so a note the browser let through fits.
 */
export const normaliseLineBreaks = (value: string): string => value.replace(/\r\n?/g, '\n');

/** The years a report may have (as `/api/v1` and search accept). */
export const minYear = 1900;
export const maxYear = 2100;
const yearError = 'workspace.errorYear' satisfies MessageKey;

/** The report form; messages are catalogue keys. */
export const reportFormSchema = z
  .object({
    // The range the API and search accept: a year outside it would give a report no public link reaches.
    year: z.string().trim().regex(/^\d{4}$/, yearError).transform(Number).pipe(z.number().int().min(minYear, yearError).max(maxYear, yearError)),
    title: z.string().trim().min(1, 'workspace.errorTitle' satisfies MessageKey).max(200, 'workspace.errorTitle' satisfies MessageKey),
    periodStart: optionalDay,
    periodEnd: optionalDay,
    // Counted after the browser's CRLF line breaks become LF, as the textarea's maxlength counts them.
    forewordMd: z.string().transform(normaliseLineBreaks).pipe(z.string().max(50_000, 'workspace.errorForeword' satisfies MessageKey)),
  })
  .refine((v) => !v.periodStart || !v.periodEnd || v.periodStart <= v.periodEnd, { message: 'workspace.errorPeriodOrder' satisfies MessageKey, path: ['periodEnd'] }) satisfies z.ZodType<ReportFields, unknown>;

export const versionSchema = z.coerce.number().int().min(1);
