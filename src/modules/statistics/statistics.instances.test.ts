import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { writeTestImportFolder } from '../../app.test-utils.js';
import { createTestDependencies, createTestSchema, dropTestSchema, withSearchPath } from '../../dependencies.test-utils.js';
import { importFolder } from '../imports/imports.usecases.js';
import { flushStatistics } from './statistics.usecases.js';

const url = process.env.TEST_DATABASE_URL ?? '';
if (!url) console.warn('statistics.instances.test.ts: skipped — set TEST_DATABASE_URL=postgres://… to count on two instances of one PostgreSQL');

async function startInstance({ databaseUrl }: { databaseUrl: string }) {
  const deps = await createTestDependencies({ databaseUrl });
  const app = await createApp(deps);
  return { deps, app, flush: () => flushStatistics({ counter: deps.statistics }, deps), close: async () => { await app.close(); await deps.close(); } };
}

describe.skipIf(!url)('two instances counting on one PostgreSQL', () => {
  let schema: string;
  let a: Awaited<ReturnType<typeof startInstance>>;
  let b: Awaited<ReturnType<typeof startInstance>>;
  beforeAll(async () => {
    schema = await createTestSchema({ url });
    const databaseUrl = withSearchPath({ url, schema });
    a = await startInstance({ databaseUrl });
    b = await startInstance({ databaseUrl });
    const folder = await writeTestImportFolder({ reports: [{ year: 2024 }] });
    await importFolder({ dir: folder.dir }, a.deps);
    await folder.cleanup();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (schema) await dropTestSchema({ url, schema });
  });

  it('the same day\'s counts of both instances add up, flushed in any order and at the same time', async () => {
    const headers = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' };
    for (let i = 0; i < 3; i++) expect((await a.app.inject({ url: '/beretninger/2024', headers })).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await b.app.inject({ url: '/beretninger/2024', headers })).statusCode).toBe(200);
    await Promise.all([a.flush(), b.flush()]);
    expect((await a.app.inject({ url: '/beretninger/2024', headers })).statusCode).toBe(200);
    await a.flush();
    const rows = await b.deps.db.selectFrom('statisticsDaily').select(['metric', 'detail', 'count']).where('item', '=', '2024').orderBy('metric').execute();
    expect(rows.map((r) => [r.metric, r.detail, Number(r.count)])).toEqual([['device', 'desktop', 9], ['view', 'report', 9]]);
  });
});
