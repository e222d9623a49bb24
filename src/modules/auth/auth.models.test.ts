import { describe, expect, it } from 'vitest';
import { createCsrfToken, isSessionAlive, isValidCsrfToken, safeReturnTo, sessionKeyOf } from './auth.models.js';

describe('returnTo after login', () => {
  it('keeps local paths and drops everything that could leave the site', () => {
    expect(safeReturnTo('/admin/beretninger/2024?fane=historik')).toBe('/admin/beretninger/2024?fane=historik');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', '/admin\n', 42, undefined]) expect(safeReturnTo(bad)).toBeUndefined();
  });
});

describe('CSRF tokens', () => {
  it('match only their own secret and session', () => {
    const token = createCsrfToken({ secret: 'a'.repeat(43), sessionKey: sessionKeyOf('s1') });
    expect(isValidCsrfToken({ token, secret: 'a'.repeat(43), sessionKey: sessionKeyOf('s1') })).toBe(true);
    expect(isValidCsrfToken({ token, secret: 'b'.repeat(43), sessionKey: sessionKeyOf('s1') })).toBe(false);
    expect(isValidCsrfToken({ token, secret: 'a'.repeat(43), sessionKey: sessionKeyOf('s2') })).toBe(false);
    expect(isValidCsrfToken({ token, secret: 'a'.repeat(43), sessionKey: undefined })).toBe(false);
    expect(isValidCsrfToken({ token: undefined, secret: 'a'.repeat(43), sessionKey: undefined })).toBe(false);
    expect(isValidCsrfToken({ token: 'kort', secret: 'a'.repeat(43), sessionKey: undefined })).toBe(false);
  });
});

describe('session expiry', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('ends when idle too long or past the absolute end', () => {
    const idleMs = 8 * 3600_000;
    expect(isSessionAlive({ lastSeenAt: '2026-06-01T04:00:01Z', expiresAt: '2026-06-02T00:00:00Z', now, idleMs })).toBe(true);
    expect(isSessionAlive({ lastSeenAt: '2026-06-01T04:00:00Z', expiresAt: '2026-06-02T00:00:00Z', now, idleMs })).toBe(false);
    expect(isSessionAlive({ lastSeenAt: '2026-06-01T11:59:00Z', expiresAt: '2026-06-01T12:00:00Z', now, idleMs })).toBe(false);
  });
});
