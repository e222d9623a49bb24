import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import SqliteDatabase from 'better-sqlite3';
import tar from 'tar-stream';
import type { StorageDriver } from '../storage/storage.types.js';
import { assertSafeKey } from '../storage/storage.models.js';
import { createBackupError } from './ops.errors.js';

export type BackupManifest = {
  format: 'beretning-backup/1';
  createdAt: string;
  database: 'sqlite' | 'postgres';
  /** Every entry of the archive but the manifest, with its size and sha256. */
  entries: { name: string; size: number; sha256: string }[];
};

const DATABASE_ENTRY = 'database/beretning.db';
const MANIFEST_ENTRY = 'manifest.json';

/**
 * Writes one gzipped tar: a consistent snapshot of the SQLite database (the online backup API,
 * safe while the server writes), then every stored file, then a manifest of checksums. Files
 * are stored before the rows that point at them, so everything the snapshot references exists.
 * In-flight uploads (`tmp/`) are left out. On PostgreSQL only the files are archived: pair it with pg_dump.
 */
export async function createBackup(
  { file, databaseFile, now }: { file: string; databaseFile: string | undefined; now: string },
  { storage }: { storage: StorageDriver },
): Promise<BackupManifest> {
  const pack = tar.pack();
  const gzip = createGzip({ level: 6 });
  const written = pipeline(pack, gzip, createWriteStream(file));
  const entries: BackupManifest['entries'] = [];
  const addEntry = async ({ name, size, stream }: { name: string; size: number; stream: Readable }) => {
    const hash = createHash('sha256');
    const entry = pack.entry({ name, size, mode: 0o600 });
    await pipeline(stream, new Transform({ transform(chunk: Buffer, _e, cb) { hash.update(chunk); cb(null, chunk); } }), entry);
    entries.push({ name, size, sha256: hash.digest('hex') });
  };
  const snapshotDir = join(tmpdir(), `beretning-backup-${randomBytes(6).toString('hex')}`);
  try {
    if (databaseFile) {
      await mkdir(snapshotDir, { recursive: true });
      const snapshot = join(snapshotDir, 'beretning.db');
      const source = new SqliteDatabase(databaseFile, { fileMustExist: true });
      try {
        source.pragma('busy_timeout = 5000');
        await source.backup(snapshot);
      } finally {
        source.close();
      }
      await addEntry({ name: DATABASE_ENTRY, size: (await stat(snapshot)).size, stream: createReadStream(snapshot) });
    }
    for await (const key of storage.list({ prefix: '' })) {
      if (key.startsWith('tmp/')) continue;
      const info = await storage.stat({ key });
      if (!info) continue; // deleted since it was listed
      await addEntry({ name: `storage/${key}`, size: info.size, stream: await storage.read({ key }) });
    }
    const manifest: BackupManifest = { format: 'beretning-backup/1', createdAt: now, database: databaseFile ? 'sqlite' : 'postgres', entries };
    const body = Buffer.from(JSON.stringify(manifest, null, 2));
    pack.entry({ name: MANIFEST_ENTRY, size: body.length }, body);
    pack.finalize();
    await written;
    return manifest;
  } catch (error) {
    pack.destroy(error as Error);
    await written.catch(() => undefined);
    await rm(file, { force: true });
    throw error;
  } finally {
    await rm(snapshotDir, { recursive: true, force: true });
  }
}

/** True when the folder is missing or has nothing in it. */
export async function isEmptyFolder({ dir }: { dir: string }): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * Restores a backup into an empty DATA_DIR: the database file and every stored file, each
 * checked against the manifest. A damaged archive or a wrong checksum removes what was written
 * and fails with one clear line.
 */
export async function restoreBackup(
  { file, dataDir, databaseFile }: { file: string; dataDir: string; databaseFile: string | undefined },
  { storage }: { storage: StorageDriver },
): Promise<BackupManifest> {
  if (!(await isEmptyFolder({ dir: dataDir }))) throw createBackupError({ message: `DATA_DIR ${dataDir} er ikke tom; gendan kun i en tom mappe.` });
  try {
    await stat(file);
  } catch {
    throw createBackupError({ message: `Sikkerhedskopien ${file} findes ikke.` });
  }
  const seen = new Map<string, { size: number; sha256: string }>();
  let manifest: BackupManifest | undefined;
  const storedKeys: string[] = [];
  try {
    const extract = tar.extract();
    const done = pipeline(createReadStream(file), createGunzip(), extract);
    done.catch(() => undefined); // awaited below; the loop may fail first
    for await (const entry of extract) {
      const name = entry.header.name;
      if (name === MANIFEST_ENTRY) {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BackupManifest;
        continue;
      }
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({ transform(chunk: Buffer, _e, cb) { hash.update(chunk); size += chunk.length; cb(null, chunk); } });
      if (name === DATABASE_ENTRY) {
        if (!databaseFile) throw createBackupError({ message: 'Sikkerhedskopien indeholder en SQLite-database, men DATABASE_URL peger på PostgreSQL.' });
        await mkdir(dirname(databaseFile), { recursive: true });
        await pipeline(entry, meter, createWriteStream(databaseFile, { flags: 'wx' }));
      } else if (name.startsWith('storage/')) {
        const key = name.slice('storage/'.length);
        assertSafeKey(key);
        const body = new PassThrough();
        const saved = storage.save({ key, stream: body });
        await pipeline(entry, meter, body);
        await saved;
        storedKeys.push(key);
      } else {
        throw createBackupError({ message: `Sikkerhedskopien har en ukendt del: ${name}` });
      }
      seen.set(name, { size, sha256: hash.digest('hex') });
    }
    await done;
    if (!manifest || manifest.format !== 'beretning-backup/1') throw createBackupError({ message: 'Sikkerhedskopien mangler sit manifest; den er ufuldstændig eller beskadiget.' });
    for (const expected of manifest.entries) {
      const actual = seen.get(expected.name);
      if (!actual) throw createBackupError({ message: `Sikkerhedskopien mangler ${expected.name}; den er beskadiget.` });
      if (actual.sha256 !== expected.sha256 || actual.size !== expected.size) throw createBackupError({ message: `Kontrolsummen for ${expected.name} passer ikke; sikkerhedskopien er beskadiget.` });
    }
    if (seen.size !== manifest.entries.length) throw createBackupError({ message: 'Sikkerhedskopien har dele, som manifestet ikke nævner; den er beskadiget.' });
    return manifest;
  } catch (error) {
    for (const key of storedKeys) await storage.delete({ key }).catch(() => undefined);
    if (databaseFile) await rm(databaseFile, { force: true });
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    await mkdir(dataDir, { recursive: true }).catch(() => undefined);
    if (error instanceof Error && 'code' in error && (error as { code?: unknown }).code === 'ops.backup_invalid') throw error;
    throw createBackupError({ message: `Sikkerhedskopien ${file} kan ikke læses; den er beskadiget (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`, cause: error });
  }
}
