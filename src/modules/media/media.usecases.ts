import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../../config/config.js';
import type { Db } from '../../database/database.js';
import type { Clock } from '../../shared/clock.js';
import { createNotFoundError } from '../../shared/errors.js';
import { markdownToPlainText } from '../../shared/markdown.js';
import type { EventBus } from '../../shared/events.js';
import { createId } from '../../shared/ids.js';
import type { RequestUser } from '../../shared/http.types.js';
import { recordAudit } from '../audit/audit.usecases.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import { recordReportRevision } from '../reports/reports-admin.usecases.js';
import { createReportsRepository } from '../reports/reports.repository.js';
import type { Report } from '../reports/reports.types.js';
import { createContentKey } from '../storage/storage.models.js';
import type { StorageDriver } from '../storage/storage.types.js';
import { storeContent } from '../storage/storage.usecases.js';
import { isFfmpegAvailable, runFfmpegPoster, runFfprobe } from './drivers/ffmpeg.js';
import { createCaptionsRejectedError, createMediaConflictError, createMediaNotFoundError, createMediaRejectedError, createPosterRejectedError, createTranscriptTooLongError } from './media.errors.js';
import { columnsFromProbe, createMediaSlug, interpretProbe, listMediaWarnings, mediaDetailsVersion, sniffImageType, sniffMediaContainer, titleFromFileName, toWebVtt, type MediaWarning } from './media.models.js';
import { createMediaRepository, type MediaFileRole, type StoredMedia } from './media.repository.js';
import type { MediaProbe } from './media.types.js';

export type MediaProbeDeps = { config: Pick<Config, 'mediaProbeTimeoutSeconds' | 'mediaPosterTimeoutSeconds' | 'mediaProcesses'> };
export type MediaDeps = { db: Db; storage: StorageDriver; clock: Clock; events: EventBus; config: Pick<Config, 'maxUploadMb' | 'mediaProbeTimeoutSeconds' | 'mediaPosterTimeoutSeconds' | 'mediaProcesses' | 'mediaCaptionsMaxKb' | 'mediaTranscriptMaxKb' | 'mediaPosterMaxMb'> };
export type MediaActor = { id: string; email: string; name: string; ip?: string | null };

/**
 * Accepts or refuses a file written to a temporary path of Beretning's own: first its magic bytes,
 * then ffprobe (time-limited) for streams, codecs, size and duration. Throws a media error with the
 * Danish reason; ffprobe missing on the machine is its own error, so the editor is told what to install.
 */
export async function probeMediaFile({ path }: { path: string }, deps: MediaProbeDeps): Promise<MediaProbe> {
  const handle = await open(path, 'r');
  const head = new Uint8Array(16);
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  const container = sniffMediaContainer(head);
  if (!container) throw createMediaRejectedError({ problem: 'not_media' });
  const run = await runFfprobe({ path, timeoutMs: deps.config.mediaProbeTimeoutSeconds * 1000, maxProcesses: deps.config.mediaProcesses });
  if (!run.ok) throw createMediaRejectedError({ problem: run.reason === 'missing' ? 'ffmpeg_missing' : run.reason === 'timeout' ? 'timeout' : 'malformed', detail: run.detail });
  const result = interpretProbe({ container, output: run.output });
  if ('problem' in result) throw createMediaRejectedError(result);
  return result.probe;
}

/** A poster for a video that came without one: the frame a tenth into the film (past a black lead-in), at most 10 s in. */
export async function createPosterFromVideo({ path, outputPath, durationSeconds }: { path: string; outputPath: string; durationSeconds: number }, deps: MediaProbeDeps): Promise<void> {
  const atSeconds = Math.min(10, durationSeconds / 10);
  const run = await runFfmpegPoster({ path, outputPath, atSeconds, timeoutMs: deps.config.mediaPosterTimeoutSeconds * 1000, maxProcesses: deps.config.mediaProcesses });
  if (!run.ok) throw createMediaRejectedError({ problem: run.reason === 'missing' ? 'ffmpeg_missing' : run.reason === 'timeout' ? 'timeout' : 'malformed', detail: run.detail });
}

/** Whether ffprobe and ffmpeg can run here; asked once per process by the workspace (it starts two small processes). */
export function createFfmpegCheck(): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined;
  return () => (answer ??= isFfmpegAvailable());
}

/** Deletes a stored file unless a document or another media item still uses it. */
async function discardIfUnused({ key }: { key: string }, { db, storage }: { db: Db; storage: StorageDriver }): Promise<void> {
  if ((await createMediaRepository({ db }).countByKey({ key })) > 0) return;
  if ((await createDocumentsRepository({ db }).countByStorageKey({ storageKey: key })) > 0) return;
  await storage.delete({ key }).catch(() => undefined);
}

type AcceptedFile = { sha256: string; key: string; size: number; probe: MediaProbe; poster: { key: string; type: string } | undefined };

/**
 * Streams an upload into storage under its hash (over MAX_UPLOAD_MB → 413), checks its first bytes,
 * then copies it to a temporary file of Beretning's own for ffprobe (and ffmpeg's poster for a film).
 * The server never holds the file in memory. A refused file is removed from storage (unless used elsewhere).
 */
async function acceptMediaUpload({ stream, wantPoster }: { stream: Readable; wantPoster: boolean }, deps: MediaDeps): Promise<AcceptedFile> {
  const stored = await storeContent({ stream, maxBytes: deps.config.maxUploadMb * 1024 * 1024 }, deps);
  const dir = await mkdtemp(join(tmpdir(), 'beretning-media-'));
  try {
    if (stored.size === 0 || !sniffMediaContainer(stored.head)) throw createMediaRejectedError({ problem: 'not_media' });
    const path = join(dir, 'upload');
    await pipeline(await deps.storage.read({ key: stored.key }), createWriteStream(path));
    const probe = await probeMediaFile({ path }, deps);
    let poster: AcceptedFile['poster'];
    if (wantPoster && probe.kind === 'video') {
      const outputPath = join(dir, 'poster.jpg');
      // A film without a poster is still a film: the reader sees the player without a still.
      const made = await createPosterFromVideo({ path, outputPath, durationSeconds: probe.durationSeconds }, deps).then(() => true, () => false);
      if (made) poster = { key: (await storeContent({ stream: createReadStream(outputPath) }, deps)).key, type: 'image/jpeg' };
    }
    return { sha256: stored.sha256, key: stored.key, size: stored.size, probe, poster };
  } catch (error) {
    await discardIfUnused({ key: stored.key }, deps);
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The name as metadata only: no folders, no control characters, not empty, at most 200 characters. */
function cleanFileName({ fileName, fallback }: { fileName: string; fallback: string }): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const base = (fileName.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').normalize('NFC').trim().slice(0, 200);
  return base === '' ? fallback : base;
}

async function getReport({ reportId }: { reportId: string }, { db }: { db: Db }): Promise<Report> {
  const report = await createReportsRepository({ db }).getById({ id: reportId });
  if (!report) throw createNotFoundError({ code: 'reports.not_found', message: 'Beretningen findes ikke.' });
  return report;
}

/**
 * One change to a report's media, recorded like every other change to a report: a revision (the
 * history shows "Film tilføjet" and so on), an audit entry naming the item, and `report.changed`
 * (the public pages and the search index follow).
 */
async function recordMediaChange({ report, action, media, actor, details }: { report: Report; action: 'added' | 'replaced' | 'updated' | 'removed' | 'restored'; media: StoredMedia; actor: MediaActor | null; details?: Record<string, unknown> }, deps: MediaDeps): Promise<void> {
  await recordReportRevision({ report, action: `media_${action}` }, deps);
  await recordAudit({ action: `media.${action}`, actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, targetType: 'report', targetId: report.id, details: { year: report.year, mediaId: media.id, title: media.title, fileName: media.fileName, sha256: media.sha256, ...details }, ip: actor?.ip ?? null }, deps);
  await deps.events.emit('report.changed', { reportId: report.id });
}

export type MediaDetails = { title: string; description: string; position: number | undefined; transcriptMd: string };

/**
 * Adds a film or sound to a report from an upload (see acceptMediaUpload). The same file again on
 * the same report (a second click, a re-run import) is the existing item, not a copy.
 */
export async function addMediaFromUpload(
  { reportId, stream, fileName, details, actor }: { reportId: string; stream: Readable; fileName: string; details?: Partial<MediaDetails>; actor: MediaActor | null },
  deps: MediaDeps,
): Promise<StoredMedia> {
  const report = await getReport({ reportId }, deps);
  const accepted = await acceptMediaUpload({ stream, wantPoster: true }, deps);
  const repository = createMediaRepository({ db: deps.db });
  const existing = await repository.listForReport({ reportId, includeRemoved: true });
  const same = existing.find((m) => m.sha256 === accepted.sha256 && m.removedAt === null);
  if (same) return same;
  const title = (details?.title ?? '').trim() || titleFromFileName({ fileName });
  const now = deps.clock.now().toISOString();
  const media = {
    id: createId(),
    reportId,
    slug: createMediaSlug({ title, taken: existing.map((m) => m.slug) }),
    title,
    description: (details?.description ?? '').trim(),
    position: details?.position ?? Math.max(0, ...existing.map((m) => m.position)) + 1,
    sha256: accepted.sha256,
    storageKey: accepted.key,
    fileName: cleanFileName({ fileName, fallback: accepted.probe.kind === 'video' ? 'film' : 'lyd' }),
    size: accepted.size,
    ...columnsFromProbe({ probe: accepted.probe }),
    captionsKey: null,
    posterKey: accepted.poster?.key ?? null,
    posterType: accepted.poster?.type ?? null,
    posterUploaded: 0,
    transcriptMd: (details?.transcriptMd ?? '').trim() || null,
    removedAt: null,
    createdBy: actor?.id ?? null,
    createdAt: now,
    updatedAt: now,
  } satisfies StoredMedia;
  await repository.insert({ media });
  await recordMediaChange({ report, action: 'added', media, actor }, deps);
  return media;
}

/** Puts a new file under an existing item (a better cut of the film); captions, transcript and an uploaded poster stay. */
export async function replaceMediaFile({ mediaId, stream, fileName, actor }: { mediaId: string; stream: Readable; fileName: string; actor: MediaActor | null }, deps: MediaDeps): Promise<StoredMedia> {
  const repository = createMediaRepository({ db: deps.db });
  const before = await repository.findById({ id: mediaId });
  if (!before) throw createMediaNotFoundError();
  const report = await getReport({ reportId: before.reportId }, deps);
  const accepted = await acceptMediaUpload({ stream, wantPoster: before.posterUploaded !== 1 }, deps);
  if (accepted.sha256 === before.sha256) return before;
  const values = {
    sha256: accepted.sha256,
    storageKey: accepted.key,
    fileName: cleanFileName({ fileName, fallback: before.fileName }),
    size: accepted.size,
    ...columnsFromProbe({ probe: accepted.probe }),
    ...(before.posterUploaded === 1 ? {} : { posterKey: accepted.poster?.key ?? null, posterType: accepted.poster ? accepted.poster.type : null }),
    updatedAt: deps.clock.now().toISOString(),
  };
  await repository.update({ id: mediaId, values });
  const media = { ...before, ...values };
  await recordMediaChange({ report, action: 'replaced', media, actor, details: { previousSha256: before.sha256 } }, deps);
  return media;
}

/** Reads at most `maxBytes` of a stream into memory (captions are small); past it, `onTooLarge`'s error. */
async function readBounded({ stream, maxBytes, onTooLarge }: { stream: Readable; maxBytes: number; onTooLarge: () => Error }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw onTooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Captions as an editor uploads them (WebVTT, or SRT converted), content-addressed in storage; their key. */
export async function storeCaptions({ stream }: { stream: Readable }, deps: Pick<MediaDeps, 'storage' | 'config'>): Promise<string> {
  const bytes = await readBounded({ stream, maxBytes: deps.config.mediaCaptionsMaxKb * 1024, onTooLarge: () => createCaptionsRejectedError({ tooLarge: deps.config.mediaCaptionsMaxKb }) });
  const vtt = toWebVtt(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  if (!vtt) throw createCaptionsRejectedError({});
  return (await storeContent({ stream: Readable.from([Buffer.from(vtt, 'utf8')]) }, deps)).key;
}

/** A poster the editor chose: JPEG, PNG or WebP by its first bytes, at most MEDIA_POSTER_MAX_MB; its key and type. */
export async function storePoster({ stream }: { stream: Readable }, deps: Pick<MediaDeps, 'db' | 'storage' | 'config'>): Promise<{ key: string; type: string }> {
  const stored = await storeContent({ stream, maxBytes: deps.config.mediaPosterMaxMb * 1024 * 1024 }, deps).catch((error: unknown) => {
    throw (error as { code?: string }).code === 'storage.too_large' ? createPosterRejectedError({ tooLarge: deps.config.mediaPosterMaxMb }) : error;
  });
  const type = sniffImageType(stored.head);
  if (!type) {
    await discardIfUnused({ key: stored.key }, deps);
    throw createPosterRejectedError({});
  }
  return { key: stored.key, type };
}

/** The 409 for a form opened on other details: who changed the item last and when (from its audit entries), and its version now. */
async function mediaConflictError({ media }: { media: StoredMedia }, { db }: { db: Db }) {
  const last = await createMediaRepository({ db }).lastChange({ reportId: media.reportId, mediaId: media.id });
  return createMediaConflictError({ by: last?.by ?? '?', at: last?.at ?? media.updatedAt, title: media.title, version: mediaDetailsVersion(media) });
}

/**
 * Refuses (409, see mediaDetailsVersion) when the item's details are no longer those the form was
 * opened on (`opened`); no `opened` (a form from before the field) is not checked. The edit route asks
 * before it takes any file from the form, so a stale form changes nothing at all.
 */
export async function assertMediaUnchanged({ mediaId, opened }: { mediaId: string; opened: string | undefined }, deps: Pick<MediaDeps, 'db'>): Promise<void> {
  if (opened === undefined) return;
  const media = await createMediaRepository({ db: deps.db }).findById({ id: mediaId });
  if (!media) throw createMediaNotFoundError();
  if (mediaDetailsVersion(media) !== opened) throw await mediaConflictError({ media }, deps);
}

/**
 * The editor's form for one item: title, description, order, transcript, and optionally new captions
 * or a new poster (already stored by storeCaptions/storePoster). Audited and kept as a revision.
 * `opened`, the item's mediaDetailsVersion when the form was opened: if the details have changed since,
 * nothing is saved (`media.conflict`, 409), so two editors do not silently undo each other's changes.
 */
export async function updateMediaDetails(
  { mediaId, details, captionsKey, poster, removeCaptions = false, opened, actor }: { mediaId: string; details: MediaDetails; captionsKey?: string; poster?: { key: string; type: string }; removeCaptions?: boolean; opened?: string; actor: MediaActor },
  deps: MediaDeps,
): Promise<StoredMedia> {
  const repository = createMediaRepository({ db: deps.db });
  const before = await repository.findById({ id: mediaId });
  if (!before) throw createMediaNotFoundError();
  if (opened !== undefined && mediaDetailsVersion(before) !== opened) throw await mediaConflictError({ media: before }, deps);
  if (new TextEncoder().encode(details.transcriptMd).length > deps.config.mediaTranscriptMaxKb * 1024) throw createTranscriptTooLongError({ maxKb: deps.config.mediaTranscriptMaxKb });
  const report = await getReport({ reportId: before.reportId }, deps);
  const values = {
    title: details.title.trim() || before.title,
    description: details.description.trim(),
    position: details.position ?? before.position,
    transcriptMd: details.transcriptMd.trim() || null,
    captionsKey: captionsKey ?? (removeCaptions ? null : before.captionsKey),
    ...(poster ? { posterKey: poster.key, posterType: poster.type, posterUploaded: 1 } : {}),
    updatedAt: deps.clock.now().toISOString(),
  };
  if (!(await repository.updateIfDetailsUnchanged({ id: mediaId, before, values }))) {
    // Another save got there between the read and the update.
    throw await mediaConflictError({ media: (await repository.findById({ id: mediaId })) ?? before }, deps);
  }
  const media = { ...before, ...values };
  const changed = (['title', 'description', 'position', 'transcriptMd', 'captionsKey', 'posterKey'] as const).filter((field) => media[field] !== before[field]);
  if (changed.length > 0) await recordMediaChange({ report, action: 'updated', media, actor, details: { fields: changed } }, deps);
  return media;
}

/** Takes an item off its report; it stays stored and listed under "Fjernet" in the workspace so it can be restored. */
export async function removeMedia({ mediaId, actor }: { mediaId: string; actor: MediaActor }, deps: MediaDeps): Promise<StoredMedia> {
  return setRemoved({ mediaId, removed: true, actor }, deps);
}

export async function restoreMedia({ mediaId, actor }: { mediaId: string; actor: MediaActor }, deps: MediaDeps): Promise<StoredMedia> {
  return setRemoved({ mediaId, removed: false, actor }, deps);
}

async function setRemoved({ mediaId, removed, actor }: { mediaId: string; removed: boolean; actor: MediaActor }, deps: MediaDeps): Promise<StoredMedia> {
  const repository = createMediaRepository({ db: deps.db });
  const before = await repository.findById({ id: mediaId });
  if (!before) throw createMediaNotFoundError();
  if ((before.removedAt !== null) === removed) return before;
  const report = await getReport({ reportId: before.reportId }, deps);
  const values = { removedAt: removed ? deps.clock.now().toISOString() : null, updatedAt: deps.clock.now().toISOString() };
  await repository.update({ id: mediaId, values });
  const media = { ...before, ...values };
  await recordMediaChange({ report, action: removed ? 'removed' : 'restored', media, actor }, deps);
  return media;
}

/** The workspace's list for one report: the items on it, and those removed (restorable). */
export async function listWorkspaceMedia({ reportId }: { reportId: string }, { db }: { db: Db }): Promise<{ current: StoredMedia[]; removed: StoredMedia[] }> {
  const all = await createMediaRepository({ db }).listForReport({ reportId, includeRemoved: true });
  return { current: all.filter((m) => m.removedAt === null), removed: all.filter((m) => m.removedAt !== null) };
}

export async function getWorkspaceMedia({ mediaId }: { mediaId: string }, { db }: { db: Db }): Promise<StoredMedia> {
  const media = await createMediaRepository({ db }).findById({ id: mediaId });
  if (!media) throw createMediaNotFoundError();
  return media;
}

/** What publishing this report should first ask about: films without captions, sounds without a transcript. */
export async function listPublishWarnings({ reportId }: { reportId: string }, { db }: { db: Db }): Promise<MediaWarning[]> {
  return listMediaWarnings({ media: await createMediaRepository({ db }).listForReport({ reportId }) });
}

/** A published report's media in the readers' order (the report page, the API, the feed). */
export async function listPublicMedia({ reportId }: { reportId: string }, { db }: { db: Db }): Promise<StoredMedia[]> {
  return createMediaRepository({ db }).listForReport({ reportId });
}

export async function listPublicMediaForReports({ reportIds }: { reportIds: string[] }, { db }: { db: Db }): Promise<Map<string, StoredMedia[]>> {
  const byReport = new Map<string, StoredMedia[]>();
  for (const media of await createMediaRepository({ db }).listForReports({ reportIds })) byReport.set(media.reportId, [...(byReport.get(media.reportId) ?? []), media]);
  return byReport;
}

/** One item of a published report by its address; unknown and removed ones answer alike: not found. */
export async function getPublicMediaItem({ reportId, slug }: { reportId: string; slug: string }, { db }: { db: Db }): Promise<StoredMedia> {
  const media = /^[a-z0-9-]{1,80}$/.test(slug) ? await createMediaRepository({ db }).findPublicBySlug({ reportId, slug }) : undefined;
  if (!media) throw createMediaNotFoundError();
  return media;
}

/**
 * A stored file of a media item for download: readers get it only while its report is published (and
 * the item not removed); signed-in editors get any. `isPublic` false means no shared cache may keep it.
 */
export async function getMediaDownload({ role, sha256, user }: { role: MediaFileRole; sha256: string; user: RequestUser | undefined }, { db, storage }: { db: Db; storage: StorageDriver }): Promise<{ media: StoredMedia; key: string; size: number; contentType: string; isPublic: boolean }> {
  if (!/^[a-f0-9]{64}$/.test(sha256)) throw createMediaNotFoundError();
  const key = createContentKey({ sha256 });
  const repository = createMediaRepository({ db });
  const published = await repository.findByKey({ role, key, publicOnly: true });
  const media = published ?? (user ? await repository.findByKey({ role, key, publicOnly: false }) : undefined);
  if (!media) throw createMediaNotFoundError();
  const stat = await storage.stat({ key });
  if (!stat) throw createMediaNotFoundError();
  const contentType = role === 'file' ? media.mimeType : role === 'captions' ? 'text/vtt; charset=utf-8' : (media.posterType ?? 'image/jpeg');
  return { media, key, size: stat.size, contentType, isPublic: published !== undefined };
}

/** The item's transcript for search: one entry per item, numbered -1, -2, … in the readers' order (PDF pages are ≥ 1). */
export async function listTranscriptEntries({ reportId }: { reportId: string }, { db }: { db: Db }): Promise<{ pageNumber: number; text: string; slug: string; title: string }[]> {
  return (await createMediaRepository({ db }).listForReport({ reportId }))
    .map((media, index) => ({ pageNumber: -(index + 1), slug: media.slug, title: media.title, text: [media.title, markdownToPlainText(media.transcriptMd ?? '')].join('\n').trim() }))
    .filter((entry) => entry.text !== '');
}
