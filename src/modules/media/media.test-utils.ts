import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether ffmpeg can make test media here; tests that need it skip with this message otherwise. */
export const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0 && spawnSync('ffprobe', ['-version'], { stdio: 'ignore' }).status === 0;
export const noFfmpegMessage = 'skipping media tests that need ffmpeg and ffprobe (Debian: apt-get install ffmpeg)';

/** A few seconds of test pattern and tone (H.264/AAC MP4), or of tone alone (Ogg/Opus or MP3), made by ffmpeg. */
export function createTestMedia({ kind, seconds = 2, tone = 440 }: { kind: 'mp4' | 'ogg' | 'mp3' | 'webm'; seconds?: number; tone?: number }): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'beretning-test-media-'));
  try {
    const out = join(dir, `test.${kind}`);
    const sine = ['-f', 'lavfi', '-i', `sine=frequency=${tone}:duration=${seconds}`];
    const video = ['-f', 'lavfi', '-i', `testsrc=size=320x180:rate=10:duration=${seconds}`];
    const args = {
      mp4: [...video, ...sine, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
      webm: [...video, ...sine, '-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus', '-shortest'],
      ogg: [...sine, '-c:a', 'libopus'],
      mp3: [...sine, '-c:a', 'libmp3lame'],
    }[kind];
    const result = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args, out]);
    if (result.status !== 0) throw new Error(`ffmpeg failed: ${String(result.stderr)}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A multipart body as the media forms send it: text fields first, then files. */
export async function mediaForm({ fields = {}, files = [] }: { fields?: Record<string, string>; files?: { name: string; fileName: string; content: Buffer | string; type?: string }[] }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append(file.name, new Blob([typeof file.content === 'string' ? file.content : new Uint8Array(file.content)], { type: file.type ?? 'application/octet-stream' }), file.fileName);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') as string };
}

export const testSrt = '1\r\n00:00:00,000 --> 00:00:01,500\r\nVelkommen til årets beretning\r\n\r\n2\r\n00:00:01,500 --> 00:00:02,000\r\nTak fordi du ser med\r\n';
