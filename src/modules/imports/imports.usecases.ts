import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import type { ZodType } from 'zod';
import type { Config } from '../../config/config.js';
import type { Dependencies } from '../../dependencies.types.js';
import { createImportError } from './imports.errors.js';
import { mediaFileSchema, reportFileSchema, siteFileSchema, type ReportFile, type SiteFile } from './imports.schemas.js';
import { createPosterFromVideo, probeMediaFile } from '../media/media.usecases.js';
import { createMediaRepository, type StoredMedia } from '../media/media.repository.js';
import { columnsFromProbe, createMediaSlug, titleFromFileName, toWebVtt } from '../media/media.models.js';
import { createCaptionsRejectedError, createTranscriptTooLongError } from '../media/media.errors.js';
import type { MediaProbe } from '../media/media.types.js';
import { inspectPdf, isPdfSignature } from '../documents/drivers/pdf-inspector.js';
import { saveSite } from '../site/site.usecases.js';
import { createReportsRepository } from '../reports/reports.repository.js';
import { recordReportRevision } from '../reports/reports-admin.usecases.js';
import { recordAudit } from '../audit/audit.usecases.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import { storeContent } from '../storage/storage.usecases.js';
import { createContentKey } from '../storage/storage.models.js';
import { createId } from '../../shared/ids.js';

/** One film or sound of YYYY/media/, read and probed; the file itself stays on disk until it is stored (films can be large). */
type PlannedMedia = {
  slug: string;
  path: string;
  fileName: string;
  sha256: string;
  size: number;
  probe: MediaProbe;
  title: string;
  description: string;
  position: number;
  captions: { vtt: Buffer; sha256: string } | undefined;
  transcriptMd: string | null;
};
type PlannedReport = { file: ReportFile; forewordMd: string; pdf: { path: string; fileName: string; data: Buffer; sha256: string; pageCount: number }; media: PlannedMedia[] };
/** Media items by "YYYY/<slug>". */
export type ImportSummary = { siteChanged: boolean; created: number[]; updated: number[]; unchanged: number[]; filesStored: number; media: { created: string[]; updated: string[]; unchanged: string[] } };

export type ImportDeps = Pick<Dependencies, 'db' | 'storage' | 'clock' | 'events'> & {
  config: Pick<Config, 'mediaProbeTimeoutSeconds' | 'mediaPosterTimeoutSeconds' | 'mediaProcesses' | 'mediaCaptionsMaxKb' | 'mediaTranscriptMaxKb'>;
};
type Show = (path: string) => string;

/**
 * Reads an import folder (see README: site.json, YYYY/report.json, YYYY/forord.md, YYYY/*.pdf,
 * YYYY/media/). Everything is read and checked (every film and sound probed) before anything is written; then one transaction writes it all.
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
  for (const name of yearDirs) planned.push(await readReportFolder({ dir: join(root, name), folderYear: Number(name), show }, deps));

  return writeImport({ site, planned, isDemo, show }, deps);
}

async function readJson<T>({ path, schema, show }: { path: string; schema: ZodType<T>; show: Show }): Promise<T> {
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

async function readReportFolder({ dir, folderYear, show }: { dir: string; folderYear: number; show: Show }, deps: ImportDeps): Promise<PlannedReport> {
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
  const media = await readMediaFolder({ dir: join(dir, 'media'), show }, deps);
  return { file, forewordMd: forewordMd.replace(/\r\n/g, '\n').trim(), pdf: { path, fileName, data, sha256, pageCount: inspection.pageCount }, media };
}

const mediaExtensions = new Set(['.mp4', '.webm', '.mp3', '.m4a', '.ogg']);
const companionExtensions = new Set(['.vtt', '.srt', '.md', '.json']);

async function readText({ path, show, maxBytes, onTooLarge }: { path: string; show: Show; maxBytes: number; onTooLarge: () => Error }): Promise<string> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    throw createImportError({ file: show(path), problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
  }
  if (data.length > maxBytes) throw createImportError({ file: show(path), problem: onTooLarge().message });
  return new TextDecoder('utf-8').decode(data);
}

/** The file's sha256 and size, read as a stream (a film is not held in memory). */
async function hashFile({ path, show }: { path: string; show: Show }): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
  } catch (error) {
    throw createImportError({ file: show(path), problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * YYYY/media/ (optional): <name>.(mp4|webm|mp3|m4a|ogg), each with optional <name>.vtt or .srt
 * (captions), <name>.md (transcript) and <name>.json (title, description, order). Each film or
 * sound is probed here, before anything is written, so a bad one stops the import naming it.
 * The item's address (and its key on the report) is the slug of <name>.
 */
async function readMediaFolder({ dir, show }: { dir: string; show: Show }, deps: ImportDeps): Promise<PlannedMedia[]> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    throw createImportError({ file: show(dir), problem: code === 'ENOTDIR' ? 'is not a folder' : `cannot be read (${code ?? 'error'})` });
  }
  const groups = new Map<string, { media?: string; companions: Map<string, string> }>();
  for (const name of names) {
    const extension = extname(name).toLowerCase();
    const base = name.slice(0, name.length - extension.length);
    const isMedia = mediaExtensions.has(extension);
    if (!isMedia && !companionExtensions.has(extension)) {
      throw createImportError({ file: show(join(dir, name)), problem: 'is not a film or sound (.mp4, .webm, .mp3, .m4a, .ogg), captions (.vtt, .srt), a transcript (.md) or details (.json)' });
    }
    const group = groups.get(base) ?? { companions: new Map<string, string>() };
    groups.set(base, group);
    if (isMedia) {
      if (group.media) throw createImportError({ file: show(join(dir, name)), problem: `has the same name as ${group.media}; each film or sound needs a name of its own` });
      group.media = name;
    } else {
      group.companions.set(extension, name);
    }
  }

  const planned: PlannedMedia[] = [];
  const slugs = new Map<string, string>();
  for (const [base, group] of groups) {
    if (!group.media) {
      const orphan = [...group.companions.values()][0]!;
      throw createImportError({ file: show(join(dir, orphan)), problem: `belongs to no film or sound (no ${base}.mp4, .webm, .mp3, .m4a or .ogg beside it)` });
    }
    const path = join(dir, group.media);
    const slug = createMediaSlug({ title: base, taken: [] });
    const clash = slugs.get(slug);
    if (clash) throw createImportError({ file: show(path), problem: `has the same address (${slug}) as ${clash}; rename one of them` });
    slugs.set(slug, group.media);

    const { sha256, size } = await hashFile({ path, show });
    let probe: MediaProbe;
    try {
      probe = await probeMediaFile({ path }, deps);
    } catch (error) {
      // The media module's own reason, in Danish, as an editor's upload gets it.
      throw createImportError({ file: show(path), problem: (error as Error).message });
    }

    const companion = (extension: string) => group.companions.get(extension);
    if (companion('.vtt') && companion('.srt')) throw createImportError({ file: show(join(dir, companion('.srt')!)), problem: `beside ${companion('.vtt')}: give captions once, as .vtt or as .srt` });
    let captions: PlannedMedia['captions'];
    const captionsName = companion('.vtt') ?? companion('.srt');
    if (captionsName) {
      const maxKb = deps.config.mediaCaptionsMaxKb;
      const text = await readText({ path: join(dir, captionsName), show, maxBytes: maxKb * 1024, onTooLarge: () => createCaptionsRejectedError({ tooLarge: maxKb }) });
      const vtt = toWebVtt(text);
      if (!vtt) throw createImportError({ file: show(join(dir, captionsName)), problem: createCaptionsRejectedError({}).message });
      const bytes = Buffer.from(vtt, 'utf8');
      captions = { vtt: bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    }
    let transcriptMd: string | null = null;
    const transcriptName = companion('.md');
    if (transcriptName) {
      const maxKb = deps.config.mediaTranscriptMaxKb;
      const text = await readText({ path: join(dir, transcriptName), show, maxBytes: maxKb * 1024, onTooLarge: () => createTranscriptTooLongError({ maxKb }) });
      transcriptMd = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim() || null;
    }
    const detailsName = companion('.json');
    const details = detailsName ? await readJson({ path: join(dir, detailsName), schema: mediaFileSchema, show }) : {};
    planned.push({
      slug,
      path,
      fileName: group.media,
      sha256,
      size,
      probe,
      title: details.title ?? titleFromFileName({ fileName: group.media }),
      description: details.description ?? '',
      position: details.order ?? planned.length + 1,
      captions,
      transcriptMd,
    });
  }
  return planned;
}

async function writeImport({ site, planned, isDemo, show }: { site: SiteFile; planned: PlannedReport[]; isDemo: boolean; show: Show }, deps: ImportDeps): Promise<ImportSummary> {
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
