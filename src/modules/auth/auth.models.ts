import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { toLocationPath } from '../../shared/location.js';

/** The database never holds a session's cookie value, only its digest. */
export function sessionKeyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Signed double-submit: the token is an HMAC of the session (or '' for readers) keyed with the
 * random secret in the reader's HttpOnly CSRF cookie. A cross-site page can neither read that
 * cookie nor compute the token; one planted through a sibling domain still fails for a signed-in
 * user, because the token also depends on the session, which the attacker does not know.
 */
export function createCsrfToken({ secret, sessionKey }: { secret: string; sessionKey: string | undefined }): string {
  return createHmac('sha256', secret).update(`csrf:${sessionKey ?? ''}`).digest('base64url');
}

export function isValidCsrfToken({ token, secret, sessionKey }: { token: string | undefined; secret: string | undefined; sessionKey: string | undefined }): boolean {
  if (!token || !secret) return false;
  const expected = Buffer.from(createCsrfToken({ secret, sessionKey }));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Only a path on this site: `/admin/x`, not `//evil.example` or `https://…`. */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (/[\u0000-\u001f\\]/.test(value)) return undefined;
  return toLocationPath(value);
}

/** Whether a session is still valid at `now`: neither idle too long nor past its absolute end. */
export function isSessionAlive({ lastSeenAt, expiresAt, now, idleMs }: { lastSeenAt: string; expiresAt: string; now: Date; idleMs: number }): boolean {
  return now.getTime() < new Date(expiresAt).getTime() && now.getTime() - new Date(lastSeenAt).getTime() < idleMs;
}
