import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDependencies } from '../../dependencies.test-utils.js';
import { writeTestImportFolder } from '../../app.test-utils.js';
import { importFolder } from './imports.usecases.js';
import { listAuditEntries, runAsCommandLine } from '../audit/audit.usecases.js';
import { createReportsRepository } from '../reports/reports.repository.js';
import { createDocumentsRepository } from '../documents/documents.repository.js';
import { getSite } from '../site/site.usecases.js';
import { getPublicCorrections } from '../corrections/corrections.usecases.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(reports = [{ year: 2019 }, { year: 2020, foreword: 'Forord 2020' }]) {
  const deps = await createTestDependencies();
  const folder = await writeTestImportFolder({ reports });
  cleanups.push(folder.cleanup, () => deps.close());
  return { deps, dir: folder.dir };
}

async function snapshot(deps: Awaited<ReturnType<typeof createTestDependencies>>) {
  const reports = await createReportsRepository({ db: deps.db }).listAll();
  const documents = await deps.db.selectFrom('documents').selectAll().orderBy('id').execute();
  return { reports, documents, files: [...deps.storage.objects.keys()].sort(), site: await getSite({ db: deps.db }) };
}

describe('importing a folder', () => {
  it('creates the organisation, its reports and stores each PDF', async () => {
    const { deps, dir } = await setup();
    const summary = await importFolder({ dir }, deps);
    expect(summary.created).toEqual([2019, 2020]);
    const state = await snapshot(deps);
    expect(state.site.title).toBe('Testforeningens beretninger');
    expect(state.reports.map((r) => [r.year, r.status])).toEqual([[2020, 'published'], [2019, 'published']]);
    expect(state.reports[0]?.forewordMd).toBe('Forord 2020');
    expect(state.documents).toHaveLength(2);
    expect(state.files).toHaveLength(2);
    const document = await createDocumentsRepository({ db: deps.db }).getById({ id: state.reports[0]!.currentDocumentId! });
    expect(document?.fileName).toBe('beretning-2020.pdf');
    expect(document?.pageCount).toBe(2);
  });

  it('changes nothing when the same folder is imported twice', async () => {
    const { deps, dir } = await setup();
    await importFolder({ dir }, deps);
    const before = await snapshot(deps);
    deps.clock.advance(60_000);
    const summary = await importFolder({ dir }, deps);
    expect(summary).toMatchObject({ siteChanged: false, created: [], updated: [], unchanged: [2019, 2020], filesStored: 0 });
    expect(await snapshot(deps)).toEqual(before);
  });

  it('writes each imported report and the site settings to the audit log, as the command line and its OS user; an unchanged import adds nothing', async () => {
    const { deps, dir } = await setup();
    await runAsCommandLine({ osUser: 'driftsbruger' }, () => importFolder({ dir }, deps));
    const first = (await listAuditEntries({ filter: { page: 1, pageSize: 50 } }, deps)).entries;
    expect(first.map((e) => [e.action, e.details.year ?? null]).sort()).toEqual([['report.imported', 2019], ['report.imported', 2020], ['site.imported', null]]);
    expect(first.every((e) => e.details.via === 'cli' && e.details.osUser === 'driftsbruger' && e.actorId === null)).toBe(true);
    await runAsCommandLine({ osUser: 'driftsbruger' }, () => importFolder({ dir }, deps));
    expect((await listAuditEntries({ filter: { page: 1, pageSize: 50 } }, deps)).total).toBe(3);
    await writeFile(join(dir, '2020', 'forord.md'), 'Et rettet forord');
    await importFolder({ dir }, deps);
    const changed = (await listAuditEntries({ filter: { page: 1, pageSize: 50 } }, deps)).entries[0];
    expect(changed).toMatchObject({ action: 'report.imported', details: { year: 2020, fields: ['forewordMd'] } });
  });

  it('updates a report whose text changed, and keeps the rest', async () => {
    const { deps, dir } = await setup();
    await importFolder({ dir }, deps);
    await writeFile(join(dir, '2020', 'forord.md'), 'Et rettet forord');
    const summary = await importFolder({ dir }, deps);
    expect(summary.updated).toEqual([2020]);
    expect(summary.unchanged).toEqual([2019]);
    const report = await createReportsRepository({ db: deps.db }).getByYear({ year: 2020 });
    expect(report?.forewordMd).toBe('Et rettet forord');
  });

  it('records each import as a revision, so a PDF replaced later stays downloadable as an earlier version', async () => {
    const { deps, dir } = await setup();
    await importFolder({ dir }, deps);
    const first = await createReportsRepository({ db: deps.db }).getByYear({ year: 2020 });
    deps.clock.advance(86_400_000);
    const replacement = await writeTestImportFolder({ reports: [{ year: 2019 }, { year: 2020, foreword: 'Forord 2020', pages: 3 }] });
    cleanups.push(replacement.cleanup);
    expect((await importFolder({ dir: replacement.dir }, deps)).updated).toEqual([2020]);
    const second = await createReportsRepository({ db: deps.db }).getByYear({ year: 2020 });
    expect(second?.currentDocumentId).not.toBe(first?.currentDocumentId);
    const revisions = await deps.db.selectFrom('reportRevisions').select(['action']).where('reportId', '=', second!.id).orderBy('number').execute();
    expect(revisions.map((r) => r.action)).toEqual(['imported', 'imported']);
    const corrections = await getPublicCorrections({ reportId: second!.id, currentDocumentId: second!.currentDocumentId }, deps);
    expect(corrections.earlierVersions.map((v) => v.id)).toEqual([first!.currentDocumentId]);
    expect(corrections.correctedAt).toBe(deps.clock.now().toISOString());
  });

  const badCases: { name: string; damage: (dir: string) => Promise<void>; message: RegExp }[] = [
    { name: 'bad JSON', damage: (dir) => writeFile(join(dir, '2020', 'report.json'), '{ "year": 2020, '), message: /2020\/report\.json: is not valid JSON/ },
    { name: 'a year that does not match its folder', damage: (dir) => writeFile(join(dir, '2020', 'report.json'), JSON.stringify({ year: 2021, title: 'X', published: '2021-05-01' })), message: /2020\/report\.json: year 2021 does not match its folder 2020/ },
    { name: 'no PDF', damage: (dir) => rm(join(dir, '2020', 'beretning-2020.pdf')), message: /2020: holds no PDF/ },
    { name: 'a file that is not a PDF', damage: (dir) => writeFile(join(dir, '2020', 'beretning-2020.pdf'), '<html>not a pdf</html>'), message: /2020\/beretning-2020\.pdf: is not a PDF/ },
    { name: 'a truncated PDF', damage: async (dir) => { const path = join(dir, '2020', 'beretning-2020.pdf'); const data = await readFile(path); await writeFile(path, data.subarray(0, 400)); }, message: /2020\/beretning-2020\.pdf: is not a usable PDF/ },
    { name: 'a missing site.json', damage: (dir) => rm(join(dir, 'site.json')), message: /site\.json: is missing/ },
    { name: 'an invalid field', damage: (dir) => writeFile(join(dir, 'site.json'), JSON.stringify({ name: 'X', title: '', yearsShown: 5 })), message: /site\.json: "title"/ },
    { name: 'a missing report.json', damage: (dir) => rm(join(dir, '2020', 'report.json')), message: /2020\/report\.json: is missing/ },
  ];
  if (process.getuid?.() !== 0) {
    badCases.push({ name: 'an unreadable file', damage: (dir) => chmod(join(dir, '2020', 'report.json'), 0o000), message: /2020\/report\.json: cannot be read/ });
  }

  for (const bad of badCases) {
    it(`stops on ${bad.name}, naming the file, and imports nothing`, async () => {
      const { deps, dir } = await setup();
      await bad.damage(dir);
      await expect(importFolder({ dir }, deps)).rejects.toThrow(bad.message);
      const state = await snapshot(deps);
      expect(state.reports).toHaveLength(0);
      expect(state.files).toHaveLength(0);
      expect(state.site.title).toBe('Beretninger');
    });
  }

  it('refuses a site.json whose accessibility link is not a web address (javascript:), and stores nothing', async () => {
    const deps = await createTestDependencies();
    const folder = await writeTestImportFolder({ site: { accessibilityUrl: 'javascript:alert(document.cookie)' }, reports: [{ year: 2020 }] });
    cleanups.push(folder.cleanup, () => deps.close());
    const message = await importFolder({ dir: folder.dir }, deps).then(() => '', (error: Error) => error.message);
    expect(message).toContain('"accessibilityUrl" must be an http(s) address');
    expect((await snapshot(deps)).files).toHaveLength(0);
  });

  it('names a file outside the working folder by its full path, as the operator gave it, not as ../../…', async () => {
    const { deps, dir } = await setup();
    const full = resolve(dir);
    if (!relative(process.cwd(), full).startsWith('..')) return; // the temp folder is inside the working folder here
    await rm(join(dir, '2020', 'report.json'));
    const message = await importFolder({ dir }, deps).then(() => '', (error: Error) => error.message);
    expect(message.startsWith(`${join(full, '2020', 'report.json')}: is missing`)).toBe(true);
  });

  it('removes the files it stored when the database write fails, and keeps earlier data', async () => {
    const { deps, dir } = await setup();
    await importFolder({ dir }, deps);
    const before = await snapshot(deps);
    await mkdir(join(dir, '2021'));
    await writeFile(join(dir, '2021', 'report.json'), JSON.stringify({ year: 2021, title: 'Ny', published: '2022-05-01' }));
    const { createTestPdf } = await import('../../app.test-utils.js');
    await writeFile(join(dir, '2021', 'ny.pdf'), await createTestPdf({ title: 'Ny' }));
    // Sabotage the transaction: a trigger that refuses the new year's row.
    const { sql } = await import('kysely');
    if (deps.dialect === 'postgres') {
      await sql`CREATE FUNCTION refuse_2021() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`.execute(deps.db);
      await sql`CREATE TRIGGER refuse_2021 BEFORE INSERT ON reports FOR EACH ROW WHEN (NEW.year = 2021) EXECUTE FUNCTION refuse_2021()`.execute(deps.db);
    } else {
      await sql`CREATE TRIGGER refuse_2021 BEFORE INSERT ON reports WHEN NEW.year = 2021 BEGIN SELECT RAISE(ABORT, 'refused'); END`.execute(deps.db);
    }
    await expect(importFolder({ dir }, deps)).rejects.toThrow(/refused/);
    expect(await snapshot(deps)).toEqual(before);
  });
});
