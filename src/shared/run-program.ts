// Running an outside program (ffmpeg, tesseract, Binaryen's wasm-opt): one way for all of them.
import { execFile, type ExecFileException } from 'node:child_process';
import { setPriority } from 'node:os';

export type ProgramRun = { stdout: string; stderr: string; error: ExecFileException | null };

/**
 * Runs `file` with an argument list (never a shell), killed (SIGKILL) after `timeoutMs` or when
 * `signal` aborts, its output bounded by `maxBuffer`; resolves whatever happens, never rejects.
 * `priority`: the nice value it runs at where the OS lets us set it (else at normal priority).
 * A time-out shows as `error.killed` with `error.signal` 'SIGKILL', a missing program as
 * `error.code` 'ENOENT', a failure as the numeric exit code in `error.code`.
 */
export function runProgram({ file, args, timeoutMs, maxBuffer = 1024 * 1024, env, priority, signal }: { file: string; args: string[]; timeoutMs: number; maxBuffer?: number; env?: NodeJS.ProcessEnv; priority?: number; signal?: AbortSignal }): Promise<ProgramRun> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer, encoding: 'utf8', env, signal, windowsHide: true }, (error, stdout, stderr) => resolve({ stdout, stderr, error }));
    if (priority === undefined || child.pid === undefined) return;
    try {
      setPriority(child.pid, priority);
    } catch {
      // Not permitted here (some containers): it still runs, at normal priority.
    }
  });
}
