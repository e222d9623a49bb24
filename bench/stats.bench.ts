// npm run bench:stats — what readership counting costs on the cached report page (issue #17: within 5 %).
// Two servers on the same seed, STATISTICS=false and STATISTICS=true, both pinned to CPU 0 (taskset);
// wrk on CPU 1 asks each in turn for the cached report page /beretninger/<newest year> as a browser
// would (a browser user agent, a referrer from another site, so every hit is counted with device and
// referrer). Rounds alternate off/on so drift on a shared machine hits both alike. For each round:
// the server's CPU (utime+stime from /proc/<pid>/stat) per request in µs, and wrk's req/s.
// ROUNDS=5, SECONDS=5, CONNECTIONS=10.
import { execFileSync, spawn } from 'node:child_process';
import { cpuSeconds, latestReportYear, startBenchServer, type BenchServer } from './bench.utils.js';
import { createDatabase, resolveDatabaseUrl } from '../src/database/database.js';
import { createStatisticsCounter } from '../src/modules/statistics/statistics.usecases.js';

const rounds = Number(process.env.ROUNDS ?? 5);
const seconds = Number(process.env.SECONDS ?? 5);
const connections = Number(process.env.CONNECTIONS ?? 10);
const userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
try {
  execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
} catch {
  console.log('taskset failed: this script is not pinned');
}

function wrk({ url }: { url: string }): Promise<{ requests: number; perSecond: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '-H', 'Accept-Encoding: br', '-H', `User-Agent: ${userAgent}`, '-H', 'Referer: https://www.kl.dk/nyheder', url]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('close', () => {
      const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
      const perSecond = Number(/Requests\/sec:\s+([0-9.]+)/.exec(out)?.[1] ?? 0);
      if (!requests) reject(new Error(`wrk said:\n${out}`));
      else resolve({ requests, perSecond });
    });
  });
}

async function round({ server, url }: { server: BenchServer; url: string }) {
  const before = cpuSeconds(server.pid);
  const { requests, perSecond } = await wrk({ url });
  const cpu = cpuSeconds(server.pid) - before;
  return { usPerRequest: (cpu * 1e6) / requests, perSecond, requests };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * countView alone, in this process: the hit path's added work, in ns per call, over the same
 * headers wrk sends (a precise figure where a loaded machine blurs the servers' CPU by ±30 %).
 */
function countViewCost(): number {
  const counter = createStatisticsCounter({ enabled: true, maxBytes: 1 << 20 });
  const headers = { host: '127.0.0.1:8080', 'user-agent': userAgent, referer: 'https://www.kl.dk/nyheder', 'accept-encoding': 'br' };
  const calls = 2_000_000;
  for (let i = 0; i < 100_000; i++) counter.countView({ path: '/beretninger/2020', headers, now: Date.now() });
  const started = process.cpuUsage();
  for (let i = 0; i < calls; i++) counter.countView({ path: '/beretninger/2020', headers, now: Date.now() });
  const used = process.cpuUsage(started);
  return ((used.user + used.system) * 1000) / calls;
}
const nsPerView = countViewCost();
console.log(`countView: ${nsPerView.toFixed(0)} ns CPU per call`);

const off = await startBenchServer({ cpu: 0, env: { STATISTICS: 'false' } });
const on = await startBenchServer({ cpu: 0, env: { STATISTICS: 'true', STATISTICS_FLUSH_SECONDS: '10' } });
try {
  const year = await latestReportYear(off.url);
  const path = year ? `/beretninger/${year}` : '/beretninger';
  const results: Record<'off' | 'on', { usPerRequest: number; perSecond: number; requests: number }[]> = { off: [], on: [] };
  // Warm both caches (and JITs) first.
  let warmUpOn = 0;
  for (const server of [off, on]) {
    const { requests } = await wrk({ url: `${server.url}${path}` });
    if (server === on) warmUpOn = requests;
  }
  for (let i = 0; i < rounds; i++) {
    for (const [label, server] of (i % 2 === 0 ? [['off', off], ['on', on]] : [['on', on], ['off', off]]) as ['off' | 'on', BenchServer][]) {
      const result = await round({ server, url: `${server.url}${path}` });
      results[label].push(result);
      console.log(`round ${i + 1} ${label.padEnd(3)} ${result.usPerRequest.toFixed(1)} µs CPU/request, ${result.perSecond.toFixed(0)} req/s`);
    }
  }
  const cpuOff = median(results.off.map((r) => r.usPerRequest));
  const cpuOn = median(results.on.map((r) => r.usPerRequest));
  const rpsOff = median(results.off.map((r) => r.perSecond));
  const rpsOn = median(results.on.map((r) => r.perSecond));
  console.log(`\n${off.seed}, ${path}, ${rounds} rounds × ${seconds} s, ${connections} connections, server on CPU 0, wrk on CPU 1`);
  console.log(`STATISTICS=false: ${cpuOff.toFixed(1)} µs CPU/request (median), ${rpsOff.toFixed(0)} req/s`);
  console.log(`STATISTICS=true:  ${cpuOn.toFixed(1)} µs CPU/request (median), ${rpsOn.toFixed(0)} req/s`);
  // Each round's on/off pair ran back to back: the median of the pairs' ratios is less moved by the machine's drift than the ratio of medians.
  const pairRatios = results.on.map((r, i) => r.usPerRequest / (results.off[i]?.usPerRequest ?? Number.NaN));
  console.log(`counting costs ×${(cpuOn / cpuOff).toFixed(3)} CPU per request (ratio of medians), ×${median(pairRatios).toFixed(3)} (median of the rounds' ratios: ${pairRatios.map((r) => r.toFixed(2)).join(', ')}); req/s ×${(rpsOn / rpsOff).toFixed(3)}`);
  console.log(`countView's ${nsPerView.toFixed(0)} ns is ${((nsPerView / 1000 / cpuOff) * 100).toFixed(2)} % of the uncounted request's CPU`);
  // The counted server writes its batch at shutdown (SIGTERM): every measured hit must be in its database.
  await on.stop();
  const database = createDatabase({ url: resolveDatabaseUrl({ databaseUrl: '', dataDir: on.dataDir }) });
  const stored = await database.db.selectFrom('statisticsDaily').select((eb) => eb.fn.sum<number>('count').as('views')).where('metric', '=', 'view').executeTakeFirst();
  await database.close();
  const sent = results.on.reduce((sum, r) => sum + r.requests, 0);
  console.log(`STATISTICS=true counted ${Number(stored?.views ?? 0)} views in its database after shutdown, for ${sent + warmUpOn} requests (${warmUpOn} of them warming up)`);
} finally {
  await off.stop();
  await on.stop();
}
