import type { MediaContainer, MediaProbe, MediaProblem } from './media.types.js';

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
