// npm run bench:load — 200 connections for 60 s mixing pages, search and PDF ranges; errors, 5xx and RSS.
// LOAD_SECONDS (60) and LOAD_CONNECTIONS (200) tune the run.
import { fmt, rssMb, runCannon, startBenchServer } from './bench.utils.js';

const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 200);

const server = await startBenchServer();
const front = await (await fetch(`${server.url}/`)).text();
const years = [...new Set([...front.matchAll(/href="\/beretninger\/(\d{4})"/g)].map((m) => m[1] ?? ''))].filter(Boolean);
const pdfs = [...new Set([...front.matchAll(/href="(\/filer\/[a-f0-9]{64}\/[^"]+)"/g)].map((m) => m[1] ?? ''))];
const hasSearch = (await fetch(`${server.url}/soeg?q=kommune`)).status === 200;

const requests: { method: string; path: string; headers?: Record<string, string> }[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/beretninger' },
  ...years.flatMap((year) => [{ method: 'GET', path: `/beretninger/${year}` }, { method: 'GET', path: `/beretninger/${year}/laes` }]),
  ...(hasSearch ? ['kommune', 'klima', 'velfærd', 'økonomi'].map((q) => ({ method: 'GET', path: `/soeg?q=${encodeURIComponent(q)}` })) : []),
  ...pdfs.flatMap((path) => [
    { method: 'GET', path, headers: { range: 'bytes=0-65535' } },
    { method: 'GET', path, headers: { range: 'bytes=100000-164999' } },
  ]),
];

await new Promise((r) => setTimeout(r, 3000));
const idle = rssMb(server.pid);
process.stdout.write(`Beretning ${server.seed}: ${requests.length} URLs (${years.length} reports, ${pdfs.length} PDFs with ranges, search ${hasSearch ? 'on' : 'not available'}); idle RSS ${fmt(idle, 1)} MB (goal < 120)\n`);

// Warm up for a tenth of the run, then measure RSS across the load.
await runCannon({ url: server.url, connections, duration: Math.max(2, Math.round(seconds / 10)), requests });
const samples: number[] = [];
const sampler = setInterval(() => samples.push(rssMb(server.pid)), 1000);
const result = await runCannon({ url: server.url, connections, duration: seconds, requests });
clearInterval(sampler);

const fivexx = Object.entries(result.statusCodeStats).filter(([code]) => code.startsWith('5')).reduce((sum, [, s]) => sum + s.count, 0);
const warm = samples[0] ?? idle;
const low = Math.min(...samples);
const high = Math.max(...samples);
process.stdout.write(
  `${seconds} s × ${connections} connections: ${fmt(result.requests.total)} requests, ${fmt(result.requests.average)} req/s, p50 ${fmt(result.latency.p50, 1)} ms, p99 ${fmt(result.latency.p99, 1)} ms\n` +
    `errors ${result.errors}, timeouts ${result.timeouts}, 5xx ${fivexx} (goal 0); status codes ${JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats).map(([c, s]) => [c, s.count])))}\n` +
    `RSS once warm ${fmt(warm, 1)} MB, during load ${fmt(low, 1)}–${fmt(high, 1)} MB: ${fmt(((low - warm) / warm) * 100, 1)} % to +${fmt(((high - warm) / warm) * 100, 1)} % (goal within ±15 %)\n`,
);
await server.stop();
const { rm } = await import('node:fs/promises');
await rm(server.dataDir, { recursive: true, force: true });
