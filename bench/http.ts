// npm run bench:http — cached pages against bare node:http and nginx, all on the same bytes, with wrk.
// Every server runs pinned to CPU 0 (taskset) and `wrk -t1 -c50` runs pinned to CPU 1 (this script
// too), so load generator and server never share a core. Each server's CPU time (user + system) is
// read from /proc/<pid>/stat around each measurement (user + kernel, the user-space part beside it:
// the kernel's part is mostly the socket's reads and writes, which our code does not choose); rounds alternate between the servers, and the
// median of the rounds is printed. Every ratio (÷ bare, ÷ nginx, counted ÷ not, ÷ baseline) is the
// median of each round's own ratio: the machine's speed moves between rounds more than between
// neighbouring rows. Rows:
//   Beretning: cached `/`, a cached report page, a 304 for `/` (If-None-Match), and uncached renders;
//   bare node:http (default Node flags, no framework, reading no request header) answering the same
//     paths with the same status, headers (Date and Connection aside, which Node adds) and body, from
//     Buffers (its 304 at a path of its own, asked with the same If-None-Match, which it does not read);
//   the same bare server run in a worker thread of a third Beretning server (bench/isolate-probe.mjs):
//     the same bytes from a V8 isolate of their own in the application's process, which separates
//     what the isolate costs (Node's HTTP and stream code, shared with the rest of the application)
//     from what the hit path's own code costs;
//   the same bare server after it has passed 30 requests on through node:http's client, as the HTTP
//     front's worker passes on every request it does not answer: what that client costs the hits of
//     the isolate it ran in (it shares the server's outgoing-message, parser and stream code);
//   nginx, 1 worker, the same HTML as static files with the same extra headers (add_header); skipped
//     with a message when /usr/sbin/nginx is missing (apt-get install nginx-light).
//   readership counting (issue #17): the cached report page asked for as a browser would (a browser
//     user agent and another site's Referer, so every hit is counted with device and referrer), from
//     this server and from a second one started with STATISTICS=false, in the same rounds;
// BENCH_ROUNDS (3), BENCH_SECONDS (6), BENCH_CONNECTIONS (50) tune the run. BENCH_BASELINE=<another
// checkout> (e.g. `git worktree add /tmp/before <commit>`, node_modules linked) measures that one's
// cached `/` in the same rounds, for a before and after on the same (shared, noisy) machine.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { childPids, cpuSeconds, cpuTimes, fmt, getRaw as get, headerOf, latestReportYear, runWrk, startBareNode, startBenchServer, startIsolateProbe, startNginx, type BenchServer, type Nginx } from './bench.utils.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SERVER_CPU = 0;
const CLIENT_CPU = 1;

try {
  execFileSync('taskset', ['-p', '-c', String(CLIENT_CPU), String(process.pid)], { stdio: 'ignore' });
} catch {
  process.stderr.write('taskset failed: this script is not pinned\n');
}

type Sample = { rps: number; p99: number; cpuPerRequestUs: number; userPerRequestUs: number; errors: number; bad: number };
type Target = { name: string; url: string; headers?: Record<string, string>; pids: () => number[] };

async function measure(target: Target, duration = seconds): Promise<Sample> {
  const cpu = () => target.pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const user = () => target.pids().reduce((sum, pid) => sum + cpuTimes(pid).user, 0);
  const before = cpu();
  const userBefore = user();
  const result = await runWrk({ url: target.url, connections, seconds: duration, headers: target.headers, cpu: CLIENT_CPU });
  const used = cpu() - before;
  const usedByUser = user() - userBefore;
  const perRequest = (seconds: number) => (seconds / Math.max(1, result.requests)) * 1e6;
  return { rps: result.rps, p99: result.p99Ms, cpuPerRequestUs: perRequest(used), userPerRequestUs: perRequest(usedByUser), errors: result.errors, bad: result.non2xx3xx };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
function summarise(samples: Sample[]): Sample {
  return {
    rps: median(samples.map((s) => s.rps)),
    p99: median(samples.map((s) => s.p99)),
    cpuPerRequestUs: median(samples.map((s) => s.cpuPerRequestUs)),
    userPerRequestUs: median(samples.map((s) => s.userPerRequestUs)),
    errors: samples.reduce((a, s) => a + s.errors, 0),
    bad: samples.reduce((a, s) => a + s.bad, 0),
  };
}

const servers: { stop: () => Promise<void> }[] = [];
const dataDirs: string[] = [];
const startServer = async (args: { checkout?: string; env?: Record<string, string> } = {}): Promise<BenchServer> => {
  const server = await startBenchServer({ ...args, cpu: SERVER_CPU });
  servers.push(server);
  dataDirs.push(server.dataDir);
  return server;
};

try {
  process.stderr.write('starting the server…\n');
  const server = await startServer();
  process.stderr.write(`server up at ${server.url} (${server.command})\n`);
  const uncounted = await startServer({ env: { STATISTICS: 'false' } });
  process.stderr.write(`the same server with STATISTICS=false up at ${uncounted.url}\n`);
  const baselineCheckout = process.env.BENCH_BASELINE;
  const baseline = baselineCheckout ? await startServer({ checkout: baselineCheckout }) : undefined;
  if (baseline) process.stderr.write(`baseline up at ${baseline.url} (${baselineCheckout}: ${baseline.command})\n`);

  const reportPath = `/beretninger/${(await latestReportYear(server.url)) ?? ''}`;
  // The first visit renders and fills the cache; the second is a hit, whose answer is what the references send.
  for (const path of ['/', reportPath]) {
    await get(`${server.url}${path}`);
    await get(`${uncounted.url}${path}`);
    if (baseline) await get(`${baseline.url}${path}`);
  }
  const front = await get(`${server.url}/`);
  const report = await get(`${server.url}${reportPath}`);
  const etag = headerOf(front.headers, 'etag');
  const notModified = await get(`${server.url}/`, { 'if-none-match': etag });
  if (headerOf(front.headers, 'cache-control') === 'private, no-cache' || notModified.status !== 304) throw new Error('the second visit was not a cache hit');

  const bare = await startBareNode({ answers: { '/': { headers: front.headers, body: front.body }, [reportPath]: { headers: report.headers, body: report.body }, '/304': { status: 304, headers: notModified.headers, body: '' } }, cpu: SERVER_CPU });
  servers.push(bare);
  // The same bare server after it has passed a few requests on through node:http's client, as the HTTP front's worker passes on every miss.
  const passer = await startBareNode({ answers: { '/': { headers: front.headers, body: front.body } }, cpu: SERVER_CPU, passesOn: true });
  servers.push(passer);
  for (let i = 0; i < 30; i++) if ((await get(`${passer.url}/__pass${i}`)).status !== 200) throw new Error('the bare server could not pass a request on');
  // The same bare server in a worker thread of a Beretning server: what a hit costs from an isolate of its own in the application's process.
  const probe = await startIsolateProbe({ answers: { '/': { headers: front.headers, body: front.body } }, cpu: SERVER_CPU });
  servers.push(probe);
  dataDirs.push(probe.dataDir);
  // nginx makes its own Content-Type, Content-Length, ETag and Last-Modified; the rest is added as Beretning sends it.
  const nginxOwn = new Set(['content-type', 'content-length', 'etag', 'last-modified', 'accept-ranges', 'server']);
  const extraHeaders: [string, string][] = [];
  for (let i = 0; i < front.headers.length; i += 2) if (!nginxOwn.has((front.headers[i] ?? '').toLowerCase())) extraHeaders.push([front.headers[i] ?? '', front.headers[i + 1] ?? '']);
  let nginx: Nginx | undefined;
  if (existsSync('/usr/sbin/nginx')) {
    nginx = await startNginx({ html: front.body, files: { [reportPath]: report.body }, headers: extraHeaders, cpu: SERVER_CPU });
    servers.push(nginx);
  } else {
    process.stdout.write('nginx is not installed (/usr/sbin/nginx; apt-get install nginx-light): its row is skipped\n');
  }

  const beretning = () => [server.pid];
  const ifNoneMatch = { 'if-none-match': etag };
  // As a browser asks: counted as a view with its device class and referrer domain (wrk's own requests have no User-Agent, which counts as a bot).
  const reader = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', referer: 'https://www.kl.dk/nyheder', 'accept-encoding': 'br' };
  // Each Beretning row right before its bare reference: the machine's speed drifts within a round less between neighbours (the ratios below pair them round by round).
  const targets: Target[] = [
    { name: 'Beretning / (cached)', url: `${server.url}/`, pids: beretning },
    { name: 'bare node:http /', url: `${bare.url}/`, pids: () => [bare.pid] },
    // nginx right after the two it is compared with, so that each round's ratios pair neighbours.
    ...(nginx ? [{ name: 'nginx / (static file)', url: `${nginx.url}/`, pids: () => (nginx ? [nginx.pid, ...childPids(nginx.pid)] : []) }] : []),
    { name: `Beretning ${reportPath} (cached)`, url: `${server.url}${reportPath}`, pids: beretning },
    { name: `bare node:http ${reportPath}`, url: `${bare.url}${reportPath}`, pids: () => [bare.pid] },
    { name: 'Beretning / 304', url: `${server.url}/`, headers: ifNoneMatch, pids: beretning },
    { name: 'bare node:http / 304', url: `${bare.url}/304`, headers: ifNoneMatch, pids: () => [bare.pid] }, // the same request header, which Node parses for both
    { name: 'worker isolate in Beretning /', url: `${probe.probeUrl}/`, pids: () => [probe.pid] },
    { name: 'bare node:http / after passing on', url: `${passer.url}/`, pids: () => [passer.pid] },
    { name: `Beretning ${reportPath} counted`, url: `${server.url}${reportPath}`, headers: reader, pids: beretning },
    { name: `STATISTICS=false ${reportPath}`, url: `${uncounted.url}${reportPath}`, headers: reader, pids: () => [uncounted.pid] },
    ...(baseline ? [{ name: 'baseline / (cached)', url: `${baseline.url}/`, pids: () => [baseline.pid] }] : []),
  ];
  process.stdout.write(
    `Beretning ${server.seed}; / is ${fmt(front.body.length / 1024, 1)} KB with ${fmt(front.headers.length / 2)} headers, ${reportPath} ${fmt(report.body.length / 1024, 1)} KB; ` +
      `servers on CPU ${SERVER_CPU}, wrk -t1 -c${connections} -d${seconds}s on CPU ${CLIENT_CPU}; ${rounds} rounds, alternating; medians (the CPU ratios: medians of each round's ratio)\n`,
  );
  for (const target of targets) await runWrk({ url: target.url, connections, seconds: 1, headers: target.headers, cpu: CLIENT_CPU });
  const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) samples.get(target.name)?.push(await measure(target));
  }
  const results = new Map([...samples].map(([name, s]) => [name, summarise(s)]));
  const line = (name: string, s: Sample) => `${name.padEnd(36)} ${fmt(s.rps).padStart(8)} req/s   p99 ${fmt(s.p99, 2).padStart(6)} ms   ${fmt(s.cpuPerRequestUs, 1).padStart(6)} µs CPU/req (user ${fmt(s.userPerRequestUs, 1).padStart(5)})   socket errors ${s.errors}, non-2xx/3xx ${s.bad}`;
  for (const [name, s] of results) process.stdout.write(`${line(name, s)}\n`);

  // Uncached renders (a query string is never cached), one round: they must not regress either.
  const uncached = [
    { name: 'Beretning /?uncached (render)', url: `${server.url}/?uncached`, pids: beretning },
    { name: `Beretning ${reportPath}?uncached (render)`, url: `${server.url}${reportPath}?uncached`, pids: beretning },
    ...(baseline ? [{ name: 'baseline /?uncached (render)', url: `${baseline.url}/?uncached`, pids: () => [baseline.pid] }] : []),
  ];
  for (const target of uncached) process.stdout.write(`${line(target.name, await measure(target, Math.max(2, Math.round(seconds / 2))))}\n`);

  const get1 = (name: string) => results.get(name);
  // A ratio between two rows: the median of the rounds' own ratios (each round measures both within seconds
  // of each other, so a machine whose speed moves between rounds moves both), not the ratio of the medians.
  const pairedRatio = (a: string, b: string, of: (s: Sample) => number) => {
    const x = samples.get(a) ?? [];
    const y = samples.get(b) ?? [];
    return x.length && x.length === y.length ? fmt(median(x.map((sample, i) => of(sample) / of(y[i] ?? sample))), 2) : '–';
  };
  const cpu = (s: Sample) => s.cpuPerRequestUs;
  const cpuRatio = (a: string, b: string) => pairedRatio(a, b, cpu);
  const userRatio = (a: string, b: string) => pairedRatio(a, b, (s) => s.userPerRequestUs);
  process.stdout.write(
    `CPU per request, Beretning ÷ bare node:http (goal ≤ 1.10): / ${cpuRatio('Beretning / (cached)', 'bare node:http /')}, ${reportPath} ${cpuRatio(`Beretning ${reportPath} (cached)`, `bare node:http ${reportPath}`)}, 304 ${cpuRatio('Beretning / 304', 'bare node:http / 304')}\n`,
  );
  // The kernel's part is mostly the socket's reads and writes (it moves with how many requests each wakeup brings): user space alone is what the servers' own code costs.
  process.stdout.write(
    `User-space CPU per request only, Beretning ÷ bare node:http: / ${userRatio('Beretning / (cached)', 'bare node:http /')}, ${reportPath} ${userRatio(`Beretning ${reportPath} (cached)`, `bare node:http ${reportPath}`)}, 304 ${userRatio('Beretning / 304', 'bare node:http / 304')}\n`,
  );
  // How much a bare server's hit costs once node:http's client has run in its isolate (the client shares the server's outgoing-message, parser and stream code, whose inline caches then see both).
  process.stdout.write(
    `Bare node:http after passing 30 requests on through node:http's client ÷ bare node:http, CPU per request: ${cpuRatio('bare node:http / after passing on', 'bare node:http /')} (user space ${userRatio('bare node:http / after passing on', 'bare node:http /')}); Beretning's cached / ÷ that: ${cpuRatio('Beretning / (cached)', 'bare node:http / after passing on')}\n`,
  );
  // How much of the gap is the isolate the hit runs in (Node's shared HTTP and stream code, which the whole application also runs through) and how much the hit path's own code.
  process.stdout.write(
    `Bare node:http in a worker thread of a Beretning server (an isolate of its own) ÷ bare node:http, CPU per request: ${cpuRatio('worker isolate in Beretning /', 'bare node:http /')} (user space ${userRatio('worker isolate in Beretning /', 'bare node:http /')}); Beretning's cached / ÷ that: ${cpuRatio('Beretning / (cached)', 'worker isolate in Beretning /')}\n`,
  );
  const rps = (s: Sample) => s.rps;
  const p99 = (s: Sample) => Math.max(0.001, s.p99);
  const counted = `Beretning ${reportPath} counted`;
  const notCounted = `STATISTICS=false ${reportPath}`;
  if (get1(counted) && get1(notCounted)) {
    process.stdout.write(`Readership counting, ${reportPath} as a browser asks, counted ÷ STATISTICS=false (goal within 5 %): CPU per request ${cpuRatio(counted, notCounted)}, req/s ${pairedRatio(counted, notCounted, rps)}, p99 ${pairedRatio(counted, notCounted, p99)}×\n`);
  }
  const n = 'Beretning / (cached)';
  const x = 'nginx / (static file)';
  const b = 'bare node:http /';
  // Paired by round as the ratios above (nginx is measured right after Beretning's / and the bare server's).
  // Requests per CPU-second ÷ nginx's is nginx's CPU per request ÷ ours.
  if (get1(n) && get1(x) && get1(b)) {
    process.stdout.write(
      `Beretning / ÷ nginx (goals ≥ 1.00, ≥ 1.00, ≤ 1.00): req/s ${pairedRatio(n, x, rps)}, req per CPU-second ${cpuRatio(x, n)}, p99 ${pairedRatio(n, x, p99)}×; ` +
        `bare node:http ÷ nginx: req/s ${pairedRatio(b, x, rps)}, req per CPU-second ${cpuRatio(x, b)}, p99 ${pairedRatio(b, x, p99)}×\n`,
    );
  }
  const before = 'baseline / (cached)';
  if (get1(n) && get1(before)) {
    process.stdout.write(`Now ÷ baseline, cached /: req/s ${pairedRatio(n, before, rps)}, CPU per request ${cpuRatio(n, before)}, p99 ${pairedRatio(n, before, p99)}×; baseline ÷ bare node:http CPU per request ${cpuRatio(before, b)}\n`);
  }
} finally {
  for (const server of servers.reverse()) await server.stop();
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
}
