import { randomBytes } from 'node:crypto';
import type { Db } from '../../database/database.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import { recordAudit } from '../audit/audit.usecases.js';
import { checkTokenUse, expiresAtFor, hashApiToken, looksLikeApiToken, shownPrefixOf, tokenStatusOf, TOKEN_PREFIX, type ExpiryDays } from './tokens.models.js';
import { createTokensRepository } from './tokens.repository.js';
import { createApiTokenNotFoundError } from './tokens.errors.js';
import type { ApiToken, ApiTokenAuthentication, ApiTokenScope } from './tokens.types.js';

export type TokenDeps = { db: Db; clock: Clock };
export type TokenActor = { id: string; email: string; ip?: string | null };

/** A token's last use is written at most this often: the audit log has every use, the list needs only "about when". */
const touchEveryMs = 60_000;

/**
 * Makes a personal API token for `actor`. The returned `token` is the only time it exists in clear:
 * only its SHA-256 digest and its first characters are stored.
 */
export async function createApiToken({ actor, name, scope, days }: { actor: TokenActor; name: string; scope: ApiTokenScope; days: ExpiryDays }, deps: TokenDeps): Promise<{ token: string; apiToken: ApiToken }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = deps.clock.now();
  const apiToken: ApiToken = { id: createId(), userId: actor.id, name, prefix: shownPrefixOf(token), scope, createdAt: now.toISOString(), expiresAt: expiresAtFor({ now, days }), lastUsedAt: null, revokedAt: null };
  await createTokensRepository({ db: deps.db }).insertToken({ token: { ...apiToken, tokenHash: hashApiToken(token) } });
  await recordAudit({ action: 'token.created', actorId: actor.id, actorEmail: actor.email, targetType: 'api_token', targetId: apiToken.id, details: { name, prefix: apiToken.prefix, scope, expiresAt: apiToken.expiresAt }, ip: actor.ip ?? null }, deps);
  return { token, apiToken };
}

export async function listApiTokens({ userId }: { userId: string }, { db }: { db: Db }): Promise<ApiToken[]> {
  return createTokensRepository({ db }).listForUser({ userId });
}

/**
 * Revokes one of the actor's own tokens, or, for an admin, anyone's (a colleague has left, a token
 * leaked); another user's token answers as not found to an editor. Revoking twice changes nothing.
 * The audit row names the token's owner.
 */
export async function revokeApiToken({ id, actor }: { id: string; actor: TokenActor & { role?: string } }, deps: TokenDeps): Promise<ApiToken> {
  const repository = createTokensRepository({ db: deps.db });
  const token = actor.role === 'admin' ? await repository.findById({ id }) : await repository.findForUser({ id, userId: actor.id });
  if (!token) throw createApiTokenNotFoundError();
  if (token.revokedAt !== null) return token;
  const at = deps.clock.now().toISOString();
  await repository.revoke({ id, userId: token.userId, at });
  await recordAudit({ action: 'token.revoked', actorId: actor.id, actorEmail: actor.email, targetType: 'api_token', targetId: id, details: { name: token.name, prefix: token.prefix, ...(token.userId !== actor.id ? { ownerUserId: token.userId } : {}) }, ip: actor.ip ?? null }, deps);
  return { ...token, revokedAt: at };
}

/** The name of a revoked token, for the notice after an admin revoked someone else's. */
export async function findRevokedTokenName({ id }: { id: string }, deps: TokenDeps): Promise<string | undefined> {
  const token = await createTokensRepository({ db: deps.db }).findById({ id });
  return token?.revokedAt ? token.name : undefined;
}

/** For an admin's token page: every other user's working token, with its owner. */
export async function listOtherUsersActiveTokens({ actorId }: { actorId: string }, deps: TokenDeps) {
  return createTokensRepository({ db: deps.db }).listActiveOfOthers({ exceptUserId: actorId, now: deps.clock.now().toISOString() });
}

/**
 * Revokes every token of a user that still works (expired ones stay as they are), each audited: a new
 * password must not leave a token made with a stolen session alive. Returns how many were revoked.
 */
export async function revokeActiveApiTokensOfUser({ userId, actor }: { userId: string; actor?: TokenActor }, deps: TokenDeps): Promise<number> {
  const repository = createTokensRepository({ db: deps.db });
  const now = deps.clock.now();
  const active = (await repository.listForUser({ userId })).filter((token) => tokenStatusOf({ token, now }) === 'active');
  for (const token of active) {
    await repository.revoke({ id: token.id, userId, at: now.toISOString() });
    await recordAudit({ action: 'token.revoked', actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, targetType: 'api_token', targetId: token.id, details: { name: token.name, prefix: token.prefix }, ip: actor?.ip ?? null }, deps);
  }
  return active.length;
}

/**
 * One API request with `Authorization: Bearer <token>`: who it is, or why not. Costs one indexed
 * lookup and one audit row (every use of a known token is logged, refused ones too); the
 * last-used time is written at most once a minute.
 */
export async function authenticateApiToken({ token, method, url, ip }: { token: string; method: string; url: string; ip: string }, deps: TokenDeps): Promise<ApiTokenAuthentication> {
  if (!looksLikeApiToken(token)) return { ok: false, problem: 'invalid', status: 401 };
  const repository = createTokensRepository({ db: deps.db });
  const row = await repository.findByHashWithUser({ tokenHash: hashApiToken(token) });
  if (!row) return { ok: false, problem: 'invalid', status: 401 };
  const now = deps.clock.now();
  const { email, userName, role, disabledAt, ...apiToken } = row;
  const status = tokenStatusOf({ token: apiToken, now });
  const problem = disabledAt !== null ? 'invalid' : status !== 'active' ? status : checkTokenUse({ scope: apiToken.scope, method, url });
  const path = url.split('?')[0]?.slice(0, 300) ?? '';
  await recordAudit({ action: problem ? 'token.refused' : 'token.used', actorId: apiToken.userId, actorEmail: email, targetType: 'api_token', targetId: apiToken.id, details: { prefix: apiToken.prefix, scope: apiToken.scope, method, path, ...(problem ? { reason: problem } : {}) }, ip }, deps);
  if (problem) return { ok: false, problem, status: problem === 'invalid' || problem === 'expired' || problem === 'revoked' ? 401 : 403 };
  if (!apiToken.lastUsedAt || now.getTime() - new Date(apiToken.lastUsedAt).getTime() >= touchEveryMs) await repository.touch({ id: apiToken.id, at: now.toISOString() });
  return { ok: true, user: { id: apiToken.userId, email, name: userName, role }, token: apiToken };
}
