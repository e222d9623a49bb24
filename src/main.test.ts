import { request } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../e2e/e2e.test-utils.js';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

describe('graceful shutdown', () => {
  it('on SIGTERM the server refuses new connections, finishes the request still being sent, leaves no half-stored file and exits 0', async () => {
    const server = await startServer({ env: { DEMO_CONTENT: 'off', SHUTDOWN_GRACE_SECONDS: '20' } });
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    try {
      const filesBefore = await listFiles(join(server.dataDir, 'files'));
      const body = Buffer.from(`email=a%40b.dk&password=${'x'.repeat(200_000)}&_csrf=nope`);
      // A request whose body is still arriving when the signal comes (like an upload in progress).
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${server.url}/log-ind`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) } }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => { text += d.toString(); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.flushHeaders();
        req.write(body.subarray(0, 1000));
        req.on('socket', (socket) => socket.once('connect', () => {
          // Once the server has the request's head, signal; then prove it no longer accepts and send the rest.
          setTimeout(() => {
            server.process.kill('SIGTERM');
            setTimeout(() => {
              fetch(`${server.url}/healthz`).then(
                () => reject(new Error('a new connection was accepted after SIGTERM')),
                () => req.end(body.subarray(1000)),
              );
            }, 500);
          }, 300);
        }));
      });
      const answered = await response;
      // The request was answered in full (the body is too large for a form: 413), not cut off.
      expect([303, 403, 413, 422]).toContain(answered.status);
      expect(answered.body.length).toBeGreaterThan(0);
      expect(await exited).toBe(0);
      const filesAfter = await listFiles(join(server.dataDir, 'files'));
      expect(filesAfter.filter((f) => f.includes(`${join('files', '.tmp')}`) || f.includes(`${join('files', 'tmp')}`))).toEqual([]);
      expect(filesAfter.length).toBeGreaterThanOrEqual(filesBefore.length);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
