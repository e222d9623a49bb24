import type { Db } from '../../database/database.js';
import type { Clock } from '../../shared/clock.js';
import type { PublicDocument } from '../reports/reports.types.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import { createDocumentUrl } from '../documents/documents.models.js';
import { createCorrectionsRepository } from './corrections.repository.js';
import { summariseCorrections, type PublishedState } from './corrections.models.js';

export type PublicCorrections = {
  correctedAt: string | undefined;
  note: string | undefined;
  earlierVersions: (PublicDocument & { until: string })[];
};

/** What readers see about corrections of a published report: when, the editor's note, and the earlier PDFs. */
export async function getPublicCorrections({ reportId, currentDocumentId }: { reportId: string; currentDocumentId: string | null }, { db }: { db: Db }): Promise<PublicCorrections> {
  const repository = createCorrectionsRepository({ db });
  const [revisions, notes] = await Promise.all([repository.listRevisions({ reportId }), repository.listNotes({ reportId })]);
  const states: PublishedState[] = revisions.map((r) => ({ ...(JSON.parse(r.snapshotJson) as Omit<PublishedState, 'createdAt'>), createdAt: r.createdAt }));
  const history = summariseCorrections({ states, currentDocumentId });
  const latestNote = notes[0];
  const correctedAt = [history.correctedAt, latestNote?.createdAt].filter((d): d is string => d !== undefined).sort().pop();
  const documents = await createDocumentsRepository({ db }).listByIds({ ids: history.earlierDocumentIds.map((d) => d.documentId) });
  const byId = new Map(documents.map((d) => [d.id, d]));
  const earlierVersions = history.earlierDocumentIds.flatMap(({ documentId, until }) => {
    const d = byId.get(documentId);
    return d ? [{ id: d.id, sha256: d.sha256, fileName: d.fileName, size: d.size, pageCount: d.pageCount, url: createDocumentUrl({ sha256: d.sha256, fileName: d.fileName }), until }] : [];
  });
  return { correctedAt, note: latestNote?.note, earlierVersions };
}

/** The editor's short public note about a correction; shown on the report page with the date. */
export async function addCorrectionNote({ reportId, note, actorId }: { reportId: string; note: string; actorId: string | null }, { db, clock }: { db: Db; clock: Clock }): Promise<void> {
  const trimmed = note.trim().slice(0, 1000);
  if (trimmed === '') return;
  await createCorrectionsRepository({ db }).insertNote({ note: { id: crypto.randomUUID(), reportId, note: trimmed, createdAt: clock.now().toISOString(), createdBy: actorId } });
}

/**
 * The documents of a published report that readers were ever shown: its current PDF and the earlier
 * ones listed under corrections. A PDF only ever attached to a draft of it is not among them.
 */
export async function listPublishedDocumentIds({ reportId, currentDocumentId }: { reportId: string; currentDocumentId: string | null }, { db }: { db: Db }): Promise<Set<string>> {
  const revisions = await createCorrectionsRepository({ db }).listRevisions({ reportId });
  const states: PublishedState[] = revisions.map((r) => ({ ...(JSON.parse(r.snapshotJson) as Omit<PublishedState, 'createdAt'>), createdAt: r.createdAt }));
  const ids = new Set(summariseCorrections({ states, currentDocumentId }).earlierDocumentIds.map((d) => d.documentId));
  if (currentDocumentId) ids.add(currentDocumentId);
  return ids;
}
