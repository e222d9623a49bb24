import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import type { ZodType } from 'zod';
import type { Dependencies } from '../../dependencies.types.js';
import { createImportError } from './imports.errors.js';
import { reportFileSchema, siteFileSchema, type ReportFile, type SiteFile } from './imports.schemas.js';
import { inspectPdf, isPdfSignature } from '../documents/drivers/pdf-inspector.js';
import { saveSite } from '../site/site.usecases.js';
import { createReportsRepository } from '../reports/reports.repository.js';
import { recordReportRevision } from '../reports/reports-admin.usecases.js';
import { recordAudit } from '../audit/audit.usecases.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import { storeContent } from '../storage/storage.usecases.js';
import { createContentKey } from '../storage/storage.models.js';
import { createId } from '../../shared/ids.js';

type PlannedReport = { file: ReportFile; forewordMd: string; pdf: { path: string; fileName: string; data: Buffer; sha256: string; pageCount: number } };
export type ImportSummary = { siteChanged: boolean; created: number[]; updated: number[]; unchanged: number[]; filesStored: number };

type ImportDeps = Pick<Dependencies, 'db' | 'storage' | 'clock' | 'events'>;

/**
 * Reads an import folder (see README: site.json, YYYY/report.json, YYYY/forord.md, YYYY/*.pdf).
 * Everything is read and checked before anything is written; then one transaction writes it all.
 * Files stored by this import are removed again if the transaction fails. Importing the same
 * folder twice changes nothing.
 */
export async function importFolder({ dir, isDemo = false }: { dir: string; isDemo?: boolean }, deps: ImportDeps): Promise<ImportSummary> {
  const root = resolve(dir);
  // Files under the working folder by their relative path; anything else (e.g. /srv/import, or a temp folder) as given, not as ../../srv/import.
  const show = (path: string) => {
    const inside = relative(process.cwd(), path);
    return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
  };
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw createImportError({ file: show(root), problem: 'is not a folder' });

  const site = await readJson({ path: join(root, 'site.json'), schema: siteFileSchema, show });
  const entries = await readdir(root, { withFileTypes: true });
  const yearDirs = entries.filter((e) => e.isDirectory() && /^\d{4}$/.test(e.name)).map((e) => e.name).sort();
  const planned: PlannedReport[] = [];
  for (const name of yearDirs) planned.push(await readReportFolder({ dir: join(root, name), folderYear: Number(name), show }));

  return writeImport({ site, planned, isDemo }, deps);
}

async function readJson<T>({ path, schema, show }: { path: string; schema: ZodType<T>; show: (p: string) => string }): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw createImportError({ file: show(path), problem: code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? 'error'})` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw createImportError({ file: show(path), problem: `is not valid JSON (${(error as Error).message})` });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `"${issue.path.join('.')}" ` : '';
    throw createImportError({ file: show(path), problem: `${where}${issue?.message ?? 'is invalid'}` });
  }
  return result.data;
}

async function readReportFolder({ dir, folderYear, show }: { dir: string; folderYear: number; show: (p: string) => string }): Promise<PlannedReport> {
  const reportPath = join(dir, 'report.json');
  const file = await readJson({ path: reportPath, schema: reportFileSchema, show });
  if (file.year !== folderYear) throw createImportError({ file: show(reportPath), problem: `year ${file.year} does not match its folder ${folderYear}` });

  let forewordMd = '';
  const forewordPath = join(dir, 'forord.md');
  try {
    forewordMd = await readFile(forewordPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw createImportError({ file: show(forewordPath), problem: `cannot be read (${code ?? 'error'})` });
  }

  const pdfs = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.pdf')).sort();
  if (pdfs.length === 0) throw createImportError({ file: show(dir), problem: 'holds no PDF' });
  if (pdfs.length > 1) throw createImportError({ file: show(dir), problem: `holds ${pdfs.length} PDFs; a report has exactly one` });
  const fileName = pdfs[0]!;
  const path = join(dir, fileName);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    throw createImportError({ file: show(path), problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
  }
  if (!isPdfSignature(data)) throw createImportError({ file: show(path), problem: 'is not a PDF (it does not start with %PDF-)' });
  const inspection = await inspectPdf({ data: new Uint8Array(data) });
  if (!inspection.ok) throw createImportError({ file: show(path), problem: `is not a usable PDF: ${inspection.detail}` });
  const sha256 = createHash('sha256').update(data).digest('hex');
  return { file, forewordMd: forewordMd.replace(/\r\n/g, '\n').trim(), pdf: { path, fileName, data, sha256, pageCount: inspection.pageCount } };
}

async function writeImport({ site, planned, isDemo }: { site: SiteFile; planned: PlannedReport[]; isDemo: boolean }, deps: ImportDeps): Promise<ImportSummary> {
  const { db, storage, clock } = deps;
  const summary: ImportSummary = { siteChanged: false, created: [], updated: [], unchanged: [], filesStored: 0 };
  const newKeys: string[] = [];
  const changedReports: string[] = [];
  const addedDocuments: { documentId: string; reportId: string }[] = [];

  // Files first (storage is not transactional); remember which keys are new so a failure can remove them.
  const keyBySha = new Map<string, string>();
  for (const report of planned) {
    if (keyBySha.has(report.pdf.sha256)) continue;
    const { key, sha256 } = await storeContentTracked({ data: report.pdf.data, newKeys }, { storage });
    keyBySha.set(sha256, key);
  }

  try {
    await db.transaction().execute(async (trx) => {
      const now = clock.now().toISOString();
      const siteResult = await saveSite(
        { input: { ...site, isDemo, accessibilityUrl: site.accessibilityUrl ?? null, primaryColor: site.primaryColor ?? null } },
        { db: trx, clock },
      );
      summary.siteChanged = siteResult.changed;
      if (siteResult.changed) await recordAudit({ action: 'site.imported', actorId: null, targetType: 'site', targetId: 'site', details: { name: site.name } }, { db: trx, clock });
      const reports = createReportsRepository({ db: trx });
      const documents = createDocumentsRepository({ db: trx });

      for (const { file, forewordMd, pdf } of planned) {
        const existing = await reports.getByYear({ year: file.year });
        const reportId = existing?.id ?? createId();
        let document = existing ? await documents.findForReportBySha({ reportId, sha256: pdf.sha256 }) : undefined;
        if (!document) {
          document = {
            id: createId(),
            reportId,
            sha256: pdf.sha256,
            storageKey: keyBySha.get(pdf.sha256)!,
            fileName: pdf.fileName,
            size: pdf.data.length,
            pageCount: pdf.pageCount,
            createdAt: now,
            createdBy: null,
          };
        }
        const wanted = {
          title: file.title,
          forewordMd,
          periodStart: file.periodStart ?? existing?.periodStart ?? null,
          periodEnd: file.periodEnd ?? existing?.periodEnd ?? null,
          status: file.published ? ('published' as const) : ('draft' as const),
          publishedAt: file.published ?? null,
          currentDocumentId: document.id,
          deletedAt: null,
        };
        if (!existing) {
          await reports.insertReport({ report: { id: reportId, year: file.year, scheduledAt: null, createdAt: now, updatedAt: now, updatedBy: null, ...wanted, currentDocumentId: null } });
          await documents.insertDocument({ document });
          await reports.updateReport({ id: reportId, values: { currentDocumentId: document.id } });
          await recordReportRevision({ report: await trx.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow(), action: 'imported' }, { db: trx, clock });
          await recordAudit({ action: 'report.imported', actorId: null, targetType: 'report', targetId: reportId, details: { year: file.year, title: file.title } }, { db: trx, clock });
          summary.created.push(file.year);
          changedReports.push(reportId);
          addedDocuments.push({ documentId: document.id, reportId });
          continue;
        }
        const isNewDocument = !(await documents.getById({ id: document.id }));
        if (isNewDocument) {
          await documents.insertDocument({ document });
          addedDocuments.push({ documentId: document.id, reportId });
        }
        const changedFields = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((key) => existing[key] !== wanted[key]);
        if (changedFields.length > 0) {
          await reports.updateReport({ id: reportId, values: { ...wanted, updatedAt: now } });
          await recordReportRevision({ report: await trx.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow(), action: 'imported' }, { db: trx, clock });
          await recordAudit({ action: 'report.imported', actorId: null, targetType: 'report', targetId: reportId, details: { year: file.year, title: file.title, fields: changedFields } }, { db: trx, clock });
          summary.updated.push(file.year);
          changedReports.push(reportId);
        } else {
          summary.unchanged.push(file.year);
        }
      }
    });
  } catch (error) {
    for (const key of newKeys) await storage.delete({ key }).catch(() => undefined);
    throw error;
  }
  summary.filesStored = newKeys.length;

  if (summary.siteChanged) await deps.events.emit('site.changed', {});
  for (const added of addedDocuments) await deps.events.emit('document.added', added);
  for (const reportId of changedReports) await deps.events.emit('report.changed', { reportId });
  return summary;
}

async function storeContentTracked({ data, newKeys }: { data: Buffer; newKeys: string[] }, { storage }: Pick<Dependencies, 'storage'>) {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const existed = await storage.stat({ key: createContentKey({ sha256 }) });
  const stored = await storeContent({ stream: Readable.from([data]) }, { storage });
  if (!existed) newKeys.push(stored.key);
  return stored;
}
