import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { createApp } from '../../app.js';
import { createTestApp, type TestReportSpec } from '../../app.test-utils.js';
import type { Dependencies } from '../../dependencies.types.js';
import { createLogger } from '../../shared/logger.js';
import { createHttpFront } from './cache.front.js';

/** Logs at info into `lines`. */
function logInto(deps: Dependencies): string[] {
  const lines: string[] = [];
  deps.logger = createLogger({ level: 'info', destination: new Writable({ write(chunk: Buffer, _e, cb) { lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)); cb(); } }) });
  return lines;
}

/**
 * An app listening on a free port (cache hits go through the request listener, as in production),
 * logging at info into `lines`. With `front`, as `npm start` runs it (HTTP_FRONT=worker): the front's
 * worker on the port, the app behind it on the private socket.
 */
export async function startListeningApp({ reports, front = false, config = {} }: { reports: TestReportSpec[]; front?: boolean; config?: Partial<Dependencies['config']> }) {
  const { app: seeded, deps, close } = await createTestApp({ reports, config });
  await seeded.close();
  const lines = logInto(deps);
  if (!front) {
    const app = await createApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    return { app, deps, lines, port, base: `http://127.0.0.1:${port}`, close: async () => { await app.close(); await close(); } };
  }
  const behind = await listenBehindFront(deps);
  return { app: behind.app, deps, lines, port: behind.port, base: `http://127.0.0.1:${behind.port}`, close: async () => { await behind.close(); await close(); } };
}

/**
 * The app behind the HTTP front on a free port of 127.0.0.1, as `npm start` runs them; `routes` adds
 * routes before the app listens. `close` ends the front, then the app (unless a test closed it).
 */
export async function listenBehindFront(deps: Dependencies, { routes }: { routes?: (app: FastifyInstance) => void } = {}) {
  const front = await createHttpFront({ ...deps, config: { ...deps.config, port: 0, host: '127.0.0.1' } });
  const app = await createApp(deps, { front: front.link });
  routes?.(app);
  await app.listen({ path: front.appSocket });
  const { port } = await front.start();
  return {
    app,
    front,
    port,
    close: async () => {
      await front.close({ graceMs: 1000 });
      if (app.server.listening) await app.close();
    },
  };
}
