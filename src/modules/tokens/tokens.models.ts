import { createHash } from 'node:crypto';
import type { ApiToken, ApiTokenProblem, ApiTokenScope, ApiTokenStatus } from './tokens.types.js';

/** Every token starts with this, so a leaked one is easy to recognise (and to scan for in code). */
export const TOKEN_PREFIX = 'brt_';
/** How many characters of a token are stored in clear and shown in the list: `brt_` and 8 random ones. */
export const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;
/** The lifetimes an editor can choose, in days; a year at most. */
export const expiryChoices = [30, 90, 365] as const;
export type ExpiryDays = (typeof expiryChoices)[number];
export const tokenScopes: ApiTokenScope[] = ['read', 'write', 'statistics'];

/** `brt_` and 43 base64url characters (32 random bytes). */
const tokenPattern = /^brt_[A-Za-z0-9_-]{43}$/;

export function looksLikeApiToken(token: string): boolean {
  return tokenPattern.test(token);
}

/** The stored digest: hex SHA-256 of the whole token (see migration 008 for why not a KDF). */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function shownPrefixOf(token: string): string {
  return token.slice(0, SHOWN_PREFIX_LENGTH);
}

export function expiresAtFor({ now, days }: { now: Date; days: ExpiryDays }): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}

export function tokenStatusOf({ token, now }: { token: Pick<ApiToken, 'expiresAt' | 'revokedAt'>; now: Date }): ApiTokenStatus {
  if (token.revokedAt !== null) return 'revoked';
  return token.expiresAt <= now.toISOString() ? 'expired' : 'active';
}

/** Whether a request URL is under /api/v1 (and climbs out of it by no dot segment, plain or percent-encoded). */
export function isApiPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return /^\/api\/v1(\/|$)/.test(path) && !/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(path);
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const writeMethods = new Set([...readMethods, 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What a token may do: read tokens GET/HEAD, write tokens also POST/PUT/PATCH/DELETE, and both
 * only under /api/v1 — a token never drives the HTML workspace. Paths with dot segments (plain or
 * percent-encoded) are refused rather than trusted to be normalised the same way everywhere.
 */
export function checkTokenUse({ scope, method, url }: { scope: ApiTokenScope; method: string; url: string }): ApiTokenProblem | undefined {
  if (!isApiPath(url)) return 'api_only';
  // Readership statistics are not public: only a token made for them reads them (and such a token only reads).
  if ((scope === 'statistics') !== isStatisticsPath(url)) return 'scope';
  const verb = method.toUpperCase();
  if ((scope === 'write' ? writeMethods : readMethods).has(verb)) return undefined;
  return scope !== 'write' && writeMethods.has(verb) ? 'read_only' : 'method';
}

/** /api/v1/statistics and below: the aggregates a `statistics` token reads. */
export function isStatisticsPath(url: string): boolean {
  return /^\/api\/v1\/statistics(\/|$)/.test(url.split('?')[0] ?? '');
}
