import { open } from 'node:fs/promises';
import type { Config } from '../../config/config.js';
import { runFfmpegPoster, runFfprobe } from './drivers/ffmpeg.js';
import { createMediaRejectedError } from './media.errors.js';
import { interpretProbe, sniffMediaContainer } from './media.models.js';
import type { MediaProbe } from './media.types.js';

export type MediaProbeDeps = { config: Pick<Config, 'mediaProbeTimeoutSeconds' | 'mediaPosterTimeoutSeconds'> };

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
  const run = await runFfprobe({ path, timeoutMs: deps.config.mediaProbeTimeoutSeconds * 1000 });
  if (!run.ok) throw createMediaRejectedError({ problem: run.reason === 'missing' ? 'ffmpeg_missing' : run.reason === 'timeout' ? 'timeout' : 'malformed', detail: run.detail });
  const result = interpretProbe({ container, output: run.output });
  if ('problem' in result) throw createMediaRejectedError(result);
  return result.probe;
}

/** A poster for a video that came without one: the frame a tenth into the film (past a black lead-in), at most 10 s in. */
export async function createPosterFromVideo({ path, outputPath, durationSeconds }: { path: string; outputPath: string; durationSeconds: number }, deps: MediaProbeDeps): Promise<void> {
  const atSeconds = Math.min(10, durationSeconds / 10);
  const run = await runFfmpegPoster({ path, outputPath, atSeconds, timeoutMs: deps.config.mediaPosterTimeoutSeconds * 1000 });
  if (!run.ok) throw createMediaRejectedError({ problem: run.reason === 'missing' ? 'ffmpeg_missing' : run.reason === 'timeout' ? 'timeout' : 'malformed', detail: run.detail });
}
