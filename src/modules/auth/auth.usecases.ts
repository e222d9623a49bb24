import type { Db } from '../../database/database.js';
import type { Config } from '../../config/config.js';
import type { Clock } from '../../shared/clock.js';
import { createId, createSecret } from '../../shared/ids.js';
import type { RequestUser } from '../../shared/http.types.js';
import { recordAudit } from '../audit/audit.usecases.js';
import { revokeActiveApiTokensOfUser } from '../tokens/tokens.usecases.js';
import { createAuthRepository } from './auth.repository.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './drivers/password-hasher.js';
import { isSessionAlive, normaliseEmail, sessionKeyOf } from './auth.models.js';
import { createEmailTakenError, createInvalidCredentialsError, createInvalidUserInputError, createLastAdminError, createRateLimitedError, createUserNotFoundError } from './auth.errors.js';
import type { ActiveSession, Actor, User, UserRole } from './auth.types.js';

type Deps = { db: Db; clock: Clock };
type SessionDeps = Deps & { config: Pick<Config, 'sessionIdleHours' | 'sessionMaxDays'> };

/**
 * Failed logins within the window: 5 for one account from one address, 20 from one address, 100 for one
 * account from anywhere. The account's own limit is per address, so a stranger who types wrong
 * passwords for someone's e-mail locks out only themselves; the account-wide ceiling stops guessing
 * spread over many addresses, and takes at least five of them (20 each) to reach.
 */
export const loginLimits = { windowMs: 15 * 60 * 1000, perAccountAndIp: 5, perIp: 20, perAccount: 100 };
export const minPasswordLength = 10;
// A busy session writes its last-seen time at most once a minute.
const touchEveryMs = 60 * 1000;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function toUser(row: { id: string; email: string; name: string; role: UserRole; disabledAt: string | null; createdAt: string; updatedAt: string }): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabledAt: row.disabledAt, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export function checkNewPassword(password: string): void {
  if (password.length < minPasswordLength) throw createInvalidUserInputError({ message: `Adgangskoden skal være mindst ${minPasswordLength} tegn.` });
  if (password.length > 1000) throw createInvalidUserInputError({ message: 'Adgangskoden er for lang.' });
}

export async function createUser(
  { email, name = '', role, password, actor }: { email: string; name?: string; role: UserRole; password: string; actor?: Actor },
  { db, clock }: Deps,
): Promise<User> {
  const normalised = normaliseEmail(email);
  if (!emailPattern.test(normalised) || normalised.length > 254) throw createInvalidUserInputError({ message: 'Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.' });
  if (role !== 'admin' && role !== 'editor') throw createInvalidUserInputError({ message: 'Rollen skal være admin eller editor.' });
  checkNewPassword(password);
  const repository = createAuthRepository({ db });
  if (await repository.findUserByEmail({ email: normalised })) throw createEmailTakenError();
  const now = clock.now().toISOString();
  const user = { id: createId(), email: normalised, name: name.trim(), role, passwordHash: await hashPassword(password), createdAt: now, updatedAt: now };
  await repository.insertUser({ user });
  await recordAudit({ action: 'user.created', actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, targetType: 'user', targetId: user.id, details: { email: user.email, role }, ip: actor?.ip ?? null }, { db, clock });
  return toUser({ ...user, disabledAt: null });
}

export async function listUsers({ db }: { db: Db }): Promise<User[]> {
  return (await createAuthRepository({ db }).listUsers()).map(toUser);
}

async function requireUser({ email, id }: { email?: string; id?: string }, { db }: { db: Db }) {
  const repository = createAuthRepository({ db });
  const row = id ? await repository.findUserById({ id }) : email ? await repository.findUserByEmail({ email: normaliseEmail(email) }) : undefined;
  if (!row) throw createUserNotFoundError();
  return row;
}

/** Disabling ends every session of the user at once. The last active admin cannot be disabled. */
export async function disableUser({ email, id, actor }: { email?: string; id?: string; actor?: Actor }, { db, clock }: Deps): Promise<User> {
  const repository = createAuthRepository({ db });
  const row = await requireUser({ email, id }, { db });
  if (row.disabledAt) return toUser(row);
  if (row.role === 'admin' && (await repository.countActiveAdmins()) <= 1) throw createLastAdminError();
  const now = clock.now().toISOString();
  await repository.updateUser({ id: row.id, changes: { disabledAt: now, updatedAt: now } });
  await repository.deleteSessionsOfUser({ userId: row.id });
  // Re-enabling the user later must not bring back tokens made before: they end here, each audited.
  await revokeActiveApiTokensOfUser({ userId: row.id, actor }, { db, clock });
  await recordAudit({ action: 'user.disabled', actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, targetType: 'user', targetId: row.id, details: { email: row.email }, ip: actor?.ip ?? null }, { db, clock });
  return toUser({ ...row, disabledAt: now, updatedAt: now });
}

export async function enableUser({ id, actor }: { id: string; actor?: Actor }, { db, clock }: Deps): Promise<User> {
  const repository = createAuthRepository({ db });
  const row = await requireUser({ id }, { db });
  if (!row.disabledAt) return toUser(row);
  const now = clock.now().toISOString();
  await repository.updateUser({ id: row.id, changes: { disabledAt: null, updatedAt: now } });
  await recordAudit({ action: 'user.enabled', actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, targetType: 'user', targetId: row.id, details: { email: row.email }, ip: actor?.ip ?? null }, { db, clock });
  return toUser({ ...row, disabledAt: null, updatedAt: now });
}

export async function changeUserRole({ id, role, actor }: { id: string; role: UserRole; actor?: Actor }, { db, clock }: Deps): Promise<User> {
  if (role !== 'admin' && role !== 'editor') throw createInvalidUserInputError({ message: 'Rollen skal være admin eller editor.' });
  const repository = createAuthRepository({ db });
  const row = await requireUser({ id }, { db });
  if (row.role === role) return toUser(row);
  if (row.role === 'admin' && !row.disabledAt && (await repository.countActiveAdmins()) <= 1) throw createLastAdminError();
  const now = clock.now().toISOString();
  await repository.updateUser({ id: row.id, changes: { role, updatedAt: now } });
  await recordAudit({ action: 'user.role_changed', actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, targetType: 'user', targetId: row.id, details: { email: row.email, from: row.role, to: role }, ip: actor?.ip ?? null }, { db, clock });
  return toUser({ ...row, role, updatedAt: now });
}

/** A new password ends the user's sessions and revokes their API tokens, so neither a stolen session nor a token it made outlives the reset. */
export async function resetPassword({ email, password, actor }: { email: string; password: string; actor?: Actor }, { db, clock }: Deps): Promise<User> {
  checkNewPassword(password);
  const repository = createAuthRepository({ db });
  const row = await requireUser({ email }, { db });
  const now = clock.now().toISOString();
  await repository.updateUser({ id: row.id, changes: { passwordHash: await hashPassword(password), updatedAt: now } });
  await repository.deleteSessionsOfUser({ userId: row.id });
  await revokeActiveApiTokensOfUser({ userId: row.id, actor }, { db, clock });
  await recordAudit({ action: 'user.password_reset', actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, targetType: 'user', targetId: row.id, details: { email: row.email }, ip: actor?.ip ?? null }, { db, clock });
  return toUser({ ...row, updatedAt: now });
}

/**
 * Checks the rate limit, then the password; on success opens a new session and returns its cookie
 * value. Unknown e-mail, wrong password and disabled user all give the same error.
 */
export async function logIn(
  { email, password, ip }: { email: string; password: string; ip: string },
  { db, clock, config }: SessionDeps,
): Promise<{ token: string; user: RequestUser }> {
  const repository = createAuthRepository({ db });
  const normalised = normaliseEmail(email).slice(0, 320);
  const now = clock.now();
  const since = new Date(now.getTime() - loginLimits.windowMs).toISOString();
  // The attempt counts as failed from before the password is checked, so parallel requests cannot pass the limits together.
  const attemptId = createId();
  const reservation = await repository.reserveLoginAttempt({ attempt: { id: attemptId, email: normalised, ip, createdAt: now.toISOString() }, since, limits: loginLimits });
  if (!reservation.reserved) {
    const retryAt = new Date(Math.max(...reservation.retryAfterOldest.map((oldest) => new Date(oldest).getTime() + loginLimits.windowMs)));
    throw createRateLimitedError({ retryAt });
  }

  const row = await repository.findUserByEmail({ email: normalised });
  const ok = row ? await verifyPassword({ hash: row.passwordHash, password }) : (await verifyAgainstDummy({ password }), false);
  if (!row || !ok || row.disabledAt) {
    await recordAudit({ action: 'auth.login_failed', actorId: row?.id ?? null, actorEmail: normalised, targetType: 'user', targetId: row?.id ?? null, details: { reason: !row ? 'unknown_email' : row.disabledAt ? 'disabled' : 'wrong_password' }, ip }, { db, clock });
    throw createInvalidCredentialsError();
  }

  await repository.deleteFailuresOfEmail({ email: normalised });
  const token = createSecret();
  const idleBefore = new Date(now.getTime() - config.sessionIdleHours * 3600_000).toISOString();
  await repository.deleteExpiredSessions({ idleBefore, now: now.toISOString() });
  await repository.insertSession({
    session: { id: sessionKeyOf(token), userId: row.id, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt: new Date(now.getTime() + config.sessionMaxDays * 86400_000).toISOString(), ip },
  });
  await recordAudit({ action: 'auth.login', actorId: row.id, actorEmail: row.email, targetType: 'user', targetId: row.id, ip }, { db, clock });
  return { token, user: { id: row.id, email: row.email, name: row.name, role: row.role } };
}

/** The user behind a session cookie, or undefined when it is unknown, idle too long, expired or the user disabled. */
export async function findSession({ token }: { token: string }, { db, clock, config }: SessionDeps): Promise<ActiveSession | undefined> {
  const repository = createAuthRepository({ db });
  const sessionKey = sessionKeyOf(token);
  const row = await repository.findSessionWithUser({ id: sessionKey });
  if (!row) return undefined;
  const now = clock.now();
  if (row.disabledAt || !isSessionAlive({ lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt, now, idleMs: config.sessionIdleHours * 3600_000 })) {
    await repository.deleteSession({ id: sessionKey });
    return undefined;
  }
  if (now.getTime() - new Date(row.lastSeenAt).getTime() >= touchEveryMs) await repository.touchSession({ id: sessionKey, lastSeenAt: now.toISOString() });
  return { sessionKey, user: { id: row.userId, email: row.email, name: row.name, role: row.role } };
}

export async function logOut({ token, actor }: { token: string; actor?: Actor }, { db, clock }: Deps): Promise<void> {
  await createAuthRepository({ db }).deleteSession({ id: sessionKeyOf(token) });
  if (actor) await recordAudit({ action: 'auth.logout', actorId: actor.id, actorEmail: actor.email, targetType: 'user', targetId: actor.id, ip: actor.ip }, { db, clock });
}
