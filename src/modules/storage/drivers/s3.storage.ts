import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { StorageDriver } from '../storage.types.js';
import { assertSafeKey } from '../storage.models.js';
import { createStorageNotFoundError } from '../storage.errors.js';

export type S3StorageOptions = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
};

function isNotFound(error: unknown): boolean {
  if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound';
  return false;
}

/**
 * Files in an S3-compatible bucket through the AWS SDK v3. Uploads stream in parts (lib-storage's
 * multipart Upload: an object appears only when complete); downloads stream the response body,
 * with an HTTP Range for partial reads.
 */
export function createS3Storage(options: S3StorageOptions): StorageDriver & { client: S3Client } {
  const { bucket } = options;
  if (!bucket) throw new Error('S3_BUCKET is required when STORAGE=s3');
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    // Checksums only where S3 requires them: many S3-compatible stores reject the SDK's default CRC32 trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } } : {}),
  });

  const stat = async (key: string): Promise<{ size: number } | undefined> => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };

  return {
    name: 's3',
    client,
    async save({ key, stream }) {
      assertSafeKey(key);
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          callback(null, chunk);
        },
      });
      // pipeline carries a failure of the source (e.g. too large) to the upload, which then aborts.
      const piped = pipeline(stream, counter);
      const upload = new Upload({ client, params: { Bucket: bucket, Key: key, Body: counter }, queueSize: 2, partSize: 8 * 1024 * 1024 });
      await Promise.all([upload.done(), piped]).catch(async (error: unknown) => {
        await upload.abort().catch(() => undefined);
        counter.destroy();
        throw error;
      });
      return { size };
    },
    async read({ key, range }) {
      assertSafeKey(key);
      try {
        const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
        if (!result.Body) throw createStorageNotFoundError({ key });
        // In Node the SDK's body is an IncomingMessage, a Readable.
        return result.Body as Readable;
      } catch (error) {
        if (isNotFound(error)) throw createStorageNotFoundError({ key });
        throw error;
      }
    },
    async stat({ key }) {
      assertSafeKey(key);
      return stat(key);
    },
    async move({ from, to }) {
      assertSafeKey(from);
      assertSafeKey(to);
      if (!(await stat(from))) throw createStorageNotFoundError({ key: from });
      await client.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${bucket}/${from}` }));
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: from }));
    },
    async delete({ key }) {
      assertSafeKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async *list({ prefix }) {
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
        for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async checkWritable() {
      const key = `.probe/${randomBytes(6).toString('hex')}`;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'ok' }));
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
