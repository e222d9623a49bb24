// Measures how much a large PDF upload raises the server's resident memory (RSS).
// A real server process (src/main.ts), a real multipart body streamed over HTTP, /proc sampling.
// Run: npm run bench:upload            (200 MB; UPLOAD_MB=50 for a shorter run)
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { runCli, startServer } from '../e2e/e2e.test-utils.js';

const uploadMb = Number(process.env.UPLOAD_MB ?? 200);
const email = 'bench@eksempel.dk';
const password = 'bench-adgangskode-123';

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

class CookieJar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (name) this.cookies.set(name.trim(), rest.join('='));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function csrfFrom({ url, jar }: { url: string; jar: CookieJar }): Promise<string> {
  const response = await fetch(url, { headers: { cookie: jar.header() } });
  jar.take(response);
  const token = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
  if (!token) throw new Error(`no CSRF token on ${url}`);
  return token;
}

async function main(): Promise<void> {
  const server = await startServer({ env: { MAX_UPLOAD_MB: String(uploadMb + 10) } });
  try {
    const added = await runCli({ args: ['user', 'add', email, '--role', 'editor', '--name', 'Bench', '--password-stdin'], env: { DATA_DIR: server.dataDir }, input: `${password}\n` });
    if (added.code !== 0) throw new Error(`user add failed: ${added.stderr}`);
    const jar = new CookieJar();
    const loginToken = await csrfFrom({ url: `${server.url}/log-ind`, jar });
    const login = await fetch(`${server.url}/log-ind`, { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password, _csrf: loginToken }) });
    jar.take(login);
    if (login.status !== 303) throw new Error(`login failed: ${login.status}`);
    const formToken = await csrfFrom({ url: `${server.url}/admin/beretninger/ny`, jar });
    const created = await fetch(`${server.url}/admin/beretninger`, { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: formToken, intent: 'save', year: '2025', title: 'Bench', periodStart: '', periodEnd: '', forewordMd: 'x' }) });
    const editUrl = created.headers.get('location');
    if (created.status !== 303 || !editUrl) throw new Error(`create failed: ${created.status}`);
    const uploadAction = /action="([^"]+\/pdf\?_csrf=[^"]+)"/.exec(await (await fetch(`${server.url}${editUrl}`, { headers: { cookie: jar.header() } })).text())?.[1]?.replace(/&amp;/g, '&');
    if (!uploadAction) throw new Error('no upload form');

    // A real PDF with whitespace padding after it: large, but still a valid PDF.
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Bench');
    const pdf = Buffer.from(await doc.save());
    // Readers look for `startxref` near the end: repeat the trailer after the padding (offsets are unchanged).
    const trailer = pdf.subarray(pdf.lastIndexOf('startxref'));
    const boundary = '----beretningbench';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="pdf"; filename="stor.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const length = head.length + pdf.length + uploadMb * chunk.length + trailer.length + tail.length;

    const pid = server.process.pid as number;
    const before = rssKb(pid);
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, rssKb(pid)); }, 20);
    const status = await new Promise<number>((resolveStatus, reject) => {
      const req = request(`${server.url}${uploadAction}`, { method: 'POST', headers: { cookie: jar.header(), 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(length) } }, (res) => { res.resume(); res.on('end', () => resolveStatus(res.statusCode ?? 0)); });
      req.on('error', reject);
      const write = async () => {
        req.write(head);
        req.write(pdf);
        for (let i = 0; i < uploadMb; i += 1) {
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        }
        req.write(trailer);
        req.end(tail);
      };
      write().catch(reject);
    });
    clearInterval(sampler);
    peak = Math.max(peak, rssKb(pid));
    console.log(JSON.stringify({ uploadMb, status, rssBeforeMb: Math.round(before / 1024), rssPeakMb: Math.round(peak / 1024), rssRiseMb: Math.round((peak - before) / 1024), budgetMb: 50 }));
  } finally {
    await server.stop();
  }
}

await main();
