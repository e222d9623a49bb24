import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { resolve } from 'node:path';
import { createDatabase, migrateToLatest, type Db, type DatabaseDialect } from '../../database/database.js';
import type { Config } from '../../config/config.js';
import { createFsStorage } from '../storage/drivers/fs.storage.js';
import { reindexAllReports } from '../search/search.usecases.js';
import type { StorageDriver } from '../storage/storage.types.js';
import { createSourceNotEmbeddedError, createTargetNotEmptyError, createVerificationError } from './migrate.errors.js';

export type MigrateSide = { db: Db; dialect: DatabaseDialect; storage: StorageDriver };

export type MigrateReport = {
  tables: { name: string; rows: number; checksum: string }[];
  /** Tables only the source has (e.g. SQLite's full-text index): derived data the target rebuilds itself. */
  skippedTables: string[];
  files: { count: number; bytes: number; copied: boolean };
};

// Kysely's own bookkeeping: the target's migrations have already run.
const INTERNAL_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
// Derived data with dialect-specific columns (PostgreSQL's tsvector): rebuilt on the target by the search module.
const DERIVED_TABLES = new Set(['search_entries', 'search_words']);
const BATCH = 500;

/** Table names of the migrated schema, without Kysely's bookkeeping and SQLite's internals. */
async function listTables({ db }: { db: Db }): Promise<string[]> {
  const tables = await db.introspection.getTables(); // on PostgreSQL the connection's own schema only (CurrentSchemaIntrospector)
  const derived = await sqliteVirtualTables({ db });
  return tables
    .filter((t) => !t.isView && !INTERNAL_TABLES.has(t.name) && !t.name.startsWith('sqlite_'))
    .filter((t) => !derived.some((v) => t.name === v || t.name.startsWith(`${v}_`)))
    .map((t) => t.name);
}

/** SQLite's virtual tables (e.g. FTS5 indexes) and, by their prefix, their shadow tables: rebuilt, never copied. */
async function sqliteVirtualTables({ db }: { db: Db }): Promise<string[]> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return [];
  const result = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`.execute(db);
  return result.rows.map((r) => r.name);
}

async function columnsOf({ db, table }: { db: Db; table: string }): Promise<string[]> {
  const tables = await db.introspection.getTables(); // on PostgreSQL the connection's own schema only (CurrentSchemaIntrospector)
  return tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? [];
}

/** Parents before children, following the target's foreign keys (a cycle keeps the given order). */
async function orderByForeignKeys({ side, tables }: { side: MigrateSide; tables: string[] }): Promise<string[]> {
  const raw = side.db.withoutPlugins() as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const edges: { child: string; parent: string }[] = [];
  if (side.dialect === 'postgres') {
    const result = await sql<{ child: string; parent: string }>`
      select distinct tc.table_name as child, ccu.table_name as parent
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.constraint_schema = tc.constraint_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(raw);
    edges.push(...result.rows);
  } else {
    for (const table of tables) {
      const result = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${table})`.execute(raw);
      for (const row of result.rows) edges.push({ child: table, parent: row.table });
    }
  }
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const edge of edges) if (edge.child === table && edge.parent !== table && tables.includes(edge.parent)) visit(edge.parent);
    visiting.delete(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

/** Values as both databases give them back: numbers, strings, null (Buffers as hex). */
function canonicalRow({ row, columns }: { row: Record<string, unknown>; columns: string[] }): string {
  return JSON.stringify(columns.map((c) => {
    const value = row[c];
    if (value === undefined || value === null) return null;
    if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
    if (typeof value === 'bigint') return Number(value);
    return value;
  }));
}

/** An order-independent checksum of a table's rows over `columns`: sha256 of the sorted row hashes. */
export async function checksumTable({ db, table, columns }: { db: Db; table: string; columns: string[] }): Promise<{ rows: number; checksum: string }> {
  const raw = db.withoutPlugins() as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const hashes: string[] = [];
  for await (const row of readRows({ raw, table, columns })) hashes.push(createHash('sha256').update(canonicalRow({ row, columns })).digest('hex'));
  hashes.sort();
  const total = createHash('sha256');
  for (const hash of hashes) total.update(hash);
  return { rows: hashes.length, checksum: total.digest('hex') };
}

async function* readRows({ raw, table, columns }: { raw: Kysely<Record<string, Record<string, unknown>>>; table: string; columns: string[] }): AsyncGenerator<Record<string, unknown>> {
  // Pages by offset over a stable order of every column: works for tables without a primary key.
  for (let offset = 0; ; offset += BATCH) {
    let query = raw.selectFrom(table).select(columns);
    for (const column of columns) query = query.orderBy(column);
    const rows = await query.limit(BATCH).offset(offset).execute();
    yield* rows;
    if (rows.length < BATCH) return;
  }
}

async function countRows({ db, table }: { db: Db; table: string }): Promise<number> {
  const raw = db.withoutPlugins() as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const row = await raw.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function hashStream({ storage, key }: { storage: StorageDriver; key: string }): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of await storage.read({ key })) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    hash.update(buffer);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Copies an installation (every row of every table of the migrated schema, every stored file) from
 * `source` to `target`, which must be migrated and empty. Verifies row counts and checksums of every
 * table and the sha256 of every file. Files are not copied when both sides are the same store.
 */
export async function migrateData({ source, target }: { source: MigrateSide; target: MigrateSide }): Promise<MigrateReport> {
  const sourceTables = await listTables({ db: source.db });
  const sourceIndexes = await sqliteVirtualTables({ db: source.db });
  const targetTables = await listTables({ db: target.db });
  const sameStorage = source.storage === target.storage;

  // Refuse a non-empty target before writing anything.
  const filled: string[] = [];
  for (const table of targetTables) if (!DERIVED_TABLES.has(table) && (await countRows({ db: target.db, table })) > 0) filled.push(table);
  if (!sameStorage) for await (const key of target.storage.list({ prefix: '' })) { filled.push(`file ${key}`); break; }
  if (filled.length > 0) throw createTargetNotEmptyError({ what: filled });

  const tables = await orderByForeignKeys({ side: target, tables: sourceTables.filter((t) => targetTables.includes(t) && !DERIVED_TABLES.has(t)) });
  const skippedTables = [...sourceIndexes, ...sourceTables.filter((t) => !targetTables.includes(t) || DERIVED_TABLES.has(t))];
  const sourceRaw = source.db.withoutPlugins() as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const columnsByTable = new Map<string, string[]>();
  for (const table of tables) {
    const targetColumns = await columnsOf({ db: target.db, table });
    columnsByTable.set(table, (await columnsOf({ db: source.db, table })).filter((c) => targetColumns.includes(c)));
  }

  await target.db.transaction().execute(async (trx) => {
    const targetRaw = trx.withoutPlugins() as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for (const table of tables) {
      const columns = columnsByTable.get(table) ?? [];
      let batch: Record<string, unknown>[] = [];
      for await (const row of readRows({ raw: sourceRaw, table, columns })) {
        batch.push(row);
        if (batch.length >= BATCH) {
          await targetRaw.insertInto(table).values(batch).execute();
          batch = [];
        }
      }
      if (batch.length > 0) await targetRaw.insertInto(table).values(batch).execute();
    }
  });

  const report: MigrateReport = { tables: [], skippedTables, files: { count: 0, bytes: 0, copied: !sameStorage } };
  for (const table of tables) {
    const columns = columnsByTable.get(table) ?? [];
    const from = await checksumTable({ db: source.db, table, columns });
    const to = await checksumTable({ db: target.db, table, columns });
    if (from.rows !== to.rows || from.checksum !== to.checksum) throw createVerificationError({ what: `table ${table}: ${from.rows} rows (${from.checksum.slice(0, 12)}) became ${to.rows} rows (${to.checksum.slice(0, 12)})` });
    report.tables.push({ name: table, ...from });
  }

  for await (const key of source.storage.list({ prefix: '' })) {
    if (key.startsWith('tmp/')) continue; // unfinished uploads
    const hash = createHash('sha256');
    if (!sameStorage) {
      const tee = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      const stream = await source.storage.read({ key });
      stream.on('error', (error) => tee.destroy(error));
      await target.storage.save({ key, stream: stream.pipe(tee) });
    }
    const sourceHash = sameStorage ? await hashStream({ storage: source.storage, key }) : { sha256: hash.digest('hex') };
    const copied = await hashStream({ storage: target.storage, key });
    const named = /^files\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(key)?.[1];
    if (copied.sha256 !== sourceHash.sha256 || (named && named !== copied.sha256)) throw createVerificationError({ what: `file ${key}` });
    report.files.count += 1;
    report.files.bytes += copied.size;
  }
  if (target.dialect === 'postgres') await advanceSequences({ db: target.db, tables });
  await reindexAllReports({ db: target.db, dialect: target.dialect });
  return report;
}

/**
 * The CLI's migrate-data: from this installation's embedded SQLite and DATA_DIR/files to the
 * PostgreSQL database at `to` and the configured storage (STORAGE=s3; with STORAGE=fs the files
 * stay in DATA_DIR/files and are only verified).
 */
export async function migrateEmbeddedInstallation(
  { to }: { to: string },
  deps: { config: Config; db: Db; dialect: DatabaseDialect; storage: StorageDriver },
): Promise<MigrateReport> {
  if (deps.dialect !== 'sqlite') throw createSourceNotEmbeddedError();
  if (!/^postgres(ql)?:\/\//.test(to)) throw createSourceNotEmbeddedError();
  const sourceStorage = deps.config.storage === 'fs' ? deps.storage : createFsStorage({ root: resolve(deps.config.dataDir, 'files') });
  const target = createDatabase({ url: to });
  try {
    await migrateToLatest({ db: target.db });
    return await migrateData({ source: { db: deps.db, dialect: deps.dialect, storage: sourceStorage }, target: { db: target.db, dialect: target.dialect, storage: deps.storage } });
  } finally {
    await target.close();
  }
}

/** Serial columns got explicit values from the copy: move their sequences past the largest, so new rows do not collide. */
async function advanceSequences({ db, tables }: { db: Db; tables: string[] }): Promise<void> {
  const raw = db.withoutPlugins();
  const serials = await sql<{ table: string; column: string }>`
    select table_name as "table", column_name as "column" from information_schema.columns
    where table_schema = current_schema() and (column_default like 'nextval(%' or is_identity = 'YES')`.execute(raw);
  for (const { table, column } of serials.rows) {
    if (!tables.includes(table)) continue;
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(raw);
  }
}
