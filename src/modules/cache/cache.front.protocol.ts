// What the app (main thread) and the HTTP front's worker (cache.front.worker.ts) say to each other.
// Types only, and the tally both sides agree on: the worker imports this file too.
import type { IncomingHttpHeaders } from 'node:http';
import type { MessagePort } from 'node:worker_threads';
import type { CachedPage, PageKey } from './cache.usecases.js';

/** What the worker is started with (its workerData). */
export type FrontSettings = {
  /** Where readers connect: PORT and HOST. */
  port: number;
  host: string;
  /** The relay's port (cache.front.relay.ts): every request the front does not answer goes there, and on to the app. */
  relayPort: MessagePort;
  /** TRUST_PROXY as the operator set it: the front decides the client's address, protocol and host, and tells the app. */
  trustProxy: string;
  allowedHosts: string[];
  publicUrl: string;
  /** Node's cut-off for a whole request (uploads included), as the app's own server has it. */
  requestTimeoutMs: number;
  /** Whether page views are counted for readership statistics (STATISTICS). */
  countViews: boolean;
  /** The caches' bounds and their generation now (a worker started again resumes the app's count). */
  caches: Record<FrontCacheName, { maxEntries: number; maxBytes: number; generation: number }>;
  /** How often the worker sends the hits it counted, in ms. */
  reportMs: number;
};

export type FrontCacheName = 'pages' | 'search';

/** From the app to the worker, in order on one port: a page to keep (rendered in `page.generation`), an invalidation, or the end. */
export type ToFront = { type: 'keep'; cache: FrontCacheName; key: PageKey; page: CachedPage } | { type: 'invalidate'; cache: FrontCacheName } | { type: 'close'; graceMs: number };

/** The hits the worker answered since its last report, summed. */
export type FrontHits = {
  served: { route: string; method: string; status: number; count: number; seconds: number }[];
  views: { path: string; headers: IncomingHttpHeaders; count: number }[];
};

/** From the worker to the app. */
export type FromFront =
  | { type: 'listening'; address: string; port: number }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'hits'; hits: FrontHits; caches: Record<FrontCacheName, { size: number; bytes: number }> }
  | { type: 'closed' };

/**
 * From the worker to the relay, on the relay's own port: a request passed on (its head, its body's
 * chunks, its end), the bytes of the answer written to the reader (for flow control), or that the
 * reader left before the answer was written whole (`complete`: the request's body had all arrived).
 * Chunks are ArrayBuffers of their own, transferred.
 */
export type ToRelay =
  | { type: 'request'; id: number; method: string; url: string; headers: string[] }
  | { type: 'chunk'; id: number; chunk: ArrayBuffer }
  | { type: 'end'; id: number }
  | { type: 'written'; id: number; bytes: number }
  | { type: 'gone'; id: number; complete: boolean };

/**
 * From the relay to the worker: the app's answer (its head, its body's chunks, its end), that the
 * app broke it off, that the app could not be reached (the worker answers 502), or the bytes of the
 * request's body written to the app (for flow control).
 */
export type FromRelay =
  | { type: 'head'; id: number; status: number; statusMessage: string; headers: string[] }
  | { type: 'chunk'; id: number; chunk: ArrayBuffer }
  | { type: 'done'; id: number }
  | { type: 'broken'; id: number }
  | { type: 'unavailable'; id: number }
  | { type: 'sent'; id: number; bytes: number };

/** Headers that belong to one connection, not to the request or response (RFC 9110 7.6.1). Never passed on, either way. */
export const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect', 'proxy-authorization', 'proxy-authenticate']);

/**
 * Bytes of a body (either way) posted and not yet written on: past this the side reading it pauses.
 * Per request: 200 slow readers of a large download hold at most 50 MB here (with 64 KB chunks, four
 * in flight, which a reader on the same machine still reads at full speed).
 */
export const RELAY_WINDOW_BYTES = 256 * 1024;

/** A chunk as an ArrayBuffer of its own, to be transferred: a Buffer is often a view of a larger (pooled) one, which a transfer would take whole. */
export function ownBuffer(chunk: Buffer): ArrayBuffer {
  // A Buffer read from a socket is never over a SharedArrayBuffer.
  return chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) as ArrayBuffer;
}
