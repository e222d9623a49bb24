import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDependencies, createTestSchema, dropTestSchema } from '../dependencies.test-utils.js';
import { migrateToLatest } from './database.js';

const url = process.env.TEST_DATABASE_URL ?? '';

describe('the test suite runs on PostgreSQL when TEST_DATABASE_URL is set', () => {
  it.skipIf(url !== '')('uses in-memory SQLite without TEST_DATABASE_URL', async () => {
    const deps = await createTestDependencies();
    expect(deps.dialect).toBe('sqlite');
    await deps.close();
  });

  it.skipIf(url === '')('gives each test app its own migrated schema and drops it on close', async () => {
    const a = await createTestDependencies();
    const b = await createTestDependencies();
    expect(a.dialect).toBe('postgres');
    const schemaOf = async (deps: typeof a) => (await sql<{ s: string }>`select current_schema() as s`.execute(deps.db)).rows[0]?.s ?? '';
    const schemaA = await schemaOf(a);
    const schemaB = await schemaOf(b);
    expect(schemaA).toMatch(/^t_[0-9a-f]+$/);
    expect(schemaB).not.toBe(schemaA);
    // Migrated: the tables exist in this schema, and what one app writes the other does not see.
    await a.db.insertInto('site').values({ id: 'x', name: 'A', title: 'A', breadcrumb: '[]', intro: '', language: 'da', yearsShown: 5, logoUrl: null, primaryColor: null, accessibilityUrl: null, updatedAt: '2026-01-01T00:00:00.000Z' }).execute();
    expect(await b.db.selectFrom('site').selectAll().execute()).toEqual([]);
    await a.close();
    await b.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const left = await client.query('select schema_name from information_schema.schemata where schema_name = any($1)', [[schemaA, schemaB]]);
    await client.end();
    expect(left.rows).toEqual([]);
  });

  it.skipIf(url === '')('reads only its own schema, so schemas dropped by others while it migrates do not fail its migration', async () => {
    const deps = await createTestDependencies();
    // Another instance's schema with tables of the same names as ours and one of its own.
    const other = await createTestSchema({ url });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create table ${other}.reports (id serial primary key); create table ${other}.elsewhere (id serial primary key)`);
      const tables = await deps.db.introspection.getTables();
      expect(tables.map((t) => t.name)).toContain('reports');
      expect(tables.map((t) => t.name)).not.toContain('elsewhere');
      expect(new Set(tables.map((t) => t.schema)).size).toBe(1);
      expect(tables.find((t) => t.name === 'reports')?.schema).not.toBe(other);

      // Schemas with tables made and dropped as fast as the database allows (as parallel test runs or
      // instances do): Kysely's own introspection, which reads every schema, failed now and then with
      // "relation … does not exist" (a CI run: 3 of 806 tests); migrating checks its tables each time.
      let churning = true;
      let dropped = 0;
      const churn = (async () => {
        while (churning) {
          const schema = await createTestSchema({ url });
          await client.query(Array.from({ length: 20 }, (_, i) => `create table ${schema}.t${i} (id serial primary key, a text)`).join(';'));
          await dropTestSchema({ url, schema });
          dropped += 1;
        }
      })();
      try {
        for (let round = 0; round < 30; round += 1) {
          await migrateToLatest({ db: deps.db });
          await deps.db.introspection.getTables({ withInternalKyselyTables: true });
        }
      } finally {
        churning = false;
        await churn;
      }
      expect(dropped).toBeGreaterThan(0);
    } finally {
      await client.end();
      await dropTestSchema({ url, schema: other });
      await deps.close();
    }
  });
});
