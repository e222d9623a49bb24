// First, before any other module runs: keeps Node's process.nextTick on V8's fast path (see the module).
import './shared/next-tick-shape.js';
import { loadConfigOrExit } from './config/config.js';
import { createDependencies } from './dependencies.js';
import { createApp } from './app.js';
import { createJobRunner } from './modules/jobs/jobs.usecases.js';
import { createIngestionHandler, ingestJobType } from './modules/documents/documents.usecases.js';
import { createOcrHandler, ocrJobType } from './modules/ocr/ocr.usecases.js';
import { isDatabaseEmpty, loadDemoContent } from './modules/demo/demo.usecases.js';
import { createHttpFront } from './modules/cache/cache.front.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit({ env: process.env });
  const deps = await createDependencies({ config });
  if (config.demoContent === 'auto' && (await isDatabaseEmpty(deps))) {
    deps.logger.info('empty database: loading the demo organisation');
    await loadDemoContent(deps);
  }
  // HTTP_FRONT=worker: a worker thread listens on PORT and answers cached pages; the app listens on its private socket.
  const front = config.httpFront === 'worker' ? await createHttpFront(deps) : undefined;
  const app = await createApp(deps, front ? { front: front.link } : {});
  if (front) {
    await app.listen({ path: front.appSocket });
    // A port in use: the front's private folder goes too, then the error stops the process.
    const { address, port } = await front.start().catch(async (error: unknown) => {
      await front.close({ graceMs: 0 });
      throw error;
    });
    deps.logger.info({ address, port }, `listening on http://${address.includes(':') ? `[${address}]` : address}:${port} (the HTTP front; the app behind it on ${front.appSocket})`);
  } else await app.listen({ port: config.port, host: config.host });
  // PDF ingestion: jobs from the database, the PDF work itself in child processes.
  const jobs = createJobRunner({ handlers: { [ingestJobType]: createIngestionHandler(deps), [ocrJobType]: createOcrHandler(deps) } }, deps);
  deps.events.on('document.added', () => jobs.wake());
  jobs.start();

  let stopping = false;
  // Stop accepting connections, let requests in flight (uploads included) and running jobs
  // finish within SHUTDOWN_GRACE_SECONDS, then close the database. A second signal stops at once.
  const stop = async (signal: string) => {
    if (stopping) {
      deps.logger.warn({ signal }, 'second signal: stopping now');
      process.exit(1);
    }
    stopping = true;
    const graceMs = config.shutdownGraceSeconds * 1000;
    deps.logger.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'shutting down: no new connections, finishing requests in flight');
    const timer = setTimeout(() => {
      deps.logger.warn('grace period over: closing the remaining connections');
      app.server.closeAllConnections();
    }, graceMs);
    timer.unref();
    try {
      // The front stops listening and waits for the requests it answers or passes on; then Fastify
      // stops listening, closes idle keep-alive connections and waits for requests in flight.
      await front?.close({ graceMs });
      await app.close();
      // The running ingestion job finishes within the grace period, or goes back to the queue.
      await jobs.stop({ graceMs });
      // Writes the statistics batch still in memory, then closes the database.
      await deps.close();
      deps.logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      deps.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Beretning could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
