// What the app (main thread) and the HTTP front's worker (cache.front.worker.ts) say to each other.
// Types only, and the tally both sides agree on: the worker imports this file too.
import type { IncomingHttpHeaders } from 'node:http';
import type { CachedPage, PageKey } from './cache.usecases.js';

/** What the worker is started with (its workerData). */
export type FrontSettings = {
  /** Where readers connect: PORT and HOST. */
  port: number;
  host: string;
  /** The app's private Unix socket: every request the front does not answer goes there. */
  appSocket: string;
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
  | { type: 'log'; level: 'warn' | 'error'; msg: string; err?: string }
  | { type: 'closed' };
