// npm run bench:upload-hostile — 8 parallel uploads of a 2 KB PDF whose object stream inflates to 1 GiB
// (createObjectStreamBombPdf), through addDocumentFromUpload as the workspace and the API call it, in
// this process. Reports this process's RSS and the PDF children's memory (their summed RSS and data
// segment, sampled from /proc every 20 ms), the answers, and the wall time, for two setups in one run:
//   before: no cap on PDF children (PDF_MAX_CHILDREN=8, i.e. one each) and the 1 GiB default the
//           upload check always used (INGEST_MEMORY_MB=1024);
//   now:    the defaults, PDF_MAX_CHILDREN=2 and INGEST_MEMORY_MB=1024 applied to the check.
// UPLOADS=8, MEMORY_MB=1024 to change them.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { createTestDependencies } from '../src/dependencies.test-utils.js';
import { createObjectStreamBombPdf } from '../src/modules/documents/documents.test-utils.js';
import { addDocumentFromUpload } from '../src/modules/documents/documents.usecases.js';
import { isAppError } from '../src/shared/errors.js';
import { childPids, rssMb } from './bench.utils.js';

const uploads = Number(process.env.UPLOADS ?? 8);
const memoryMb = Number(process.env.MEMORY_MB ?? 1024);

function statusKb(pid: number, field: 'VmRSS' | 'VmData'): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function run({ label, pdfMaxChildren }: { label: string; pdfMaxChildren: number }) {
  const deps = await createTestDependencies({ config: { ingestMemoryMb: memoryMb, pdfMaxChildren } });
  const reportId = 'bench-report';
  await deps.db.insertInto('reports').values({ id: reportId, year: 2024, title: 'Bench', status: 'draft', forewordMd: '', periodStart: null, periodEnd: null, publishedAt: null, scheduledAt: null, deletedAt: null, currentDocumentId: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }).execute();
  const bomb = await createObjectStreamBombPdf({ decodedBytes: 1024 * 1024 * 1024 });
  const rssBefore = rssMb(process.pid);
  let peakRss = rssBefore;
  let peakChildrenRssMb = 0;
  let peakChildrenDataMb = 0;
  let peakChildren = 0;
  const sampler = setInterval(() => {
    const pids = childPids(process.pid);
    peakChildren = Math.max(peakChildren, pids.length);
    peakChildrenRssMb = Math.max(peakChildrenRssMb, pids.reduce((sum, pid) => sum + statusKb(pid, 'VmRSS'), 0) / 1024);
    peakChildrenDataMb = Math.max(peakChildrenDataMb, pids.reduce((sum, pid) => sum + statusKb(pid, 'VmData'), 0) / 1024);
    peakRss = Math.max(peakRss, rssMb(process.pid));
  }, 20);
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: uploads }, (_, i) =>
      addDocumentFromUpload({ reportId, stream: Readable.from([Buffer.concat([bomb, Buffer.from(`% ${label} ${i}\n`)])]), fileName: `bombe-${i}.pdf`, userId: null }, deps).then(
        () => 'stored',
        (error: unknown) => (isAppError(error) ? `${error.status} ${error.code}` : String(error)),
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await deps.close();
  const counts = new Map<string, number>();
  for (const answer of answers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  console.log(`\n${label}: ${uploads} parallel uploads of a ${bomb.length}-byte object-stream bomb (1 GiB inflated), INGEST_MEMORY_MB=${memoryMb}, PDF_MAX_CHILDREN=${pdfMaxChildren}`);
  console.log(`  answers: ${[...counts].map(([answer, n]) => `${n} × ${answer}`).join(', ')}; ${seconds.toFixed(1)} s`);
  console.log(`  PDF children at once: ${peakChildren}; their RSS summed up to ${peakChildrenRssMb.toFixed(0)} MB, data segments up to ${peakChildrenDataMb.toFixed(0)} MB`);
  console.log(`  this process: RSS ${rssBefore.toFixed(0)} MB before, up to ${peakRss.toFixed(0)} MB (+${(peakRss - rssBefore).toFixed(0)} MB)`);
  return { peakChildrenRssMb, peakChildren };
}

const before = await run({ label: 'before (no cap)', pdfMaxChildren: uploads });
const now = await run({ label: 'now (defaults)', pdfMaxChildren: 2 });
console.log(`\nchildren's peak memory now / before: ${(now.peakChildrenRssMb / Math.max(1, before.peakChildrenRssMb)).toFixed(2)}× (${now.peakChildren} against ${before.peakChildren} children at once)`);
