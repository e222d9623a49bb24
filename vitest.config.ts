import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one fork less than the CPUs: one fork on a 2-CPU machine (CI's), where the
    // files then ran one after another. Much of a file's time is spent waiting for the servers,
    // PDF children, Chromium and tools it starts, so two forks on two CPUs finished the suite in
    // 578 s instead of 749 s (2026-12-06, `npx vitest run --reporter=json`, all passed).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
