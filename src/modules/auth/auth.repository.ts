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

    async insertLoginAttempt({ attempt }: { attempt: { id: string; email: string; ip: string; succeeded: number; createdAt: string } }) {
      await db.insertInto('loginAttempts').values(attempt).execute();
    },
    /** Failed attempts since `since`, for one account, one address, or one account from one address: count and oldest time. */
    async countFailures({ email, ip, since }: { email?: string; ip?: string; since: string }) {
      const row = await db
        .selectFrom('loginAttempts')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('createdAt').as('oldest')])
        .$if(email !== undefined, (qb) => qb.where('email', '=', email ?? ''))
        .$if(ip !== undefined, (qb) => qb.where('ip', '=', ip ?? ''))
        .where('succeeded', '=', 0)
        .where('createdAt', '>', since)
        .executeTakeFirst();
      return { count: Number(row?.n ?? 0), oldest: (row?.oldest as string | null | undefined) ?? null };
    },
    /** Attempts older than the rate-limit window count for nothing: keep the table small. */
    async deleteAttemptsBefore({ before }: { before: string }) {
      await db.deleteFrom('loginAttempts').where('createdAt', '<', before).execute();
    },
    async deleteFailuresOfEmail({ email }: { email: string }) {
      await db.deleteFrom('loginAttempts').where('email', '=', email).where('succeeded', '=', 0).execute();
    },
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
