import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDependencies } from '../dependencies.test-utils.js';

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
});
