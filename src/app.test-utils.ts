import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from './app.js';
import { createTestDependencies } from './dependencies.test-utils.js';
import { importFolder } from './modules/imports/imports.usecases.js';
import { writeReportPdf } from './modules/demo/drivers/pdf-writer.js';

export type TestReportSpec = { year: number; title?: string; published?: string | null; foreword?: string; pdfName?: string; pages?: number };

/** A small PDF made by the project itself, with real text on each page. */
export async function createTestPdf({ title = 'Testberetning', pages = 2, words = 'kommunerne velfærd klima' }: { title?: string; pages?: number; words?: string } = {}): Promise<Buffer> {
  // A cover page, then one short section per page: exactly `pages` pages.
  const sections = Array.from({ length: Math.max(1, pages - 1) }, (_, i) => ({ heading: `Afsnit ${i + 1}`, paragraphs: [`${words} side ${i + 2}. `.repeat(20)] }));
  const bytes = await writeReportPdf({ title, sections, pagePerSection: true });
  return Buffer.from(bytes);
}

/** Writes an import folder like ../shared/seed/kl, from specs; returns its path and a cleanup. */
export async function writeTestImportFolder({ site = {}, reports }: { site?: Record<string, unknown>; reports: TestReportSpec[] }): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'beretning-import-'));
  await writeFile(
    join(dir, 'site.json'),
    JSON.stringify({ name: 'Testforeningen', title: 'Testforeningens beretninger', breadcrumb: ['Politik', 'Organisation'], intro: 'Her finder du vores beretninger.', language: 'da', yearsShown: 5, ...site }),
  );
  for (const spec of reports) {
    const folder = join(dir, String(spec.year));
    await mkdir(folder, { recursive: true });
    const report: Record<string, unknown> = { year: spec.year, title: spec.title ?? `Beretning ${spec.year}` };
    if (spec.published !== null) report.published = spec.published ?? `${spec.year + 1}-05-01`;
    await writeFile(join(folder, 'report.json'), JSON.stringify(report));
    if (spec.foreword !== undefined) await writeFile(join(folder, 'forord.md'), spec.foreword);
    await writeFile(join(folder, spec.pdfName ?? `beretning-${spec.year}.pdf`), await createTestPdf({ title: report.title as string, pages: spec.pages ?? 2 }));
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** An app on in-memory dependencies, optionally with reports imported. */
export async function createTestApp({ reports = [], site, config }: { reports?: TestReportSpec[]; site?: Record<string, unknown>; config?: Parameters<typeof createTestDependencies>[0] extends infer O ? (O extends { config?: infer C } ? C : never) : never } = {}) {
  const deps = await createTestDependencies({ config });
  if (reports.length > 0 || site) {
    const folder = await writeTestImportFolder({ site, reports });
    await importFolder({ dir: folder.dir }, deps);
    await folder.cleanup();
  }
  const app = await createApp(deps);
  return { app, deps, close: async () => { await app.close(); await deps.close(); } };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** For a test file: `const setup = useTestApp();` gives each test its own app, closed after the test. */
export function useTestApp(): (options?: Parameters<typeof createTestApp>[0]) => Promise<TestApp> {
  let current: TestApp | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (options) => (current = await createTestApp(options));
}
