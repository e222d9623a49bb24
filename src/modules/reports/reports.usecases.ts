import type { Db } from '../../database/database.js';
import { createReportsRepository } from './reports.repository.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import { coverFormatOfKey, createCoverUrl, createDocumentUrl } from '../documents/documents.models.js';
import type { PublicReport, Report } from './reports.types.js';
import { selectFrontPageReports } from './reports.models.js';
import { createNotFoundError, isAppError } from '../../shared/errors.js';

async function attachDocuments({ reports }: { reports: Report[] }, { db }: { db: Db }): Promise<PublicReport[]> {
  const ids = reports.map((r) => r.currentDocumentId).filter((id): id is string => id !== null);
  const documents = await createDocumentsRepository({ db }).listByIds({ ids });
  const byId = new Map(documents.map((d) => [d.id, d]));
  return reports.map((report) => {
    const document = report.currentDocumentId ? byId.get(report.currentDocumentId) : undefined;
    return {
      ...report,
      document: document && {
        id: document.id,
        sha256: document.sha256,
        fileName: document.fileName,
        size: document.size,
        pageCount: document.pageCount,
        accessibilityProblems: document.accessibilityFailures ?? 0,
        url: createDocumentUrl({ sha256: document.sha256, fileName: document.fileName }),
        cover: document.coverSmallKey
          ? {
              smallUrl: createCoverUrl({ sha256: document.sha256, width: 320, format: coverFormatOfKey({ key: document.coverSmallKey }) }),
              largeUrl: document.coverLargeKey
                ? createCoverUrl({ sha256: document.sha256, width: 640, format: coverFormatOfKey({ key: document.coverLargeKey }) })
                : createCoverUrl({ sha256: document.sha256, width: 320, format: coverFormatOfKey({ key: document.coverSmallKey }) }),
              width: 320,
              // Covers stored before migration 007 have no recorded height: A4 portrait.
              height: document.coverSmallHeight ?? 453,
            }
          : undefined,
      },
    };
  });
}

export async function listPublishedReports({ db }: { db: Db }): Promise<PublicReport[]> {
  const reports = await createReportsRepository({ db }).listPublished();
  return attachDocuments({ reports }, { db });
}

export async function getFrontPage({ yearsShown }: { yearsShown: number }, { db }: { db: Db }): Promise<{ latest: PublicReport | undefined; earlier: PublicReport[] }> {
  const published = await listPublishedReports({ db });
  return selectFrontPageReports({ published, yearsShown });
}

export async function getPublishedReport({ year }: { year: number }, { db }: { db: Db }): Promise<PublicReport> {
  const report = await createReportsRepository({ db }).getPublishedByYear({ year });
  if (!report) throw createNotFoundError({ code: 'reports.not_found', message: 'Beretningen findes ikke.' });
  const [withDocument] = await attachDocuments({ reports: [report] }, { db });
  if (!withDocument) throw createNotFoundError({ code: 'reports.not_found' });
  return withDocument;
}

/**
 * Where a published report now is whose year was changed from `year`: its current year, or
 * undefined when `year` was never one of its public years or another report holds it now.
 */
export async function findMovedReportYear({ year }: { year: number }, { db }: { db: Db }): Promise<number | undefined> {
  return createReportsRepository({ db }).findMovedYear({ year });
}

/**
 * What `lookup` finds for `year`, or, when it fails as reports.not_found and a published report was
 * public under `year` before its year was changed, `{ movedTo }` with the report's current year.
 */
export async function orMovedReport<T>(lookup: Promise<T>, { year }: { year: number }, deps: { db: Db }): Promise<T | { movedTo: number }> {
  try {
    return await lookup;
  } catch (error) {
    const movedTo = isAppError(error) && error.code === 'reports.not_found' ? await findMovedReportYear({ year }, deps) : undefined;
    if (movedTo === undefined) throw error;
    return { movedTo };
  }
}
