import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { ProxyTrust } from './proxy-trust.js';

/** The headers that name the host. */
type HostHeaders = { host?: string; 'x-forwarded-host'?: IncomingHttpHeaders['x-forwarded-host'] };

/**
 * The host a request is for, as Fastify's `request.host` decides it: the last X-Forwarded-Host
 * from a trusted proxy, else Host; lower case. `headers`: the request's headers when the caller has
 * read them already (the page cache's hit path reads only the few it needs).
 */
export function requestHostOf(req: IncomingMessage, trust: ProxyTrust, headers: HostHeaders = req.headers): string {
  const forwarded = headers['x-forwarded-host'];
  if (typeof forwarded === 'string' && forwarded && trust(req.socket?.remoteAddress, 0)) return forwarded.slice(forwarded.lastIndexOf(',') + 1).trim().toLowerCase();
  return String(headers.host ?? '').toLowerCase();
}

/** ALLOWED_HOSTS as a check; undefined when the list is empty (every host is answered). */
export function createHostCheck({ allowedHosts, trust }: { allowedHosts: string[]; trust: ProxyTrust }): ((req: IncomingMessage, headers?: HostHeaders) => boolean) | undefined {
  if (allowedHosts.length === 0) return undefined;
  const allowed = new Set(allowedHosts);
  return (req, headers) => allowed.has(requestHostOf(req, trust, headers));
}
