import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('the PostgreSQL driver', () => {
  it('is not loaded by a server on SQLite (its memory counts against idle RSS)', () => {
    // A process of its own: this test process has loaded pg through the test utilities already.
    const script = `
      import { createRequire } from 'node:module';
      const { loadConfigOrExit } = await import('./src/config/config.ts');
      const { createDependencies } = await import('./src/dependencies.ts');
      const { createApp } = await import('./src/app.tsx');
      const deps = await createDependencies({ config: loadConfigOrExit({ env: { ...process.env, DATA_DIR: ':memory:', DATABASE_URL: '', DEMO_CONTENT: 'off', LOG_LEVEL: 'silent' } }) });
      const app = await createApp(deps);
      await app.ready();
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('/node_modules/pg/'));
      process.stdout.write(JSON.stringify({ dialect: deps.dialect, loaded }));
      await app.close();
      await deps.close();
      process.exit(0);
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ dialect: 'sqlite', loaded: [] });
  });
});
