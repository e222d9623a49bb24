import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../database/database.js';
import type { UserRole } from './auth.types.js';

export function createAuthRepository({ db }: { db: Db }) {
  return {
    async findUserByEmail({ email }: { email: string }) {
      return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },
    async findUserById({ id }: { id: string }) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async listUsers() {
      return db.selectFrom('users').select(['id', 'email', 'name', 'role', 'disabledAt', 'createdAt', 'updatedAt']).orderBy('email').execute();
    },
    async insertUser({ user }: { user: { id: string; email: string; name: string; role: UserRole; passwordHash: string; createdAt: string; updatedAt: string } }) {
      await db.insertInto('users').values({ ...user, disabledAt: null }).execute();
    },
    async updateUser({ id, changes }: { id: string; changes: Partial<{ name: string; role: UserRole; passwordHash: string; disabledAt: string | null; updatedAt: string }> }) {
      await db.updateTable('users').set(changes).where('id', '=', id).execute();
    },
    async countActiveAdmins() {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').where('disabledAt', 'is', null).executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async insertSession({ session }: { session: { id: string; userId: string; createdAt: string; lastSeenAt: string; expiresAt: string; ip: string } }) {
      await db.insertInto('sessions').values(session).execute();
    },
    async findSessionWithUser({ id }: { id: string }) {
      return db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.userId')
        .select(['sessions.id as sessionId', 'sessions.lastSeenAt', 'sessions.expiresAt', 'users.id as userId', 'users.email', 'users.name', 'users.role', 'users.disabledAt'])
        .where('sessions.id', '=', id)
        .executeTakeFirst();
    },
    async touchSession({ id, lastSeenAt }: { id: string; lastSeenAt: string }) {
      await db.updateTable('sessions').set({ lastSeenAt }).where('id', '=', id).execute();
    },
    async deleteSession({ id }: { id: string }) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteSessionsOfUser({ userId }: { userId: string }) {
      await db.deleteFrom('sessions').where('userId', '=', userId).execute();
    },
    async deleteExpiredSessions({ idleBefore, now }: { idleBefore: string; now: string }) {
      await db.deleteFrom('sessions').where((eb) => eb.or([eb('lastSeenAt', '<', idleBefore), eb('expiresAt', '<=', now)])).execute();
    },

    /**
     * Counts the failures that limit a login (one account from one address, one address, one account)
     * and, when none is at its limit, records this attempt as failed before the password is checked,
     * in one transaction that parallel logins pass one at a time (SQLite: its one connection; PostgreSQL:
     * a transaction-scoped advisory lock across instances). So n parallel wrong passwords cannot all see
     * the count below the limit. The caller removes the row when the password is right.
     */
    async reserveLoginAttempt({ attempt, since, limits }: { attempt: { id: string; email: string; ip: string; createdAt: string }; since: string; limits: { perAccountAndIp: number; perIp: number; perAccount: number } }): Promise<{ reserved: true } | { reserved: false; retryAfterOldest: string[] }> {
      return db.transaction().execute(async (trx) => {
        if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`SELECT pg_advisory_xact_lock(hashtext('beretning:login-attempts'))`.execute(trx);
        const count = async ({ email, ip }: { email?: string; ip?: string }) => {
          const row = await trx
            .selectFrom('loginAttempts')
            .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('createdAt').as('oldest')])
            .$if(email !== undefined, (qb) => qb.where('email', '=', email ?? ''))
            .$if(ip !== undefined, (qb) => qb.where('ip', '=', ip ?? ''))
            .where('succeeded', '=', 0)
            .where('createdAt', '>', since)
            .executeTakeFirst();
          return { count: Number(row?.n ?? 0), oldest: (row?.oldest as string | null | undefined) ?? null };
        };
        const byAccountAndIp = await count({ email: attempt.email, ip: attempt.ip });
        const byIp = await count({ ip: attempt.ip });
        const byAccount = await count({ email: attempt.email });
        const blockedBy = [
          byAccountAndIp.count >= limits.perAccountAndIp ? byAccountAndIp.oldest : null,
          byIp.count >= limits.perIp ? byIp.oldest : null,
          byAccount.count >= limits.perAccount ? byAccount.oldest : null,
        ].filter((v): v is string => v !== null);
        if (blockedBy.length > 0) return { reserved: false as const, retryAfterOldest: blockedBy };
        await trx.deleteFrom('loginAttempts').where('createdAt', '<', since).execute();
        await trx.insertInto('loginAttempts').values({ ...attempt, succeeded: 0 }).execute();
        return { reserved: true as const };
      });
    },
    async deleteFailuresOfEmail({ email }: { email: string }) {
      await db.deleteFrom('loginAttempts').where('email', '=', email).where('succeeded', '=', 0).execute();
    },
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
