import type { PublicMedia } from '../media/media.types.js';
import { z } from 'zod';
import type { PublicReport } from '../reports/reports.types.js';
import type { Site } from '../site/site.types.js';
import type { TocEntry } from '../reading/reading.types.js';
import type { Report } from '../reports/reports.types.js';
import type { StoredDocument } from '../documents/documents.types.js';
import { createDocumentUrl } from '../documents/documents.models.js';
import type { AccessibilityResult } from '../accessibility/accessibility.types.js';
import { apiSchemaRegistry, type ApiAccessibility, type ApiManagedReport, type ApiOrganisation, type ApiReport, type ApiReportList, type ApiReportSummary, type ReportListQuery } from './api.schemas.js';

export function toApiOrganisation({ site, origin }: { site: Site; origin: string }): ApiOrganisation {
  return { name: site.name, title: site.title, intro: site.intro, language: site.language, breadcrumb: site.breadcrumb, url: `${origin}/`, updatedAt: site.updatedAt };
}

export function toApiReportSummary({ report, origin }: { report: PublicReport; origin: string }): ApiReportSummary {
  return {
    year: report.year,
    title: report.title,
    publishedAt: report.publishedAt,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    updatedAt: report.updatedAt,
    url: `${origin}/beretninger/${report.year}`,
    apiUrl: `${origin}/api/v1/reports/${report.year}`,
    readingUrl: `${origin}/beretninger/${report.year}/laes`,
    document: report.document
      ? {
          id: report.document.id,
          sha256: report.document.sha256,
          fileName: report.document.fileName,
          size: report.document.size,
          pageCount: report.document.pageCount,
          url: `${origin}${report.document.url}`,
          // Until ingestion has rendered page 1 there is no cover.
          coverUrl: report.document.cover ? `${origin}${report.document.cover.smallUrl}` : null,
          coverLargeUrl: report.document.cover ? `${origin}${report.document.cover.largeUrl}` : null,
        }
      : null,
  };
}

/** The PDF's accessibility for the API, from its stored checks (null without a PDF). */
export function toApiAccessibility({ accessibility }: { accessibility: { result: AccessibilityResult | null; exempt: boolean } | null }): ApiAccessibility | null {
  if (!accessibility) return null;
  const { result, exempt } = accessibility;
  return {
    status: !result ? 'not_checked' : result.failures > 0 ? 'problems' : 'no_problems_found',
    exempt,
    failures: result?.failures ?? 0,
    checks: (result?.checks ?? []).map((check) => ({ code: check.code, status: check.status, informational: check.informational === true, pages: check.pages, count: check.count })),
  };
}

export function toApiReport({ report, origin, forewordHtml, toc, accessibility = null, media = [] }: { report: PublicReport; origin: string; forewordHtml: string; toc: TocEntry[]; accessibility?: ApiAccessibility | null; media?: PublicMedia[] }): ApiReport {
  return {
    ...toApiReportSummary({ report, origin }),
    forewordMarkdown: report.forewordMd,
    forewordHtml,
    outline: toc.map((entry) => ({ title: entry.title, level: entry.level, pageNumber: entry.pageNumber, url: `${origin}/beretninger/${report.year}/laes#side-${entry.pageNumber}` })),
    accessibility,
    media: media.map((item) => ({
      slug: item.slug, kind: item.kind, title: item.title, description: item.description, durationSeconds: item.durationSeconds, width: item.width, height: item.height, mimeType: item.mimeType, size: item.size,
      pageUrl: `${origin}${item.pageUrl}`, fileUrl: `${origin}${item.urls.file}`, captionsUrl: item.urls.captions ? `${origin}${item.urls.captions}` : null, posterUrl: item.urls.poster ? `${origin}${item.urls.poster}` : null, transcriptMarkdown: item.transcriptMd,
    })),
  };
}

/** A report as the write API answers with it: drafts too, with its id and version. */
export function toApiManagedReport({ report, document, origin }: { report: Report; document: StoredDocument | undefined; origin: string }): ApiManagedReport {
  return {
    id: report.id,
    year: report.year,
    title: report.title,
    status: report.status,
    trashed: report.deletedAt !== null,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    forewordMarkdown: report.forewordMd,
    publishedAt: report.publishedAt,
    scheduledAt: report.scheduledAt,
    version: report.version,
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
    url: `${origin}/beretninger/${report.year}`,
    document: document ? { id: document.id, sha256: document.sha256, fileName: document.fileName, size: document.size, pageCount: document.pageCount, url: `${origin}${createDocumentUrl({ sha256: document.sha256, fileName: document.fileName })}` } : null,
  };
}

/** Filters by year and pages through the published reports, newest first. */
export function paginateReports({ reports, query, origin }: { reports: PublicReport[]; query: ReportListQuery; origin: string }): ApiReportList {
  const filtered = reports
    .filter((r) => (query.year === undefined || r.year === query.year) && (query.yearFrom === undefined || r.year >= query.yearFrom) && (query.yearTo === undefined || r.year <= query.yearTo))
    .sort((a, b) => b.year - a.year);
  const start = (query.page - 1) * query.pageSize;
  return {
    items: filtered.slice(start, start + query.pageSize).map((report) => toApiReportSummary({ report, origin })),
    total: filtered.length,
    page: query.page,
    pageSize: query.pageSize,
    pageCount: Math.ceil(filtered.length / query.pageSize),
  };
}

/** The JSON Schemas of the components, keyed by id; also used by the tests to validate responses. */
export function createComponentSchemas(): Record<string, Record<string, unknown>> {
  const emitted = z.toJSONSchema(apiSchemaRegistry, { target: 'draft-2020-12', io: 'output', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, Record<string, unknown>> };
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, schema] of Object.entries(emitted.schemas)) {
    const { $schema: _schema, id: _id, ...rest } = schema;
    out[id] = rest;
  }
  return out;
}

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const jsonResponse = (description: string, ref: string) => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const intParam = (name: string, description: string, extra: Record<string, unknown> = {}) => ({ name, in: 'query', required: false, description, schema: { type: 'integer', ...extra } });
const bearerAuth = [{ bearerAuth: [] }];
const tokenProblems = { '401': problemResponse('Ingen, ukendt, udløbet eller tilbagekaldt API-nøgle'), '403': problemResponse('Nøglen må kun læse') };
const reportIdParam = { name: 'id', in: 'path', required: true, description: 'Beretningens id (fra POST /reports)', schema: { type: 'string' } };

const countList = (key: string) => ({ type: 'array', items: { type: 'object', required: [key, 'count'], properties: { [key]: { type: 'string' }, count: { type: 'integer' } } } });
/** GET /statistics: the shape of the statistics module's overview. */
const statisticsSchema = {
  type: 'object',
  required: ['period', 'daily', 'reports', 'chapters', 'searches', 'zeroResultSearches', 'referrers', 'devices'],
  properties: {
    period: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } },
    daily: { type: 'array', items: { type: 'object', required: ['day', 'views', 'downloads'], properties: { day: { type: 'string', format: 'date' }, views: { type: 'integer' }, downloads: { type: 'integer' } } } },
    reports: { type: 'array', items: { type: 'object', required: ['year', 'title', 'views', 'readingViews', 'downloads'], properties: { year: { type: 'integer' }, title: { type: 'string' }, views: { type: 'integer' }, readingViews: { type: 'integer' }, downloads: { type: 'integer' } } } },
    chapters: { type: 'array', items: { type: 'object', required: ['year', 'chapter', 'count'], properties: { year: { type: 'integer' }, chapter: { type: 'integer' }, count: { type: 'integer' } } } },
    searches: countList('query'),
    zeroResultSearches: countList('query'),
    referrers: countList('domain'),
    devices: countList('device'),
  },
};

/** The OpenAPI 3.1 document of the public, read-only API. */
export function createOpenApiDocument({ origin }: { origin: string }): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Beretning API',
      version: '1.0.0',
      description: 'Åbne data: organisationen, de udgivne beretninger og søgning; at læse kræver ingen nøgle. At oprette en beretning, lægge dens PDF op og udgive den kræver en personlig API-nøgle med skriveadgang (Authorization: Bearer brt_…), som en redaktør opretter i arbejdsområdet under API-nøgler. Fejl gives som RFC 9457 problem details.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: `${origin}/api/v1` }],
    paths: {
      '/organisation': {
        get: { operationId: 'getOrganisation', summary: 'Organisationen bag beretningerne', responses: { '200': jsonResponse('Organisationen', 'Organisation') } },
      },
      '/reports': {
        get: {
          operationId: 'listReports',
          summary: 'Udgivne beretninger, nyeste først',
          parameters: [
            intParam('year', 'Kun dette år', { minimum: 1900, maximum: 2100 }),
            intParam('yearFrom', 'Fra og med dette år', { minimum: 1900, maximum: 2100 }),
            intParam('yearTo', 'Til og med dette år', { minimum: 1900, maximum: 2100 }),
            intParam('page', 'Side (fra 1)', { minimum: 1, default: 1 }),
            intParam('pageSize', 'Beretninger pr. side', { minimum: 1, maximum: 100, default: 20 }),
          ],
          responses: { '200': jsonResponse('En side af listen', 'ReportList'), '400': problemResponse('Ugyldig forespørgsel') },
        },
        post: {
          operationId: 'createReport',
          summary: 'Opret en beretning som kladde (kræver en nøgle med skriveadgang)',
          security: bearerAuth,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ReportCreate' } } } },
          responses: {
            '201': jsonResponse('Kladden er oprettet', 'ManagedReport'),
            '400': problemResponse('Ugyldig JSON'),
            ...tokenProblems,
            '409': problemResponse('Der findes allerede en beretning for året'),
            '415': problemResponse('Send application/json'),
            '422': problemResponse('Felter der skal rettes (se errors)'),
          },
        },
      },
      '/reports/{id}/pdf': {
        put: {
          operationId: 'putReportPdf',
          summary: 'Læg beretningens PDF op; den bliver beretningens aktuelle PDF (kræver en nøgle med skriveadgang)',
          security: bearerAuth,
          parameters: [
            reportIdParam,
            { name: 'fileName', in: 'query', required: false, description: 'Filnavnet læserne ser (standard: beretning-<år>.pdf)', schema: { type: 'string' } },
            { name: 'correctionNote', in: 'query', required: false, description: 'Kort offentlig note, når PDF’en i en udgivet beretning rettes', schema: { type: 'string' } },
          ],
          requestBody: { required: true, content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
          responses: {
            '200': jsonResponse('Beretningen med den nye PDF', 'ManagedReport'),
            ...tokenProblems,
            '404': problemResponse('Beretningen findes ikke'),
            '413': problemResponse('Filen er for stor'),
            '415': problemResponse('Send application/pdf'),
            '422': problemResponse('Filen er ikke en PDF, der kan åbnes'),
          },
        },
      },
      '/reports/{id}/publish': {
        post: {
          operationId: 'publishReport',
          summary: 'Udgiv beretningen nu, eller planlæg den til et tidspunkt (kræver en nøgle med skriveadgang)',
          security: bearerAuth,
          parameters: [reportIdParam],
          requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/ReportPublish' } } } },
          responses: {
            '200': jsonResponse('Beretningen, udgivet eller planlagt', 'ManagedReport'),
            ...tokenProblems,
            '404': problemResponse('Beretningen findes ikke'),
            '409': problemResponse('Beretningen ligger i papirkurven, er allerede udgivet (ved planlægning) eller er ændret samtidig'),
            '422': problemResponse('Tidspunktet er ugyldigt eller ligger ikke i fremtiden'),
          },
        },
      },
      '/reports/{year}': {
        get: {
          operationId: 'getReport',
          summary: 'Én udgivet beretning med forord, dokument og indhold',
          parameters: [{ name: 'year', in: 'path', required: true, schema: { type: 'integer', minimum: 1900, maximum: 2100 } }],
          responses: { '200': jsonResponse('Beretningen', 'Report'), '404': problemResponse('Ingen udgivet beretning det år') },
        },
      },
      '/search': {
        get: {
          operationId: 'search',
          summary: 'Søg i alle udgivne beretninger, ned til siden',
          parameters: [
            { name: 'q', in: 'query', required: true, description: 'Søgeord; "frase", klima*, OR, -ord', schema: { type: 'string' } },
            intParam('fra', 'Fra år', { minimum: 1900, maximum: 2100 }),
            intParam('til', 'Til år', { minimum: 1900, maximum: 2100 }),
            intParam('side', 'Resultatside', { minimum: 1, maximum: 50 }),
          ],
          responses: { '200': jsonResponse('Resultatet', 'SearchResult'), '400': problemResponse('Ugyldig forespørgsel') },
        },
      },
      '/statistics': {
        get: {
          operationId: 'getStatistics',
          summary: 'Læsertal pr. dag (kræver en nøgle til statistik): sidevisninger, PDF-downloads, web mod PDF pr. beretning, mest læste kapitler, søgninger (også uden resultater), henvisende domæner, enheder',
          security: bearerAuth,
          parameters: [
            { name: 'from', in: 'query', required: false, description: 'Første dag (ÅÅÅÅ-MM-DD, dansk kalenderdag); sammen med to. Uden: de sidste 30 dage', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', required: false, description: 'Sidste dag (højst 1.100 dage efter from)', schema: { type: 'string', format: 'date' } },
            intParam('year', 'Kun denne beretning', { minimum: 1900, maximum: 2100 }),
          ],
          responses: { '200': { description: 'Tallene for perioden', content: { 'application/json': { schema: statisticsSchema } } }, '400': problemResponse('Ugyldig periode'), '401': problemResponse('Ingen eller ugyldig API-nøgle'), '403': problemResponse('Nøglen er ikke til statistik') },
        },
      },
    },
    components: {
      schemas: createComponentSchemas(),
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'En personlig API-nøgle (brt_…) fra arbejdsområdets side API-nøgler. Nøgler med læseadgang må kun GET/HEAD.' } },
    },
  };
}
