import { z } from 'zod';

// The search page and API read the same query string: q, fra (from year), til (to year), side (result page).
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const blankToUndefined = (value: unknown) => {
  const v = first(value);
  return typeof v === 'string' && v.trim() === '' ? undefined : v;
};
const year = z.preprocess(blankToUndefined, z.string().trim().regex(/^\d{4}$/).transform(Number).pipe(z.number().int().min(1900).max(2100)).optional());

export const searchParamsSchema = z
  .object({
    q: z.preprocess((v) => first(v) ?? '', z.string()),
    fra: year,
    til: year,
    side: z.preprocess(blankToUndefined, z.string().regex(/^\d{1,2}$/).transform(Number).pipe(z.number().int().min(1).max(50)).optional()),
  })
  .refine((p) => p.fra === undefined || p.til === undefined || p.fra <= p.til, { path: ['fra'] });

export type SearchParams = { q: string; yearFrom: number | undefined; yearTo: number | undefined; page: number };

/** The parameters, or which one is wrong (the page shows a message for it, never a 500), with the years as typed so the form keeps them. */
export function parseSearchParams(query: unknown):
  | { ok: true; params: SearchParams }
  | { ok: false; q: string; problem: 'badYear' | 'badPage'; field: 'fra' | 'til' | 'side'; typed: { fra: string; til: string } } {
  const parsed = searchParamsSchema.safeParse(query ?? {});
  if (parsed.success) return { ok: true, params: { q: parsed.data.q, yearFrom: parsed.data.fra, yearTo: parsed.data.til, page: parsed.data.side ?? 1 } };
  const raw = (query ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof first(value) === 'string' ? String(first(value)) : '');
  const paths = parsed.error.issues.map((issue) => issue.path[0]);
  const field = paths.includes('fra') ? 'fra' : paths.includes('til') ? 'til' : 'side';
  return { ok: false, q: text(raw.q), problem: field === 'side' ? 'badPage' : 'badYear', field, typed: { fra: text(raw.fra).slice(0, 20), til: text(raw.til).slice(0, 20) } };
}
