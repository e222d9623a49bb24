import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp } from '../../app.js';
import { createTestApp, type TestReportSpec } from '../../app.test-utils.js';
import { createLogger } from '../../shared/logger.js';

/** An app listening on a free port (cache hits go through the request listener, as in production), logging at info into `lines`. */
export async function startListeningApp({ reports }: { reports: TestReportSpec[] }) {
  const { app: seeded, deps, close } = await createTestApp({ reports });
  await seeded.close();
  const lines: string[] = [];
  deps.logger = createLogger({ level: 'info', destination: new Writable({ write(chunk: Buffer, _e, cb) { lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)); cb(); } }) });
  const app = await createApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  return { app, deps, lines, port, base: `http://127.0.0.1:${port}`, close: async () => { await app.close(); await close(); } };
}
