import { loadConfigOrExit } from './config/config.js';
import { createDependencies } from './dependencies.js';
import { createApp } from './app.js';
import { isDatabaseEmpty, loadDemoContent } from './modules/demo/demo.usecases.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit({ env: process.env });
  const deps = await createDependencies({ config });
  if (config.demoContent === 'auto' && (await isDatabaseEmpty(deps))) {
    deps.logger.info('empty database: loading the demo organisation');
    await loadDemoContent(deps);
  }
  const app = await createApp(deps);
  await app.listen({ port: config.port, host: config.host });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info({ signal }, 'shutting down');
    await app.close();
    await deps.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Beretning could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
