// npm run bench:http — the cached report page against nginx serving the same HTML as a static file.
// BENCH_ROUNDS (3), BENCH_SECONDS (5), BENCH_CONNECTIONS (50) tune the run. BENCH_BASELINE=<another
// checkout> (e.g. `git worktree add /tmp/before <commit>`) runs that one too, in the same rounds,
// so before and after are measured on the same (shared, noisy) machine at the same time.
import { rm } from 'node:fs/promises';
import { childPids, cpuSeconds, fmt, runCannon, startBenchServer, startNginx, type Nginx } from './bench.utils.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

type Sample = { rps: number; p99: number; cpuPerRequestUs: number; errors: number; non2xx: number };

async function measure({ url, path, pids }: { url: string; path: string; pids: () => number[] }): Promise<Sample> {
  const before = pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const result = await runCannon({ url: `${url}${path}`, connections, duration: seconds });
  const cpu = pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0) - before;
  return { rps: result.requests.average, p99: result.latency.p99, cpuPerRequestUs: (cpu / Math.max(1, result.requests.total)) * 1e6, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
function summarise(samples: Sample[]): Sample {
  return {
    rps: median(samples.map((s) => s.rps)),
    p99: median(samples.map((s) => s.p99)),
    cpuPerRequestUs: median(samples.map((s) => s.cpuPerRequestUs)),
    errors: samples.reduce((a, s) => a + s.errors, 0),
    non2xx: samples.reduce((a, s) => a + s.non2xx, 0),
  };
}

process.stderr.write('starting the server…\n');
const server = await startBenchServer();
process.stderr.write(`server up at ${server.url} (${server.command})\n`);
const baselineCheckout = process.env.BENCH_BASELINE;
const baseline = baselineCheckout ? await startBenchServer({ checkout: baselineCheckout }) : undefined;
if (baseline) {
  process.stderr.write(`baseline up at ${baseline.url} (${baselineCheckout}: ${baseline.command})\n`);
  await fetch(`${baseline.url}/`);
}
const html = await (await fetch(`${server.url}/`)).text();
await fetch(`${server.url}/`); // the second visit is served from the cache
let nginx: Nginx;
try {
  nginx = await startNginx({ html });
} catch (error) {
  await server.stop();
  throw error;
}
const nginxUrl = nginx.url;
const nginxPids = () => [nginx.pid, ...childPids(nginx.pid)];
const nodePids = () => [server.pid];

const year = /href="\/beretninger\/(\d{4})"/.exec(html)?.[1] ?? '';
process.stdout.write(`Beretning ${server.seed}; / is ${fmt(html.length / 1024, 1)} KB; ${rounds} rounds × ${seconds} s, ${connections} connections, alternating\n`);

// Warm all.
await runCannon({ url: `${server.url}/`, connections, duration: 1 });
await runCannon({ url: `${nginxUrl}/`, connections, duration: 1 });
if (baseline) await runCannon({ url: `${baseline.url}/`, connections, duration: 1 });

const node: Sample[] = [];
const ng: Sample[] = [];
const before: Sample[] = [];
for (let round = 0; round < rounds; round++) {
  node.push(await measure({ url: server.url, path: '/', pids: nodePids }));
  ng.push(await measure({ url: nginxUrl, path: '/', pids: nginxPids }));
  if (baseline) before.push(await measure({ url: baseline.url, path: '/', pids: () => [baseline.pid] }));
}
const uncachedFront = await measure({ url: server.url, path: '/?uncached', pids: nodePids });
const uncachedReport = year ? await measure({ url: server.url, path: `/beretninger/${year}?uncached`, pids: nodePids }) : undefined;

const n = summarise(node);
const x = summarise(ng);
const line = (name: string, s: Sample) =>
  `${name.padEnd(34)} ${fmt(s.rps).padStart(8)} req/s   p99 ${fmt(s.p99, 1).padStart(6)} ms   ${fmt(s.cpuPerRequestUs, 1).padStart(7)} µs CPU/req   errors ${s.errors}, non-2xx ${s.non2xx}`;
process.stdout.write(`${line('Beretning / (cached)', n)}\n${line('nginx static copy of /', x)}\n`);
if (baseline) {
  const b = summarise(before);
  process.stdout.write(`${line('baseline / (cached)', b)}\n`);
  process.stdout.write(`Now ÷ baseline: req/s ${fmt(n.rps / b.rps, 2)}, CPU per request ${fmt(n.cpuPerRequestUs / b.cpuPerRequestUs, 2)}, p99 ${fmt(n.p99 / Math.max(0.001, b.p99), 2)}; baseline ÷ nginx: req/s ${fmt(b.rps / x.rps, 2)}, req per CPU-second ${fmt(x.cpuPerRequestUs / b.cpuPerRequestUs, 2)}, p99 ${fmt(b.p99 / Math.max(0.001, x.p99), 2)}×\n`);
}
process.stdout.write(`${line('Beretning / (uncached render)', uncachedFront)}\n`);
if (uncachedReport) process.stdout.write(`${line(`Beretning /beretninger/${year} (uncached)`, uncachedReport)}\n`);
const rpsRatio = n.rps / x.rps;
const cpuRatio = x.cpuPerRequestUs / n.cpuPerRequestUs; // requests per CPU-second, Beretning ÷ nginx
const p99Ratio = n.p99 / Math.max(0.001, x.p99);
process.stdout.write(
  `Ratios (Beretning ÷ nginx): req/s ${fmt(rpsRatio, 2)} (goal ≥ 0.80), req per CPU-second ${fmt(cpuRatio, 2)} (goal ≥ 0.80), p99 ${fmt(p99Ratio, 2)}× (goal ≤ 2)\n`,
);

await nginx.stop();
await server.stop();
if (baseline) {
  await baseline.stop();
  await rm(baseline.dataDir, { recursive: true, force: true });
}
await rm(server.dataDir, { recursive: true, force: true });
