import { parseArgs } from 'node:util';
import { loadConfigOrExit } from './config/config.js';
import { createDependencies } from './dependencies.js';
import type { Dependencies } from './dependencies.types.js';
import { importFolder } from './modules/imports/imports.usecases.js';
import { migrateEmbeddedInstallation } from './modules/migrate/migrate.usecases.js';
import { isAppError } from './shared/errors.js';
import { runUserCommand, userCommandUsage } from './modules/auth/drivers/user-cli.js';
import type { Config } from './config/config.js';
import { resolveDatabaseUrl } from './database/database.js';
import { createBackup, restoreBackup } from './modules/ops/ops.usecases.js';
import { createConfiguredStorage } from './modules/storage/storage.usecases.js';
import { reindexAllReports } from './modules/search/search.usecases.js';
import { createIngestionHandler, ingestJobType, reindexAllDocuments } from './modules/documents/documents.usecases.js';
import { createJobRunner } from './modules/jobs/jobs.usecases.js';
import { createOcrHandler, ocrJobType, reindexAllOcr } from './modules/ocr/ocr.usecases.js';
import { runAsCommandLine } from './modules/audit/audit.usecases.js';

// `runWithoutDependencies`: for commands (restore) that must run before anything opens DATA_DIR.
type Command = { usage: string; summary: string; run: (args: string[], deps: Dependencies) => Promise<void>; runWithoutDependencies?: (args: string[], config: Config) => Promise<void> };

// Each command: one line of usage, one of summary. Modules add theirs here.
export const commands: Record<string, Command> = {
  user: {
    usage: 'user add|list|disable|reset-password …',
    summary: `Manage workspace users: ${userCommandUsage}. Passwords are prompted without echo, or read from stdin with --password-stdin.`,
    async run(args, deps) {
      await runUserCommand({ args }, deps);
    },
  },
  backup: {
    usage: 'backup <file>',
    summary: 'Write a consistent backup (SQLite snapshot + every stored file + sha256 manifest) while the server runs.',
    async run(args, deps) {
      const file = parseArgs({ args, allowPositionals: true, options: {} }).positionals[0];
      if (!file) throw new Error('backup needs a file: npm run cli -- backup <file.tar.gz>');
      const url = resolveDatabaseUrl({ databaseUrl: deps.config.databaseUrl, dataDir: deps.config.dataDir });
      const manifest = await createBackup({ file, databaseFile: deps.dialect === 'sqlite' ? url.replace(/^sqlite:/, '') : undefined, now: deps.clock.now().toISOString() }, deps);
      process.stdout.write(`Backup written to ${file}: ${manifest.entries.length} part(s)${manifest.database === 'postgres' ? ' (files only: pair it with pg_dump)' : ''}.\n`);
    },
  },
  restore: {
    usage: 'restore <file>',
    summary: 'Restore a backup into an empty DATA_DIR, verifying every checksum.',
    run: async () => undefined,
    async runWithoutDependencies(args, config) {
      const file = parseArgs({ args, allowPositionals: true, options: {} }).positionals[0];
      if (!file) throw new Error('restore needs a file: npm run cli -- restore <file.tar.gz>');
      const url = resolveDatabaseUrl({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const manifest = await restoreBackup({ file, dataDir: config.dataDir, databaseFile: url.startsWith('sqlite:') ? url.replace(/^sqlite:/, '') : undefined }, { storage: await createConfiguredStorage({ config }) });
      process.stdout.write(`Restored ${manifest.entries.length} part(s) from ${file} into ${config.dataDir}; every checksum matches.\n`);
    },
  },
  'migrate-data': {
    usage: 'migrate-data --to <postgres url>',
    summary: 'Copy this embedded installation (every row, every file into the configured STORAGE) to an empty PostgreSQL database; verified.',
    async run(args, deps) {
      const { values } = parseArgs({ args, options: { to: { type: 'string' } } });
      if (!values.to) throw new Error('migrate-data needs a target: npm run cli -- migrate-data --to postgres://user:pass@host/db');
      const report = await migrateEmbeddedInstallation({ to: values.to }, deps);
      for (const table of report.tables) process.stdout.write(`  ${table.name.padEnd(24)} ${String(table.rows).padStart(8)} rows  sha256 ${table.checksum.slice(0, 16)}\n`);
      if (report.skippedTables.length) process.stdout.write(`  not copied (derived: the search index, rebuilt on the target): ${report.skippedTables.join(', ')}\n`);
      process.stdout.write(`Copied ${report.tables.length} tables and ${report.files.count} file(s) (${report.files.bytes} bytes${report.files.copied ? '' : ', left in place and verified'}); counts and checksums match.\n`);
    },
  },
  reindex: {
    usage: 'reindex [--ocr]',
    summary: 'Read every PDF again (text, pages, cover, outline; scanned pages through OCR), then rebuild the search index from every published report. --ocr: only recognise the scanned pages again.',
    async run(args, deps) {
      const { values } = parseArgs({ args, options: { ocr: { type: 'boolean', default: false } } });
      const count = values.ocr ? await reindexAllOcr(deps) : await reindexAllDocuments(deps);
      const runner = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(deps), [ocrJobType]: createOcrHandler(deps) } }, deps);
      while (await runner.runOnce());
      process.stdout.write(values.ocr ? `${count} PDF(s) checked for scanned pages and recognised again.\n` : `${count} PDF(s) read again.\n`);
      await reindexAllReports(deps);
      process.stdout.write('Search index rebuilt.\n');
    },
  },
  import: {
    usage: 'import <dir>',
    summary: 'Import an organisation and its reports from an import folder (idempotent, all or nothing).',
    async run(args, deps) {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
      const dir = positionals[0];
      if (!dir) throw new Error('import needs a folder: npm run cli -- import <dir>');
      const summary = await importFolder({ dir }, deps);
      const parts = [
        summary.created.length ? `created ${summary.created.join(', ')}` : '',
        summary.updated.length ? `updated ${summary.updated.join(', ')}` : '',
        summary.unchanged.length ? `unchanged ${summary.unchanged.join(', ')}` : '',
        summary.media.created.length ? `media added ${summary.media.created.join(', ')}` : '',
        summary.media.updated.length ? `media updated ${summary.media.updated.join(', ')}` : '',
        summary.media.unchanged.length ? `${summary.media.unchanged.length} media item(s) unchanged` : '',
        summary.siteChanged ? 'site settings saved' : 'site settings unchanged',
        `${summary.filesStored} file(s) stored`,
      ].filter(Boolean);
      process.stdout.write(`Imported ${dir}: ${parts.join('; ')}.\n`);
    },
  },
};

function printHelp(): void {
  const lines = Object.values(commands).map((c) => `  ${c.usage.padEnd(44)} ${c.summary}`);
  process.stdout.write(`Usage: npm run cli -- <command>\n\nCommands:\n${lines.join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    printHelp();
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}". Run "npm run cli -- help" for the list.\n`);
    return 1;
  }
  const config = loadConfigOrExit({ env: { LOG_LEVEL: 'warn', ...process.env } });
  if (command.runWithoutDependencies) {
    try {
      await command.runWithoutDependencies(args, config);
      return 0;
    } catch (error) {
      process.stderr.write(`Error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}\n`);
      return 1;
    }
  }
  const deps = await createDependencies({ config, role: 'command' });
  try {
    // Every change a command makes is audited as "kommandolinje" and the OS user (audit.usecases).
    await runAsCommandLine({}, () => command.run(args, deps));
    return 0;
  } catch (error) {
    const message = isAppError(error) || error instanceof Error ? error.message : String(error);
    process.stderr.write(`Error: ${message.split('\n')[0]}\n`);
    return 1;
  } finally {
    await deps.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
