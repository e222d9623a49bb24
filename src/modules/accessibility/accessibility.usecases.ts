import type { Config } from '../../config/config.js';
import type { Db } from '../../database/database.js';
import { createNotFoundError } from '../../shared/errors.js';
import { isExemptDocument, runAccessibilityChecks } from './accessibility.models.js';
import { createAccessibilityRepository, type AccessibilityRow } from './accessibility.repository.js';
import type { AccessibilityFacts, AccessibilityResult } from './accessibility.types.js';

export type AccessibilityConfig = Pick<Config, 'accessibilityMaxPagesListed' | 'accessibilityHeadingsFromPages'>;

/** The checks over what ingestion read, with the configured caps: what is stored per document. */
export function checkDocumentAccessibility({ facts }: { facts: AccessibilityFacts | null }, { config }: { config: AccessibilityConfig }): AccessibilityResult {
  return runAccessibilityChecks({ facts, maxPagesListed: config.accessibilityMaxPagesListed, headingsFromPages: config.accessibilityHeadingsFromPages });
}

/** One document's accessibility as the workspace shows it: null result until it has been checked. */
export type DocumentAccessibility = { row: AccessibilityRow; result: AccessibilityResult | null; exempt: boolean };

function toDocumentAccessibility(row: AccessibilityRow): DocumentAccessibility {
  return { row, result: row.accessibilityJson ? (JSON.parse(row.accessibilityJson) as AccessibilityResult) : null, exempt: isExemptDocument({ pdfCreatedAt: row.pdfCreatedAt, year: row.year }) };
}

export async function getDocumentAccessibility({ documentId }: { documentId: string }, { db }: { db: Db }): Promise<DocumentAccessibility> {
  const row = await createAccessibilityRepository({ db }).getForDocument({ id: documentId });
  if (!row) throw createNotFoundError({ code: 'documents.not_found', message: 'Filen findes ikke.' });
  return toDocumentAccessibility(row);
}

/** Every published report's current PDF with its checks: the basis of the accessibility statement. */
export async function listPublishedAccessibility({ db }: { db: Db }): Promise<DocumentAccessibility[]> {
  return (await createAccessibilityRepository({ db }).listPublishedCurrent()).map(toDocumentAccessibility);
}

/**
 * What publishing should warn about: the report's current PDF when its checks found problems and it
 * is not exempt; undefined when there is nothing to confirm.
 */
export async function findPublishWarning({ reportId }: { reportId: string }, { db }: { db: Db }): Promise<DocumentAccessibility | undefined> {
  const row = await createAccessibilityRepository({ db }).getFailuresOfCurrent({ reportId });
  if (!row || !row.accessibilityFailures) return undefined;
  const found = toDocumentAccessibility(row);
  return found.exempt ? undefined : found;
}
