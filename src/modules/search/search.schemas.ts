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

/** The parameters, or which one is wrong (the page shows a message for it, never a 500). */
export function parseSearchParams(query: unknown): { ok: true; params: SearchParams } | { ok: false; q: string; problem: 'badYear' | 'badPage' } {
  const parsed = searchParamsSchema.safeParse(query ?? {});
  if (parsed.success) return { ok: true, params: { q: parsed.data.q, yearFrom: parsed.data.fra, yearTo: parsed.data.til, page: parsed.data.side ?? 1 } };
  const q = typeof first((query as Record<string, unknown> | null)?.q) === 'string' ? String(first((query as Record<string, unknown>).q)) : '';
  const badPage = parsed.error.issues.some((issue) => issue.path[0] === 'side');
  return { ok: false, q, problem: badPage ? 'badPage' : 'badYear' };
}
