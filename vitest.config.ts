import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    // Ceilings that catch a hang, not timings: with two forks a test's own time is up to 2.3× what it
    // was alone (e2e/start-and-import's 8 s → 18 s), so they leave room for a slower machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one fork less than the CPUs: one fork on a 2-CPU machine (CI's), where the
    // files then ran one after another. Much of a file's time is spent waiting for the servers,
    // PDF children, Chromium and tools it starts, so two forks on two CPUs finished the suite in
    // 578 s instead of 749 s (2026-12-06, `npx vitest run --reporter=json`, all passed).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
