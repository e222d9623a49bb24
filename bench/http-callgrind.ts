// npx tsx bench/http-callgrind.ts — user-space instructions per cached hit, counted by valgrind's
// callgrind: repeatable on a shared, noisy machine where CPU time is not. Starts the server as
// `npm start` does under callgrind (instrumentation off until the pages are warm), and the bare
// node:http reference with the same answers; for each, sends CALLGRIND_WARM (20,000) requests for
// the JIT to settle, turns counting on, sends CALLGRIND_SETTLE (10,000) more on new connections,
// zeroes the counters, sends CALLGRIND_REQUESTS (5,000) more over 10 keep-alive connections and
// divides the instructions by them. Prints the counts per request (without V8's optimising
// compiler, shown apart) and their ratio, and leaves each dump in a temporary folder for
// `callgrind_annotate`.
// It also counts a second bare server that has used file streams, zlib and a child process once before
// listening, as Beretning has: Node's shared stream code has then seen more classes (see startBareNode).
// BENCH_NODE_FLAGS="--optimize-for-size" (space-separated) replaces the server's node flags.
// CALLGRIND_PAGE=report: count the latest report's cached page instead of / (both servers).
// CALLGRIND_BARE_PASSED=1: also count the bare server that has used streams after it has passed 30
// requests on to another server through node:http's client, as the HTTP front's worker passes on what
// it does not answer: what that costs a hit (README, nineteenth session). CALLGRIND_BARE_ONLY=1: count
// the bare servers only.
// CG_THREADS=1: callgrind counts each thread apart; prints each thread's instructions per request
// (the HTTP front's is the largest, the app's thread is the first: its timers, e.g. the job queue's
// poll each second, fall on 50× fewer requests under valgrind than in real time).
// CALLGRIND_PAGE=304: count a 304 for / (If-None-Match with its ETag; the bare server answers the same
// 304 at / to the same request, without reading the header).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, getRaw as get, headerOf, latestReportYear, runCannon, startBareNode, startBenchServer } from './bench.utils.js';

const warm = Number(process.env.CALLGRIND_WARM ?? 20000);
const count = Number(process.env.CALLGRIND_REQUESTS ?? 5000);
// Requests on new connections after the warm-up's have closed, instrumented but not counted: in
// Beretning's front V8 then deoptimises Node's HTTP and stream code once (wrong map, --trace-deopt)
// and compiles it again; with 500 of them that recompiling, and the unoptimised code running
// meanwhile, fell in the counted window (16,800 instructions of compiler per request, against the
// bare servers' 1,400). Once per process, so not what a hit costs.
const settle = Number(process.env.CALLGRIND_SETTLE ?? 10000);
const out = await mkdtemp(join(tmpdir(), 'beretning-callgrind-'));
// CALLGRIND_CACHE=1: also simulate the caches and branch predictor (valgrind's model of them, not
// this CPU's): misses per request tell whether equal instruction counts can still cost unequal time.
const simulate = process.env.CALLGRIND_CACHE === '1' ? ['--cache-sim=yes', '--branch-sim=yes'] : [];
const valgrind = (name: string) => ['valgrind', '--tool=callgrind', '--smc-check=all-non-file', '--instr-atstart=no', ...(process.env.CG_THREADS ? ['--separate-threads=yes'] : []), ...simulate, `--callgrind-out-file=${join(out, `${name}.%p`)}`];

/**
 * A callgrind_control command to the server. Valgrind takes commands only while the process runs
 * code, and an idle server sleeps in epoll: one request every 100 ms wakes it until the command is
 * done. Returns how many of those requests were answered (they are counted too, at most one or two).
 */
async function control({ args, url, pid, host }: { args: string[]; url: string; pid: number; host?: string }): Promise<number> {
  // vgdb names its pipes after $HOST; the server runs with HOST=127.0.0.1 (its listen address).
  const env = { ...process.env };
  if (host === undefined) delete env.HOST;
  else env.HOST = host;
  const child = spawn('callgrind_control', [...args, String(pid)], { stdio: 'ignore', env });
  let done = false;
  const exited = new Promise<void>((resolvePromise) => child.on('close', () => resolvePromise()));
  void exited.then(() => (done = true));
  let pokes = 0;
  while (!done) {
    await Promise.race([exited, new Promise((r) => setTimeout(r, 100))]);
    if (!done) {
      await get(url);
      pokes += 1;
    }
  }
  return pokes;
}

async function count1({ name, url, pid, host, headers }: { name: string; url: string; pid: number; host?: string; headers?: Record<string, string> }): Promise<number> {
  // Warm with instrumentation off (faster): V8 has optimised the hot code before counting begins,
  // else its compiler's work (on background threads, which callgrind counts too) is most of the count.
  await runCannon({ url, connections: 10, duration: 600, amount: warm, headers });
  await control({ args: ['-i', 'on'], url, pid, host });
  await runCannon({ url, connections: 10, duration: 600, amount: settle, headers });
  await control({ args: ['-z'], url, pid, host });
  const result = await runCannon({ url, connections: 10, duration: 600, amount: count, headers });
  const pokes = await control({ args: ['-d'], url, pid, host });
  const dumps = (await readdir(out)).filter((f) => f.startsWith(`${name}.${pid}`)).sort();
  // With CG_THREADS, one file per thread for the last dump (`name.pid.N-TT`): the process is their sum.
  const dump = /^(.*\.\d+)-\d+$/.exec(dumps.filter((f) => /\.\d+-\d+$/.test(f)).at(-1) ?? '')?.[1] ?? '';
  const threadFiles = process.env.CG_THREADS ? dumps.filter((f) => f.startsWith(`${dump}-`)) : [];
  const files = threadFiles.length ? threadFiles : [dumps.at(-1) ?? ''];
  const last = threadFiles.length ? `${dump}-*` : files[0] ?? '';
  const texts = await Promise.all(files.map((file) => readFile(join(out, file), 'utf8')));
  const fileTotals = texts.map((text) => (/^(?:summary|totals):\s+([\d ]+)/m.exec(text)?.[1] ?? '0').trim().split(/\s+/).map(Number));
  const totals: number[] = [];
  for (const values of fileTotals) values.forEach((value, i) => (totals[i] = (totals[i] ?? 0) + value));
  if (threadFiles.length) {
    const perThread = threadFiles.flatMap((file, i) => ((fileTotals[i]?.[0] ?? 0) > 0 ? [`thread ${file.slice(dump.length + 1)}: ${fmt((fileTotals[i]?.[0] ?? 0) / (result.requests.total + 1))}`] : []));
    process.stdout.write(`${name.padEnd(28)} per thread, instructions per request (V8's compiler included): ${perThread.join(', ')}\n`);
  }
  const total = totals[0] ?? 0;
  if (simulate.length) {
    const events = (/^events:\s+(.+)$/m.exec(texts[0] ?? '')?.[1] ?? '').trim().split(/\s+/);
    process.stdout.write(`${name.padEnd(28)} per request: ${events.map((e, i) => `${e} ${fmt((totals[i] ?? 0) / Math.max(1, result.requests.total + 1))}`).join(', ')}\n`);
  }
  // The dump may have come during the last poke: it is counted as answered (one request in thousands).
  const answered = result.requests.total + pokes;
  // V8's optimising compiler still runs now and then on background threads (callgrind counts every
  // thread), more in one process than another: shown apart, and left out of the ratios.
  const compiling = files.reduce((sum, file) => sum + compilerInstructions(join(out, file)), 0);
  process.stdout.write(`${name.padEnd(28)} ${fmt((total - compiling) / Math.max(1, answered)).padStart(8)} instructions per request, and ${fmt(compiling / Math.max(1, answered))} more of V8's optimising compiler (${fmt(answered)} requests, non-2xx ${result.non2xx}; ${join(out, last)})\n`);
  return (total - compiling) / Math.max(1, answered);
}

/** Instructions spent in V8's optimising compilers (TurboFan, Maglev), per callgrind_annotate's per-function totals. */
function compilerInstructions(file: string): number {
  const listing = execFileSync('callgrind_annotate', ['--threshold=100', '--show=Ir', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  let sum = 0;
  for (const line of listing.split('\n')) {
    const match = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (match && !line.includes('PROGRAM TOTALS') && /compiler::|maglev::|CompilationJob/.test(match[2] ?? '')) sum += Number((match[1] ?? '0').replace(/,/g, ''));
  }
  return sum;
}

// CALLGRIND_STATISTICS=1: readership counting's cost instead (issue #17): the cached report page asked
// for as a browser would (user agent, another site's Referer), by a server with STATISTICS=true and
// one with STATISTICS=false, CALLGRIND_SERVERS of each, alternating.
if (process.env.CALLGRIND_STATISTICS === '1') {
  const reader = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', referer: 'https://www.kl.dk/nyheder', 'accept-encoding': 'br' };
  const counts: Record<'true' | 'false', number[]> = { true: [], false: [] };
  for (let i = 0; i < Number(process.env.CALLGRIND_SERVERS ?? 1); i++) {
    for (const statistics of ['true', 'false'] as const) {
      const server = await startBenchServer({ wrapper: valgrind(`statistics-${statistics}`), env: { STATISTICS: statistics } });
      try {
        const url = `${server.url}/beretninger/${(await latestReportYear(server.url)) ?? ''}`;
        await get(url);
        counts[statistics].push(await count1({ name: `statistics-${statistics}`, url, pid: server.pid, host: '127.0.0.1', headers: reader }));
      } finally {
        await server.stop();
      }
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  process.stdout.write(`STATISTICS=true ÷ STATISTICS=false, instructions per cached report page (goal ≤ 1.05): ${fmt(median(counts.true) / median(counts.false), 3)} (medians of ${counts.true.length} servers each)\n`);
  process.exit(0);
}

// BENCH_BASELINE=<another checkout>: count that one instead (a before). CALLGRIND_SERVERS=3: start
// Beretning that many times (V8's compiled code differs between processes: the spread is the figure).
const servers = Number(process.env.CALLGRIND_SERVERS ?? 1);
// CALLGRIND_BROWSER=1: every request carries the headers a browser sends (Firefox's, for a link followed from another site).
const requestHeaders: Record<string, string> | undefined =
  process.env.CALLGRIND_BROWSER === '1'
    ? {
        'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        'Accept-Language': 'da,en-US;q=0.7,en;q=0.3',
        'Accept-Encoding': 'gzip, deflate, br, zstd',
        Referer: 'https://www.kl.dk/nyheder',
        'Upgrade-Insecure-Requests': '1',
        'Sec-Fetch-Dest': 'document',
        'Sec-Fetch-Mode': 'navigate',
        'Sec-Fetch-Site': 'cross-site',
        'Sec-Fetch-User': '?1',
        Priority: 'u=0, i',
      }
    : undefined;
const page = process.env.CALLGRIND_PAGE; // 'report', '304', or / by default
const notModified = page === '304';
const counts: number[] = [];
let bareCount = 0;
let usedCount = 0;
let passedCount = 0;
const bareOnly = process.env.CALLGRIND_BARE_ONLY === '1';
for (let i = 0; i < servers; i++) {
  const server = await startBenchServer({ wrapper: bareOnly ? [] : valgrind('beretning'), ...(process.env.BENCH_BASELINE ? { checkout: process.env.BENCH_BASELINE } : {}) });
  try {
    const path = page === 'report' ? `/beretninger/${(await latestReportYear(server.url)) ?? ''}` : '/';
    await get(`${server.url}${path}`);
    let front = await get(`${server.url}${path}`);
    const headers = requestHeaders ? { ...requestHeaders } : {};
    if (notModified) {
      const etag = headerOf(front.headers, 'etag');
      headers['If-None-Match'] = etag;
      front = { ...(await get(`${server.url}${path}`, { 'if-none-match': etag })), body: '' };
      if (front.status !== 304) throw new Error(`If-None-Match: ${etag} was answered ${front.status}, not 304`);
    }
    if (i === 0) process.stdout.write(`server: node ${server.command}; bare node:http: node -e … (default flags); both under callgrind; page ${path}${notModified ? ' (304)' : ''}\n`);
    if (!bareOnly) counts.push(await count1({ name: 'beretning', url: `${server.url}${path}`, pid: server.pid, host: '127.0.0.1', headers }));
    if (i === 0) {
      // At the same path: a longer URL costs llhttp and the path's hash more.
      const bare = await startBareNode({ answers: { [path]: { status: front.status, headers: front.headers, body: front.body } }, wrapper: valgrind('bare') });
      try {
        bareCount = await count1({ name: 'bare', url: `${bare.url}${path}`, pid: bare.pid, headers });
      } finally {
        await bare.stop();
      }
      // The same bare server after it has used file streams, zlib and a child process once (as Beretning has).
      const used = await startBareNode({ answers: { [path]: { status: front.status, headers: front.headers, body: front.body } }, wrapper: valgrind('bare-streams'), usesStreams: true });
      try {
        usedCount = await count1({ name: 'bare-streams', url: `${used.url}${path}`, pid: used.pid, headers });
      } finally {
        await used.stop();
      }
      if (process.env.CALLGRIND_BARE_PASSED === '1') {
        const passed = await startBareNode({ answers: { [path]: { status: front.status, headers: front.headers, body: front.body } }, wrapper: valgrind('bare-passed'), usesStreams: true, passesOn: true });
        try {
          for (let k = 0; k < 30; k++) await get(`${passed.url}/__pass${k}`);
          passedCount = await count1({ name: 'bare-passed', url: `${passed.url}${path}`, pid: passed.pid, headers });
        } finally {
          await passed.stop();
        }
      }
    }
  } finally {
    await server.stop();
  }
}
if (!bareOnly) {
  process.stdout.write(`Beretning ÷ bare node:http, instructions per cached ${page === 'report' ? 'report page' : notModified ? '/ answered 304' : '/'}: ${counts.map((c) => fmt(c / bareCount, 2)).join(', ')}${servers > 1 ? ' (one per server process)' : ''}\n`);
  process.stdout.write(`Beretning ÷ bare node:http that has used file streams, zlib and a child process once: ${counts.map((c) => fmt(c / usedCount, 2)).join(', ')}\n`);
}
process.stdout.write(`the bare server that has used file streams, zlib and a child process once ÷ bare: ${fmt(usedCount / bareCount, 2)}\n`);
if (passedCount) process.stdout.write(`the bare server that has used streams and passed requests on through node:http's client ÷ the one that has used streams: ${fmt(passedCount / usedCount, 3)}\n`);
