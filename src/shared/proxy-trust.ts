import { createRequire } from 'node:module';
import type proxyAddrModule from '@fastify/proxy-addr';

// A CommonJS package loaded with `require`, not `import`: importing one makes Node instantiate its
// export scanner (cjs-module-lexer, WebAssembly), about 4 MB in an isolate that has no other use
// for it: the HTTP front's worker (cache.front.worker.ts) loads this module.
export const proxyAddr = createRequire(import.meta.url)('@fastify/proxy-addr') as typeof proxyAddrModule;

/** Which peers may set X-Forwarded-For / -Proto / -Host: `all`, `none`, or a comma list of range names (loopback, linklocal, uniquelocal), addresses and CIDRs. */
export type ProxyTrust = (address: string | undefined, hop: number) => boolean;

const entriesOf = (setting: string) => setting.split(',').map((entry) => entry.trim().toLowerCase());

/** The entries of a TRUST_PROXY value that are not a range name, an address or a CIDR; empty when it is valid. */
export function invalidProxyTrustEntries(setting: string): string[] {
  const value = setting.trim().toLowerCase();
  if (value === 'all' || value === 'none') return [];
  return entriesOf(value).filter((entry) => {
    try {
      proxyAddr.compile(entry);
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * The app's TRUST_PROXY behind the HTTP front (cache.front.ts): it listens only on the front's private
 * socket, and the front sends one X-Forwarded-For (the client's address as the operator's
 * TRUST_PROXY decides it), -Proto and -Host. So the first hop, the front, is trusted, and no other.
 * Not a value TRUST_PROXY can be given (config rejects it).
 */
export const BEHIND_FRONT = '\0behind the HTTP front';

/**
 * The trust function for Fastify's `trustProxy` and for the page cache's early answers, so both
 * read a forwarded protocol and host alike (compiled by @fastify/proxy-addr, as Fastify does for a
 * string `trustProxy`). Only a peer in the list may speak for the client: a client that connects
 * directly cannot choose its IP (login rate limit, audit log), protocol or host.
 */
export function createProxyTrust({ setting }: { setting: string }): ProxyTrust {
  if (setting === BEHIND_FRONT) return (_address, hop) => hop === 0;
  const value = setting.trim().toLowerCase();
  if (value === 'all') return () => true;
  if (value === 'none') return () => false;
  const invalid = invalidProxyTrustEntries(value);
  if (invalid.length > 0) throw new Error(`TRUST_PROXY: ${invalid.join(', ')} is not loopback, linklocal, uniquelocal, an address or a CIDR`);
  const trust = proxyAddr.compile(entriesOf(value));
  return (address, hop) => Boolean(address) && trust(address ?? '', hop);
}
