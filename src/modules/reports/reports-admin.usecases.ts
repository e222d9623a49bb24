import type { Db } from '../../database/database.js';
import type { Clock } from '../../shared/clock.js';
import type { EventBus } from '../../shared/events.js';
import { createId } from '../../shared/ids.js';
import { recordAudit } from '../audit/audit.usecases.js';
import { addCorrectionNote } from '../corrections/corrections.usecases.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import type { StoredDocument } from '../documents/documents.types.js';
import type { Report } from './reports.types.js';
import { isPubliclyVisible } from './reports.models.js';
import { createReportsAdminRepository, type ReportRevision } from './reports-admin.repository.js';
import { diffSnapshots, snapshotOf, type ReportFields } from './reports-admin.models.js';
import { createEditConflictError, createInvalidTransitionError, createNotInTrashError, createReportNotFoundError, createYearTakenError } from './reports-admin.errors.js';

export type Actor = { id: string; email: string; name: string; ip?: string | null };
export type WorkspaceDeps = { db: Db; clock: Clock; events: EventBus };

export async function listWorkspaceReports({ db }: { db: Db }): Promise<Report[]> {
  return createReportsAdminRepository({ db }).listAll();
}

export async function getWorkspaceReport({ id }: { id: string }, { db }: { db: Db }): Promise<Report> {
  const report = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!report) throw createReportNotFoundError();
  return report;
}

/** Stores a revision of the report as it now is, in the transaction given, if any. */
async function afterChange({ report, action, actor }: { report: Report; action: string; actor: Actor | null }, deps: { db: Db; clock: Clock; trx?: Db }): Promise<void> {
  const repository = createReportsAdminRepository({ db: deps.trx ?? deps.db });
  const revision: ReportRevision = {
    id: createId(),
    reportId: report.id,
    number: await repository.nextRevisionNumber({ reportId: report.id }),
    action,
    createdAt: deps.clock.now().toISOString(),
    createdBy: actor?.id ?? null,
    createdByName: actor ? actor.name || actor.email : null,
    snapshot: snapshotOf({ report }),
  };
  await repository.insertRevision({ revision });
}

/**
 * A revision for a change made outside the workspace (an import): the history shows it, and the
 * public page can offer the PDF it replaces later as an earlier version. `db` may be a transaction.
 */
export async function recordReportRevision({ report, action }: { report: Report; action: string }, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  await afterChange({ report, action, actor: null }, { db, clock });
}

async function notify({ report, action, actor, details }: { report: Report; action: string; actor: Actor | null; details?: Record<string, unknown> }, deps: WorkspaceDeps): Promise<void> {
  await recordAudit({ action: `report.${action}`, actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, targetType: 'report', targetId: report.id, details: { year: report.year, ...details }, ip: actor?.ip ?? null }, deps);
  await deps.events.emit('report.changed', { reportId: report.id });
}

/**
 * One change to a report: applied only if the report is still at `version` (else 409 naming who
 * changed it and when), stored as a revision in the same transaction, then audited and announced.
 */
type ChangeOptions = { id: string; version?: number; action: string; actor: Actor | null; values: (report: Report) => Partial<Omit<Report, 'id' | 'version'>>; check?: (report: Report) => void; details?: Record<string, unknown> };

async function changeReport(options: ChangeOptions, deps: WorkspaceDeps): Promise<Report> {
  return (await changeReportUnlessDone(options, deps)).report;
}

/**
 * changeReport, except that a report already in the wanted state (`done`) is left as it is: no new
 * version, revision, audit entry or event; also when another request got there first.
 */
async function changeReportUnlessDone(
  { id, version, action, actor, values, check, details, done }: ChangeOptions & { done?: (report: Report) => boolean },
  deps: WorkspaceDeps,
): Promise<{ report: Report; changed: boolean }> {
  const now = deps.clock.now().toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw createReportNotFoundError();
    if (done?.(current)) return { report: current, changed: false };
    const expected = version ?? current.version;
    if (current.version !== expected) throw await conflictError({ report: current }, { db: trx });
    check?.(current);
    const repository = createReportsAdminRepository({ db: trx });
    const ok = await repository.updateIfVersion({ id, version: expected, values: { ...values(current), updatedAt: now, updatedBy: actor?.id ?? null } });
    if (!ok) {
      // A double click on PostgreSQL: the other request changed it between the read and the update.
      const latest = await trx.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
      if (latest && done?.(latest)) return { report: latest, changed: false };
      throw await conflictError({ report: latest ?? current }, { db: trx });
    }
    const report = await trx.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // Readers, bookmarks and search engines know a public report by its year: the old address keeps leading to it.
    if (isPubliclyVisible({ report: current }) && current.year !== report.year) await repository.recordPreviousYear({ reportId: id, year: current.year, now });
    await afterChange({ report, action, actor }, { ...deps, trx });
    return { report, changed: true };
  });
  if (result.changed) await notify({ report: result.report, action, actor, details }, deps);
  return result;
}

async function conflictError({ report }: { report: Report }, { db }: { db: Db }) {
  const latest = await createReportsAdminRepository({ db }).latestRevision({ reportId: report.id });
  return createEditConflictError({ by: latest?.createdByName ?? '?', at: latest?.createdAt ?? report.updatedAt, currentVersion: report.version });
}

async function assertYearFree({ year, exceptId }: { year: number; exceptId?: string }, { db }: { db: Db }): Promise<void> {
  const other = await db.selectFrom('reports').select('id').where('year', '=', year).executeTakeFirst();
  if (other && other.id !== exceptId) throw createYearTakenError({ year });
}

export async function createReport({ fields, actor }: { fields: ReportFields; actor: Actor }, deps: WorkspaceDeps): Promise<Report> {
  await assertYearFree({ year: fields.year }, deps);
  const now = deps.clock.now().toISOString();
  const report: Report = { id: createId(), ...fields, status: 'draft', publishedAt: null, scheduledAt: null, deletedAt: null, currentDocumentId: null, version: 1, createdAt: now, updatedAt: now, updatedBy: actor.id };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('reports').values(report).execute();
    await afterChange({ report, action: 'created', actor }, { ...deps, trx });
  });
  await notify({ report, action: 'created', actor }, deps);
  return report;
}

/**
 * Saves the editor's fields; refused with 409 if someone saved since `version`. When a published
 * report's foreword is corrected, `correctionNote` (if given) is the public note readers see with "Rettet <dato>".
 */
export async function updateReportFields({ id, version, fields, actor, correctionNote }: { id: string; version: number; fields: ReportFields; actor: Actor; correctionNote?: string }, deps: WorkspaceDeps): Promise<Report> {
  await assertYearFree({ year: fields.year, exceptId: id }, deps);
  let corrected = false;
  const report = await changeReport({ id, version, action: 'updated', actor, values: (current) => {
    corrected = current.status === 'published' && current.deletedAt === null && current.forewordMd !== fields.forewordMd;
    return { ...fields };
  } }, deps);
  if (corrected && correctionNote) await addCorrectionNote({ reportId: id, note: correctionNote, actorId: actor.id }, deps);
  return report;
}

/**
 * Makes an uploaded document the report's PDF; the earlier one stays stored and in the history.
 * Replacing a published report's PDF is a correction: `correctionNote` (if given) is its public note.
 */
export async function useDocument({ id, document, actor, correctionNote }: { id: string; document: StoredDocument; actor: Actor; correctionNote?: string }, deps: WorkspaceDeps): Promise<Report> {
  // Already the report's PDF (the same file uploaded again): nothing changes, no revision, no correction.
  const before = await getWorkspaceReport({ id }, deps);
  if (before.currentDocumentId === document.id) return before;
  let corrected = false;
  const report = await changeReport({ id, action: 'document_replaced', actor, values: (current) => {
    corrected = current.status === 'published' && current.deletedAt === null && current.currentDocumentId !== document.id;
    return { currentDocumentId: document.id };
  }, details: { sha256: document.sha256, fileName: document.fileName } }, deps);
  if (corrected && correctionNote) await addCorrectionNote({ reportId: id, note: correctionNote, actorId: actor.id }, deps);
  return report;
}

const notTrashed = (report: Report) => { if (report.deletedAt !== null) throw createInvalidTransitionError(); };

/**
 * Publishes now. Publishing a published report changes nothing (a double click, a stale tab, a
 * retried script): it keeps its publication date and gets no new revision; `changed` says which.
 */
export async function publishReport({ id, actor }: { id: string; actor: Actor }, deps: WorkspaceDeps): Promise<{ report: Report; changed: boolean }> {
  const now = deps.clock.now().toISOString();
  return changeReportUnlessDone({ id, action: 'published', actor, check: notTrashed, done: (r) => r.status === 'published' && r.deletedAt === null, values: () => ({ status: 'published', publishedAt: now, scheduledAt: null }) }, deps);
}

/** Publishes at `at` (UTC); the scheduler does it when the time comes. */
export async function scheduleReport({ id, at, actor }: { id: string; at: string; actor: Actor }, deps: WorkspaceDeps): Promise<Report> {
  return changeReport({ id, action: 'scheduled', actor, check: notTrashed, values: () => ({ status: 'scheduled', scheduledAt: at, publishedAt: null }), details: { at } }, deps);
}

export async function unpublishReport({ id, actor }: { id: string; actor: Actor }, deps: WorkspaceDeps): Promise<Report> {
  return changeReport({ id, action: 'unpublished', actor, values: () => ({ status: 'draft', scheduledAt: null, publishedAt: null }) }, deps);
}

export async function trashReport({ id, actor }: { id: string; actor: Actor }, deps: WorkspaceDeps): Promise<Report> {
  const now = deps.clock.now().toISOString();
  return changeReport({ id, action: 'trashed', actor, check: notTrashed, values: () => ({ deletedAt: now }) }, deps);
}

export async function restoreFromTrash({ id, actor }: { id: string; actor: Actor }, deps: WorkspaceDeps): Promise<Report> {
  return changeReport({ id, action: 'restored', actor, check: (r) => { if (r.deletedAt === null) throw createInvalidTransitionError(); }, values: () => ({ deletedAt: null }) }, deps);
}

/** Deletes for good, with its revisions and documents' rows; only from the trash (the route allows admins only). */
export async function deleteReportForever({ id, actor }: { id: string; actor: Actor }, deps: WorkspaceDeps): Promise<void> {
  const report = await getWorkspaceReport({ id }, deps);
  if (report.deletedAt === null) throw createNotInTrashError();
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('documents').where('reportId', '=', id).execute();
    await createReportsAdminRepository({ db: trx }).deleteReport({ id });
  });
  await notify({ report, action: 'deleted', actor }, deps);
}

export async function listRevisions({ reportId }: { reportId: string }, { db }: { db: Db }): Promise<{ revisions: ReportRevision[]; documents: Map<string, StoredDocument> }> {
  const revisions = await createReportsAdminRepository({ db }).listRevisions({ reportId });
  const documents = await createDocumentsRepository({ db }).listForReport({ reportId });
  return { revisions, documents: new Map(documents.map((d) => [d.id, d])) };
}

export async function getRevisionDiff({ reportId, from, to }: { reportId: string; from: number; to: number }, { db }: { db: Db }) {
  const repository = createReportsAdminRepository({ db });
  const [a, b] = await Promise.all([repository.getRevision({ reportId, number: from }), repository.getRevision({ reportId, number: to })]);
  if (!a || !b) throw createReportNotFoundError();
  return { from: a, to: b, diff: diffSnapshots({ from: a.snapshot, to: b.snapshot }) };
}

/**
 * Puts the fields and PDF of an earlier revision back; the restore is itself a new revision. Status
 * and trash are left as they are; a revision from before any PDF keeps the current PDF (a report is
 * not left without its file by restoring text).
 */
export async function restoreRevision({ reportId, number, version, actor }: { reportId: string; number: number; version?: number; actor: Actor }, deps: WorkspaceDeps): Promise<Report> {
  const revision = await createReportsAdminRepository({ db: deps.db }).getRevision({ reportId, number });
  if (!revision) throw createReportNotFoundError();
  const { year, title, periodStart, periodEnd, forewordMd, currentDocumentId } = revision.snapshot;
  await assertYearFree({ year, exceptId: reportId }, deps);
  return changeReport({ id: reportId, version, action: 'revision_restored', actor, values: (report) => ({ year, title, periodStart, periodEnd, forewordMd, currentDocumentId: currentDocumentId ?? report.currentDocumentId }), details: { revision: number } }, deps);
}

/**
 * Publishes every scheduled report whose time has come. Each is one conditional UPDATE (still
 * scheduled, still due), so two runs at once — or two instances — publish a report once.
 */
export async function publishDueReports(deps: WorkspaceDeps): Promise<string[]> {
  const now = deps.clock.now().toISOString();
  const repository = createReportsAdminRepository({ db: deps.db });
  const published: string[] = [];
  for (const due of await repository.listDue({ now })) {
    const report = await deps.db.transaction().execute(async (trx) => {
      if (!(await createReportsAdminRepository({ db: trx }).publishIfDue({ id: due.id, now }))) return undefined;
      const updated = await trx.selectFrom('reports').selectAll().where('id', '=', due.id).executeTakeFirstOrThrow();
      await afterChange({ report: updated, action: 'published', actor: null }, { ...deps, trx });
      return updated;
    });
    if (!report) continue;
    published.push(report.id);
    await notify({ report, action: 'published', actor: null, details: { scheduled: true } }, deps);
  }
  return published;
}

/**
 * Checks for due reports now (so a restart catches up) and then every `intervalMs`. The returned
 * stop function waits for a check in progress, so shutting down never cuts a publication short.
 */
export function startReportScheduler({ intervalMs = 30_000 }: { intervalMs?: number }, deps: WorkspaceDeps & { logger: { error: (obj: unknown, msg: string) => void } }): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running.then(() => publishDueReports(deps)).catch((error: unknown) => deps.logger.error({ err: error }, 'publishing due reports failed'));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
