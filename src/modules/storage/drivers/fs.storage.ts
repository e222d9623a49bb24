import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import type { StorageDriver } from '../storage.types.js';
import { assertSafeKey } from '../storage.models.js';
import { createStorageNotFoundError } from '../storage.errors.js';

export function createFsStorage({ root }: { root: string }): StorageDriver {
  const base = resolve(root);
  const pathOf = (key: string) => {
    assertSafeKey(key);
    return join(base, ...key.split('/'));
  };
  const tmpDir = join(base, '.tmp');

  return {
    name: 'fs',
    async save({ key, stream }) {
      const target = pathOf(key);
      // The source may fail while the folders are made (e.g. too large): keep that error for below.
      let early: unknown;
      const onEarlyError = (error: unknown) => { early ??= error; };
      stream.on('error', onEarlyError);
      await mkdir(dirname(target), { recursive: true });
      await mkdir(tmpDir, { recursive: true });
      stream.off('error', onEarlyError);
      if (early !== undefined) throw early;
      const tmp = join(tmpDir, randomBytes(12).toString('hex'));
      let size = 0;
      stream.on('data', (chunk: Buffer) => { size += chunk.length; });
      try {
        await pipeline(stream, createWriteStream(tmp, { flags: 'wx' }));
        await rename(tmp, target);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      return { size };
    },
    async read({ key, range }) {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch {
        throw createStorageNotFoundError({ key });
      }
      return createReadStream(path, range ? { start: range.start, end: range.end } : {});
    },
    async stat({ key }) {
      try {
        const s = await stat(pathOf(key));
        return s.isFile() ? { size: s.size } : undefined;
      } catch {
        return undefined;
      }
    },
    async move({ from, to }) {
      const target = pathOf(to);
      await mkdir(dirname(target), { recursive: true });
      try {
        await rename(pathOf(from), target);
      } catch {
        throw createStorageNotFoundError({ key: from });
      }
    },
    async delete({ key }) {
      await rm(pathOf(key), { force: true });
    },
    async *list({ prefix }) {
      const start = prefix ? pathOf(prefix.replace(/\/$/, '')) : base;
      async function* walk(dir: string): AsyncGenerator<string> {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const entry of entries) {
          if (entry.name.startsWith('.')) continue;
          const full = join(dir, entry.name);
          if (entry.isDirectory()) yield* walk(full);
          else if (entry.isFile()) yield relative(base, full).split(sep).join('/');
        }
      }
      yield* walk(start);
    },
    async checkWritable() {
      await mkdir(tmpDir, { recursive: true });
      const probe = join(tmpDir, `probe-${randomBytes(6).toString('hex')}`);
      await writeFile(probe, 'ok');
      await rm(probe, { force: true });
    },
  };
}
