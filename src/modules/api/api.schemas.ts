import { z } from 'zod';
import { accessibilityCheckCodes } from '../accessibility/accessibility.types.js';

// One source of truth: the routes parse with these, the OpenAPI document is emitted from them, the tests validate responses against them.

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('Ved 422: hvert felt der skal rettes, med en besked på læserens sprog'),
  });

export const organisationSchema = z
  .object({
    name: z.string(),
    title: z.string(),
    intro: z.string(),
    language: z.string(),
    breadcrumb: z.array(z.string()),
    url: z.string(),
    updatedAt: z.string(),
  });

export const documentSchema = z
  .object({
    id: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    fileName: z.string(),
    size: z.number().int().min(0),
    pageCount: z.number().int().min(0).nullable(),
    url: z.string(),
    coverUrl: z.string().nullable().describe('Forsiden (side 1) som billede (WebP), 320 px bred; null indtil PDF\'en er læst'),
    coverLargeUrl: z.string().nullable().describe('Forsiden som billede (WebP), 640 px bred; null indtil PDF\'en er læst'),
  });

export const reportSummarySchema = z
  .object({
    year: z.number().int(),
    title: z.string(),
    publishedAt: z.string().nullable(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    updatedAt: z.string(),
    url: z.string(),
    apiUrl: z.string(),
    readingUrl: z.string(),
    document: documentSchema.nullable(),
  });

export const outlineEntrySchema = z.object({ title: z.string(), level: z.number().int(), pageNumber: z.number().int(), url: z.string() });

export const accessibilitySchema = z
  .object({
    status: z.enum(['no_problems_found', 'problems', 'not_checked']).describe('Resultatet af tilgængelighedstjekket af PDF\'en: ingen problemer fundet, problemer, eller ikke tjekket endnu'),
    exempt: z.boolean().describe('PDF\'en er fra før 23. september 2018 og undtaget fra kravet (webtilgængelighedsloven)'),
    failures: z.number().int().min(0).describe('Antal tjek, der fandt et problem'),
    checks: z.array(z.object({
      code: z.enum(accessibilityCheckCodes).describe('Tjekkets faste kode'),
      status: z.enum(['pass', 'fail', 'cannot_tell']),
      informational: z.boolean().describe('Til orientering (PDF/UA-erklæringen): tæller ikke som et problem'),
      pages: z.array(z.number().int()).describe('Sider det gælder (højst ACCESSIBILITY_MAX_PAGES_LISTED)'),
      count: z.number().int().min(0).describe('Forekomster i alt'),
    })),
  })
  .describe('PDF\'ens tilgængelighed: status og hvert tjeks kode og resultat');
export const mediaSchema = z
  .object({
    slug: z.string(),
    kind: z.enum(['video', 'audio']),
    title: z.string(),
    description: z.string(),
    durationSeconds: z.number().min(0),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    mimeType: z.string(),
    size: z.number().int().min(0),
    pageUrl: z.string().describe('Filmens eller lydens egen side med udskriften som tekst'),
    fileUrl: z.string(),
    captionsUrl: z.string().nullable().describe('Undertekster (WebVTT, dansk); null når der ingen er'),
    posterUrl: z.string().nullable(),
    transcriptMarkdown: z.string().nullable(),
  })
  .describe('En film eller lyd under "Se og hør", i læsernes rækkefølge (den første er hovedfilmen).');

export const reportSchema = reportSummarySchema
  .extend({
    forewordMarkdown: z.string(),
    forewordHtml: z.string(),
    outline: z.array(outlineEntrySchema),
    accessibility: accessibilitySchema.nullable().describe('null når beretningen ikke har en PDF'),
    media: z.array(mediaSchema),
  });

export const reportListSchema = z
  .object({
    items: z.array(reportSummarySchema),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    pageCount: z.number().int().min(0),
  });

const searchHitSchema = z.object({
  pageNumber: z.number().int().nullable(),
  snippet: z.array(z.object({ text: z.string(), mark: z.boolean() })),
  snippetHtml: z.string(),
  readingUrl: z.string().describe('The reading version at this page (`/beretninger/<year>/laes/side/<n>` answers with the web page that holds it), or the report page for the foreword.'),
  pdfUrl: z.string().nullable(),
  alsoOnPage: z.number().int().optional().describe('On the foreword: the PDF page that carries the same passage (shown once).'),
  alsoInForeword: z.boolean().optional().describe('On a page: the foreword carries the same passage (shown once).'),
});

export const searchResultSchema = z
  .object({
    query: z.string(),
    yearFrom: z.number().int().nullable(),
    yearTo: z.number().int().nullable(),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    totalIsLowerBound: z.boolean(),
    pageCount: z.number().int(),
    groups: z.array(
      z.object({
        report: z.object({ id: z.string(), year: z.number().int(), title: z.string(), url: z.string() }),
        hitCount: z.number().int(),
        hits: z.array(searchHitSchema),
        allHitsUrl: z.string().nullable().describe('The same search narrowed to this report, when it has more hits (`hitCount`) than this result page shows.'),
      }),
    ),
    suggestions: z.array(z.string()),
    problem: z.string().nullable(),
    cut: z
      .object({ kept: z.number().int(), total: z.number().int() })
      .nullable()
      .describe('Set when the query had more words, phrases and prefixes than one search may look for (SEARCH_MAX_CLAUSES): it was searched on the first `kept` of `total`.'),
    narrowedPrefixes: z
      .array(z.string())
      .describe('Prefixes of the query (e.g. `ko*`) that stand for more index words than one search looks for (SEARCH_MAX_PREFIX_TERMS, shared by all prefixes): each was searched on the shortest words it begins.'),
  });

const yearParam = z.coerce.number({ error: 'Årstal skal være et helt tal mellem 1900 og 2100.' }).int({ error: 'Årstal skal være et helt tal mellem 1900 og 2100.' }).min(1900, { error: 'Årstal skal være et helt tal mellem 1900 og 2100.' }).max(2100, { error: 'Årstal skal være et helt tal mellem 1900 og 2100.' });

export const reportListQuerySchema = z.object({
  year: yearParam.optional(),
  yearFrom: yearParam.optional(),
  yearTo: yearParam.optional(),
  page: z.coerce.number({ error: 'Sidetallet skal være et helt tal fra 1.' }).int({ error: 'Sidetallet skal være et helt tal fra 1.' }).min(1, { error: 'Sidetallet skal være et helt tal fra 1.' }).default(1),
  pageSize: z.coerce.number({ error: 'Sidestørrelsen skal være et helt tal fra 1 til 100.' }).int({ error: 'Sidestørrelsen skal være et helt tal fra 1 til 100.' }).min(1, { error: 'Sidestørrelsen skal være et helt tal fra 1 til 100.' }).max(100, { error: 'Sidestørrelsen skal være et helt tal fra 1 til 100.' }).default(20),
});

// The write API (API token with write access): the body of POST /reports, of POST /reports/{id}/publish, and the report as the workspace sees it.
export const reportCreateSchema = z.object({
  year: z.number().int().describe('Årstal mellem 1900 og 2100; ét år har én beretning'),
  title: z.string().describe('1–200 tegn'),
  periodStart: z.string().nullable().optional().describe('YYYY-MM-DD'),
  periodEnd: z.string().nullable().optional().describe('YYYY-MM-DD, ikke før periodStart'),
  forewordMarkdown: z.string().optional().describe('Forordet som Markdown, højst 50.000 tegn'),
});

export const reportPublishSchema = z.object({
  at: z.string().optional().describe('Udgiv på dette tidspunkt (ISO 8601 med tidszone, i fremtiden); uden: udgiv nu'),
});

// The write API answers before the PDF is read, so a managed document has no cover yet.
export const managedDocumentSchema = documentSchema.omit({ coverUrl: true, coverLargeUrl: true });

export const managedReportSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  title: z.string(),
  status: z.enum(['draft', 'scheduled', 'published']),
  trashed: z.boolean(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  forewordMarkdown: z.string(),
  publishedAt: z.string().nullable(),
  scheduledAt: z.string().nullable(),
  version: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  url: z.string().describe('Den offentlige side (findes, når beretningen er udgivet)'),
  document: managedDocumentSchema.nullable(),
});

export type ReportListQuery = z.infer<typeof reportListQuerySchema>;
export type ApiManagedReport = z.infer<typeof managedReportSchema>;
export type ApiOrganisation = z.infer<typeof organisationSchema>;
export type ApiReportSummary = z.infer<typeof reportSummarySchema>;
export type ApiReport = z.infer<typeof reportSchema>;
export type ApiAccessibility = z.infer<typeof accessibilitySchema>;
export type ApiReportList = z.infer<typeof reportListSchema>;

/** The API's named schemas; the OpenAPI document's `components.schemas` is emitted from this registry. */
export const apiSchemaRegistry = z.registry<{ id: string; description?: string }>();
apiSchemaRegistry.add(problemSchema, { id: 'Problem', description: 'RFC 9457 problem details.' });
apiSchemaRegistry.add(organisationSchema, { id: 'Organisation' });
apiSchemaRegistry.add(documentSchema, { id: 'Document' });
apiSchemaRegistry.add(accessibilitySchema, { id: 'Accessibility' });
apiSchemaRegistry.add(outlineEntrySchema, { id: 'OutlineEntry' });
apiSchemaRegistry.add(reportSummarySchema, { id: 'ReportSummary' });
apiSchemaRegistry.add(mediaSchema, { id: 'Media' });
apiSchemaRegistry.add(reportSchema, { id: 'Report' });
apiSchemaRegistry.add(reportListSchema, { id: 'ReportList' });
apiSchemaRegistry.add(searchResultSchema, { id: 'SearchResult' });
apiSchemaRegistry.add(reportCreateSchema, { id: 'ReportCreate', description: 'En ny kladde (POST /reports).' });
apiSchemaRegistry.add(reportPublishSchema, { id: 'ReportPublish' });
apiSchemaRegistry.add(managedDocumentSchema, { id: 'ManagedDocument' });
apiSchemaRegistry.add(managedReportSchema, { id: 'ManagedReport', description: 'En beretning, som arbejdsområdet ser den: også kladder.' });
