import { runProgram } from '../../../shared/run-program.js';
import { createConcurrencyLimit } from '../../../shared/concurrency-limit.js';

/**
 * ffprobe and ffmpeg as child processes: fixed program names, argument arrays (never a shell), a
 * wall-clock limit after which the process is killed, and bounded output. The file path is one
 * Beretning chose (a temporary file of its own), never a name from the upload.
 */
type RunResult = { ok: true; stdout: string } | { ok: false; reason: 'missing' | 'timeout' | 'failed'; stderr: string };

const maxOutputBytes = 1024 * 1024;

/** One limit per process for ffprobe and ffmpeg together (MEDIA_PROCESSES): uploads at once wait for a turn instead of starting a process each. */
const limits = new Map<number, ReturnType<typeof createConcurrencyLimit>>();
function inTurn<T>(maxProcesses: number, work: () => Promise<T>): Promise<T> {
  let limit = limits.get(maxProcesses);
  if (!limit) limits.set(maxProcesses, (limit = createConcurrencyLimit({ max: maxProcesses })));
  return limit(work);
}

async function run({ program, args, timeoutMs }: { program: 'ffprobe' | 'ffmpeg'; args: string[]; timeoutMs: number }): Promise<RunResult> {
  const { stdout, stderr, error } = await runProgram({ file: program, args, timeoutMs, maxBuffer: maxOutputBytes });
  if (!error) return { ok: true, stdout };
  if (error.code === 'ENOENT') return { ok: false, reason: 'missing', stderr: '' };
  if (error.killed && error.signal === 'SIGKILL') return { ok: false, reason: 'timeout', stderr: stderr.slice(0, 2000) };
  return { ok: false, reason: 'failed', stderr: stderr.slice(0, 2000) };
}

/** Whether both programs can be started here; media upload is refused with a clear message otherwise. */
export async function isFfmpegAvailable({ timeoutMs = 5000 }: { timeoutMs?: number } = {}): Promise<boolean> {
  const [probe, mpeg] = await Promise.all([run({ program: 'ffprobe', args: ['-version'], timeoutMs }), run({ program: 'ffmpeg', args: ['-version'], timeoutMs })]);
  return probe.ok && mpeg.ok;
}

export type ProbeRun = { ok: true; output: unknown } | { ok: false; reason: 'missing' | 'timeout' | 'failed'; detail: string };

/** ffprobe's JSON for one local file: the streams' types, codecs and sizes, and the duration. */
export async function runFfprobe({ path, timeoutMs, maxProcesses }: { path: string; timeoutMs: number; maxProcesses: number }): Promise<ProbeRun> {
  const result = await inTurn(maxProcesses, () => run({
    program: 'ffprobe',
    args: ['-v', 'error', '-show_entries', 'format=duration,format_name:stream=codec_type,codec_name,width,height:stream_disposition=attached_pic', '-of', 'json', '--', path],
    timeoutMs,
  }));
  if (!result.ok) return { ok: false, reason: result.reason, detail: result.stderr };
  try {
    return { ok: true, output: JSON.parse(result.stdout) as unknown };
  } catch {
    return { ok: false, reason: 'failed', detail: 'ffprobe printed no JSON' };
  }
}

/** One frame of a video as a JPEG at `outputPath`, scaled to at most 1280 pixels wide. */
export async function runFfmpegPoster({ path, outputPath, atSeconds, timeoutMs, maxProcesses }: { path: string; outputPath: string; atSeconds: number; timeoutMs: number; maxProcesses: number }): Promise<{ ok: true } | { ok: false; reason: 'missing' | 'timeout' | 'failed'; detail: string }> {
  const result = await inTurn(maxProcesses, () => run({
    program: 'ffmpeg',
    args: ['-nostdin', '-v', 'error', '-y', '-ss', atSeconds.toFixed(3), '-i', path, '-frames:v', '1', '-vf', "scale='min(1280,iw)':-2", '-f', 'image2', '-c:v', 'mjpeg', '-q:v', '4', outputPath],
    timeoutMs,
  }));
  return result.ok ? { ok: true } : { ok: false, reason: result.reason, detail: result.stderr };
}
