import type { IncomingMessage } from 'node:http';
import type { ProxyTrust } from './proxy-trust.js';

/** The last entry of a header a chain of proxies appends to (`a, b` → `b`), as Fastify reads X-Forwarded-Proto and -Host. */
export function lastEntry(value: string): string {
  return value.slice(value.lastIndexOf(',') + 1).trim();
}

/** The X-Forwarded-Host Fastify's `request.host` takes: the last one, from a trusted proxy only; '' for none. */
export function trustedForwardedHost(req: IncomingMessage, trust: ProxyTrust): string {
  const forwarded = req.headers['x-forwarded-host'];
  return typeof forwarded === 'string' && forwarded && trust(req.socket?.remoteAddress, 0) ? lastEntry(forwarded) : '';
}

/**
 * The host a request is for, as Fastify's `request.host` decides it: the last X-Forwarded-Host
 * from a trusted proxy, else Host; lower case.
 */
export function requestHostOf(req: IncomingMessage, trust: ProxyTrust): string {
  return (trustedForwardedHost(req, trust) || String(req.headers.host ?? '')).toLowerCase();
}

/** ALLOWED_HOSTS as a check; undefined when the list is empty (every host is answered). */
export function createHostCheck({ allowedHosts, trust }: { allowedHosts: string[]; trust: ProxyTrust }): ((req: IncomingMessage) => boolean) | undefined {
  if (allowedHosts.length === 0) return undefined;
  const allowed = new Set(allowedHosts);
  return (req) => allowed.has(requestHostOf(req, trust));
}
