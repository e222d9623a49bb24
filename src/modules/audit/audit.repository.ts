import type { Db } from '../../database/database.js';
import type { AuditFilter } from './audit.types.js';

export function createAuditRepository({ db }: { db: Db }) {
  return {
    async insertEntry({ entry }: { entry: { id: string; at: string; actorId: string | null; actorEmail: string | null; action: string; targetType: string | null; targetId: string | null; details: string; ip: string | null } }) {
      await db.insertInto('auditLog').values(entry).execute();
    },
    /** Newest first; `to` is exclusive. Returns one page and the total. */
    async listEntries({ filter }: { filter: AuditFilter }) {
      let query = db.selectFrom('auditLog');
      if (filter.actorId) query = query.where('actorId', '=', filter.actorId);
      if (filter.from) query = query.where('at', '>=', filter.from);
      if (filter.to) query = query.where('at', '<', filter.to);
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const rows = await query
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize)
        .execute();
      return { rows, total: Number(total?.n ?? 0) };
    },
  };
}
