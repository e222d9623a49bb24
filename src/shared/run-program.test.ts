import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runProgram } from './run-program.js';

const node = (script: string) => ({ file: process.execPath, args: ['-e', script] });

describe('running an outside program', () => {
  it('gives its output, and its exit code when it fails', async () => {
    expect(await runProgram({ ...node('process.stdout.write("out"); process.stderr.write("err")'), timeoutMs: 10_000 })).toEqual({ stdout: 'out', stderr: 'err', error: null });
    const failed = await runProgram({ ...node('process.stderr.write("no"); process.exit(3)'), timeoutMs: 10_000 });
    expect([failed.error?.code, failed.stderr]).toEqual([3, 'no']);
  });

  it('kills it after the time limit or when aborted, and says a missing program is missing', async () => {
    const slow = await runProgram({ ...node('setTimeout(() => {}, 60_000)'), timeoutMs: 300 });
    expect([slow.error?.killed, slow.error?.signal]).toEqual([true, 'SIGKILL']);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const aborted = await runProgram({ ...node('setTimeout(() => {}, 60_000)'), timeoutMs: 60_000, signal: controller.signal });
    expect([aborted.error?.name, Date.now() - started < 30_000]).toEqual(['AbortError', true]);
    expect((await runProgram({ file: 'beretning-no-such-program', args: [], timeoutMs: 1000 })).error?.code).toBe('ENOENT');
  });

  it('runs it at the priority asked for', async () => {
    const run = await runProgram({ ...node(`process.stdout.write(String(require('node:os').getPriority()))`), timeoutMs: 10_000, priority: 19 });
    expect(Number(run.stdout)).toBe(Math.max(19, getPriority()));
  });
});
