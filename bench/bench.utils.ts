// Shared helpers for the benchmarks: a real server on the seed content, nginx, autocannon, /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { request as httpRequest } from 'node:http';
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
type CannonOptions = { url: string; connections: number; duration: number; amount?: number; requests?: { method?: string; path: string; headers?: Record<string, string>; onResponse?: (status: number, body: string) => void }[]; headers?: Record<string, string> };
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
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/** User and kernel CPU seconds of a process (all its threads), from /proc/<pid>/stat. */
export function cpuTimes(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime; USER_HZ is 100 on Linux
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
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

/** Builds `dist/` of a checkout as `npm start` does, unless BENCH_SKIP_BUILD=1 says it is current (two benchmarks building at once would empty each other's dist/). */
export async function buildDist({ checkout = root, env = process.env }: { checkout?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1' || !existsSync(join(checkout, 'dist', 'main.js'))) await run({ args: ['--import', 'tsx', 'scripts/build.ts'], env, cwd: checkout });
}

/**
 * Starts the server the way `npm start` does (build into dist/, then the start script's node
 * command; BENCH_NODE_FLAGS="--flag …" replaces its node flags for this checkout, e.g. to compare memory settings) on the KL seed (../shared/seed/kl) if present, else the demo. `checkout`: another
 * checkout of Beretning to run instead (e.g. a `git worktree` of an older commit, to compare
 * before and after in one run); one without scripts/build.ts runs `tsx src/main.ts` as it did.
 */
export async function startBenchServer({ checkout = root, env: extraEnv = {}, cpu, wrapper = [], nodeArgs }: { checkout?: string; env?: Record<string, string>; cpu?: number; wrapper?: string[]; nodeArgs?: (startArgs: string[]) => string[] } = {}): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'beretning-bench-'));
  const port = await getFreePort();
  const seedDir = resolve(root, '../shared/seed/kl');
  const hasSeed = existsSync(join(seedDir, 'site.json'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_CONTENT: hasSeed ? 'off' : 'auto', NODE_ENV: 'production', ...extraEnv };
  if (hasSeed) await run({ args: ['--import', 'tsx', 'src/cli.ts', 'import', seedDir], env, cwd: checkout });
  let args = ['--import', 'tsx', 'src/main.ts'];
  if (existsSync(join(checkout, 'scripts', 'build.ts'))) {
    await buildDist({ checkout, env });
    const start = (JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
    // `exec node …` (the start script hands signals to the server) or plain `node …`, after any `NAME=value` it sets for the process (MALLOC_ARENA_MAX).
    let words = start.split(/\s+/);
    while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) {
      const [name = '', value = ''] = (words[0] ?? '').split('=');
      if (process.env[name] === undefined) env[name] = value;
      words = words.slice(1);
    }
    const [command, ...rest] = words[0] === 'exec' ? words.slice(1) : words;
    if (command !== 'node') throw new Error(`npm start is not a node command: ${start}`);
    args = rest;
  }
  const flags = process.env.BENCH_NODE_FLAGS;
  if (!nodeArgs && flags !== undefined && checkout === root) nodeArgs = (startArgs) => [...flags.split(/\s+/).filter(Boolean), ...startArgs.filter((a) => !a.startsWith('--'))];
  // `nodeArgs`: other node flags than the start script's (e.g. to measure a memory flag). `wrapper`: a command the server runs under (valgrind …).
  if (nodeArgs) args = nodeArgs(args);
  // `cpu`: pinned to that core with taskset, so a load generator on another core does not share it.
  const command = [...(cpu === undefined ? [] : ['taskset', '-c', String(cpu)]), ...wrapper, process.execPath, ...args];
  const child = spawn(command[0] ?? process.execPath, command.slice(1), { cwd: checkout, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('server exited early');
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (i > (wrapper.length ? 3000 : 300)) throw new Error('server did not start');
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

/** A header's value in a raw header list (names and values alternating), by its lower-case name; '' when absent. */
export const headerOf = (raw: string[], name: string) => raw[raw.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === name) + 1] ?? '';

/** The year of the newest report a running server publishes (its API lists the newest first), or undefined when it has none. */
export async function latestReportYear(serverUrl: string): Promise<number | undefined> {
  const reports = (await (await fetch(`${serverUrl}/api/v1/reports`)).json()) as { items: { year: number }[] };
  return reports.items[0]?.year;
}

export type Nginx = { url: string; pid: number; stop: () => Promise<void> };

/**
 * nginx (Debian's /usr/sbin/nginx) serving `html` as a static file at / on 127.0.0.1 and a free port, one worker, with a config written here.
 * `files`: more static files by URL path (e.g. '/beretninger/2020' → its HTML). `headers`: sent with every answer (`add_header … always`),
 * so nginx puts the same header bytes on the wire as the server it is compared with. `cpu`: pinned to that core with taskset.
 */
export async function startNginx({ html, files = {}, headers = [], cpu }: { html: string; files?: Record<string, string>; headers?: [string, string][]; cpu?: number }): Promise<Nginx> {
  const work = await mkdtemp(join(tmpdir(), 'beretning-nginx-'));
  const port = await getFreePort();
  await writeFile(join(work, 'index.html'), html);
  const locations: string[] = [];
  for (const [i, [path, content]] of Object.entries(files).entries()) {
    await writeFile(join(work, `file-${i}.html`), content);
    locations.push(`location = ${path} { default_type text/html; try_files /file-${i}.html =404; }`);
  }
  // nginx strings in double quotes: the values are header values (no newline), a double quote or backslash escaped.
  const added = headers.map(([name, value]) => `add_header ${name} "${value.replace(/[\\"]/g, (c) => `\\${c}`)}" always;`).join('\n    ');
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
    ${locations.join('\n    ')}
    ${added}
  }
}
`,
  );
  const nginxArgs = ['-c', join(work, 'nginx.conf'), '-p', work];
  const child = cpu === undefined ? spawn('/usr/sbin/nginx', nginxArgs, { stdio: ['ignore', 'inherit', 'inherit'] }) : spawn('taskset', ['-c', String(cpu), '/usr/sbin/nginx', ...nginxArgs], { stdio: ['ignore', 'inherit', 'inherit'] });
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

export type WrkResult = { rps: number; p99Ms: number; requests: number; errors: number; non2xx3xx: number; output: string };

/**
 * wrk (Debian's `wrk`), pinned with taskset to `cpu` so it does not share the server's core:
 * `-t1 -c<connections> -d<seconds>s --latency`. Throws with how to install it when it is missing.
 */
export function runWrk({ url, connections, seconds, headers = {}, cpu = 1 }: { url: string; connections: number; seconds: number; headers?: Record<string, string>; cpu?: number }): Promise<WrkResult> {
  const args = ['-c', String(cpu), 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]), url];
  return new Promise((resolvePromise, reject) => {
    const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code} (is it installed? apt-get install wrk): ${output}`));
      const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
      const p99 = /99%\s+([\d.]+)(us|ms|s)\b/.exec(output);
      const p99Ms = p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : 0;
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
      const errors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
      resolvePromise({ rps: number(/Requests\/sec:\s+([\d.]+)/), p99Ms, requests: number(/(\d+) requests in/), errors, non2xx3xx: number(/Non-2xx or 3xx responses: (\d+)/), output });
    });
  });
}

/**
 * The reference: a bare `node:http` server (no framework, default Node flags) answering each path
 * with the given status, raw header array and body from a Buffer, pinned to `cpu`. It reads no
 * request header (a 304 is a path of its own), as the least any server can do.
 */
/**
 * Run by the bare server before it listens, with `usesStreams: true`: it reads and writes a file with
 * fs streams, compresses with zlib's callback API and runs a child process once each, as any server
 * that serves files, compresses pages or runs tools does. Node's stream and event functions are
 * shared by all of those: afterwards their inline caches have seen several classes of stream (and
 * sockets of several shapes), as they have in Beretning, and V8 never makes them fast again.
 */
const BARE_STREAMS_PRELUDE = `
const { createReadStream, createWriteStream, rmSync } = require('node:fs');
const { gzip, brotliCompress } = require('node:zlib');
const { execFile } = require('node:child_process');
const { Readable } = require('node:stream');
const scratch = require('node:path').join(require('node:os').tmpdir(), 'beretning-bare-' + process.pid);
const out = createWriteStream(scratch);
out.end(Buffer.alloc(65536, 1), () => createReadStream(scratch).on('data', () => {}).on('end', () => rmSync(scratch, { force: true })));
gzip(Buffer.alloc(4096, 2), () => {});
brotliCompress(Buffer.alloc(4096, 3), () => {});
execFile(process.execPath, ['-e', 'process.stdout.write("x")'], () => {});
Readable.from(['a', 'b']).on('data', () => {});
`;

/**
 * Run by the bare server before it listens, with `passesOn: true`: it starts a small node:http server
 * on a Unix socket in a child process and passes every request for `/__pass…` on to it through
 * node:http's client (kept-alive agent, bodies piped both ways), as the HTTP front's worker passes on
 * what it does not answer (cache.front.worker.ts). Ask it for a few such paths before measuring.
 */
const BARE_PASS_PRELUDE = `
const http = require('node:http');
const upstreamSocket = require('node:path').join(require('node:os').tmpdir(), 'beretning-bare-upstream-' + process.pid + '.sock');
const upstream = require('node:child_process').spawn(process.execPath, ['-e', 'require("node:http").createServer((q, s) => { s.writeHead(200, { "content-type": "text/plain" }); s.end("passed on"); }).listen(' + JSON.stringify(upstreamSocket) + ')'], { stdio: 'ignore' });
process.on('exit', () => upstream.kill());
process.on('SIGTERM', () => process.exit(0)); // stopChild's signal: without it Node exits without 'exit' listeners and the upstream is left running
const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo' });
const passOn = (req, res) => {
  const outgoing = http.request({ socketPath: upstreamSocket, method: req.method, path: req.url, headers: req.rawHeaders, agent, setHost: false }, (answer) => {
    res.writeHead(answer.statusCode, answer.statusMessage, answer.rawHeaders.filter((_, i, all) => !/^(connection|keep-alive|transfer-encoding)$/i.test(all[i - (i % 2)])));
    answer.pipe(res);
  });
  outgoing.on('error', () => { res.writeHead(502); res.end(); });
  req.pipe(outgoing);
};
`;

type BareAnswers = Record<string, { status?: number; headers: string[]; body: string }>;

/**
 * Writes the bare server (a CommonJS file) and its answers into a new temporary folder. It listens on
 * `port`; on port 0 it takes a free one and writes its number to `<folder>/port`.
 */
async function writeBareServer({ answers, port, usesStreams = false, passesOn = false }: { answers: BareAnswers; port: number; usesStreams?: boolean; passesOn?: boolean }): Promise<{ work: string; file: string }> {
  const work = await mkdtemp(join(tmpdir(), 'beretning-bare-'));
  await writeFile(join(work, 'answers.json'), JSON.stringify(answers));
  const source = `${usesStreams ? BARE_STREAMS_PRELUDE : ''}${passesOn ? BARE_PASS_PRELUDE : 'const passOn = undefined;'}
const { createServer } = require('node:http');
const answers = new Map(Object.entries(require(${JSON.stringify(join(work, 'answers.json'))})).map(([path, a]) => [path, { status: a.status ?? 200, headers: a.headers, body: a.body ? Buffer.from(a.body, 'utf8') : undefined }]));
createServer((req, res) => {
  if (passOn && req.url.startsWith('/__pass')) return passOn(req, res);
  const answer = answers.get(req.url);
  if (!answer) { res.writeHead(404); res.end(); return; }
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}).listen(${port}, '127.0.0.1', function () {
  if (${port} === 0) require('node:fs').writeFileSync(${JSON.stringify(join(work, 'port'))}, String(this.address().port));
});
`;
  const file = join(work, 'bare-server.cjs');
  await writeFile(file, source);
  return { work, file };
}

/** Whether `url` answers within about `tries` tenths of a second; false sooner when `exited()` says the process is gone. */
async function waitUntilUp({ url, tries, exited }: { url: string; tries: number; exited: () => boolean }): Promise<boolean> {
  for (let i = 0; ; i++) {
    if (await fetch(url).then(() => true, () => false)) return true;
    if (i > tries || exited()) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startBareNode({ answers, cpu, wrapper = [], usesStreams = false, passesOn = false }: { answers: BareAnswers; cpu?: number; wrapper?: string[]; usesStreams?: boolean; passesOn?: boolean }): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await getFreePort();
  const { work, file } = await writeBareServer({ answers, port, usesStreams, passesOn });
  // BARE_NODE_FLAGS (space-separated): node flags for the bare server too (e.g. --perf-basic-prof, to name its compiled code in a profile).
  const flags = (process.env.BARE_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const command = [...(cpu === undefined ? [] : ['taskset', '-c', String(cpu)]), ...wrapper, process.execPath, ...flags, file];
  const child = spawn(command[0] ?? process.execPath, command.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  if (!(await waitUntilUp({ url: `${url}/`, tries: wrapper.length ? 1200 : 50, exited: () => child.exitCode !== null }))) {
    await stopChild(child);
    await rm(work, { recursive: true, force: true });
    throw new Error('the bare node:http server did not start');
  }
  // With passesOn, its upstream (a child process) may still be starting: 502 until it listens.
  for (let tries = 0; passesOn && (await getRaw(`${url}/__pass`)).status !== 200; tries++) {
    if (tries > 50) {
      await stopChild(child);
      await rm(work, { recursive: true, force: true });
      throw new Error('the bare server could not pass a request on');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop: async () => {
      await stopChild(child);
      await rm(work, { recursive: true, force: true });
    },
  };
}

/**
 * The bare `node:http` server of startBareNode, run in a worker thread inside a Beretning server
 * (`bench/isolate-probe.mjs`, loaded with `node --import`): the same bytes answered from a V8
 * isolate of its own, in Beretning's process, next to a whole running application. `url` is the
 * worker's server, `pid` Beretning's (its CPU time counts every thread).
 */
export async function startIsolateProbe({ answers, cpu }: { answers: BareAnswers; cpu?: number }): Promise<BenchServer & { probeUrl: string }> {
  // Port 0: a port chosen here could be the one startBenchServer chooses for the server itself.
  const { work, file } = await writeBareServer({ answers, port: 0 });
  const server = await startBenchServer({ cpu, env: { BENCH_ISOLATE_PROBE: file }, nodeArgs: (args) => ['--import', join(root, 'bench', 'isolate-probe.mjs'), ...args] });
  const portFile = join(work, 'port');
  for (let i = 0; i < 50 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 100));
  const probeUrl = `http://127.0.0.1:${existsSync(portFile) ? readFileSync(portFile, 'utf8') : 0}`;
  if (!existsSync(portFile) || !(await waitUntilUp({ url: `${probeUrl}/`, tries: 50, exited: () => false }))) {
    await server.stop();
    await rm(work, { recursive: true, force: true });
    throw new Error('the worker thread of bench/isolate-probe.mjs did not start');
  }
  return {
    ...server,
    probeUrl,
    stop: async () => {
      await server.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** Status, raw headers in the order sent (without Date, Connection and Keep-Alive, which every Node server adds itself) and body of one GET. */
export function getRaw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: string[]; body: string }> {
  return new Promise((resolvePromise, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i] ?? '';
          if (!['date', 'connection', 'keep-alive'].includes(name.toLowerCase())) raw.push(name, res.rawHeaders[i + 1] ?? '');
        }
        resolvePromise({ status: res.statusCode ?? 0, headers: raw, body: Buffer.concat(chunks).toString('utf8') });
      });
    })
      .on('error', reject)
      .end();
  });
}
