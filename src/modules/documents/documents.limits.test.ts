import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { createTestApp, createTestPdf } from '../../app.test-utils.js';
import { createJobRunner } from '../jobs/jobs.usecases.js';
import { addDocumentFromUpload, createIngestionHandler, ingestJobType } from './documents.usecases.js';
import { loginAs } from '../auth/auth.test-utils.js';
import { createFlateBombPdf } from './documents.test-utils.js';

const MiB = 1024 * 1024;
// The memory limit is RLIMIT_DATA set by util-linux's prlimit, and processes are watched in /proc: Linux.
const hasProc = existsSync('/proc/self/task');
const hasPrlimit = spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasProc || !hasPrlimit) console.warn('skipping PDF limit tests that need Linux with /proc and prlimit');
let bomb: Buffer;
beforeAll(async () => {
  // About 5 MB on disk, 1 GiB once its content stream is inflated.
  bomb = await createFlateBombPdf({ decodedBytes: 1024 * MiB });
});

/** PDF child processes of this test process that are still alive. */
function livePdfChildren(): number[] {
  const pids = readdirSync(`/proc/${process.pid}/task`).flatMap((task) => {
    try {
      return readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
  return pids.filter((pid) => isPdfChild(pid));
}

function isPdfChild(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/State:\s+Z/.test(status) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('pdf-child');
  } catch {
    return false;
  }
}

async function setUp(config: { ingestMemoryMb?: number; ingestTimeoutSeconds?: number; pdfMaxChildren?: number }) {
  const t = await createTestApp({ reports: [{ year: 2022 }], config });
  const reportId = (await t.deps.db.selectFrom('reports').select('id').executeTakeFirstOrThrow()).id;
  const upload = (bytes: Buffer, fileName: string) => addDocumentFromUpload({ reportId, stream: Readable.from([bytes]), fileName, userId: null }, t.deps);
  const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(t.deps) } }, t.deps);
  const state = (fileName: string) => t.deps.db.selectFrom('documents').select(['ingestStatus', 'ingestError', 'ingestPagesDone']).where('fileName', '=', fileName).executeTakeFirstOrThrow();
  /** Runs every queued job while asking for / every 100 ms; returns what it saw meanwhile. */
  const runJobsWatching = async () => {
    const job = (async () => { while (await runner.runOnce()); })();
    const statuses: number[] = [];
    const pids = new Set<number>();
    let peakRss = 0;
    for (let done = false; !done; ) {
      done = await Promise.race([job.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 100))]);
      statuses.push((await t.app.inject({ url: '/' })).statusCode);
      for (const pid of livePdfChildren()) pids.add(pid);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    return { statuses, pids: [...pids], peakRss };
  };
  /** The editor's document page, as text. */
  const editorSees = async () => {
    const { cookie } = await loginAs({ app: t.app, deps: t.deps });
    return (await t.app.inject({ url: '/admin/dokumenter', headers: { cookie } })).body;
  };
  return { t, upload, state, runJobsWatching, editorSees };
}

describe.skipIf(!hasProc || !hasPrlimit)('the memory limit of PDF reading', () => {
  it('fails a decompression bomb (5 MB on disk, 1 GiB decoded) as too large under a 256 MiB limit; the server and the next PDF carry on', async () => {
    const { t, upload, state, runJobsWatching, editorSees } = await setUp({ ingestMemoryMb: 256 });
    try {
      expect(bomb.length).toBeLessThan(8 * MiB);
      await upload(bomb, 'bombe.pdf');
      await upload(await createTestPdf({ title: 'Næste beretning', pages: 3 }), 'naeste.pdf');
      const rssBefore = process.memoryUsage().rss;
      const seen = await runJobsWatching();

      expect(await state('bombe.pdf')).toMatchObject({ ingestStatus: 'fejlet', ingestError: 'too_large' });
      expect(await editorSees()).toContain('PDF’en er for stor eller fylder for meget, når den pakkes ud');
      expect(await state('naeste.pdf')).toMatchObject({ ingestStatus: 'færdig', ingestError: null, ingestPagesDone: 3 });
      expect(await state('beretning-2022.pdf')).toMatchObject({ ingestStatus: 'færdig' });
      // The 1 GiB is the child's, never this process's (which only streamed 5 MB to it).
      expect(seen.peakRss - rssBefore).toBeLessThan(150 * MiB);
      expect(seen.statuses.length).toBeGreaterThan(1);
      expect(seen.statuses.every((status) => status === 200)).toBe(true);
      expect(livePdfChildren()).toEqual([]);
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe.skipIf(!hasProc)('the time limit of PDF reading', () => {
  it('kills a child past its time limit, fails the job as timeout and leaves no process behind', async () => {
    const { t, upload, state, runJobsWatching, editorSees } = await setUp({ ingestTimeoutSeconds: 60, ingestMemoryMb: 1024 });
    try {
      await t.deps.db.deleteFrom('jobs').execute(); // only the slow PDF's job, not the imported one's
      // Within 1 GiB the child keeps inflating and parsing for several seconds. The upload's own check
      // runs under the same limit: it gets a roomy one, so a loaded machine cannot fail it first.
      await upload(bomb, 'langsom.pdf');
      t.deps.config.ingestTimeoutSeconds = 1;
      const seen = await runJobsWatching();
      expect(await state('langsom.pdf')).toMatchObject({ ingestStatus: 'fejlet', ingestError: 'timeout' });
      expect(await editorSees()).toContain('Behandlingen tog for lang tid');
      expect(seen.pids.length).toBeGreaterThan(0);
      expect(seen.pids.filter((pid) => isPdfChild(pid))).toEqual([]);
      expect(seen.statuses.every((status) => status === 200)).toBe(true);
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe.skipIf(!hasProc)('long-lived PDF children in ingestion', () => {
  it('reads several uploads one after the other in one child process, which the shutdown ends', async () => {
    const { t, upload, state, runJobsWatching } = await setUp({ ingestMemoryMb: 1024, pdfMaxChildren: 1 });
    try {
      for (const name of ['en', 'to', 'tre']) await upload(await createTestPdf({ title: `Beretning ${name}`, pages: 2 }), `${name}.pdf`);
      const seen = await runJobsWatching();
      for (const name of ['en', 'to', 'tre']) expect(await state(`${name}.pdf`)).toMatchObject({ ingestStatus: 'færdig', ingestPagesDone: 2 });
      // The imported report, three upload checks and four ingestions: one process, still waiting for work.
      expect(seen.pids).toHaveLength(1);
      expect(livePdfChildren()).toEqual(seen.pids);
    } finally {
      await t.close();
    }
    expect(livePdfChildren()).toEqual([]);
  }, 120_000);
});
