import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDependencies } from '../../dependencies.test-utils.js';
import { createJobRunner, enqueueJob, type JobHandler } from './jobs.usecases.js';

let deps: Awaited<ReturnType<typeof createTestDependencies>>;
beforeEach(async () => {
  deps = await createTestDependencies();
});
afterEach(async () => deps.close());

const jobRow = (id: string) => deps.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('the job queue', () => {
  it('gives each job to one worker only, even when two workers ask at once', async () => {
    const seen: string[] = [];
    const handler: JobHandler = async (payload) => void seen.push(String((payload as { n: number }).n));
    for (let n = 0; n < 6; n += 1) await enqueueJob({ type: 'count', payload: { n } }, deps);
    const a = createJobRunner({ handlers: { count: handler }, workerId: 'a' }, deps);
    const b = createJobRunner({ handlers: { count: handler }, workerId: 'b' }, deps);
    const busy = async (runner: typeof a) => { while (await runner.runOnce()); };
    await Promise.all([busy(a), busy(b)]);
    expect(seen.sort()).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('runs a low-priority job (OCR) only when no other job is due, even when it was queued first', async () => {
    const order: string[] = [];
    const handler: JobHandler = async (payload) => void order.push(String((payload as { name: string }).name));
    await enqueueJob({ type: 'work', payload: { name: 'ocr' }, priority: -10 }, deps);
    deps.clock.advance(1000);
    await enqueueJob({ type: 'work', payload: { name: 'ingest-a' } }, deps);
    await enqueueJob({ type: 'work', payload: { name: 'ingest-b' } }, deps);
    const runner = createJobRunner({ handlers: { work: handler } }, deps);
    while (await runner.runOnce());
    expect(order).toEqual(['ingest-a', 'ingest-b', 'ocr']);
  });

  it('keeps a queued job across a restart: a new runner on the same database runs it', async () => {
    const id = await enqueueJob({ type: 'x', payload: {} }, deps);
    let ran = 0;
    const runner = createJobRunner({ handlers: { x: async () => void (ran += 1) } }, deps);
    expect(await runner.runOnce()).toBe(true);
    expect(ran).toBe(1);
    expect((await jobRow(id)).status).toBe('done');
  });

  it('retries a job whose worker died, later (backoff), and fails it after three tries', async () => {
    const id = await enqueueJob({ type: 'crash', payload: {} }, deps);
    const runner = createJobRunner({ handlers: { crash: async () => { throw new Error('worker died'); } } }, deps);
    expect(await runner.runOnce()).toBe(true);
    expect(await jobRow(id)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'worker died' });
    expect(await runner.runOnce()).toBe(false); // not due yet
    deps.clock.advance(31_000);
    await runner.runOnce();
    expect(await jobRow(id)).toMatchObject({ status: 'queued', attempts: 2 });
    deps.clock.advance(121_000);
    await runner.runOnce();
    expect(await jobRow(id)).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('returns a running job whose process stopped sending heartbeats to the queue', async () => {
    const id = await enqueueJob({ type: 'x', payload: {} }, deps);
    await deps.db.updateTable('jobs').set({ status: 'running', attempts: 1, lockedBy: 'dead', heartbeatAt: deps.clock.now().toISOString() }).execute();
    const runner = createJobRunner({ handlers: { x: async () => undefined }, staleAfterMs: 60_000 }, deps);
    deps.clock.advance(61_000);
    await runner.runOnce();
    expect(await jobRow(id)).toMatchObject({ status: 'queued', lastError: 'worker stopped responding' });
  });

  it('stop() lets the running job finish before it returns', async () => {
    const id = await enqueueJob({ type: 'slow', payload: {} }, deps);
    let release!: () => void;
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => { markStarted = resolve; });
    const runner = createJobRunner({ handlers: { slow: () => { markStarted(); return new Promise<void>((r) => { release = r; }); } }, pollMs: 10 }, deps);
    runner.start();
    await started;
    const stopping = runner.stop({ graceMs: 60_000 });
    expect((await jobRow(id)).status).toBe('running');
    release();
    await stopping;
    expect((await jobRow(id)).status).toBe('done');
  });
});
