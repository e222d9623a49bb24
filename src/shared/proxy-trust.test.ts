import { describe, expect, it } from 'vitest';
import { createProxyTrust, invalidProxyTrustEntries } from './proxy-trust.js';

describe('TRUST_PROXY', () => {
  it('the default trusts proxies on this machine and private networks only', () => {
    const trust = createProxyTrust({ setting: 'loopback,linklocal,uniquelocal' });
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.1', 'fd00::1', '169.254.1.1']) expect(trust(address, 0), address).toBe(true);
    for (const address of ['203.0.113.9', '8.8.8.8', '2001:db8::1', '172.32.0.1', '', undefined]) expect(trust(address, 0), String(address)).toBe(false);
  });

  it('takes addresses and CIDRs, all and none', () => {
    const trust = createProxyTrust({ setting: '203.0.113.0/24, 2001:db8::5' });
    expect(trust('203.0.113.200', 0)).toBe(true);
    expect(trust('2001:db8::5', 0)).toBe(true);
    expect(trust('127.0.0.1', 0)).toBe(false);
    expect(createProxyTrust({ setting: 'all' })('8.8.8.8', 0)).toBe(true);
    expect(createProxyTrust({ setting: 'none' })('127.0.0.1', 0)).toBe(false);
  });

  it('names the entries it cannot read', () => {
    expect(invalidProxyTrustEntries('loopback, 10.0.0.0/8')).toEqual([]);
    expect(invalidProxyTrustEntries('loopbak,10.0.0.0/33,true')).toEqual(['loopbak', '10.0.0.0/33', 'true']);
  });
});
