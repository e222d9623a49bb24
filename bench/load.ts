// npm run bench:load — 200 connections for 60 s mixing pages, search and PDF ranges; errors, 5xx and RSS.
// LOAD_SECONDS (60) and LOAD_CONNECTIONS (200) tune the run.
import { fmt, rssMb, runCannon, startBenchServer } from './bench.utils.js';

const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 200);

// Readers come from many addresses; this load comes from one, which SEARCH_RATE_LIMIT_PER_MINUTE (60 a
// minute per address) would answer with 429 after its first minute of searches: lifted to its maximum here.
const server = await startBenchServer({ env: { SEARCH_RATE_LIMIT_PER_MINUTE: '100000' } });
const front = await (await fetch(`${server.url}/`)).text();
const years = [...new Set([...front.matchAll(/href="\/beretninger\/(\d{4})"/g)].map((m) => m[1] ?? ''))].filter(Boolean);
const pdfs = [...new Set([...front.matchAll(/href="(\/filer\/[a-f0-9]{64}\/[^"]+)"/g)].map((m) => m[1] ?? ''))];
const hasSearch = (await fetch(`${server.url}/soeg?q=kommune`)).status === 200;

// Each request has a kind, and the responses are counted by kind and status: a PDF range must
// come back 206, a page or a search 200. Ranges are built from each PDF's real size (HEAD), so
// they are always satisfiable (a fixed offset past the end of a small PDF is a 416).
type Kind = 'page' | 'search' | 'pdf-range';
const expected: Record<Kind, number> = { page: 200, search: 200, 'pdf-range': 206 };
const byKind: Record<Kind, Map<number, number>> = { page: new Map(), search: new Map(), 'pdf-range': new Map() };
let counting = false;
const request = (kind: Kind, path: string, headers?: Record<string, string>) => ({
  method: 'GET',
  path,
  ...(headers ? { headers } : {}),
  onResponse: (status: number) => {
    if (counting) byKind[kind].set(status, (byKind[kind].get(status) ?? 0) + 1);
  },
});
const pdfRanges = await Promise.all(
  pdfs.map(async (path) => {
    const size = Number((await fetch(`${server.url}${path}`, { method: 'HEAD' })).headers.get('content-length') ?? 0);
    if (size < 2) return [];
    const middle = Math.floor(size / 2);
    return [
      request('pdf-range', path, { range: `bytes=0-${Math.min(65_535, size - 1)}` }),
      request('pdf-range', path, { range: `bytes=${middle}-${Math.min(size - 1, middle + 65_535)}` }),
    ];
  }),
);
const requests = [
  request('page', '/'),
  request('page', '/beretninger'),
  ...years.flatMap((year) => [request('page', `/beretninger/${year}`), request('page', `/beretninger/${year}/laes`)]),
  ...(hasSearch ? ['kommune', 'klima', 'velfærd', 'økonomi'].map((q) => request('search', `/soeg?q=${encodeURIComponent(q)}`)) : []),
  ...pdfRanges.flat(),
];

await new Promise((r) => setTimeout(r, 3000));
const idle = rssMb(server.pid);
process.stdout.write(`Beretning ${server.seed}: ${requests.length} URLs (${years.length} reports, ${pdfRanges.flat().length / 2} PDFs with ranges, search ${hasSearch ? 'on' : 'not available'}); idle RSS ${fmt(idle, 1)} MB (goal < 120)\n`);

// Warm up for a tenth of the run, then measure RSS across the load.
await runCannon({ url: server.url, connections, duration: Math.max(2, Math.round(seconds / 10)), requests });
const samples: number[] = [];
const sampler = setInterval(() => samples.push(rssMb(server.pid)), 1000);
counting = true;
const result = await runCannon({ url: server.url, connections, duration: seconds, requests });
counting = false;
clearInterval(sampler);

const fivexx = Object.entries(result.statusCodeStats).filter(([code]) => code.startsWith('5')).reduce((sum, [, s]) => sum + s.count, 0);
const warm = samples[0] ?? idle;
const low = Math.min(...samples);
const high = Math.max(...samples);
process.stdout.write(
  `${seconds} s × ${connections} connections: ${fmt(result.requests.total)} requests, ${fmt(result.requests.average)} req/s, p50 ${fmt(result.latency.p50, 1)} ms, p99 ${fmt(result.latency.p99, 1)} ms\n` +
    `errors ${result.errors}, timeouts ${result.timeouts}, 5xx ${fivexx} (goal 0); status codes ${JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats).map(([c, s]) => [c, s.count])))}\n` +
    `by kind (expected status in brackets): ${(Object.keys(byKind) as Kind[])
      .map((kind) => {
        const counts = [...byKind[kind]].sort(([a], [b]) => a - b);
        const unexpected = counts.filter(([status]) => status !== expected[kind]).reduce((sum, [, n]) => sum + n, 0);
        return `${kind} [${expected[kind]}] ${counts.map(([status, n]) => `${status}×${fmt(n)}`).join(' ') || 'none'}${unexpected ? ` (${fmt(unexpected)} unexpected)` : ''}`;
      })
      .join('; ')}\n` +
    `RSS once warm ${fmt(warm, 1)} MB, during load ${fmt(low, 1)}–${fmt(high, 1)} MB: ${fmt(((low - warm) / warm) * 100, 1)} % to +${fmt(((high - warm) / warm) * 100, 1)} % (goal within ±15 %)\n`,
);
await server.stop();
const { rm } = await import('node:fs/promises');
await rm(server.dataDir, { recursive: true, force: true });
