import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import '@fastify/rate-limit';
import type { Dependencies } from '../../dependencies.types.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { parseSearchParams } from './search.schemas.js';
import { searchReports } from './search.usecases.js';
import { isPastLastPage, SearchPage } from './search.views.js';
import { renderSnippetHtml } from './search-snippet.models.js';
import type { SearchApiResponse, SearchBudget, SearchResult } from './search.types.js';
import { sendProblem } from '../../shared/problem.js';
import { openDataCacheHeaders } from '../../shared/public-url.js';
import { createError, isAppError } from '../../shared/errors.js';

const problemDetails: Record<'badYear' | 'badPage', { title: string; code: string }> = {
  badYear: { title: 'Årstal skal være et helt tal mellem 1900 og 2100, og "fra" må ikke være efter "til".', code: 'search.bad_year' },
  badPage: { title: 'Sidetallet skal være et helt tal fra 1 til 50.', code: 'search.bad_page' },
};

/** The API's shape: the result with each snippet also as ready HTML (text escaped, matches in <mark>). */
export function toSearchApiResponse(result: SearchResult): SearchApiResponse {
  return {
    ...result,
    groups: result.groups.map((g) => ({ ...g, hits: g.hits.map((h) => ({ ...h, snippetHtml: renderSnippetHtml(h.snippet) })) })),
  };
}

const RATE_LIMITED = 'search.rate_limited';

export function registerSearchRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  const { config } = deps;
  const budget: SearchBudget = {
    maxClauses: config.searchMaxClauses,
    maxPrefixTerms: config.searchMaxPrefixTerms,
    maxCandidateRows: config.searchMaxCandidateRows,
    maxSampleRows: config.searchMaxSampleRows,
    maxSuggestionWords: config.searchMaxSuggestionWords,
    maxSuggestionTries: config.searchMaxSuggestionTries,
  };
  // Per client address (request.ip: TRUST_PROXY decides who may tell it), in memory per instance (an LRU of
  // 5000 addresses). Cached result pages are answered before this hook and cost nothing to count.
  const rateLimit = app.rateLimit({
    max: deps.config.searchRateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      createError({ code: RATE_LIMITED, status: 429, message: `For mange søgninger fra samme adresse. Prøv igen om ${Math.ceil(context.ttl / 1000)} sekunder.`, details: { seconds: Math.ceil(context.ttl / 1000) } }),
  });
  // The page says it in the reader's language, with the search box (Retry-After is set by the limiter).
  const rateLimitedPage = async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (!isAppError(error) || error.code !== RATE_LIMITED) throw error;
    const ctx = await createViewContext({ request }, deps);
    const seconds = Number(error.details?.seconds ?? 60);
    const q = typeof (request.query as { q?: unknown }).q === 'string' ? String((request.query as { q: string }).q) : '';
    return reply.code(429).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(renderPage(<SearchPage ctx={ctx} q={q} yearFrom={undefined} yearTo={undefined} result={undefined} problem={undefined} notice={ctx.t('search.rateLimited', { seconds })} />));
  };

  app.get('/soeg', { onRequest: rateLimit, errorHandler: rateLimitedPage }, async (request, reply) => {
    const parsed = parseSearchParams(request.query);
    const ctx = await createViewContext({ request }, deps);
    if (!parsed.ok) {
      const yearError = parsed.field === 'side' ? undefined : { field: parsed.field, typed: parsed.typed };
      return reply.code(400).type('text/html; charset=utf-8').send(renderPage(<SearchPage ctx={ctx} q={parsed.q} yearFrom={undefined} yearTo={undefined} result={undefined} problem={`search.${parsed.problem}`} yearError={yearError} />));
    }
    const { q, yearFrom, yearTo, page } = parsed.params;
    // An empty search box is the search page itself, without a message.
    const result = q.trim() === '' ? undefined : await searchReports({ q, yearFrom, yearTo, page, budget }, deps);
    const problem: MessageKey | undefined = result?.problem ? `search.problem.${result.problem}` : undefined;
    if (result) deps.statistics.noteSearchResults({ url: request.url, results: result.total });
    // A page past the last is not found (and, not being a 200, not kept in the page cache); it links to the last page.
    const status = result && !problem && isPastLastPage(result) ? 404 : 200;
    return reply.code(status).type('text/html; charset=utf-8').send(renderPage(<SearchPage ctx={ctx} q={q} yearFrom={yearFrom} yearTo={yearTo} result={result} problem={problem} />));
  });

  // The same CORS answer as the rest of the read API, on errors (400, 429) too.
  const allowAnyOrigin = async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.header('Access-Control-Allow-Origin', '*');
    return payload;
  };
  app.get('/api/v1/search', { onRequest: rateLimit, onSend: allowAnyOrigin }, async (request, reply) => {
    const parsed = parseSearchParams(request.query);
    if (!parsed.ok) {
      const { title, code } = problemDetails[parsed.problem];
      return sendProblem(reply, { status: 400, title, code });
    }
    const result = await searchReports({ ...parsed.params, budget }, deps);
    return reply.headers(openDataCacheHeaders(deps.config)).type('application/json; charset=utf-8').send(toSearchApiResponse(result));
  });
}
