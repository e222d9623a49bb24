/** What a revision snapshot holds that matters to readers (see reports-admin.models.ts). */
export type PublishedState = { createdAt: string; status: string; currentDocumentId: string | null; forewordMd: string };

export type CorrectionHistory = {
  /** When the published PDF or foreword last changed after first publication; undefined if never. */
  correctedAt: string | undefined;
  /** Documents readers could download earlier, newest first, without the current one. */
  earlierDocumentIds: { documentId: string; until: string }[];
};

/** From the saved states in order: corrections are changes of PDF or foreword while published. */
export function summariseCorrections({ states, currentDocumentId }: { states: PublishedState[]; currentDocumentId: string | null }): CorrectionHistory {
  let previous: PublishedState | undefined;
  let correctedAt: string | undefined;
  const earlier = new Map<string, string>();
  for (const state of states) {
    if (state.status !== 'published') continue;
    if (previous && (previous.currentDocumentId !== state.currentDocumentId || previous.forewordMd !== state.forewordMd)) {
      correctedAt = state.createdAt;
      if (previous.currentDocumentId && previous.currentDocumentId !== state.currentDocumentId) earlier.set(previous.currentDocumentId, state.createdAt);
    }
    previous = state;
  }
  if (currentDocumentId) earlier.delete(currentDocumentId);
  const earlierDocumentIds = [...earlier.entries()].map(([documentId, until]) => ({ documentId, until })).sort((a, b) => (a.until < b.until ? 1 : -1));
  return { correctedAt, earlierDocumentIds };
}
