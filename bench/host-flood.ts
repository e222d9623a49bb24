// npm run bench:host-flood — a flood of 2,000 requests for a large page (the newest report's reading
// version), each with a Host header of its own, while wrk measures cached hits of `/`. Reports the
// server's RSS (before, peak, after) and the hits' req/s and p99, for each setup in one run:
//   now, PUBLIC_URL empty (the default): pages are kept for at most 8 hosts, misses compress off the loop;
//   now, PUBLIC_URL set: one copy whatever the Host;
//   before: BENCH_BASELINE=/path/to/older/checkout (e.g. a git worktree of an older commit with node_modules linked).
// The server runs on CPU 0 (taskset); wrk and this script's flood on CPU 1. FLOOD=2000, CONCURRENCY=16.
import { execFileSync, spawn } from 'node:child_process';
import { request } from 'node:http';
import { latestReportYear, rssMb, startBenchServer, type BenchServer } from './bench.utils.js';

const flood = Number(process.env.FLOOD ?? 2000);
const concurrency = Number(process.env.CONCURRENCY ?? 16);
const baseline = process.env.BENCH_BASELINE ?? '';
try {
  execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
} catch {
  console.log('taskset failed: the flood is not pinned');
}

function get({ url, host }: { url: string; host: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host, 'accept-encoding': 'br' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

function startWrk({ url, seconds }: { url: string; seconds: number }): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('taskset', ['-c', '1', 'wrk', '-t1', '-c10', `-d${seconds}s`, '--latency', '-H', 'Accept-Encoding: br', url]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('close', () => resolve(out));
  });
}

async function measure({ label, server }: { label: string; server: BenchServer }) {
  const year = await latestReportYear(server.url);
  const page = year ? `${server.url}/beretninger/${year}/laes` : `${server.url}/beretninger`;
  const size = (await (await fetch(page)).arrayBuffer()).byteLength;
  await fetch(`${server.url}/`);
  const rssBefore = rssMb(server.pid);
  let peak = rssBefore;
  const sampler = setInterval(() => { peak = Math.max(peak, rssMb(server.pid)); }, 100);
  const started = Date.now();
  let next = 0;
  const statuses = new Map<number, number>();
  const worker = async () => {
    while (next < flood) {
      const i = next++;
      const status = await get({ url: page, host: `h${i}.flood.example` }).catch(() => 0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  // wrk runs as long as the flood is expected to; both start together.
  const wrk = startWrk({ url: `${server.url}/`, seconds: 15 });
  await Promise.all(Array.from({ length: concurrency }, worker));
  const floodSeconds = (Date.now() - started) / 1000;
  const wrkOut = await wrk;
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 2000));
  const after = rssMb(server.pid);
  const p99 = /99%\s+(\S+)/.exec(wrkOut)?.[1] ?? '?';
  const rps = /Requests\/sec:\s+(\S+)/.exec(wrkOut)?.[1] ?? '?';
  console.log(`\n${label}: flood of ${flood} hosts on ${page.replace(server.url, '')} (${Math.round(size / 1024)} KB) in ${floodSeconds.toFixed(1)} s, answers ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}`);
  console.log(`  server RSS: ${rssBefore.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB, ${after.toFixed(0)} MB after`);
  console.log(`  cached / meanwhile (wrk -c10, 15 s): ${rps} req/s, p99 ${p99}`);
}

const setups: { label: string; checkout?: string; env?: Record<string, string> }[] = [
  { label: 'now, PUBLIC_URL empty' },
  { label: 'now, PUBLIC_URL set', env: { PUBLIC_URL: 'https://beretning.example' } },
  ...(baseline ? [{ label: `before (${baseline})`, checkout: baseline }] : []),
];
for (const setup of setups) {
  const server = await startBenchServer({ checkout: setup.checkout, env: setup.env, cpu: 0 });
  try {
    await measure({ label: setup.label, server });
  } finally {
    await server.stop();
  }
}
