import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Dependencies } from '../../dependencies.types.js';
import { createImportError } from './imports.errors.js';
import { hashFile } from './imports-read.usecases.js';
import type { SiteFile } from './imports.schemas.js';
import type { ImportDeps, ImportSummary, PlannedMedia, PlannedReport, Show } from './imports.types.js';
import { createPosterFromVideo } from '../media/media.usecases.js';
import { createMediaRepository, type StoredMedia } from '../media/media.repository.js';
import { columnsFromProbe } from '../media/media.models.js';
import { saveSite } from '../site/site.usecases.js';
import { createReportsRepository } from '../reports/reports.repository.js';
import { recordReportRevision } from '../reports/reports-admin.usecases.js';
import { recordAudit } from '../audit/audit.usecases.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import { storeContent } from '../storage/storage.usecases.js';
import { createContentKey } from '../storage/storage.models.js';
import { createId } from '../../shared/ids.js';

// Writing a checked import: files to storage first, then one transaction; files stored by a failed import are removed again.

export async function writeImport({ site, planned, isDemo, show }: { site: SiteFile; planned: PlannedReport[]; isDemo: boolean; show: Show }, deps: ImportDeps): Promise<ImportSummary> {
  const { db, storage, clock } = deps;
  const summary: ImportSummary = { siteChanged: false, created: [], updated: [], unchanged: [], filesStored: 0, media: { created: [], updated: [], unchanged: [] } };
  const newKeys: string[] = [];
  const changedReports: string[] = [];
  const addedDocuments: { documentId: string; reportId: string }[] = [];

  // Files first (storage is not transactional); remember which keys are new so a failure can remove them.
  const keyBySha = new Map<string, string>();
  const posterBySha = new Map<string, { key: string; type: string }>();
  try {
    for (const report of planned) {
      if (keyBySha.has(report.pdf.sha256)) continue;
      const data = report.pdf.data;
      keyBySha.set(report.pdf.sha256, await storeContentTracked({ sha256: report.pdf.sha256, open: () => Readable.from([data]), file: show(report.pdf.path), newKeys }, { storage }));
    }
    for (const report of planned) {
      const known = await knownMediaOf({ year: report.file.year }, { db });
      for (const media of report.media) {
        if (!keyBySha.has(media.sha256)) keyBySha.set(media.sha256, await storeContentTracked({ sha256: media.sha256, open: () => createReadStream(media.path), file: show(media.path), newKeys }, { storage }));
        const captions = media.captions;
        if (captions && !keyBySha.has(captions.sha256)) keyBySha.set(captions.sha256, await storeContentTracked({ sha256: captions.sha256, open: () => Readable.from([captions.vtt]), file: show(media.path), newKeys }, { storage }));
        // A poster is taken once per film: not again when the same film is imported again, nor over an editor's own.
        const before = known.get(media.slug);
        const keepsPoster = before && (before.posterUploaded === 1 || (before.sha256 === media.sha256 && before.posterKey !== null));
        if (media.probe.kind === 'video' && !keepsPoster && !posterBySha.has(media.sha256)) {
          const poster = await takePoster({ media, newKeys }, deps);
          if (poster) posterBySha.set(media.sha256, poster);
        }
      }
    }
  } catch (error) {
    for (const key of newKeys) await storage.delete({ key }).catch(() => undefined);
    throw error;
  }

  const changedMediaReports = new Set<string>();
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

      for (const { file, forewordMd, pdf, media } of planned) {
        const existing = await reports.getByYear({ year: file.year });
        const reportId = existing?.id ?? createId();
        const writeMedia = async () => {
          if (await writeImportedMedia({ reportId, year: file.year, planned: media, keyBySha, posterBySha, summary }, { db: trx, clock })) changedMediaReports.add(reportId);
        };
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
          await writeMedia();
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
        await writeMedia();
      }
    });
  } catch (error) {
    for (const key of newKeys) await storage.delete({ key }).catch(() => undefined);
    throw error;
  }
  summary.filesStored = newKeys.length;

  if (summary.siteChanged) await deps.events.emit('site.changed', {});
  for (const added of addedDocuments) await deps.events.emit('document.added', added);
  // The public pages and the search index (transcripts) follow a report whose media changed, as they follow its text.
  for (const reportId of new Set([...changedReports, ...changedMediaReports])) await deps.events.emit('report.changed', { reportId });
  return summary;
}

/**
 * Stores a file under its hash unless it is stored already (a second import copies nothing), and
 * notes a new key so a failed import can remove it. The bytes must be those read when checking:
 * a file changed since then stops the import.
 */
async function storeContentTracked({ sha256, open, file, newKeys }: { sha256: string; open: () => Readable; file: string; newKeys: string[] }, { storage }: Pick<Dependencies, 'storage'>): Promise<string> {
  const key = createContentKey({ sha256 });
  if (await storage.stat({ key })) return key;
  const stored = await storeContent({ stream: open() }, { storage });
  if (stored.sha256 !== sha256) {
    await storage.delete({ key: stored.key }).catch(() => undefined);
    throw createImportError({ file, problem: 'changed while it was being imported; run the import again' });
  }
  newKeys.push(stored.key);
  return stored.key;
}

/** The report's media items by slug (removed ones too), before the import writes: which films already have a poster. */
async function knownMediaOf({ year }: { year: number }, { db }: Pick<Dependencies, 'db'>): Promise<Map<string, StoredMedia>> {
  const report = await createReportsRepository({ db }).getByYear({ year });
  if (!report) return new Map();
  return new Map((await createMediaRepository({ db }).listForReport({ reportId: report.id, includeRemoved: true })).map((m) => [m.slug, m]));
}

/** A poster from the film, as an upload gets one; a film whose poster cannot be taken is still imported, without one. */
async function takePoster({ media, newKeys }: { media: PlannedMedia; newKeys: string[] }, deps: ImportDeps): Promise<{ key: string; type: string } | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'beretning-import-poster-'));
  try {
    const outputPath = join(dir, 'poster.jpg');
    const made = await createPosterFromVideo({ path: media.path, outputPath, durationSeconds: media.probe.durationSeconds }, deps).then(() => true, () => false);
    if (!made) return undefined;
    const sha256 = await hashFile({ path: outputPath, show: (p) => p }).then((h) => h.sha256);
    return { key: await storeContentTracked({ sha256, open: () => createReadStream(outputPath), file: outputPath, newKeys }, deps), type: 'image/jpeg' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Writes one report's imported media inside the import's transaction: an item per slug, inserted,
 * updated where the folder differs (a changed file replaces) or left as it is. Removed items in the
 * folder are put back, as a trashed report is. Each change is a revision and an audit entry
 * ('media.imported'). Items on the report that the folder does not name are left alone.
 * Returns whether anything changed.
 */
async function writeImportedMedia(
  { reportId, year, planned, keyBySha, posterBySha, summary }: { reportId: string; year: number; planned: PlannedMedia[]; keyBySha: Map<string, string>; posterBySha: Map<string, { key: string; type: string }>; summary: ImportSummary },
  { db, clock }: Pick<Dependencies, 'db' | 'clock'>,
): Promise<boolean> {
  if (planned.length === 0) return false;
  const repository = createMediaRepository({ db });
  const known = new Map((await repository.listForReport({ reportId, includeRemoved: true })).map((m) => [m.slug, m]));
  const now = clock.now().toISOString();
  let changed = false;
  for (const item of planned) {
    const before = known.get(item.slug);
    const newPoster = posterBySha.get(item.sha256);
    const keepPoster = before && (before.posterUploaded === 1 || (before.sha256 === item.sha256 && before.posterKey !== null));
    const wanted = {
      ...columnsFromProbe({ probe: item.probe }),
      title: item.title,
      description: item.description,
      position: item.position,
      sha256: item.sha256,
      storageKey: keyBySha.get(item.sha256)!,
      fileName: item.fileName,
      size: item.size,
      captionsKey: item.captions ? keyBySha.get(item.captions.sha256)! : null,
      transcriptMd: item.transcriptMd,
      removedAt: null,
      ...(keepPoster ? {} : { posterKey: newPoster?.key ?? null, posterType: newPoster?.type ?? null }),
    };
    let media: StoredMedia;
    let fields: string[] | undefined;
    if (!before) {
      media = { id: createId(), reportId, slug: item.slug, posterKey: null, posterType: null, posterUploaded: 0, createdBy: null, createdAt: now, updatedAt: now, ...wanted };
      await repository.insert({ media });
      summary.media.created.push(`${year}/${item.slug}`);
    } else {
      fields = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((key) => before[key] !== wanted[key]);
      if (fields.length === 0) {
        summary.media.unchanged.push(`${year}/${item.slug}`);
        continue;
      }
      await repository.update({ id: before.id, values: { ...wanted, updatedAt: now } });
      media = { ...before, ...wanted, updatedAt: now };
      summary.media.updated.push(`${year}/${item.slug}`);
    }
    changed = true;
    const report = await db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow();
    await recordReportRevision({ report, action: 'media_imported' }, { db, clock });
    await recordAudit({ action: 'media.imported', actorId: null, targetType: 'report', targetId: reportId, details: { year, mediaId: media.id, slug: media.slug, title: media.title, fileName: media.fileName, sha256: media.sha256, ...(fields ? { fields } : {}) } }, { db, clock });
  }
  return changed;
}
