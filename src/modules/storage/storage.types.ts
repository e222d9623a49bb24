import type { Readable } from 'node:stream';

export type ByteRange = { start: number; end: number }; // inclusive, as in HTTP

/**
 * What every storage driver (fs, memory, s3) must do. Keys are made by the application
 * (e.g. `files/ab/<sha256>`), never from user input; drivers still refuse unsafe keys.
 */
export type StorageDriver = {
  name: string;
  /** Streams `stream` to `key`, replacing it; the object appears only when complete. */
  save: (args: { key: string; stream: Readable }) => Promise<{ size: number }>;
  /** A stream of the object, or of `range` of it. Throws `storage.not_found` if absent. */
  read: (args: { key: string; range?: ByteRange }) => Promise<Readable>;
  stat: (args: { key: string }) => Promise<{ size: number } | undefined>;
  /** Moves an object to another key (same bytes); used to put an upload under its hash. */
  move: (args: { from: string; to: string }) => Promise<void>;
  delete: (args: { key: string }) => Promise<void>;
  /** Every key under `prefix`, for backups and migrations. */
  list: (args: { prefix: string }) => AsyncIterable<string>;
  /** Proves the backend is writable (readiness). */
  checkWritable: () => Promise<void>;
};
