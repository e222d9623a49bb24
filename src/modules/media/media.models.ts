import { fingerprintOf } from '../../shared/fingerprint.js';
import { slugify } from '../documents/documents-structure.models.js';
import type { MediaContainer, MediaProbe, MediaProblem, PublicMedia } from './media.types.js';

/**
 * The container named by a file's first bytes, or undefined. The name and the browser's
 * Content-Type are never asked: an MP3 renamed .mp4 is still an MP3, a PDF renamed .mp4 is refused.
 */
export function sniffMediaContainer(head: Uint8Array): MediaContainer | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 12 && ascii(4, 8) === 'ftyp') return 'mp4';
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm';
  if (head.length >= 4 && ascii(0, 4) === 'OggS') return 'ogg';
  if (head.length >= 3 && ascii(0, 3) === 'ID3') return 'mp3';
  // An MP3 without an ID3 tag starts with a frame: 11 sync bits, MPEG version not "reserved", layer III.
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0 && (head[1]! & 0x18) !== 0x08 && (head[1]! & 0x06) === 0x02) return 'mp3';
  return undefined;
}

/** Codecs a browser plays natively in each container; anything else is refused at upload. */
const acceptedCodecs: Record<MediaContainer, { video: readonly string[]; audio: readonly string[] }> = {
  mp4: { video: ['h264'], audio: ['aac'] },
  webm: { video: ['vp8', 'vp9', 'av1'], audio: ['opus', 'vorbis'] },
  mp3: { video: [], audio: ['mp3'] },
  ogg: { video: [], audio: ['opus', 'vorbis'] },
};

const mimeTypes: Record<MediaContainer, { video: string; audio: string }> = {
  mp4: { video: 'video/mp4', audio: 'audio/mp4' },
  webm: { video: 'video/webm', audio: 'audio/webm' },
  mp3: { video: 'audio/mpeg', audio: 'audio/mpeg' },
  ogg: { video: 'audio/ogg', audio: 'audio/ogg' },
};

type ProbeStream = { codec_type?: string; codec_name?: string; width?: number; height?: number; disposition?: { attached_pic?: number } };
type ProbeOutput = { streams?: ProbeStream[]; format?: { duration?: string; format_name?: string } };

/**
 * Turns ffprobe's JSON (`-show_entries format=duration,format_name:stream=…`) into what Beretning
 * stores, or the reason the file is refused. An MP3's embedded cover picture is a "video" stream
 * to ffprobe (disposition attached_pic) and is not counted as video.
 */
export function interpretProbe({ container, output }: { container: MediaContainer; output: unknown }): { probe: MediaProbe } | { problem: MediaProblem; detail: string } {
  const parsed = (output ?? {}) as ProbeOutput;
  const streams = Array.isArray(parsed.streams) ? parsed.streams : [];
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const durationSeconds = Number(parsed.format?.duration);
  if (!video && !audio) return { problem: 'not_media', detail: 'no audio or video stream' };
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) return { problem: 'malformed', detail: 'no duration' };
  const accepted = acceptedCodecs[container];
  if (video && !accepted.video.includes(video.codec_name ?? '')) return { problem: 'unsupported_codec', detail: `video ${video.codec_name ?? 'unknown'} in ${container}` };
  if (audio && !accepted.audio.includes(audio.codec_name ?? '')) return { problem: 'unsupported_codec', detail: `audio ${audio.codec_name ?? 'unknown'} in ${container}` };
  const kind = video ? 'video' : 'audio';
  return {
    probe: {
      kind,
      container,
      mimeType: mimeTypes[container][kind],
      durationSeconds,
      width: video?.width,
      height: video?.height,
      videoCodec: video?.codec_name,
      audioCodec: audio?.codec_name,
    },
  };
}

const srtTime = /^(\d{1,2}):(\d{2}):(\d{2})[,.](\d{3})\s*-->\s*(\d{1,2}):(\d{2}):(\d{2})[,.](\d{3})(.*)$/;

/**
 * Captions as WebVTT: a WebVTT file is returned as it is (normalised line ends, no BOM), an SRT
 * file is converted (cue numbers dropped, comma to full stop in the times, cue text kept).
 * Returns undefined for text that is neither, so the upload can say so.
 */
export function toWebVtt(text: string): string | undefined {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (/^WEBVTT(?:[ \t\n]|$)/.test(clean)) return clean.endsWith('\n') ? clean : `${clean}\n`;
  const blocks = clean.trim().split(/\n{2,}/);
  const cues: string[] = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    if (lines.length > 0 && /^\d+$/.test(lines[0]!.trim())) lines.shift();
    const match = srtTime.exec(lines[0]?.trim() ?? '');
    if (!match) return undefined;
    const pad = (h: string) => h.padStart(2, '0');
    const timing = `${pad(match[1]!)}:${match[2]}:${match[3]}.${match[4]} --> ${pad(match[5]!)}:${match[6]}:${match[7]}.${match[8]}`;
    // "-->" inside cue text would end the cue early in WebVTT; SRT allows it.
    const body = lines.slice(1).map((line) => line.replace(/-->/g, '→')).filter((line) => line.trim() !== '');
    cues.push([timing, ...body].join('\n'));
  }
  if (cues.length === 0) return undefined;
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

/** The columns of a media item that its probe fills: kind, type, duration, dimensions (films), codecs. */
export function columnsFromProbe({ probe }: { probe: MediaProbe }): { kind: MediaProbe['kind']; mimeType: string; durationSeconds: number; width: number | null; height: number | null; videoCodec: string | null; audioCodec: string | null } {
  return {
    kind: probe.kind,
    mimeType: probe.mimeType,
    durationSeconds: probe.durationSeconds,
    width: probe.width ?? null,
    height: probe.height ?? null,
    videoCodec: probe.videoCodec ?? null,
    audioCodec: probe.audioCodec ?? null,
  };
}

/** An item's address under /beretninger/<year>/film/: its title in lower case, Danish letters spelt out, not taken on the report. */
export function createMediaSlug({ title, taken }: { title: string; taken: readonly string[] }): string {
  const base = slugify(title, 'film');
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/** The title a file name suggests when the editor gave none: the name without its extension, separators as spaces. */
export function titleFromFileName({ fileName }: { fileName: string }): string {
  const base = (fileName.split(/[\\/]/).pop() ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[_-]+/g, ' ').trim();
  return base.slice(0, 200) || 'Film';
}

/** A poster's image type by its first bytes (JPEG, PNG, WebP), or undefined. */
export function sniffImageType(head: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head[0] === 0x89 && String.fromCharCode(...head.subarray(1, 4)) === 'PNG') return 'image/png';
  if (head.length >= 12 && String.fromCharCode(...head.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...head.subarray(8, 12)) === 'WEBP') return 'image/webp';
  return undefined;
}

const posterExtensions: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** The public addresses of an item's files: content-addressed, so they never change for the same bytes. */
export function mediaUrlsOf({ media }: { media: { sha256: string; fileName: string; captionsKey: string | null; posterKey: string | null; posterType: string | null } }): { file: string; download: string; captions: string | null; poster: string | null } {
  const shaOf = (key: string) => key.split('/').pop() ?? '';
  const file = `/medier/${media.sha256}/${encodeURIComponent(media.fileName)}`;
  return {
    file,
    download: `${file}?download`,
    captions: media.captionsKey ? `/medier/tekster/${shaOf(media.captionsKey)}.vtt` : null,
    poster: media.posterKey ? `/medier/plakater/${shaOf(media.posterKey)}.${posterExtensions[media.posterType ?? 'image/jpeg'] ?? 'jpg'}` : null,
  };
}

/** "3:07" or "1:02:03": a duration as a reader reads it. */
export function formatDuration({ seconds }: { seconds: number }): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** ISO 8601 duration for JSON-LD (`PT3M7S`). */
export function isoDuration({ seconds }: { seconds: number }): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/** What an editor should know before publishing: films without captions, sounds without a transcript. */
export type MediaWarning = { kind: 'video_without_captions' | 'audio_without_transcript'; title: string };

export function listMediaWarnings({ media }: { media: readonly { kind: 'video' | 'audio'; title: string; captionsKey: string | null; transcriptMd: string | null }[] }): MediaWarning[] {
  const warnings: MediaWarning[] = [];
  for (const item of media) {
    if (item.kind === 'video' && !item.captionsKey) warnings.push({ kind: 'video_without_captions', title: item.title });
    if (item.kind === 'audio' && !(item.transcriptMd ?? '').trim()) warnings.push({ kind: 'audio_without_transcript', title: item.title });
  }
  return warnings;
}

/** A stored item as readers get it (see PublicMedia). */
export function toPublicMedia({ media, year }: { media: StoredMediaShape; year: number }): PublicMedia {
  return {
    slug: media.slug,
    kind: media.kind,
    title: media.title,
    description: media.description,
    durationSeconds: media.durationSeconds,
    width: media.width,
    height: media.height,
    mimeType: media.mimeType,
    size: media.size,
    fileName: media.fileName,
    transcriptMd: media.transcriptMd,
    pageUrl: `/beretninger/${year}/film/${media.slug}`,
    urls: mediaUrlsOf({ media }),
    posterType: media.posterType,
    updatedAt: media.updatedAt,
  };
}

type StoredMediaShape = Omit<PublicMedia, 'pageUrl' | 'urls'> & { sha256: string; captionsKey: string | null; posterKey: string | null };

/**
 * schema.org for one item: VideoObject or AudioObject with its file, poster, length, captions and the
 * transcript as text (search engines read it), for the item page and inside the report's JSON-LD.
 */
export function createMediaJsonLd({ media, origin, report }: { media: PublicMedia; origin: string; report: { year: number; publishedAt: string | null } }): Record<string, unknown> {
  const transcript = media.transcriptMd ? media.transcriptMd.replace(/[#*_`>]/g, '').replace(/\s+/g, ' ').trim() : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': media.kind === 'video' ? 'VideoObject' : 'AudioObject',
    '@id': `${origin}${media.pageUrl}`,
    url: `${origin}${media.pageUrl}`,
    name: media.title,
    description: media.description || media.title,
    inLanguage: 'da',
    contentUrl: `${origin}${media.urls.file}`,
    encodingFormat: media.mimeType,
    contentSize: `${media.size} B`,
    duration: isoDuration({ seconds: media.durationSeconds }),
    uploadDate: report.publishedAt ?? media.updatedAt,
    thumbnailUrl: media.urls.poster ? `${origin}${media.urls.poster}` : undefined,
    width: media.width ?? undefined,
    height: media.height ?? undefined,
    caption: media.urls.captions ? { '@type': 'MediaObject', contentUrl: `${origin}${media.urls.captions}`, encodingFormat: 'text/vtt', inLanguage: 'da' } : undefined,
    transcript,
  };
}

/** The details an editor's form changes: title, description, order, transcript, captions and the editor's own poster. */
type MediaDetailColumns = { title: string; description: string; position: number; transcriptMd: string | null; captionsKey: string | null; posterKey: string | null; posterUploaded: number };

/**
 * A fingerprint of an item's saved details, carried by its edit form in a hidden field: a save from a
 * form opened on other details is refused (409) instead of silently undoing someone else's change.
 * The file itself (and the poster taken from it) is not part of it, so replacing the file in the same
 * form does not conflict with itself.
 */
export function mediaDetailsVersion(media: MediaDetailColumns): string {
  const details = [media.title, media.description, media.position, media.transcriptMd, media.captionsKey, media.posterUploaded === 1 ? media.posterKey : null];
  return fingerprintOf(details);
}
