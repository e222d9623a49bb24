// Shared helpers for the benchmarks: a real server on the seed content, nginx, autocannon, /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// autocannon ships no types; this is the part of its result we read.
export type CannonResult = {
  requests: { average: number; total: number };
  latency: { p99: number; p50: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  statusCodeStats: Record<string, { count: number }>;
};
type CannonOptions = { url: string; connections: number; duration: number; requests?: { method?: string; path: string; headers?: Record<string, string>; onResponse?: (status: number, body: string) => void }[]; headers?: Record<string, string> };
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (options: CannonOptions, done: (error: Error | null, result: CannonResult) => void) => unknown;

export function runCannon(options: CannonOptions): Promise<CannonResult> {
  return new Promise((resolvePromise, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolvePromise(result)));
  });
}

export async function getFreePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
    server.on('error', reject);
  });
}

/** User+system CPU seconds of a process and its children-threads (from /proc). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return ticks / 100; // USER_HZ is 100 on Linux
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export type BenchServer = { url: string; pid: number; dataDir: string; seed: string; command: string; stop: () => Promise<void> };

const root = resolve(import.meta.dirname, '..');

/**
 * Starts the server the way `npm start` does (build into dist/, then the start script's node
 * command) on the KL seed (../shared/seed/kl) if present, else the demo. `checkout`: another
 * checkout of Beretning to run instead (e.g. a `git worktree` of an older commit, to compare
 * before and after in one run); one without scripts/build.ts runs `tsx src/main.ts` as it did.
 */
export async function startBenchServer({ checkout = root, env: extraEnv = {}, cpu }: { checkout?: string; env?: Record<string, string>; cpu?: number } = {}): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'beretning-bench-'));
  const port = await getFreePort();
  const seedDir = resolve(root, '../shared/seed/kl');
  const hasSeed = existsSync(join(seedDir, 'site.json'));
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_CONTENT: hasSeed ? 'off' : 'auto', NODE_ENV: 'production', ...extraEnv };
  if (hasSeed) await run({ args: ['--import', 'tsx', 'src/cli.ts', 'import', seedDir], env, cwd: checkout });
  let args = ['--import', 'tsx', 'src/main.ts'];
  if (existsSync(join(checkout, 'scripts', 'build.ts'))) {
    await run({ args: ['--import', 'tsx', 'scripts/build.ts'], env, cwd: checkout });
    const start = (JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
    // `exec node …` (the start script hands signals to the server) or plain `node …`.
    const words = start.split(/\s+/);
    const [command, ...rest] = words[0] === 'exec' ? words.slice(1) : words;
    if (command !== 'node') throw new Error(`npm start is not a node command: ${start}`);
    args = rest;
  }
  // `cpu`: pinned to that core with taskset, so a load generator on another core does not share it.
  const child = cpu === undefined ? spawn(process.execPath, args, { cwd: checkout, env, stdio: ['ignore', 'inherit', 'inherit'] }) : spawn('taskset', ['-c', String(cpu), process.execPath, ...args], { cwd: checkout, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('server exited early');
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  await waitForIdleQueue(url);
  return { url, pid: child.pid ?? 0, dataDir, seed: hasSeed ? 'KL seed (../shared/seed/kl)' : 'demo content', command: args.join(' '), stop: () => stopChild(child) };
}

/**
 * Waits until the server's job queue is empty (per /metrics): the seed's PDFs are read in the
 * background after start, and a measurement taken meanwhile shares the CPUs with that work and
 * sees the pages change (covers appear) halfway.
 */
async function waitForIdleQueue(url: string): Promise<void> {
  const pending = /^beretning_jobs\{status="(?:queued|running)"\} ([0-9.]+)$/gm;
  for (let i = 0; i < 1200; i++) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const counts = [...text.matchAll(pending)].map((m) => Number(m[1]));
    if (counts.length > 0 && counts.every((n) => n === 0)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the job queue of ${url} did not empty within 5 minutes`);
}

export type Nginx = { url: string; pid: number; stop: () => Promise<void> };

/** nginx (Debian's /usr/sbin/nginx) serving `html` as a static file at / on 127.0.0.1 and a free port, one worker, with a config written here. */
export async function startNginx({ html }: { html: string }): Promise<Nginx> {
  const work = await mkdtemp(join(tmpdir(), 'beretning-nginx-'));
  const port = await getFreePort();
  await writeFile(join(work, 'index.html'), html);
  // nginx's worker runs as nobody when started by root: let it read the folder.
  await chmod(work, 0o755);
  await writeFile(
    join(work, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy; fastcgi_temp_path ${work}/fastcgi; uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
  types { text/html html; }
  server {
    listen 127.0.0.1:${port};
    root ${work};
    location = / { try_files /index.html =404; }
  }
}
`,
  );
  const child = spawn('/usr/sbin/nginx', ['-c', join(work, 'nginx.conf'), '-p', work], { stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    await rm(work, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 50 || child.exitCode !== null) {
      await stopChild(child);
      throw new Error(`nginx did not serve ${work}/index.html (see ${work}/error.log)`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid ?? 0, stop };
}

function run({ args, env, cwd = root }: { args: string[]; env: NodeJS.ProcessEnv; cwd?: string }): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A small seeded random generator (mulberry32), so generated benchmark data is the same in every run. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
