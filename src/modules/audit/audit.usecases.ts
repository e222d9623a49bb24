import { AsyncLocalStorage } from 'node:async_hooks';
import { userInfo } from 'node:os';
import type { Db } from '../../database/database.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import { createAuditRepository } from './audit.repository.js';
import type { AuditEntry, AuditFilter, AuditInput } from './audit.types.js';

// Entries within one millisecond keep their order (the log sorts by time, then id): a per-process sequence leads the random id.
let sequence = 0;
function createOrderedId(): string {
  sequence = (sequence + 1) % 36 ** 6;
  return `${sequence.toString(36).padStart(6, '0')}${createId()}`;
}

/** Where a change came from when no signed-in person made it: the command line, and the OS user who ran it. */
export type AuditOrigin = { via: 'cli'; osUser: string | null };
const originStore = new AsyncLocalStorage<AuditOrigin>();

/** The OS account running this process, when the system can say (containers may have none). */
export function currentOsUser(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

/**
 * Runs `work` (a CLI command) so that every audit entry it writes, through any module, says it came
 * from the command line: cli.ts wraps every command in this, so no command can forget it.
 */
export function runAsCommandLine<T>({ osUser = currentOsUser() }: { osUser?: string | null }, work: () => Promise<T>): Promise<T> {
  return originStore.run({ via: 'cli', osUser }, work);
}

/**
 * Records one thing that happened. Call it after the change it describes has been written (inside
 * the same transaction when there is one: pass the transaction as `db`).
 */
export async function recordAudit(input: AuditInput, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  await createAuditRepository({ db }).insertEntry({
    entry: {
      id: createOrderedId(),
      at: clock.now().toISOString(),
      actorId: input.actorId,
      actorEmail: input.actorEmail ?? null,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      details: JSON.stringify(withOrigin(input)),
      ip: input.ip ?? null,
    },
  });
}

/** A change without a signed-in actor, made inside runAsCommandLine, carries `via: 'cli'` and the OS user in its details. */
function withOrigin(input: AuditInput): Record<string, unknown> {
  const origin = originStore.getStore();
  const details = input.details ?? {};
  if (!origin || input.actorId) return details;
  return { ...details, via: origin.via, ...(origin.osUser ? { osUser: origin.osUser } : {}) };
}

export async function listAuditEntries({ filter }: { filter: AuditFilter }, { db }: { db: Db }): Promise<{ entries: AuditEntry[]; total: number; pages: number }> {
  const { rows, total } = await createAuditRepository({ db }).listEntries({ filter });
  const entries = rows.map((row) => ({ ...row, details: parseDetails(row.details) }));
  return { entries, total, pages: Math.max(1, Math.ceil(total / filter.pageSize)) };
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
