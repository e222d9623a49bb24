import { z } from 'zod';
import type { MessageKey } from '../../ui/i18n/i18n.js';

/** The longest custom period one page or export may sum over (about three years), so one request's work stays bounded. */
export const MAX_PERIOD_DAYS = 1100;
export const periodChoices = ['7', '30', '365', 'custom'] as const;
export type PeriodChoice = (typeof periodChoices)[number];
export const csvTables = ['daily', 'reports', 'chapters', 'searches', 'zero', 'referrers', 'devices'] as const;
export type CsvTable = (typeof csvTables)[number];

const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'statistics.errorDate' satisfies MessageKey)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'statistics.errorDate' satisfies MessageKey);

/** A period's end not before its start, and no longer than MAX_PERIOD_DAYS. */
function checkPeriod({ from, to, path, ctx }: { from: string; to: string; path: string; ctx: z.RefinementCtx }): void {
  if (from > to) ctx.addIssue({ code: 'custom', path: [path], message: 'statistics.errorOrder' satisfies MessageKey });
  else if ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_PERIOD_DAYS) ctx.addIssue({ code: 'custom', path: [path], message: 'statistics.errorTooLong' satisfies MessageKey });
}

/** The statistics page's and export's query: a period (`periode`, custom `fra`/`til`) and optionally one report (`aar`). */
export const statisticsQuerySchema = z
  .object({
    periode: z.enum(periodChoices, { error: 'statistics.errorPeriod' satisfies MessageKey }).default('30'),
    fra: z.union([isoDay, z.literal('')]).optional(),
    til: z.union([isoDay, z.literal('')]).optional(),
    aar: z.union([z.literal(''), z.string().regex(/^\d{4}$/, 'statistics.errorYear' satisfies MessageKey).transform(Number)]).optional(),
    tabel: z.enum(csvTables, { error: 'statistics.errorTable' satisfies MessageKey }).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.periode !== 'custom') return;
    if (!value.fra) ctx.addIssue({ code: 'custom', path: ['fra'], message: 'statistics.errorFromMissing' satisfies MessageKey });
    if (!value.til) ctx.addIssue({ code: 'custom', path: ['til'], message: 'statistics.errorToMissing' satisfies MessageKey });
    if (value.fra && value.til) checkPeriod({ from: value.fra, to: value.til, path: 'til', ctx });
  });

export type StatisticsQuery = z.output<typeof statisticsQuerySchema>;
export type StatisticsQueryField = 'periode' | 'fra' | 'til' | 'aar' | 'tabel';

/** The API's query: `from`/`to` (YYYY-MM-DD, Copenhagen days; default the last 30 days), optionally `year`. */
export const statisticsApiQuerySchema = z
  .object({
    from: isoDay.optional(),
    to: isoDay.optional(),
    year: z.string().regex(/^\d{4}$/, 'statistics.errorYear' satisfies MessageKey).transform(Number).optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.from === undefined) !== (value.to === undefined)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'statistics.errorBoth' satisfies MessageKey });
    if (value.from && value.to) checkPeriod({ from: value.from, to: value.to, path: 'to', ctx });
  });
