import { createUnsafeKeyError } from './storage.errors.js';

const SAFE_KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Keys are lower-case segments of [a-z0-9._-], no leading dot, no `..`: they can never escape the store. */
export function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.includes('..') || key.length > 512) throw createUnsafeKeyError({ key });
}

/** Where a file with this content hash lives. */
export function createContentKey({ sha256 }: { sha256: string }): string {
  if (!/^[a-f0-9]{64}$/.test(sha256)) throw createUnsafeKeyError({ key: sha256 });
  return `files/${sha256.slice(0, 2)}/${sha256}`;
}
