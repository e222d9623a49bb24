import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { createImportError } from './imports.errors.js';
import { readJson, readReportFolder } from './imports-read.usecases.js';
import { writeImport } from './imports-write.usecases.js';
import { siteFileSchema } from './imports.schemas.js';
import type { ImportDeps, ImportSummary, PlannedReport } from './imports.types.js';

/**
 * Reads an import folder (see README: site.json, YYYY/report.json, YYYY/forord.md, YYYY/*.pdf,
 * YYYY/media/). Everything is read and checked (every film and sound probed) before anything is written; then one transaction writes it all.
 * Files stored by this import are removed again if the transaction fails. Importing the same
 * folder twice changes nothing.
 */
export async function importFolder({ dir, isDemo = false }: { dir: string; isDemo?: boolean }, deps: ImportDeps): Promise<ImportSummary> {
  const root = resolve(dir);
  // Files under the working folder by their relative path; anything else (e.g. /srv/import, or a temp folder) as given, not as ../../srv/import.
  const show = (path: string) => {
    const inside = relative(process.cwd(), path);
    return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
  };
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw createImportError({ file: show(root), problem: 'is not a folder' });

  const site = await readJson({ path: join(root, 'site.json'), schema: siteFileSchema, show });
  const entries = await readdir(root, { withFileTypes: true });
  const yearDirs = entries.filter((e) => e.isDirectory() && /^\d{4}$/.test(e.name)).map((e) => e.name).sort();
  const planned: PlannedReport[] = [];
  for (const name of yearDirs) planned.push(await readReportFolder({ dir: join(root, name), folderYear: Number(name), show }, deps));

  return writeImport({ site, planned, isDemo, show }, deps);
}
