import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import { createTestApp } from '../src/app.test-utils.js';
import { createCoverKey } from '../src/modules/documents/documents.usecases.js';
import type { PageLine, StructureBlock } from '../src/modules/documents/documents.types.js';
import { createTestUser } from '../src/modules/auth/auth.test-utils.js';
import { storeContent } from '../src/modules/storage/storage.usecases.js';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './e2e.test-utils.js';
import { runAccessibilityChecks } from '../src/modules/accessibility/accessibility.models.js';
import { sampleAccessibilityFacts } from '../src/modules/accessibility/accessibility.test-utils.js';

/**
 * Every page type a reader or an editor can see, for the accessibility journey (axe-core), the
 * HTML validator and the page-weight check. Add a line here when you add a page type;
 * `login: true` pages are visited signed in (skipped, with a message, until login works).
 */
export type PageType = { name: string; path: string; status: number; login?: boolean; locale?: 'da' | 'en' };

/** Workspace addresses hold the report's id, which the journey app makes: `{report}` stands for the id of YEAR's report. */
const REPORT = '{report}';
/** `{trashed}` stands for the id of a draft in the trash (2014), which only then has a delete-for-good page. */
const TRASHED = '{trashed}';
const TRASHED_YEAR = 2014;
/** `{document}` stands for the id of YEAR's current PDF, whose stored accessibility checks found problems. */
const DOCUMENT = '{document}';
/** `{draft}` stands for the id of an unpublished draft (2016): its edit page has the schedule form. */
const DRAFT = '{draft}';
const DRAFT_YEAR = 2016;

export const YEAR = 2024;
/** The film on YEAR's report ("Se og hør"), with captions, a transcript and a poster; stored directly, so no ffmpeg is needed. */
export const FILM_SLUG = 'aaret-der-gik';
/** The report whose reading version is long (40 pages, from a tagged PDF's stored structure): one web page per chapter. */
export const LONG_YEAR = YEAR - 2;
export const LONG_PAGES = 40;
const placeholderYears: Record<string, number> = { [REPORT]: YEAR, [TRASHED]: TRASHED_YEAR, [DRAFT]: DRAFT_YEAR };

/** A tagged PDF's stored blocks for page n: chapters begin at pages 1, 15 and 30; page 3 holds a nested list, a table, figures and an English span. */
function longReportBlocks(n: number): StructureBlock[] {
  const blocks: StructureBlock[] = [];
  const chapter = n === 1 ? 'Forord' : n === 15 ? 'Økonomi' : n === 30 ? 'Bilag' : undefined;
  if (chapter) blocks.push({ kind: 'heading', level: 2, text: chapter, id: `side-${n}-1-${chapter === 'Økonomi' ? 'oekonomi' : chapter.toLowerCase()}` });
  blocks.push({ kind: 'paragraph', text: `Kommunerne arbejdede med velfærd på side ${n}.` });
  if (n === 3) {
    blocks.push(
      { kind: 'list', ordered: false, items: [{ text: 'grøn omstilling', list: { ordered: false, items: [{ text: 'vindmøller' }] } }, { text: 'digitalisering' }] },
      { kind: 'table', caption: 'Tabel 1. Økonomi', rows: [[{ text: 'Post', header: true, scope: 'col' }, { text: 'Mio. kr.', header: true, scope: 'col' }], [{ text: 'Indtægter', header: true, scope: 'row' }, { text: '952', header: false }]] },
      { kind: 'figure', alt: 'Søjlediagram over udgifterne' },
      { kind: 'figure', alt: null },
      { kind: 'paragraph', text: 'Beretningen hedder på engelsk annual report', parts: [{ text: 'Beretningen hedder på engelsk' }, { text: 'annual report', lang: 'en' }] },
    );
  }
  return blocks;
}

export const pageTypes: PageType[] = [
  { name: 'front page (the report page)', path: '/', status: 200 },
  { name: 'front page in English', path: '/', status: 200, locale: 'en' },
  { name: 'archive', path: '/beretninger', status: 200 },
  { name: 'report', path: `/beretninger/${YEAR}`, status: 200 },
  { name: 'reading version', path: `/beretninger/${YEAR}/laes`, status: 200 },
  { name: 'reading version in English', path: `/beretninger/${YEAR}/laes`, status: 200, locale: 'en' },
  { name: 'reading version not ready yet', path: `/beretninger/${YEAR - 1}/laes`, status: 200 },
  { name: 'long reading version, first chapter (tagged PDF)', path: `/beretninger/${LONG_YEAR}/laes`, status: 200 },
  { name: 'long reading version, a later chapter', path: `/beretninger/${LONG_YEAR}/laes/kapitel/2`, status: 200 },
  { name: 'search', path: '/soeg?q=kommunerne', status: 200 },
  { name: 'search without results', path: '/soeg?q=xyzzyqwerty', status: 200 },
  { name: 'search in English', path: '/soeg?q=kommunerne', status: 200, locale: 'en' },
  { name: 'API documentation', path: '/api/docs', status: 200 },
  { name: 'login page', path: '/log-ind', status: 200 },
  { name: 'not found', path: '/findes-ikke', status: 404 },
  { name: 'address that cannot be decoded', path: '/%ZZ', status: 400 },
  { name: 'workspace', path: '/admin', status: 200, login: true },
  { name: 'workspace: users', path: '/admin/brugere', status: 200, login: true },
  { name: 'workspace: site settings', path: '/admin/indstillinger', status: 200, login: true },
  { name: 'workspace: audit log', path: '/admin/log', status: 200, login: true },
  { name: 'workspace: documents and their reading state', path: '/admin/dokumenter', status: 200, login: true },
  { name: 'workspace: API tokens', path: '/admin/api-noegler', status: 200, login: true },
  { name: 'workspace: new report', path: '/admin/beretninger/ny', status: 200, login: true },
  { name: 'workspace: edit report (upload, publish)', path: `/admin/beretninger/${REPORT}`, status: 200, login: true },
  { name: 'workspace: report history', path: `/admin/beretninger/${REPORT}/historik`, status: 200, login: true },
  { name: 'workspace: delete report (confirm)', path: `/admin/beretninger/${TRASHED}/slet`, status: 200, login: true },
  { name: 'workspace: report that does not exist', path: '/admin/beretninger/findes-ikke', status: 404, login: true },
  { name: 'workspace in English', path: `/admin/beretninger/${REPORT}`, status: 200, login: true, locale: 'en' },
  { name: 'workspace: readership statistics', path: '/admin/statistik', status: 200, login: true },
  { name: 'workspace: readership statistics, one report, in English', path: `/admin/statistik?periode=365&aar=${YEAR}`, status: 200, login: true, locale: 'en' },
  { name: 'workspace: readership statistics, a period the wrong way round', path: '/admin/statistik?periode=custom&fra=2026-06-01&til=2026-05-01', status: 422, login: true },
  { name: 'workspace: accessibility of a PDF', path: `/admin/dokumenter/${DOCUMENT}/tilgaengelighed`, status: 200, login: true },
  { name: 'workspace: accessibility of a PDF in English', path: `/admin/dokumenter/${DOCUMENT}/tilgaengelighed`, status: 200, login: true, locale: 'en' },
  { name: 'workspace: accessibility statement', path: '/admin/tilgaengelighed', status: 200, login: true },
  { name: 'workspace: draft report (schedule form, foreword toolbar)', path: `/admin/beretninger/${DRAFT}`, status: 200, login: true },
  { name: 'workspace: compare two versions', path: `/admin/beretninger/${REPORT}/historik/forskel?fra=1&til=1`, status: 200, login: true },
  { name: 'workspace: history with a refused comparison', path: `/admin/beretninger/${REPORT}/historik/forskel?fra=1&til=99`, status: 422, login: true },
  { name: 'film page with transcript', path: `/beretninger/${YEAR}/film/${FILM_SLUG}`, status: 200 },
  { name: 'workspace: video and audio', path: `/admin/beretninger/${REPORT}/medier`, status: 200, login: true },
];

function line(text: string, y: number, { size = 10, bold = false, x = 56 }: { size?: number; bold?: boolean; x?: number } = {}): PageLine {
  return { text, x, y, width: 480, size, fontName: bold ? 'Helvetica-Bold' : 'Helvetica', bold, italic: false };
}

/** Lines like ingestion stores them: a heading, a hyphenated paragraph, a list; the last page scanned. */
export const samplePages: PageLine[][] = [
  [line('Testberetning 2024', 60, { size: 20, bold: true }), line('Kommunerne og velfærden', 100, { size: 14, bold: true })],
  [
    line('Forord', 60, { size: 20, bold: true }),
    line('Året har været præget af et tæt sam-', 100),
    line('arbejde mellem kommunerne og staten om', 112),
    line('velfærd, klima og økonomi.', 124),
    line('• grøn omstilling', 150),
    line('• digital velfærd', 162),
    line('1. Økonomiaftalen', 188),
    line('2. Beskæftigelse', 200),
  ],
  [],
];

/** The address to visit for a page type in `app` (fills in the report id). */
export async function pathOf(type: PageType, app: Awaited<ReturnType<typeof createJourneyApp>>): Promise<string> {
  if (type.path.includes(DOCUMENT)) {
    const report = await app.deps.db.selectFrom('reports').select(['currentDocumentId']).where('year', '=', YEAR).executeTakeFirstOrThrow();
    return type.path.replace(DOCUMENT, encodeURIComponent(report.currentDocumentId ?? ''));
  }
  const placeholder = Object.keys(placeholderYears).find((key) => type.path.includes(key));
  if (!placeholder) return type.path;
  const year = placeholderYears[placeholder]!;
  const report = await app.deps.db.selectFrom('reports').select(['id']).where('year', '=', year).executeTakeFirstOrThrow();
  return type.path.replace(placeholder, encodeURIComponent(report.id));
}

/** A plain PNG of this size (grey), made here so the journeys need no ingestion run. */
export function createPlainPng({ width, height }: { width: number; height: number }): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0xd8);
  for (let y = 0; y < height; y += 1) rows[y * (width + 1)] = 0; // filter byte of each row
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Covers as ingestion stores them (320 and 640 px, A4 portrait), so the public pages show them. */
async function addCover({ documentId }: { documentId: string }, deps: Awaited<ReturnType<typeof createTestApp>>['deps']): Promise<void> {
  const document = await deps.db.selectFrom('documents').select(['sha256']).where('id', '=', documentId).executeTakeFirstOrThrow();
  const keys: Record<number, string> = {};
  for (const width of [320, 640]) {
    keys[width] = createCoverKey({ sha256: document.sha256, width, format: 'png' }); // covers stored before WebP: still served
    await deps.storage.save({ key: keys[width]!, stream: Readable.from([createPlainPng({ width, height: Math.round((width * 842) / 595) })]) });
  }
  await deps.db.updateTable('documents').set({ coverSmallKey: keys[320], coverLargeKey: keys[640], coverSmallHeight: 453 }).where('id', '=', documentId).execute();
}

/** A film on the report as the workspace stores it (captions, transcript, poster); the bytes are a tiny stand-in unless `content` is given. */
export async function addFilm({ year, content = Buffer.from('stand-in for a film'), slug = FILM_SLUG, title = 'Året der gik' }: { year: number; content?: Buffer; slug?: string; title?: string }, deps: Awaited<ReturnType<typeof createTestApp>>['deps']): Promise<void> {
  const report = await deps.db.selectFrom('reports').select(['id']).where('year', '=', year).executeTakeFirstOrThrow();
  const file = await storeContent({ stream: Readable.from([content]) }, deps);
  const captions = await storeContent({ stream: Readable.from([Buffer.from('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nVelkommen til årets beretning\n')]) }, deps);
  const poster = await storeContent({ stream: Readable.from([createPlainPng({ width: 320, height: 180 })]) }, deps);
  const now = deps.clock.now().toISOString();
  await deps.db.insertInto('reportMedia').values({
    id: `film-${slug}`, reportId: report.id, slug, kind: 'video', title, description: 'Borgmesteren fortæller om året.', position: 1, sha256: file.sha256, storageKey: file.key, fileName: `${slug}.mp4`, mimeType: 'video/mp4', size: file.size,
    durationSeconds: 2, width: 320, height: 180, videoCodec: 'h264', audioCodec: 'aac', captionsKey: captions.key, posterKey: poster.key, posterType: 'image/png', posterUploaded: 1,
    transcriptMd: 'Velkommen til **årets beretning**. Vi fortæller om kommunerne og velfærden.', removedAt: null, createdBy: null, createdAt: now, updatedAt: now,
  }).execute();
}

/** An app on in-memory dependencies with three published reports, the newest with stored pages. */
export async function createJourneyApp() {
  const testApp = await createTestApp({
    site: { accessibilityUrl: 'https://www.was.digst.dk/', primaryColor: '#004b87' },
    reports: [
      { year: YEAR, title: `Testberetning ${YEAR}`, foreword: 'Et år med **kommunerne** i centrum.\n\nTo afsnit forord.', pages: 3 },
      { year: YEAR - 1, pages: 2 },
      { year: LONG_YEAR, pages: 2 },
      { year: TRASHED_YEAR, published: null },
      { year: DRAFT_YEAR, published: null },
    ],
  });
  const { db } = testApp.deps;
  await db.updateTable('reports').set({ deletedAt: testApp.deps.clock.now().toISOString() }).where('year', '=', TRASHED_YEAR).execute();
  for (const year of [YEAR, YEAR - 1]) {
    const report = await db.selectFrom('reports').select(['currentDocumentId']).where('year', '=', year).executeTakeFirstOrThrow();
    const documentId = report.currentDocumentId ?? '';
    await db.deleteFrom('documentPages').where('documentId', '=', documentId).execute();
    await addCover({ documentId }, testApp.deps);
    if (year !== YEAR) continue; // the year before stays "not ready"
    for (const [index, lines] of samplePages.entries()) {
      await db.insertInto('documentPages').values({ documentId, pageNumber: index + 1, text: lines.map((l) => l.text).join('\n'), blocksJson: JSON.stringify(lines) }).execute();
    }
  }
  const long = await db.selectFrom('reports').select(['currentDocumentId']).where('year', '=', LONG_YEAR).executeTakeFirstOrThrow();
  const longId = long.currentDocumentId ?? '';
  await db.deleteFrom('documentPages').where('documentId', '=', longId).execute();
  for (let n = 1; n <= LONG_PAGES; n += 1) {
    const blocks = longReportBlocks(n);
    await db.insertInto('documentPages').values({ documentId: longId, pageNumber: n, text: blocks.map((b) => ('text' in b ? b.text : '')).join(' '), blocksJson: '[]', structureJson: JSON.stringify(blocks) }).execute();
  }
  await db.updateTable('documents').set({ pageCount: LONG_PAGES, isTagged: 1, figuresWithoutAlt: 1 }).where('id', '=', longId).execute();
  // Readership statistics, so /admin/statistik shows every chart with its table.
  await addJourneyStatistics(testApp.deps);
  // YEAR's PDF as the accessibility checks would judge an untagged PDF without title or language (issue #16).
  const checked = runAccessibilityChecks({ facts: { ...sampleAccessibilityFacts, pageCount: samplePages.length, pagesChecked: samplePages.length }, maxPagesListed: 20, headingsFromPages: 4 });
  const current = await db.selectFrom('reports').select(['currentDocumentId']).where('year', '=', YEAR).executeTakeFirstOrThrow();
  await db.updateTable('documents').set({ accessibilityJson: JSON.stringify(checked), accessibilityFailures: checked.failures }).where('id', '=', current.currentDocumentId ?? '').execute();
  await addFilm({ year: YEAR }, testApp.deps);
  return testApp;
}

/** A few days of counted readers of YEAR's report: views, chapters, a download, searches, a referrer, devices. */
async function addJourneyStatistics(deps: Awaited<ReturnType<typeof createTestApp>>['deps']): Promise<void> {
  const report = await deps.db.selectFrom('reports').select(['id']).where('year', '=', YEAR).executeTakeFirstOrThrow();
  const today = deps.clock.now().toISOString().slice(0, 10);
  const rows = [['view', String(YEAR), 'report', 12], ['view', String(YEAR), 'chapter:1', 7], ['view', String(LONG_YEAR), 'chapter:2', 3], ['view', 'site', 'front', 20], ['download', report.id, '', 5], ['search', 'kommunerne', 'found', 4], ['search', 'xyzzyqwerty', 'zero', 2], ['referrer', String(YEAR), 'kl.dk', 6], ['device', String(YEAR), 'desktop', 9], ['device', String(YEAR), 'mobile', 3]] as const;
  await deps.db.insertInto('statisticsDaily').values(rows.map(([metric, item, detail, count]) => ({ day: today, metric, item, detail, count }))).execute();
}

/**
 * Signs the browser context in as an admin (who sees every workspace page), for the `login: true`
 * page types: a user made with the auth module's test helper, then the /log-ind form, as a person would.
 */
export async function signIn({ app, baseUrl, page }: { app: Awaited<ReturnType<typeof createJourneyApp>>; baseUrl: string; page: import('playwright-core').Page }): Promise<boolean> {
  const user = await createTestUser({ role: 'admin' }, app.deps);
  await page.goto(`${baseUrl}/log-ind`);
  await page.locator('main').getByLabel(/E-mail|Email/).fill(user.email);
  await page.locator('main').getByLabel(/Adgangskode|Password/).fill(user.password);
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/admin')), page.locator('main').getByRole('button', { name: /Log ind|Log in/ }).click()]);
  return true;
}

/** The journey app listening on a free port, and Chromium: what every browser journey starts with. */
export async function startJourney(): Promise<{ app: Awaited<ReturnType<typeof createJourneyApp>>; baseUrl: string; browser: Browser }> {
  const app = await createJourneyApp();
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
  return { app, baseUrl, browser: await launchBrowser() };
}
