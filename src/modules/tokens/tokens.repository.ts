import type { Db } from '../../database/database.js';
import type { ApiTokenTable } from '../../database/database.types.js';
import type { ApiToken } from './tokens.types.js';

const listed = ['id', 'userId', 'name', 'prefix', 'scope', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'] as const;

export function createTokensRepository({ db }: { db: Db }) {
  return {
    async insertToken({ token }: { token: ApiTokenTable }): Promise<void> {
      await db.insertInto('apiTokens').values(token).execute();
    },
    /** The owner's tokens, newest first. */
    async listForUser({ userId }: { userId: string }): Promise<ApiToken[]> {
      return db.selectFrom('apiTokens').select(listed).where('userId', '=', userId).orderBy('createdAt', 'desc').orderBy('id').execute();
    },
    async findById({ id }: { id: string }): Promise<ApiToken | undefined> {
      return db.selectFrom('apiTokens').select(listed).where('id', '=', id).executeTakeFirst();
    },
    /** For admins: other users' tokens that are neither revoked nor expired, with whose they are. */
    async listActiveOfOthers({ exceptUserId, now }: { exceptUserId: string; now: string }): Promise<(ApiToken & { ownerEmail: string; ownerName: string })[]> {
      return db
        .selectFrom('apiTokens')
        .innerJoin('users', 'users.id', 'apiTokens.userId')
        .select(listed.map((column) => `apiTokens.${column}` as const))
        .select(['users.email as ownerEmail', 'users.name as ownerName'])
        .where('apiTokens.userId', '!=', exceptUserId)
        .where('apiTokens.revokedAt', 'is', null)
        .where('apiTokens.expiresAt', '>', now)
        .orderBy('users.email')
        .orderBy('apiTokens.createdAt', 'desc')
        .limit(500)
        .execute();
    },
    async findForUser({ id, userId }: { id: string; userId: string }): Promise<ApiToken | undefined> {
      return db.selectFrom('apiTokens').select(listed).where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
    },
    /** One indexed lookup per API request: the token by its digest, with its owner. */
    async findByHashWithUser({ tokenHash }: { tokenHash: string }) {
      return db
        .selectFrom('apiTokens')
        .innerJoin('users', 'users.id', 'apiTokens.userId')
        .select(['apiTokens.id', 'apiTokens.userId', 'apiTokens.name', 'apiTokens.prefix', 'apiTokens.scope', 'apiTokens.createdAt', 'apiTokens.expiresAt', 'apiTokens.lastUsedAt', 'apiTokens.revokedAt', 'users.email', 'users.name as userName', 'users.role', 'users.disabledAt'])
        .where('apiTokens.tokenHash', '=', tokenHash)
        .executeTakeFirst();
    },
    async revoke({ id, userId, at }: { id: string; userId: string; at: string }): Promise<void> {
      await db.updateTable('apiTokens').set({ revokedAt: at }).where('id', '=', id).where('userId', '=', userId).where('revokedAt', 'is', null).execute();
    },
    async touch({ id, at }: { id: string; at: string }): Promise<void> {
      await db.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();
    },
  };
}
