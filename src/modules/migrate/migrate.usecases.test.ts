import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeTestImportFolder } from '../../app.test-utils.js';
import { migrateToLatest } from '../../database/database.js';
import { createTestDependencies, openTestDatabase } from '../../dependencies.test-utils.js';
import { importFolder } from '../imports/imports.usecases.js';
import { createS3Storage } from '../storage/drivers/s3.storage.js';
import { createMemoryStorage } from '../storage/drivers/memory.storage.js';
import { startTestS3Server } from '../storage/storage.test-utils.js';
import { migrateData, migrateEmbeddedInstallation } from './migrate.usecases.js';

/** An embedded installation (SQLite, files in a store) with two imported reports. */
async function createEmbeddedInstallation() {
  vi.stubEnv('TEST_DATABASE_URL', '');
  const deps = await createTestDependencies();
  vi.unstubAllEnvs();
  const folder = await writeTestImportFolder({ reports: [{ year: 2023, foreword: 'Forord med æøå.' }, { year: 2024, pages: 3 }] });
  await importFolder({ dir: folder.dir }, deps);
  await folder.cleanup();
  return deps;
}

/** The scale setup: PostgreSQL (TEST_DATABASE_URL; SQLite without it) and an S3-compatible bucket. */
async function createScaleTarget(s3: Awaited<ReturnType<typeof startTestS3Server>>) {
  const database = await openTestDatabase();
  await migrateToLatest({ db: database.db });
  return { ...database, storage: createS3Storage(s3.options) };
}

describe('npm run cli -- migrate-data: an embedded installation moves to the scale setup', () => {
  let s3: Awaited<ReturnType<typeof startTestS3Server>>;
  beforeAll(async () => {
    s3 = await startTestS3Server();
  });
  afterAll(async () => {
    await s3.close();
  });

  it('copies every row of every table and every file, verified by counts and checksums', async () => {
    const source = await createEmbeddedInstallation();
    await source.db.insertInto('users').values({ id: 'u1', email: 'a@kl.dk', name: 'Åse', role: 'admin', passwordHash: 'x', disabledAt: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }).execute();
    const target = await createScaleTarget(s3);
    try {
      const report = await migrateData({ source, target });
      const byName = Object.fromEntries(report.tables.map((t) => [t.name, t.rows]));
      expect(byName).toMatchObject({ site: 1, reports: 2, documents: 2, users: 1 });
      // Generic over the schema: every table the migrations made is copied and checked, later ones too.
      const { sql } = await import('kysely');
      const schema = target.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(target.db)).rows[0]?.s : undefined;
      const indexes = new Set(report.skippedTables);
      const tables = (await target.db.introspection.getTables()).filter((t) => t.schema === schema).map((t) => t.name).filter((name) => !name.startsWith('kysely_') && ![...indexes].some((v) => name === v || name.startsWith(`${v}_`)));
      expect(Object.keys(byName).sort()).toEqual(tables.sort());
      expect(report.files.count).toBe(2);
      // The search index is rebuilt on the target, not copied (PostgreSQL keeps its own tsvector).
      expect(report.skippedTables).toEqual(expect.arrayContaining(['search_entries', 'search_words']));
      expect(await target.db.selectFrom('searchEntries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).not.toEqual({ n: 0 });
      // The copy serves the same content.
      const reports = await target.db.selectFrom('reports').select(['year', 'forewordMd']).orderBy('year').execute();
      expect(reports.map((r) => r.year)).toEqual([2023, 2024]);
      expect(reports[0]?.forewordMd).toContain('æøå');
      const documents = await target.db.selectFrom('documents').select(['storageKey', 'size']).execute();
      for (const document of documents) expect(await target.storage.stat({ key: document.storageKey })).toEqual({ size: document.size });
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('refuses to write into a target that already has data, and writes nothing', async () => {
    const source = await createEmbeddedInstallation();
    const target = await createScaleTarget(s3);
    try {
      await target.db.insertInto('users').values({ id: 'u9', email: 'b@kl.dk', name: 'B', role: 'editor', passwordHash: 'x', disabledAt: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }).execute();
      await expect(migrateData({ source, target })).rejects.toMatchObject({ code: 'migrate.target_not_empty', message: expect.stringContaining('users') });
      expect(await target.db.selectFrom('reports').selectAll().execute()).toEqual([]);
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('refuses a target storage that already holds files', async () => {
    const source = await createEmbeddedInstallation();
    const database = await openTestDatabase();
    await migrateToLatest({ db: database.db });
    const storage = createMemoryStorage();
    await storage.save({ key: 'files/00/leftover', stream: Readable.from([Buffer.from('x')]) });
    try {
      await expect(migrateData({ source, target: { ...database, storage } })).rejects.toMatchObject({ code: 'migrate.target_not_empty', message: expect.stringContaining('file files/00/leftover') });
    } finally {
      await source.close();
      await database.close();
    }
  });

  it('explains that it copies from embedded SQLite to PostgreSQL when asked for anything else', async () => {
    const source = await createEmbeddedInstallation();
    try {
      await expect(migrateEmbeddedInstallation({ to: 'sqlite:/tmp/x.db' }, source)).rejects.toMatchObject({ code: 'migrate.source_not_embedded' });
      await expect(migrateEmbeddedInstallation({ to: 'postgres://x@127.0.0.1:1/y' }, { ...source, dialect: 'postgres' })).rejects.toMatchObject({ code: 'migrate.source_not_embedded' });
    } finally {
      await source.close();
    }
  });
});
