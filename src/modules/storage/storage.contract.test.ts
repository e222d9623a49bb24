import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageDriver } from './storage.types.js';
import { createFsStorage } from './drivers/fs.storage.js';
import { createMemoryStorage } from './drivers/memory.storage.js';
import { createS3Storage } from './drivers/s3.storage.js';
import { createConfiguredStorage } from './storage.usecases.js';
import { createTestConfig } from '../../config/config.js';
import { startTestS3Server } from './storage.test-utils.js';
import { storeContent } from './storage.usecases.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of iterable) keys.push(key);
  return keys.sort();
}

type DriverFactory = { name: string; start: () => Promise<{ storage: StorageDriver; close: () => Promise<void> }> };

const drivers: DriverFactory[] = [
  { name: 'memory', start: async () => ({ storage: createMemoryStorage(), close: async () => {} }) },
  {
    name: 'fs',
    start: async () => {
      const root = await mkdtemp(join(tmpdir(), 'beretning-fs-'));
      return { storage: createFsStorage({ root }), close: () => rm(root, { recursive: true, force: true }) };
    },
  },
  {
    name: 's3 (local S3-compatible server)',
    start: async () => {
      const server = await startTestS3Server({ bucket: `contract-${randomBytes(4).toString('hex')}` });
      return { storage: createS3Storage(server.options), close: server.close };
    },
  },
  {
    // As the server makes it from STORAGE=s3 and the S3_* settings (the SDK is loaded only then).
    name: 's3 as configured (STORAGE=s3)',
    start: async () => {
      const server = await startTestS3Server({ bucket: `configured-${randomBytes(4).toString('hex')}` });
      const { endpoint, bucket, region, accessKeyId, secretAccessKey, forcePathStyle } = server.options;
      const config = createTestConfig({ storage: 's3', s3Endpoint: endpoint, s3Bucket: bucket, s3Region: region, s3AccessKeyId: accessKeyId, s3SecretAccessKey: secretAccessKey, s3ForcePathStyle: forcePathStyle });
      return { storage: await createConfiguredStorage({ config }), close: server.close };
    },
  },
];

describe.each(drivers)('storage contract: $name', (factory) => {
  let storage: StorageDriver;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ storage, close } = await factory.start());
  });
  afterAll(async () => {
    await close();
  });

  it('stores a streamed file and gives back the same bytes', async () => {
    const data = randomBytes(300_000);
    // Several chunks, as an upload arrives.
    const result = await storage.save({ key: 'contract/a.bin', stream: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]) });
    expect(result.size).toBe(data.length);
    expect((await readAll(await storage.read({ key: 'contract/a.bin' }))).equals(data)).toBe(true);
    expect(await storage.stat({ key: 'contract/a.bin' })).toEqual({ size: data.length });
  });

  it('reads a byte range, inclusive at both ends as in HTTP', async () => {
    await storage.save({ key: 'contract/range.txt', stream: Readable.from([Buffer.from('0123456789')]) });
    expect((await readAll(await storage.read({ key: 'contract/range.txt', range: { start: 2, end: 5 } }))).toString()).toBe('2345');
    expect((await readAll(await storage.read({ key: 'contract/range.txt', range: { start: 9, end: 9 } }))).toString()).toBe('9');
  });

  it('replaces a file saved again under the same key', async () => {
    await storage.save({ key: 'contract/replace.txt', stream: Readable.from([Buffer.from('first')]) });
    await storage.save({ key: 'contract/replace.txt', stream: Readable.from([Buffer.from('second')]) });
    expect((await readAll(await storage.read({ key: 'contract/replace.txt' }))).toString()).toBe('second');
  });

  it('says a missing file is not found', async () => {
    expect(await storage.stat({ key: 'contract/missing.txt' })).toBeUndefined();
    await expect(storage.read({ key: 'contract/missing.txt' })).rejects.toMatchObject({ code: 'storage.not_found' });
    await expect(storage.move({ from: 'contract/missing.txt', to: 'contract/elsewhere.txt' })).rejects.toMatchObject({ code: 'storage.not_found' });
  });

  it('moves a file to another key and deletes files', async () => {
    await storage.save({ key: 'contract/from.txt', stream: Readable.from([Buffer.from('moving')]) });
    await storage.move({ from: 'contract/from.txt', to: 'contract/to/here.txt' });
    expect(await storage.stat({ key: 'contract/from.txt' })).toBeUndefined();
    expect((await readAll(await storage.read({ key: 'contract/to/here.txt' }))).toString()).toBe('moving');
    await storage.delete({ key: 'contract/to/here.txt' });
    expect(await storage.stat({ key: 'contract/to/here.txt' })).toBeUndefined();
    await storage.delete({ key: 'contract/never-was.txt' });
  });

  it('lists every key under a prefix, and only those', async () => {
    for (const key of ['list/a/1.txt', 'list/a/2.txt', 'list/b/3.txt', 'other/4.txt']) await storage.save({ key, stream: Readable.from([Buffer.from(key)]) });
    expect(await collect(storage.list({ prefix: 'list/' }))).toEqual(['list/a/1.txt', 'list/a/2.txt', 'list/b/3.txt']);
    expect(await collect(storage.list({ prefix: 'list/a/' }))).toEqual(['list/a/1.txt', 'list/a/2.txt']);
  });

  it('refuses keys that could escape the store', async () => {
    for (const key of ['../etc/passwd', '/abs', 'a/../b', 'Upper/case', '.hidden']) {
      await expect(storage.save({ key, stream: Readable.from([Buffer.from('x')]) })).rejects.toMatchObject({ code: 'storage.unsafe_key' });
      await expect(storage.read({ key })).rejects.toMatchObject({ code: 'storage.unsafe_key' });
    }
  });

  it('stores content under its sha256 and leaves nothing behind when an upload is too large', async () => {
    const stored = await storeContent({ stream: Readable.from([Buffer.from('%PDF-1.7 hello')]) }, { storage });
    expect(stored.key).toBe(`files/${stored.sha256.slice(0, 2)}/${stored.sha256}`);
    expect((await readAll(await storage.read({ key: stored.key }))).toString()).toBe('%PDF-1.7 hello');
    await expect(storeContent({ stream: Readable.from([randomBytes(2000)]), maxBytes: 1000 }, { storage })).rejects.toMatchObject({ code: 'storage.too_large' });
    expect(await collect(storage.list({ prefix: 'tmp/' }))).toEqual([]);
  });

  it('proves it is writable', async () => {
    await expect(storage.checkWritable()).resolves.toBeUndefined();
  });
});
