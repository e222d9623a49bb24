import { runProgram } from '../../../shared/run-program.js';

export type TesseractProbe = { available: true; languages: string[] } | { available: false; detail: string };

/** OCR is the slowest step: the OS schedules it behind the web server and ingestion. */
const OCR_PRIORITY = 15;

const probes = new Map<string, { at: number; result: Promise<TesseractProbe>; available?: boolean }>();

/**
 * Whether Tesseract runs here and which language models it has (`tesseract --list-langs`). Known
 * answers are kept: a found engine for the life of the process, a missing one for a minute (so
 * installing it while the server runs is noticed without a restart).
 */
export function probeTesseract({ command, now = Date.now() }: { command: string; now?: number }): Promise<TesseractProbe> {
  const known = probes.get(command);
  if (known && (known.available !== false || now - known.at < 60_000)) return known.result;
  const entry: { at: number; result: Promise<TesseractProbe>; available?: boolean } = {
    at: now,
    result: runProgram({ file: command, args: ['--list-langs'], timeoutMs: 10_000 }).then(({ stdout, stderr, error }): TesseractProbe => {
      if (error) return { available: false, detail: error.code === 'ENOENT' ? `${command} is not installed` : `${command} --list-langs failed: ${String(error.message).slice(0, 200)}` };
      const languages = `${stdout}\n${stderr}`.split('\n').map((line) => line.trim()).filter((line) => /^[a-z_]+$/i.test(line) && line !== 'osd');
      return { available: true, languages };
    }),
  };
  void entry.result.then((result) => (entry.available = result.available));
  probes.set(command, entry);
  return entry.result;
}

export type RecognizeResult = { ok: true; hocr: string } | { ok: false; problem: 'timeout' | 'failed'; detail: string };

/**
 * One page image through Tesseract: hOCR (words with their boxes and confidences) on stdout.
 * One thread (OMP_THREAD_LIMIT=1: the machine's cores belong to every request), low OS priority,
 * killed after `timeoutMs`; the memory limit (prlimit --data, as ingestion's child) when prlimit exists.
 */
export async function recognizePage({ imagePath, languages, dpi, timeoutMs, memoryBytes, command }: { imagePath: string; languages: string; dpi: number; timeoutMs: number; memoryBytes: number; command: string }): Promise<RecognizeResult> {
  const tesseractArgs = [imagePath, 'stdout', '-l', languages, '--dpi', String(Math.round(dpi)), '--psm', '3', 'hocr'];
  const limited = await hasPrlimit();
  const [file, args] = limited ? ['prlimit', [`--data=${memoryBytes}`, '--', command, ...tesseractArgs]] : [command, tesseractArgs];
  const { stdout, stderr, error } = await runProgram({ file, args, timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: '1' }, priority: OCR_PRIORITY });
  if (error) return { ok: false, problem: error.killed || error.signal === 'SIGKILL' ? 'timeout' : 'failed', detail: `${String(error.message).slice(0, 200)} ${stderr.slice(-200)}`.trim() };
  return { ok: true, hocr: stdout };
}

let prlimit: Promise<boolean> | undefined;
function hasPrlimit(): Promise<boolean> {
  prlimit ??= runProgram({ file: 'prlimit', args: ['--version'], timeoutMs: 5000 }).then(({ error }) => error === null);
  return prlimit;
}
