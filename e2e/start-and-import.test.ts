import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServer } from './e2e.test-utils.js';
import { writeTestImportFolder } from '../src/app.test-utils.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('npm start', () => {
  it('on an empty DATA_DIR creates the database and serves the demo organisation with at least seven years, marked as demo', async () => {
    const server = await startServer();
    cleanups.push(server.stop);
    const front = await (await fetch(`${server.url}/`)).text();
    expect(front).toContain('<h1>Eksempelforeningens beretninger</h1>');
    expect(front).toContain('Demoindhold');
    const archive = await (await fetch(`${server.url}/beretninger`)).text();
    expect([...archive.matchAll(/<h2 class="report-list__heading">/g)].length).toBeGreaterThanOrEqual(7);
    const pdfUrl = front.match(/href="(\/filer\/[a-f0-9]{64}\/[^"]+)"/)![1]!;
    const pdf = await fetch(`${server.url}${pdfUrl}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('on a DATA_DIR that already holds data loads nothing more', async () => {
    const folder = await writeTestImportFolder({ reports: [{ year: 2022 }] });
    cleanups.push(folder.cleanup);
    const server = await startServer({ before: [['import', folder.dir]] });
    cleanups.push(server.stop);
    const front = await (await fetch(`${server.url}/`)).text();
    expect(front).toContain('<h1>Testforeningens beretninger</h1>');
    expect(front).not.toContain('Eksempelforeningen');
    expect(front).not.toContain('Demoindhold');
  });

  it('stops with one line per wrong setting, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, PORT: 'abc', MAX_UPLOAD_MB: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Invalid configuration:\n  PORT: must be a whole number \(got "abc"\)\n  MAX_UPLOAD_MB: must be at least 1 \(got "0"\)\n$/);
  });
});

describe('npm run cli -- import', () => {
  it('imports a folder, and a second import changes nothing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'beretning-cli-'));
    const folder = await writeTestImportFolder({ reports: [{ year: 2020 }, { year: 2021 }] });
    cleanups.push(folder.cleanup, () => rm(dataDir, { recursive: true, force: true }));
    const env = { DATA_DIR: dataDir };
    const first = await runCli({ args: ['import', folder.dir], env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created 2020, 2021');
    const second = await runCli({ args: ['import', folder.dir], env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('unchanged 2020, 2021; site settings unchanged; 0 file(s) stored');
  });

  it('stops on a bad file with one line naming it, exits non-zero and imports nothing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'beretning-cli-'));
    const folder = await writeTestImportFolder({ reports: [{ year: 2020 }, { year: 2021 }] });
    cleanups.push(folder.cleanup, () => rm(dataDir, { recursive: true, force: true }));
    await writeFile(join(folder.dir, '2021', 'report.json'), '{"year": 2021,');
    const result = await runCli({ args: ['import', folder.dir], env: { DATA_DIR: dataDir } });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^Error: .*2021\/report\.json: is not valid JSON/);
    const server = await startServer({ env: { DATA_DIR: dataDir, DEMO_CONTENT: 'off' } });
    cleanups.push(server.stop);
    const archive = await (await fetch(`${server.url}/beretninger`)).text();
    expect(archive).toContain('Der er endnu ikke udgivet nogen beretninger.');
  });

  it('without a folder says how to use it', async () => {
    const result = await runCli({ args: ['import'], env: { DATA_DIR: ':memory:' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('import needs a folder');
  });
});
