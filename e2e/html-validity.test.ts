import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourneyApp, pageTypes, pathOf } from './pages.test-utils.js';
import { createAnonymousCsrf, loginAs } from '../src/modules/auth/auth.test-utils.js';

const JAVA = '/usr/bin/java';
const VNU_JAR = join(process.cwd(), 'node_modules/vnu-jar/build/dist/vnu.jar');
const canValidate = existsSync(JAVA) && existsSync(VNU_JAR);
if (!canValidate) process.stderr.write('HTML validation skipped: needs /usr/bin/java (apt-get install default-jre-headless; .ci/run does this) and npm vnu-jar.\n');

type VnuMessage = { type: string; url: string; message: string; lastLine?: number; extract?: string };

/** Runs the Nu HTML Checker once over every file: its JVM takes seconds to start, so batch. */
function runVnu(files: string[]): Promise<VnuMessage[]> {
  return new Promise((resolve, reject) => {
    execFile(JAVA, ['-Xss4m', '-jar', VNU_JAR, '--format', 'json', '--errors-only', ...files], { maxBuffer: 32 * 1024 * 1024 }, (error, _stdout, stderr) => {
      // vnu writes its JSON report to stderr and exits 1 when it found errors.
      try {
        resolve((JSON.parse(stderr) as { messages: VnuMessage[] }).messages);
      } catch {
        reject(error ?? new Error(stderr));
      }
    });
  });
}

describe.skipIf(!canValidate)('every page type is valid HTML (Nu HTML Checker)', () => {
  let app: Awaited<ReturnType<typeof createJourneyApp>>;
  let dir: string;
  const files = new Map<string, string>();
  let messages: VnuMessage[] = [];
  let controlUrl = '';

  beforeAll(async () => {
    app = await createJourneyApp();
    dir = await mkdtemp(join(tmpdir(), 'beretning-vnu-'));
    const pages: { name: string; body: string }[] = [];
    const signedIn = await loginAs({ app: app.app, deps: app.deps, role: 'admin' });
    for (const type of pageTypes) {
      const res = await app.app.inject({ url: await pathOf(type, app), headers: { ...(type.locale ? { 'accept-language': type.locale } : {}), ...(type.login ? { cookie: signedIn.cookie } : {}) } });
      expect(res.statusCode, type.name).toBe(type.status);
      pages.push({ name: type.name, body: res.body });
    }
    // A form that failed: the error summary and the field marked invalid.
    const csrf = createAnonymousCsrf();
    const failed = await app.app.inject({ method: 'POST', url: '/log-ind', headers: { cookie: csrf.cookie }, payload: { email: 'ukendt@example.dk', password: 'forkert', _csrf: csrf.csrfToken } });
    expect(failed.statusCode).toBe(422);
    pages.push({ name: 'failed login', body: failed.body });
    for (const [index, page] of pages.entries()) {
      const file = join(dir, `side-${index}.html`);
      await writeFile(file, page.body);
      files.set(`file:${file}`, page.name);
    }
    // A control file with a known error proves the checker ran and reports.
    const control = join(dir, 'kontrol.html');
    await writeFile(control, '<!DOCTYPE html><html lang="da"><head><title>x</title></head><body><p><div>x</div></p></body></html>');
    controlUrl = `file:${control}`;
    messages = await runVnu([...files.keys(), controlUrl].map((url) => url.slice('file:'.length)));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports zero errors on every page type', () => {
    expect(messages.some((m) => m.url === controlUrl && m.type === 'error'), 'the checker found the control file\'s error').toBe(true);
    const errors = messages.filter((m) => m.type === 'error' && m.url !== controlUrl).map((m) => `${files.get(m.url) ?? m.url}: line ${m.lastLine}: ${m.message} [${m.extract ?? ''}]`);
    expect(errors).toEqual([]);
    expect(files.size).toBeGreaterThanOrEqual(10);
  });
});
