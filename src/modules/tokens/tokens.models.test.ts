import { describe, expect, it } from 'vitest';
import { checkTokenUse, hashApiToken, looksLikeApiToken, tokenStatusOf } from './tokens.models.js';

describe('what an API token may do', () => {
  it('a read token may only GET/HEAD, a write token also change data, both only under /api/v1', () => {
    expect(checkTokenUse({ scope: 'read', method: 'GET', url: '/api/v1/reports?year=2020' })).toBeUndefined();
    expect(checkTokenUse({ scope: 'read', method: 'HEAD', url: '/api/v1/reports' })).toBeUndefined();
    expect(checkTokenUse({ scope: 'read', method: 'POST', url: '/api/v1/reports' })).toBe('read_only');
    expect(checkTokenUse({ scope: 'read', method: 'DELETE', url: '/api/v1/reports/x' })).toBe('read_only');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'GET']) expect(checkTokenUse({ scope: 'write', method, url: '/api/v1/reports/x/pdf' }), method).toBeUndefined();
    expect(checkTokenUse({ scope: 'write', method: 'TRACE', url: '/api/v1/reports' })).toBe('method');
  });

  it('refuses every path outside /api/v1, including ones that climb out of it', () => {
    for (const url of ['/admin', '/admin/beretninger', '/', '/api/v10/reports', '/api/v1x', '/log-ind', '/api/v1/../admin', '/api/v1/%2E%2E/admin', '/api/v1/./reports']) {
      expect(checkTokenUse({ scope: 'write', method: 'GET', url }), url).toBe('api_only');
    }
    expect(checkTokenUse({ scope: 'write', method: 'GET', url: '/api/v1' })).toBeUndefined();
  });

  it('knows the token format, stores a hex SHA-256, and tells active from expired and revoked', () => {
    const token = `brt_${'A'.repeat(43)}`;
    expect(looksLikeApiToken(token)).toBe(true);
    expect(looksLikeApiToken(`${token}x`)).toBe(false);
    expect(looksLikeApiToken('abc')).toBe(false);
    expect(hashApiToken(token)).toMatch(/^[0-9a-f]{64}$/);
    const now = new Date('2026-06-01T10:00:00.000Z');
    expect(tokenStatusOf({ token: { expiresAt: '2026-06-02T00:00:00.000Z', revokedAt: null }, now })).toBe('active');
    expect(tokenStatusOf({ token: { expiresAt: '2026-06-01T10:00:00.000Z', revokedAt: null }, now })).toBe('expired');
    expect(tokenStatusOf({ token: { expiresAt: '2027-01-01T00:00:00.000Z', revokedAt: '2026-05-01T00:00:00.000Z' }, now })).toBe('revoked');
  });
});
