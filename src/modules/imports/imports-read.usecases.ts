import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { ZodType } from 'zod';
import { createImportError } from './imports.errors.js';
import { mediaFileSchema, reportFileSchema } from './imports.schemas.js';
import type { ImportDeps, PlannedMedia, PlannedReport, Show } from './imports.types.js';
import { probeMediaFile } from '../media/media.usecases.js';
import { createMediaSlug, titleFromFileName, toWebVtt } from '../media/media.models.js';
import { createCaptionsRejectedError, createTranscriptTooLongError } from '../media/media.errors.js';
import type { MediaProbe } from '../media/media.types.js';
import { inspectPdf, isPdfSignature } from '../documents/drivers/pdf-inspector.js';

// Reading and checking an import folder: everything is read, and every film and sound probed, before anything is written.

export async function readJson<T>({ path, schema, show }: { path: string; schema: ZodType<T>; show: Show }): Promise<T> {
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

export async function readReportFolder({ dir, folderYear, show }: { dir: string; folderYear: number; show: Show }, deps: ImportDeps): Promise<PlannedReport> {
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
export async function hashFile({ path, show }: { path: string; show: Show }): Promise<{ sha256: string; size: number }> {
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
