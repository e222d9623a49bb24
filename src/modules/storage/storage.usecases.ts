import { createHash, randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { StorageDriver } from './storage.types.js';
import { createContentKey } from './storage.models.js';
import { createError } from '../../shared/errors.js';
import { resolve } from 'node:path';
import type { Config } from '../../config/config.js';
import { createFsStorage } from './drivers/fs.storage.js';

export const createTooLargeError = ({ maxBytes }: { maxBytes: number }) =>
  createError({ code: 'storage.too_large', status: 413, message: `Filen er for stor. Den største tilladte størrelse er ${Math.round(maxBytes / 1024 / 1024)} MB.`, details: { maxBytes } });

/**
 * Streams `stream` into storage under the sha256 of its bytes. The bytes pass through once:
 * hashed and counted on the way to a temporary key, then moved under their hash. If the stream
 * exceeds `maxBytes` the upload is aborted and nothing is left behind.
 */
export async function storeContent({ stream, maxBytes = Number.POSITIVE_INFINITY }: { stream: Readable; maxBytes?: number }, { storage }: { storage: StorageDriver }): Promise<{ sha256: string; size: number; key: string; head: Buffer }> {
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  const meter = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      size += chunk.length;
      if (size > maxBytes) {
        callback(createTooLargeError({ maxBytes }));
        return;
      }
      if (head.length < 1024) head = Buffer.concat([head, chunk.subarray(0, 1024 - head.length)]);
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  stream.on('error', (error) => meter.destroy(error));
  const tmpKey = `tmp/${randomBytes(12).toString('hex')}`;
  try {
    await storage.save({ key: tmpKey, stream: stream.pipe(meter) });
  } catch (error) {
    await storage.delete({ key: tmpKey }).catch(() => undefined);
    throw error;
  }
  const sha256 = hash.digest('hex');
  const key = createContentKey({ sha256 });
  if (await storage.stat({ key })) {
    await storage.delete({ key: tmpKey });
  } else {
    await storage.move({ from: tmpKey, to: key });
  }
  return { sha256, size, key, head };
}

/**
 * The driver the configuration asks for: `fs` under DATA_DIR/files, or `s3` with the S3_* settings.
 * The AWS SDK is loaded only for `s3` (it is several MB of resident memory a local-disk server never needs).
 */
export async function createConfiguredStorage({ config }: { config: Config }): Promise<StorageDriver> {
  if (config.storage === 's3') {
    const { createS3Storage } = await import('./drivers/s3.storage.js');
    return createS3Storage({
      endpoint: config.s3Endpoint,
      bucket: config.s3Bucket,
      region: config.s3Region,
      accessKeyId: config.s3AccessKeyId,
      secretAccessKey: config.s3SecretAccessKey,
      forcePathStyle: config.s3ForcePathStyle,
    });
  }
  return createFsStorage({ root: resolve(config.dataDir, 'files') });
}
