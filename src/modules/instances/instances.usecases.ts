import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { sql } from 'kysely';
import { loadPg, type Db, type DatabaseDialect } from '../../database/database.js';
import type { EventBus } from '../../shared/events.js';
import type { Logger } from '../../shared/logger.js';

type Notice = { origin: string; reason: 'report.changed' | 'site.changed' | 'document.added' | 'document.ingested'; reportId?: string };

export type InstanceSync = { instanceId: string; channel: string; stop: () => Promise<void> };

/**
 * Several instances on one PostgreSQL: what one changes, every other's caches drop at once.
 * Local `report.changed`, `site.changed`, `document.added` and `document.ingested` are sent with NOTIFY on a channel of this database schema;
 * every other instance LISTENs and emits `cache.invalidate` on its own bus. After a lost connection
 * the listener reconnects and emits `cache.invalidate` (reason `reconnected`), as it may have missed
 * notices. On SQLite (one instance) it does nothing.
 */
export async function startInstanceSync(
  { url, reconnectMs = 1000 }: { url: string; reconnectMs?: number },
  deps: { db: Db; dialect: DatabaseDialect; events: EventBus; logger: Logger },
): Promise<InstanceSync> {
  const instanceId = randomBytes(8).toString('hex');
  if (deps.dialect !== 'postgres') return { instanceId, channel: '', stop: async () => {} };
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(deps.db)).rows[0]?.schema ?? 'public';
  // NOTIFY channels are per database, not per schema: the schema in the name keeps installations (and test schemas) apart.
  const channel = `beretning_${schema}`.replace(/[^a-z0-9_]/gi, '_').slice(0, 63);
  const { Client, escapeIdentifier } = loadPg();

  const send = async (notice: Omit<Notice, 'origin'>) => {
    try {
      await sql`select pg_notify(${channel}, ${JSON.stringify({ ...notice, origin: instanceId })})`.execute(deps.db);
    } catch (error) {
      deps.logger.error({ err: error }, 'could not notify other instances');
    }
  };
  deps.events.on('report.changed', ({ reportId }) => send({ reason: 'report.changed', reportId }));
  deps.events.on('site.changed', () => send({ reason: 'site.changed' }));
  deps.events.on('document.added', ({ reportId }) => send({ reason: 'document.added', reportId }));
  deps.events.on('document.ingested', ({ reportId }) => send({ reason: 'document.ingested', reportId }));

  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (isReconnect: boolean): Promise<void> => {
    const next = new Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      let notice: Notice;
      try {
        notice = JSON.parse(message.payload) as Notice;
      } catch {
        return;
      }
      if (notice.origin === instanceId) return;
      void deps.events.emit('cache.invalidate', { reason: notice.reason, ...(notice.reportId ? { reportId: notice.reportId } : {}) });
    });
    const retry = (error?: unknown) => {
      if (stopped) return;
      if (error) deps.logger.warn({ err: error }, 'instance notifications lost; reconnecting');
      next.removeAllListeners('end');
      next.end().catch(() => undefined);
      clearTimeout(timer);
      timer = setTimeout(() => { connect(true).catch(retry); }, reconnectMs);
    };
    next.on('error', retry);
    next.on('end', () => retry(new Error('connection ended')));
    await next.connect();
    await next.query(`LISTEN ${escapeIdentifier(channel)}`);
    client = next;
    if (isReconnect) await deps.events.emit('cache.invalidate', { reason: 'reconnected' });
  };
  await connect(false);

  return {
    instanceId,
    channel,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      client?.removeAllListeners('end');
      await client?.end().catch(() => undefined);
    },
  };
}
