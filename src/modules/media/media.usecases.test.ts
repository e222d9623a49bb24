import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors.js';
import { createPosterFromVideo, probeMediaFile } from './media.usecases.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0 && spawnSync('ffprobe', ['-version'], { stdio: 'ignore' }).status === 0;
if (!hasFfmpeg) console.warn('media.usecases.test: ffmpeg/ffprobe not installed (apt-get install ffmpeg); the probe and poster tests are skipped');

const deps = { config: { mediaProbeTimeoutSeconds: 20, mediaPosterTimeoutSeconds: 30, mediaProcesses: 2 } };
let dir = '';
const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args]);

describe.skipIf(!hasFfmpeg)('probing uploaded media with ffprobe', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'beretning-media-'));
    // Two seconds of test pattern and tone, as an editor's film would come: H.264/AAC in MP4.
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=10:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', join(dir, 'film.mp4')]);
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libopus', join(dir, 'lyd.ogg')]);
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=10:duration=1', '-c:v', 'mpeg4', join(dir, 'old.mp4')]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a film: video, its size, codecs and duration', async () => {
    const probe = await probeMediaFile({ path: join(dir, 'film.mp4') }, deps);
    expect(probe).toMatchObject({ kind: 'video', mimeType: 'video/mp4', width: 320, height: 180, videoCodec: 'h264', audioCodec: 'aac' });
    expect(probe.durationSeconds).toBeGreaterThan(1.9);
    expect(probe.durationSeconds).toBeLessThan(2.2);
  });

  it('runs at most MEDIA_PROCESSES ffprobe processes at once when many uploads arrive together', async () => {
    // This process's children named ffprobe, sampled while eight probes run with a limit of two.
    const ffprobeChildren = () => {
      let count = 0;
      for (const task of readdirSync('/proc/self/task')) {
        for (const pid of readFileSync(`/proc/self/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) {
          try {
            if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ffprobe') count += 1;
          } catch {
            // ended meanwhile
          }
        }
      }
      return count;
    };
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, ffprobeChildren())), 1);
    const probes = await Promise.all(Array.from({ length: 8 }, () => probeMediaFile({ path: join(dir, 'film.mp4') }, { config: { ...deps.config, mediaProcesses: 2 } })));
    clearInterval(sampler);
    expect(probes.every((probe) => probe.kind === 'video')).toBe(true);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
  });

  it('reads Ogg/Opus as audio', async () => {
    expect(await probeMediaFile({ path: join(dir, 'lyd.ogg') }, deps)).toMatchObject({ kind: 'audio', mimeType: 'audio/ogg', audioCodec: 'opus' });
  });

  it('refuses a PDF named .mp4 and a film browsers cannot play, in Danish', async () => {
    writeFileSync(join(dir, 'fake.mp4'), '%PDF-1.7\nnot a film');
    const refusal = async (name: string) => probeMediaFile({ path: join(dir, name) }, deps).then(() => undefined, (error: unknown) => (isAppError(error) ? { status: error.status, message: error.message } : error));
    expect(await refusal('fake.mp4')).toEqual({ status: 422, message: expect.stringContaining('hverken video eller lyd') });
    expect(await refusal('old.mp4')).toEqual({ status: 422, message: expect.stringContaining('browsere ikke kan afspille') });
  });

  it('refuses a file whose first bytes look like MP4 but is broken', async () => {
    const film = readFileSync(join(dir, 'film.mp4'));
    writeFileSync(join(dir, 'broken.mp4'), film.subarray(0, 64));
    await expect(probeMediaFile({ path: join(dir, 'broken.mp4') }, deps)).rejects.toMatchObject({ status: 422, code: expect.stringMatching(/^media\.(malformed|not_media)$/) });
  });

  it('takes a poster from the film as a JPEG', async () => {
    const outputPath = join(dir, 'poster.jpg');
    await createPosterFromVideo({ path: join(dir, 'film.mp4'), outputPath, durationSeconds: 2 }, deps);
    const jpeg = readFileSync(outputPath);
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });
});
