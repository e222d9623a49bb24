import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { S3StorageOptions } from './drivers/s3.storage.js';

type S3rverInstance = { run: () => Promise<AddressInfo>; close: () => Promise<void> };
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/**
 * A local S3-compatible server for tests: s3rver (npm, pure JavaScript, in-process, files in a temp
 * folder) on a free port, with one empty bucket. TEST_S3_ENDPOINT (+ TEST_S3_BUCKET, keys) points
 * the tests at another server instead, e.g. MinIO.
 */
export async function startTestS3Server({ bucket = 'beretning-test' }: { bucket?: string } = {}): Promise<{ options: S3StorageOptions; close: () => Promise<void> }> {
  const external = process.env.TEST_S3_ENDPOINT;
  if (external) {
    return {
      options: {
        endpoint: external,
        bucket: process.env.TEST_S3_BUCKET ?? bucket,
        region: process.env.TEST_S3_REGION ?? 'us-east-1',
        accessKeyId: process.env.TEST_S3_ACCESS_KEY_ID ?? 'S3RVER',
        secretAccessKey: process.env.TEST_S3_SECRET_ACCESS_KEY ?? 'S3RVER',
        forcePathStyle: true,
      },
      close: async () => {},
    };
  }
  const directory = await mkdtemp(join(tmpdir(), 'beretning-s3-'));
  // s3rver ships no type declarations; its constructor is described by S3rverConstructor above.
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }], vhostBuckets: false });
  const address = await server.run();
  return {
    options: { endpoint: `http://127.0.0.1:${address.port}`, bucket, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true },
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
