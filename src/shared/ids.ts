import { randomBytes } from 'node:crypto';

/** Random, URL-safe text ids: 16 bytes of entropy. */
export function createId(): string {
  return randomBytes(16).toString('base64url');
}

/** Long random secrets (session ids, tokens): 32 bytes. */
export function createSecret(): string {
  return randomBytes(32).toString('base64url');
}
