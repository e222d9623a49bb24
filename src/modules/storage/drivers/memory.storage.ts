import { Readable } from 'node:stream';
import type { StorageDriver } from '../storage.types.js';
import { assertSafeKey } from '../storage.models.js';
import { createStorageNotFoundError } from '../storage.errors.js';

/** Everything in a Map: for tests and throwaway runs. */
export function createMemoryStorage(): StorageDriver & { objects: Map<string, Buffer> } {
  const objects = new Map<string, Buffer>();
  return {
    name: 'memory',
    objects,
    async save({ key, stream }) {
      assertSafeKey(key);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
      const data = Buffer.concat(chunks);
      objects.set(key, data);
      return { size: data.length };
    },
    async read({ key, range }) {
      assertSafeKey(key);
      const data = objects.get(key);
      if (!data) throw createStorageNotFoundError({ key });
      return Readable.from([range ? data.subarray(range.start, range.end + 1) : data]);
    },
    async stat({ key }) {
      assertSafeKey(key);
      const data = objects.get(key);
      return data ? { size: data.length } : undefined;
    },
    async move({ from, to }) {
      assertSafeKey(from);
      assertSafeKey(to);
      const data = objects.get(from);
      if (!data) throw createStorageNotFoundError({ key: from });
      objects.set(to, data);
      objects.delete(from);
    },
    async delete({ key }) {
      assertSafeKey(key);
      objects.delete(key);
    },
    async *list({ prefix }) {
      for (const key of [...objects.keys()].sort()) if (key.startsWith(prefix)) yield key;
    },
    async checkWritable() {},
  };
}
