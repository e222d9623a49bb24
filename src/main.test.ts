import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, startServer } from '../e2e/e2e.test-utils.js';
import { writeReportPdf } from './modules/demo/drivers/pdf-writer.js';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

/** The cookies a browser would keep between requests. */
function createCookieJar() {
  const cookies = new Map<string, string>();
  return {
    take(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const [name = '', ...rest] = pair.split('=');
        if (name.trim()) cookies.set(name.trim(), rest.join('='));
      }
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

describe('graceful shutdown', () => {
  it('SIGTERM during a PDF upload: no new connections, the upload is stored whole (or not at all), the process exits 0 and the job queue is left consistent', async () => {
    const email = 'sigterm@eksempel.dk';
    const password = 'sigterm-adgangskode-123';
    // The demo organisation: its PDFs are queued for ingestion at start, so jobs are running or waiting when the signal comes.
    const server = await startServer({ env: { DEMO_CONTENT: 'auto', SHUTDOWN_GRACE_SECONDS: '20', MAX_UPLOAD_MB: '20' } });
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    try {
      const added = await runCli({ args: ['user', 'add', email, '--role', 'editor', '--name', 'Signe', '--password-stdin'], env: { DATA_DIR: server.dataDir }, input: `${password}\n` });
      expect(added.code, added.stderr).toBe(0);
      const jar = createCookieJar();
      const tokenFrom = async (path: string) => {
        const page = await fetch(`${server.url}${path}`, { headers: { cookie: jar.header() } });
        jar.take(page);
        return { html: await page.text() };
      };
      const loginPage = await tokenFrom('/log-ind');
      const loginToken = /name="_csrf" value="([^"]+)"/.exec(loginPage.html)?.[1] ?? '';
      const login = await fetch(`${server.url}/log-ind`, { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password, _csrf: loginToken }) });
      jar.take(login);
      expect(login.status).toBe(303);
      const list = await tokenFrom('/admin');
      const editPath = /href="(\/admin\/beretninger\/(?!ny")[A-Za-z0-9_-]{16,})"/.exec(list.html)?.[1];
      expect(editPath).toBeTruthy();
      const uploadAction = /action="([^"]+\/pdf\?_csrf=[^"]+)"/.exec((await tokenFrom(String(editPath))).html)?.[1]?.replace(/&amp;/g, '&');
      expect(uploadAction).toBeTruthy();

      // A real PDF, padded to 4 MB (the trailer repeated after the padding keeps it a valid PDF), sent as multipart.
      const pdf = Buffer.from(await writeReportPdf({ title: 'Afbrudt', subtitle: 'SIGTERM under upload', sections: [{ heading: 'Side', paragraphs: ['Tekst.'] }], stamp: 'TEST', author: 'Test', createdAt: new Date('2026-01-01T00:00:00Z') }));
      const file = Buffer.concat([pdf, Buffer.alloc(4 * 1024 * 1024, 0x20), pdf.subarray(pdf.lastIndexOf('startxref'))]);
      const sha256 = createHash('sha256').update(file).digest('hex');
      const boundary = '----beretningsigterm';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="pdf"; filename="afbrudt.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const firstPart = 512 * 1024;

      const answered = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${server.url}${uploadAction}`, { method: 'POST', headers: { cookie: jar.header(), 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) } }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => { text += d.toString(); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.write(body.subarray(0, firstPart));
        req.on('socket', (socket) => socket.once('connect', () => {
          // The upload is streaming into storage when the signal comes; then prove no new connection is accepted and send the rest.
          setTimeout(() => {
            server.process.kill('SIGTERM');
            setTimeout(() => {
              fetch(`${server.url}/healthz`).then(
                () => reject(new Error('a new connection was accepted after SIGTERM')),
                () => req.end(body.subarray(firstPart)),
              );
            }, 500);
          }, 500);
        }));
      });
      // The upload in flight finished within the grace period: it was answered in full, not cut off.
      expect(answered.status).toBe(303);
      expect(await exited).toBe(0);

      // The whole file is stored under its hash, or (had it been refused) nothing: never a part of it, never a temporary file.
      const filesDir = join(server.dataDir, 'files');
      const files = await listFiles(filesDir);
      expect(files.map((f) => relative(filesDir, f)).filter((f) => /^(tmp|\.tmp)[/\\]/.test(f))).toEqual([]);
      const stored = files.filter((f) => relative(filesDir, f).startsWith(`files${sep}`) && f.endsWith(sha256));
      expect(stored).toHaveLength(1);
      expect(createHash('sha256').update(await readFile(stored[0]!)).digest('hex')).toBe(sha256);
      // Every stored PDF (content-addressed under files/) is whole: its bytes hash to its name.
      for (const path of files.filter((f) => relative(filesDir, f).startsWith(`files${sep}`))) {
        const name = path.split(/[/\\]/).pop() ?? '';
        if (/^[a-f0-9]{64}$/.test(name)) expect(createHash('sha256').update(await readFile(path)).digest('hex')).toBe(name.slice(0, 64));
      }

      // The job queue: nothing left running under a worker that no longer exists; every job that was
      // started has finished or is back in the queue; the uploaded PDF's ingestion is queued or done.
      const db = new SqliteDatabase(join(server.dataDir, 'beretning.db'), { readonly: true });
      try {
        const jobs = db.prepare('select id, type, status, locked_by as lockedBy, started_at as startedAt, payload_json as payload from jobs').all() as { id: string; type: string; status: string; lockedBy: string | null; startedAt: string | null; payload: string }[];
        expect(jobs.length).toBeGreaterThan(0);
        expect(jobs.some((job) => job.startedAt !== null)).toBe(true); // the runner was at work
        for (const job of jobs.filter((j) => j.startedAt !== null)) expect(['done', 'failed', 'queued']).toContain(job.status);
        expect(jobs.filter((job) => job.status === 'running')).toEqual([]);
        expect(jobs.filter((job) => job.lockedBy !== null)).toEqual([]);
        for (const job of jobs) expect(['queued', 'done', 'failed']).toContain(job.status);
        const document = db.prepare('select id from documents where sha256 = ?').get(sha256) as { id: string } | undefined;
        expect(document).toBeDefined();
        const ingestion = jobs.filter((job) => job.payload.includes(document!.id));
        expect(ingestion.length).toBeGreaterThan(0);
        expect(ingestion.every((job) => job.status === 'queued' || job.status === 'done')).toBe(true);
      } finally {
        db.close();
      }
    } finally {
      await server.stop();
    }
  }, 120_000);
});
