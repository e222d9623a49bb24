import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../config/config.js';
import { createDatabase } from '../../database/database.js';
import { createDependencies } from '../../dependencies.js';
import { writeTestImportFolder } from '../../app.test-utils.js';
import { importFolder } from '../imports/imports.usecases.js';
import { createFsStorage } from '../storage/drivers/fs.storage.js';
import { storeContent } from '../storage/storage.usecases.js';
import type { StorageDriver } from '../storage/storage.types.js';
import { createBackup, restoreBackup } from './ops.usecases.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function readAll({ storage, key }: { storage: StorageDriver; key: string }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.read({ key })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function startInstallation() {
  const dataDir = await tempDir('beretning-src-');
  const deps = await createDependencies({ config: createTestConfig({ dataDir, databaseUrl: '', storage: 'fs', logLevel: 'silent' }) });
  cleanups.push(() => deps.close());
  const folder = await writeTestImportFolder({ reports: [{ year: 2023 }, { year: 2024 }] });
  await importFolder({ dir: folder.dir }, deps);
  await folder.cleanup();
  return { dataDir, deps, databaseFile: join(dataDir, 'beretning.db') };
}

describe('backup and restore', () => {
  it('a backup taken while uploads are under way restores every committed report and file byte for byte', async () => {
    const source = await startInstallation();
    const report = await source.deps.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
    let uploading = true;
    const uploads = (async () => {
      let count = 0;
      while (uploading || count < 5) {
        const bytes = randomBytes(64 * 1024 + count);
        const stored = await storeContent({ stream: Readable.from([bytes.subarray(0, 30000), bytes.subarray(30000)]) }, source.deps);
        await source.deps.db
          .insertInto('documents')
          .values({ id: randomUUID(), reportId: report.id, sha256: stored.sha256, storageKey: stored.key, fileName: `upload-${count}.pdf`, size: stored.size, pageCount: null, createdAt: new Date().toISOString(), createdBy: null })
          .execute();
        count += 1;
      }
      return count;
    })();
    const backupDir = await tempDir('beretning-backup-');
    const file = join(backupDir, 'backup.tar.gz');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const manifest = await createBackup({ file, databaseFile: source.databaseFile, now: '2026-06-01T10:00:00.000Z' }, source.deps);
    uploading = false;
    expect(await uploads).toBeGreaterThanOrEqual(5);
    expect(manifest.entries.some((e) => e.name === 'database/beretning.db')).toBe(true);

    const target = await tempDir('beretning-restore-');
    const restoredStorage = createFsStorage({ root: join(target, 'files') });
    await restoreBackup({ file, dataDir: target, databaseFile: join(target, 'beretning.db') }, { storage: restoredStorage });

    const restored = createDatabase({ url: `sqlite:${join(target, 'beretning.db')}` });
    cleanups.unshift(() => restored.close());
    const restoredReports = await restored.db.selectFrom('reports').selectAll().orderBy('id').execute();
    const sourceReports = await source.deps.db.selectFrom('reports').selectAll().orderBy('id').execute();
    expect(restoredReports).toEqual(sourceReports);
    const documents = await restored.db.selectFrom('documents').selectAll().execute();
    expect(documents.length).toBeGreaterThanOrEqual(2);
    for (const document of documents) {
      const bytes = await readAll({ storage: restoredStorage, key: document.storageKey });
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(document.sha256);
      expect(bytes.equals(await readAll({ storage: source.deps.storage, key: document.storageKey }))).toBe(true);
    }
  });

  it('restore refuses a DATA_DIR that is not empty', async () => {
    const source = await startInstallation();
    const file = join(await tempDir('beretning-backup-'), 'backup.tar.gz');
    await createBackup({ file, databaseFile: source.databaseFile, now: '2026-06-01T10:00:00.000Z' }, source.deps);
    const target = await tempDir('beretning-restore-');
    await writeFile(join(target, 'something'), 'x');
    await expect(restoreBackup({ file, dataDir: target, databaseFile: join(target, 'beretning.db') }, { storage: createFsStorage({ root: join(target, 'files') }) })).rejects.toThrow(/ikke tom/);
  });

  it('restore refuses a damaged archive with one clear line and leaves the target empty', async () => {
    const source = await startInstallation();
    const file = join(await tempDir('beretning-backup-'), 'backup.tar.gz');
    await createBackup({ file, databaseFile: source.databaseFile, now: '2026-06-01T10:00:00.000Z' }, source.deps);
    const bytes = await readFile(file);
    const truncated = join(await tempDir('beretning-damaged-'), 'damaged.tar.gz');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const target = await tempDir('beretning-restore-');
    const error = await restoreBackup({ file: truncated, dataDir: target, databaseFile: join(target, 'beretning.db') }, { storage: createFsStorage({ root: join(target, 'files') }) }).then(() => new Error('restored'), (e: unknown) => e as Error);
    expect(error.message).not.toBe('restored');
    expect(error.message).toMatch(/beskadiget/);
    expect(error.message).not.toContain('\n');
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(target)).toEqual([]);
  });

  it('restore notices a changed byte through the manifest checksums', async () => {
    const source = await startInstallation();
    const file = join(await tempDir('beretning-backup-'), 'backup.tar.gz');
    const manifest = await createBackup({ file, databaseFile: source.databaseFile, now: '2026-06-01T10:00:00.000Z' }, source.deps);
    // Rebuild the archive with one file's bytes altered but its manifest unchanged.
    const tar = (await import('tar-stream')).default;
    const { createGunzip, createGzip } = await import('node:zlib');
    const { createReadStream, createWriteStream } = await import('node:fs');
    const { pipeline } = await import('node:stream/promises');
    const tampered = join(await tempDir('beretning-tampered-'), 'tampered.tar.gz');
    const extract = tar.extract();
    const pack = tar.pack();
    const written = pipeline(pack, createGzip(), createWriteStream(tampered));
    const reading = pipeline(createReadStream(file), createGunzip(), extract);
    const victim = manifest.entries.find((e) => e.name.startsWith('storage/'))?.name;
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      if (entry.header.name === victim) body.writeUInt8(body.readUInt8(body.length - 1) ^ 0xff, body.length - 1);
      pack.entry({ name: entry.header.name, size: body.length }, body);
    }
    await reading;
    pack.finalize();
    await written;
    const target = await tempDir('beretning-restore-');
    await expect(restoreBackup({ file: tampered, dataDir: target, databaseFile: join(target, 'beretning.db') }, { storage: createFsStorage({ root: join(target, 'files') }) })).rejects.toThrow(/Kontrolsummen/);
  });
});
