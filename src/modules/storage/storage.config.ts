import { z } from 'zod';
import { booleanFromEnv, defineSetting } from '../../config/config.helpers.js';

export const storageConfig = {
  storage: defineSetting({ env: 'STORAGE', schema: z.enum(['fs', 's3']), default: 'fs', doc: '`fs`: files in DATA_DIR/files. `s3`: files in an S3-compatible bucket (the S3_* settings).' }),
  s3Endpoint: defineSetting({
    env: 'S3_ENDPOINT',
    schema: z.string().refine((v) => v === '' || /^https?:\/\/[^/]+/.test(v), { message: 'must be an http(s) address' }),
    default: '',
    doc: 'Address of the S3-compatible service (e.g. https://s3.eu-central-1.amazonaws.com or http://minio:9000). Empty: AWS for S3_REGION.',
  }),
  s3Bucket: defineSetting({ env: 'S3_BUCKET', schema: z.string(), default: '', doc: 'Bucket for stored files (required when STORAGE=s3).' }),
  s3Region: defineSetting({ env: 'S3_REGION', schema: z.string().min(1), default: 'eu-central-1', doc: 'Region of the bucket.' }),
  s3AccessKeyId: defineSetting({ env: 'S3_ACCESS_KEY_ID', schema: z.string(), default: '', doc: 'Access key id. Empty: the AWS SDK\'s default credentials (environment, instance role).' }),
  s3SecretAccessKey: defineSetting({ env: 'S3_SECRET_ACCESS_KEY', schema: z.string(), default: '', doc: 'Secret access key belonging to S3_ACCESS_KEY_ID.' }),
  s3ForcePathStyle: defineSetting({ env: 'S3_FORCE_PATH_STYLE', schema: booleanFromEnv(), default: 'false', doc: '`true` for services that want http://host/bucket/key addresses (MinIO, s3rver, many on-premises stores).' }),
};
