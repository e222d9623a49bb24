import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dependencies } from '../../dependencies.types.js';
import { createDemoYear, demoSite, demoYears } from './demo.models.js';
import type { ImportDeps } from '../imports/imports.types.js';
import { importFolder } from '../imports/imports.usecases.js';
import { createReportsRepository } from '../reports/reports.repository.js';
import { createSiteRepository } from '../site/site.repository.js';

/** Writes the demo organisation as an import folder: the same path real content takes. */
export async function writeDemoFolder({ dir }: { dir: string }): Promise<void> {
  await writeFile(join(dir, 'site.json'), JSON.stringify(demoSite, null, 2));
  for (const year of demoYears) {
    const content = createDemoYear(year);
    const folder = join(dir, String(year));
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'report.json'), JSON.stringify({ year, title: `Eksempelforeningens beretning ${year}`, published: `${year + 1}-04-15`, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` }, null, 2));
    await writeFile(join(folder, 'forord.md'), content.foreword.join('\n\n'));
    const pdf = await (await loadPdfWriter()).writeReportPdf({
      title: `Eksempelforeningens beretning ${year}`,
      subtitle: `Årets tema: ${content.theme}. DEMO – opdigtet indhold til afprøvning af Beretning.`,
      sections: content.sections,
      stamp: 'DEMO – opdigtet eksempel, ikke en rigtig beretning',
      author: 'Eksempelforeningen (demo)',
      createdAt: new Date(`${year + 1}-04-01T10:00:00Z`),
    });
    await writeFile(join(folder, `eksempelforeningen-beretning-${year}.pdf`), pdf);
  }
}

/** True when the database holds no organisation and no report: the only time demo content loads. */
export async function isDatabaseEmpty({ db }: Pick<Dependencies, 'db'>): Promise<boolean> {
  const site = await createSiteRepository({ db }).getSite();
  const reports = await createReportsRepository({ db }).listAll();
  return !site && reports.length === 0;
}

export async function loadDemoContent(deps: ImportDeps): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'beretning-demo-'));
  try {
    await writeDemoFolder({ dir });
    await importFolder({ dir, isDemo: true }, deps);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// pdf-lib only for the demo content, once: not resident in every web process.
function loadPdfWriter(): Promise<typeof import('./drivers/pdf-writer.js')> {
  return import('./drivers/pdf-writer.js');
}
