import { PostgresDialect, PostgresIntrospector, sql, type DatabaseIntrospector, type DatabaseMetadata, type DatabaseMetadataOptions, type Kysely, type TableMetadata } from 'kysely';

// Kysely's own bookkeeping tables (its defaults; we do not rename them).
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

type ColumnRow = {
  tableName: string;
  tableKind: string;
  schemaName: string;
  columnName: string;
  typeName: string;
  typeSchema: string;
  notNull: boolean;
  hasDefault: boolean;
  comment: string | null;
  serialSequence: string | null;
};

/**
 * PostgreSQL's introspection limited to the connection's current schema (its search_path).
 *
 * Kysely's own reads the columns of every table in every schema and asks `pg_get_serial_sequence`
 * about each by name: when another process drops a schema while that query runs (several
 * instances or test runs on one database, each in a schema of its own), the query fails with
 * "relation … does not exist" and so does a migration that had nothing to do with that schema.
 * The migrator and the migrate command only look at their own schema, so that is all this reads.
 */
export class CurrentSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;
  readonly #schemas: PostgresIntrospector;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
    this.#schemas = new PostgresIntrospector(db);
  }

  getSchemas() {
    return this.#schemas.getSchemas();
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.relname as "tableName", c.relkind as "tableKind", ns.nspname as "schemaName",
             a.attname as "columnName", typ.typname as "typeName", tns.nspname as "typeSchema",
             a.attnotnull as "notNull", a.atthasdef as "hasDefault",
             col_description(a.attrelid, a.attnum) as "comment",
             pg_get_serial_sequence(quote_ident(ns.nspname) || '.' || quote_ident(c.relname), a.attname) as "serialSequence"
        from pg_catalog.pg_attribute a
        join pg_catalog.pg_class c on a.attrelid = c.oid
        join pg_catalog.pg_namespace ns on c.relnamespace = ns.oid
        join pg_catalog.pg_type typ on a.atttypid = typ.oid
        join pg_catalog.pg_namespace tns on typ.typnamespace = tns.oid
       where ns.nspname = current_schema()
         and c.relkind in ('r', 'v', 'p')
         and a.attnum >= 0 and not a.attisdropped
         ${options.withInternalKyselyTables ? sql`` : sql`and c.relname <> all(${MIGRATION_TABLES})`}
       order by c.relname, a.attnum`.execute(this.#db);
    const tables = new Map<string, TableMetadata>();
    for (const row of rows) {
      let table = tables.get(row.tableName);
      if (!table) {
        table = { name: row.tableName, schema: row.schemaName, isView: row.tableKind === 'v', columns: [] };
        tables.set(row.tableName, table);
      }
      table.columns.push({
        name: row.columnName,
        dataType: row.typeName,
        dataTypeSchema: row.typeSchema,
        isNullable: !row.notNull,
        hasDefaultValue: row.hasDefault,
        isAutoIncrementing: row.serialSequence !== null,
        ...(row.comment === null ? {} : { comment: row.comment }),
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** Kysely's PostgreSQL dialect with the introspection above. */
export class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}
