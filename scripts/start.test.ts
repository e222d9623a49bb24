import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getFreePort } from '../e2e/e2e.test-utils.js';

async function isListening(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, { seconds }: { seconds: number }): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

describe('npm start', () => {
  it('stopping what you started stops the server: SIGTERM to `npm start` ends the web server too, with no orphan left listening', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'beretning-start-'));
    const port = await getFreePort();
    const url = `http://127.0.0.1:${port}/healthz`;
    // The npm that runs this suite, else the one on PATH.
    const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
    const child = spawn(npm[0]!, [...npm.slice(1), 'start', '--silent'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO_CONTENT: 'off', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      expect(await waitFor(() => isListening(url), { seconds: 90 }), output).toBe(true);
      // The PDF child it ships is one file with pdf-lib inside (a new child loads it in a fraction of the time).
      const pdfChild = readFileSync(join(import.meta.dirname, '..', 'dist', 'modules', 'documents', 'drivers', 'pdf-child.js'), 'utf8');
      expect(pdfChild).not.toMatch(/(?:from |import\()["'](?:\.|pdf-lib)/);
      expect(pdfChild).toContain('PDFDocument');
      // Regex literals stay literals (esbuild's node20 target would rebuild each /\p{L}/u on every call).
      const search = readFileSync(join(import.meta.dirname, '..', 'dist', 'modules', 'search', 'search.models.js'), 'utf8');
      for (const code of [pdfChild, search]) expect(code).not.toMatch(/new RegExp\("[^"]*\\\\p\{/);
      expect(search).toMatch(/\/[^/\n]*\\p\{L\}[^/\n]*\/g?u/);
      child.kill('SIGTERM');
      await exited;
      // npm waits for the server it started; with `sh -c node …` it left node behind, still serving.
      expect(await waitFor(async () => !(await isListening(url)), { seconds: 20 }), `still listening after npm stopped:\n${output}`).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 150_000);

  it("runs node with flags under which an isolate that has gone quiet is not collected again and again (the app's, while the front answers cached pages)", () => {
    const start = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const flags = start.split(/\s+/).filter((word) => word.startsWith('--'));
    // A live heap, a second of garbage, then quiet: under Node's defaults V8's memory reducer runs
    // two or three full collections about 8 s later (on a server given one CPU they stalled the
    // front's readers for tens of milliseconds; see the README's node flags).
    const script = `
      const { PerformanceObserver, constants } = await import('node:perf_hooks');
      const kept = [];
      for (let i = 0; i < 200000; i++) kept.push({ i, text: 'x' + i });
      const until = Date.now() + 1000;
      let garbage;
      while (Date.now() < until) garbage = Array.from({ length: 1000 }, (_, i) => ({ i }));
      let full = 0;
      // Counted from a second later: a collection the garbage set off may end just after it.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full += 1; }).observe({ entryTypes: ['gc'] });
      setTimeout(() => { console.log(JSON.stringify({ full, kept: kept.length, garbage: garbage.length })); }, 10000);
    `;
    const run = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ full: 0, kept: 200000, garbage: 1000 });
  }, 70_000);
});
