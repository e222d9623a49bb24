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
import { createTestMedia, hasFfmpeg, noFfmpegMessage, testSrt } from '../media/media.test-utils.js';
import { searchReports } from '../search/search.usecases.js';

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

if (!hasFfmpeg) console.warn(`imports.usecases.test: ${noFfmpegMessage}`);

describe.skipIf(!hasFfmpeg)('importing films and sounds from YYYY/media/', () => {
  // Made once: ffmpeg takes a moment per file.
  const film = hasFfmpeg ? createTestMedia({ kind: 'mp4' }) : Buffer.alloc(0);
  const sound = hasFfmpeg ? createTestMedia({ kind: 'mp3' }) : Buffer.alloc(0);

  async function setupWithMedia() {
    const { deps, dir } = await setup([{ year: 2020 }]);
    const media = join(dir, '2020', 'media');
    await mkdir(media);
    await writeFile(join(media, 'aarets-film.mp4'), film);
    await writeFile(join(media, 'aarets-film.srt'), testSrt);
    await writeFile(join(media, 'aarets-film.md'), 'Borgmesteren fortæller om **vandløbsrestaurering** i kommunen.\r\n');
    await writeFile(join(media, 'aarets-film.json'), JSON.stringify({ title: 'Året der gik', description: 'Et kig tilbage.', order: 1 }));
    await writeFile(join(media, 'formandens_tale.mp3'), sound);
    return { deps, dir, media };
  }

  async function mediaState(deps: Awaited<ReturnType<typeof createTestDependencies>>) {
    const rows = await deps.db.selectFrom('reportMedia').selectAll().orderBy('position').orderBy('slug').execute();
    const revisions = await deps.db.selectFrom('reportRevisions').select(['action', 'number']).orderBy('number').execute();
    const audit = (await listAuditEntries({ filter: { page: 1, pageSize: 50 } }, deps)).entries.map((e) => [e.action, e.details.slug ?? null]);
    return { rows, revisions, audit, ...(await snapshot(deps)) };
  }

  it('imports a film with SRT captions, a transcript and details, and a sound, each probed, audited and searchable', async () => {
    const { deps, dir } = await setupWithMedia();
    const summary = await importFolder({ dir }, deps);
    expect(summary.media).toEqual({ created: ['2020/aarets-film', '2020/formandens-tale'], updated: [], unchanged: [] });
    const { rows } = await mediaState(deps);
    expect(rows.map((m) => [m.slug, m.kind, m.title, m.description, m.position, m.mimeType, m.fileName])).toEqual([
      ['aarets-film', 'video', 'Året der gik', 'Et kig tilbage.', 1, 'video/mp4', 'aarets-film.mp4'],
      ['formandens-tale', 'audio', 'formandens tale', '', 2, 'audio/mpeg', 'formandens_tale.mp3'],
    ]);
    const [filmRow, soundRow] = rows;
    expect(filmRow).toMatchObject({ width: 320, height: 180, videoCodec: 'h264', audioCodec: 'aac', transcriptMd: 'Borgmesteren fortæller om **vandløbsrestaurering** i kommunen.' });
    expect(filmRow!.durationSeconds).toBeGreaterThan(1.5);
    // The film itself, its captions converted to WebVTT, and a poster taken from it are stored.
    expect(deps.storage.objects.get(filmRow!.storageKey)?.equals(film)).toBe(true);
    const vtt = deps.storage.objects.get(filmRow!.captionsKey!)?.toString('utf8');
    expect(vtt).toMatch(/^WEBVTT\n\n00:00:00\.000 --> 00:00:01\.500\nVelkommen til årets beretning/);
    expect(deps.storage.objects.get(filmRow!.posterKey!)?.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(filmRow!.posterType).toBe('image/jpeg');
    expect(soundRow).toMatchObject({ captionsKey: null, posterKey: null, transcriptMd: null, audioCodec: 'mp3' });
    // PDF + film + captions + poster + sound.
    expect(summary.filesStored).toBe(5);

    const audit = (await listAuditEntries({ filter: { page: 1, pageSize: 50 } }, deps)).entries.filter((e) => e.action === 'media.imported');
    expect(audit.map((e) => [e.details.slug, e.details.title]).sort()).toEqual([['aarets-film', 'Året der gik'], ['formandens-tale', 'formandens tale']]);
    const result = await searchReports({ q: 'vandløbsrestaurering', yearFrom: undefined, yearTo: undefined, page: 1 }, deps);
    expect(result.groups[0]?.hits.map((h) => h.mediaTitle)).toEqual(['Året der gik']);
  });

  it('changes nothing when the same folder with media is imported again', async () => {
    const { deps, dir } = await setupWithMedia();
    await importFolder({ dir }, deps);
    const before = await mediaState(deps);
    deps.clock.advance(60_000);
    const summary = await importFolder({ dir }, deps);
    expect(summary).toMatchObject({ unchanged: [2020], filesStored: 0, media: { created: [], updated: [], unchanged: ['2020/aarets-film', '2020/formandens-tale'] } });
    expect(await mediaState(deps)).toEqual(before);
  });

  it('replaces an item\'s file when the file in the folder changed, keeping one item, and puts back one removed in the workspace', async () => {
    const { deps, dir, media } = await setupWithMedia();
    await importFolder({ dir }, deps);
    const first = await mediaState(deps);
    await writeFile(join(media, 'formandens_tale.mp3'), createTestMedia({ kind: 'mp3', tone: 660 }));
    await deps.db.updateTable('reportMedia').set({ removedAt: deps.clock.now().toISOString() }).where('slug', '=', 'aarets-film').execute();
    const summary = await importFolder({ dir }, deps);
    expect(summary.media).toEqual({ created: [], updated: ['2020/aarets-film', '2020/formandens-tale'], unchanged: [] });
    const { rows, audit } = await mediaState(deps);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: first.rows[0]!.id, removedAt: null, posterKey: first.rows[0]!.posterKey });
    expect(rows[1]!.id).toBe(first.rows[1]!.id);
    expect(rows[1]!.sha256).not.toBe(first.rows[1]!.sha256);
    expect(audit.filter(([action]) => action === 'media.imported')).toHaveLength(4);
  });

  it('a changed transcript on an otherwise unchanged report is updated and found by search at once', async () => {
    const { deps, dir, media } = await setupWithMedia();
    await importFolder({ dir }, deps);
    await writeFile(join(media, 'aarets-film.md'), 'Nu handler filmen om **kystbeskyttelse**.');
    const summary = await importFolder({ dir }, deps);
    expect(summary).toMatchObject({ unchanged: [2020], media: { updated: ['2020/aarets-film'] } });
    const found = await searchReports({ q: 'kystbeskyttelse', yearFrom: undefined, yearTo: undefined, page: 1 }, deps);
    expect(found.groups[0]?.hits.map((h) => h.mediaTitle)).toEqual(['Året der gik']);
    const gone = await searchReports({ q: 'vandløbsrestaurering', yearFrom: undefined, yearTo: undefined, page: 1 }, deps);
    expect(gone.groups).toHaveLength(0);
    const audit = (await listAuditEntries({ filter: { page: 1, pageSize: 50 } }, deps)).entries[0];
    expect(audit).toMatchObject({ action: 'media.imported', details: { slug: 'aarets-film', fields: ['transcriptMd'] } });
  });

  const badMedia: { name: string; damage: (media: string) => Promise<void>; line: RegExp }[] = [
    { name: 'a text file named .mp4', damage: (media) => writeFile(join(media, 'aarets-film.mp4'), 'Dette er ikke en film.\n'), line: /^\S*2020\/media\/aarets-film\.mp4: Filen er hverken video eller lyd\./ },
    { name: 'a cut-off film', damage: (media) => writeFile(join(media, 'aarets-film.mp4'), film.subarray(0, 200)), line: /^\S*2020\/media\/aarets-film\.mp4: Filen er beskadiget/ },
    { name: 'captions that are neither WebVTT nor SRT', damage: (media) => writeFile(join(media, 'aarets-film.srt'), 'ikke undertekster'), line: /^\S*2020\/media\/aarets-film\.srt: Undertekstfilen er hverken WebVTT eller SRT\.$/ },
    { name: 'captions without their film', damage: (media) => writeFile(join(media, 'slutning.vtt'), 'WEBVTT\n'), line: /^\S*2020\/media\/slutning\.vtt: belongs to no film or sound/ },
    { name: 'details with an unknown field', damage: (media) => writeFile(join(media, 'aarets-film.json'), JSON.stringify({ titel: 'X' })), line: /^\S*2020\/media\/aarets-film\.json: / },
    { name: 'a file of another kind', damage: (media) => writeFile(join(media, 'noter.docx'), 'x'), line: /^\S*2020\/media\/noter\.docx: is not a film or sound/ },
  ];
  for (const bad of badMedia) {
    it(`stops on ${bad.name} with one line naming it, and stores nothing`, async () => {
      const { deps, dir, media } = await setupWithMedia();
      await bad.damage(media);
      const message = await importFolder({ dir }, deps).then(() => '', (error: Error) => error.message);
      expect(message).toMatch(bad.line);
      expect(message).not.toContain('\n');
      const state = await mediaState(deps);
      expect(state.rows).toHaveLength(0);
      expect(state.reports).toHaveLength(0);
      expect(state.files).toHaveLength(0);
    });
  }

  it('removes the media files it stored when the database write fails', async () => {
    const { deps, dir } = await setupWithMedia();
    const { sql } = await import('kysely');
    if (deps.dialect === 'postgres') {
      await sql`CREATE FUNCTION refuse_media() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`.execute(deps.db);
      await sql`CREATE TRIGGER refuse_media BEFORE INSERT ON report_media FOR EACH ROW EXECUTE FUNCTION refuse_media()`.execute(deps.db);
    } else {
      await sql`CREATE TRIGGER refuse_media BEFORE INSERT ON report_media BEGIN SELECT RAISE(ABORT, 'refused'); END`.execute(deps.db);
    }
    await expect(importFolder({ dir }, deps)).rejects.toThrow(/refused/);
    const state = await mediaState(deps);
    expect(state.reports).toHaveLength(0);
    expect(state.files).toHaveLength(0);
  });
});
