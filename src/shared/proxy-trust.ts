import { BlockList, isIP } from 'node:net';

/** Named address ranges, as proxy-addr (Fastify's) names them. */
const namedRanges: Record<string, Array<[string, number, 'ipv4' | 'ipv6']>> = {
  loopback: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']],
  linklocal: [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']],
  uniquelocal: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']],
};

/** Which peers may set X-Forwarded-For / -Proto / -Host: `all`, `none`, or a comma list of range names, addresses and CIDRs. */
export type ProxyTrust = (address: string | undefined, hop: number) => boolean;

/** The entries of a TRUST_PROXY value that are not a range name, an address or a CIDR; empty when it is valid. */
export function invalidProxyTrustEntries(setting: string): string[] {
  const value = setting.trim().toLowerCase();
  if (value === 'all' || value === 'none') return [];
  return value.split(',').map((entry) => entry.trim()).filter((entry) => !parseEntry(entry));
}

function parseEntry(entry: string): Array<[string, number, 'ipv4' | 'ipv6']> | undefined {
  const named = namedRanges[entry];
  if (named) return named;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return [[address, prefix, family === 4 ? 'ipv4' : 'ipv6']];
}

/**
 * The trust function for Fastify's `trustProxy` and for the page cache's early answers, so both
 * read a forwarded protocol and host alike. Only a peer in the list may speak for the client: a
 * client that connects directly cannot choose its IP (login rate limit, audit log), protocol or host.
 */
export function createProxyTrust({ setting }: { setting: string }): ProxyTrust {
  const value = setting.trim().toLowerCase();
  if (value === 'all') return () => true;
  if (value === 'none') return () => false;
  const list = new BlockList();
  for (const entry of value.split(',').map((e) => e.trim())) {
    const ranges = parseEntry(entry);
    if (!ranges) throw new Error(`TRUST_PROXY: ${entry} is not loopback, linklocal, uniquelocal, an address or a CIDR`);
    for (const [address, prefix, type] of ranges) list.addSubnet(address, prefix, type);
  }
  return (address) => {
    if (!address) return false;
    // An IPv4 peer on a dual-stack socket is written ::ffff:a.b.c.d.
    const plain = address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}
