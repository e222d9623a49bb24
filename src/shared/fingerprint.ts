import { createHash } from 'node:crypto';

/**
 * A short fingerprint of a value's JSON (sha256, 22 base64url characters): what an edit form carries
 * to say which saved state it was opened on, so a save from an older one can be refused (409).
 */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}
