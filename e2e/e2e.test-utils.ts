import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) process.stderr.write('Browser journeys skipped: /usr/bin/chromium is missing (apt-get install chromium; .ci/run does this).\n');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Binds the port on 127.0.0.1 for a moment: true when nothing else holds it. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first port of the kernel's ephemeral range (Linux; 32768 when it cannot be read). */
function firstEphemeralPort(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

let portsGiven = 0;

/**
 * A free port for a server started in a child process, from below the kernel's ephemeral range and
 * from a block of 500 of this test fork's own. A port the kernel picked (listen on port 0) is free
 * only until the child listens, seconds later: meanwhile another fork's server or any outgoing
 * connection may be given it, and this fork's server then exits (EADDRINUSE) while the other answers.
 */
export async function getFreePort(): Promise<number> {
  const fork = Number(process.env.VITEST_POOL_ID ?? '1') || 1;
  const low = 20_000 + ((fork - 1) % 20) * 500;
  if (low + 500 <= firstEphemeralPort()) {
    for (let tries = 0; tries < 500; tries += 1) {
      const port = low + (portsGiven++ % 500);
      if (await canListen(port)) return port;
    }
  }
  // A kernel whose ephemeral range starts lower: any free port, as the kernel gives it.
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export type RunningServer = { url: string; dataDir: string; process: ChildProcess; stop: () => Promise<void> };

/**
 * Runs the real server (`src/main.ts`) on a free port with its own DATA_DIR, as `npm start` would.
 * `before` runs CLI commands first (e.g. an import); `env` adds settings.
 */
export async function startServer({ env = {}, before = [] }: { env?: Record<string, string>; before?: string[][] } = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'beretning-e2e-'));
  const port = await getFreePort();
  const baseEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env };
  for (const args of before) await runCli({ args, env: baseEnv });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function runCli({ args, env, input }: { args: string[]; env?: Record<string, string | undefined>; input?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdin.end(input ?? '');
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const axeSource = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page; returns the violations. */
export async function runAxe(page: Page): Promise<{ id: string; help: string; nodes: string[] }[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // axe is injected above; its types are not in this page's scope.
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}
