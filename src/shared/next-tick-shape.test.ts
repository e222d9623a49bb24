import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const modulePath = resolve(import.meta.dirname, 'next-tick-shape.ts');

/**
 * The state of the inline caches of `process.nextTick`'s object literal (V8's own report, through
 * --allow-natives-syntax) after ticks, then full collections while no tick is queued (as an idle
 * server has), then ticks again.
 */
function literalCachesAfterIdleCollections({ keep }: { keep: boolean }): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'beretning-tick-'));
  const script = join(dir, 'ticks.cjs');
  writeFileSync(
    script,
    `${keep ? `require(${JSON.stringify(modulePath)});\n` : ''}` +
      // Natives syntax inside new Function: parsed by V8 at run time, never by the TypeScript loader.
      `const report = new Function('%DebugPrint(process.nextTick)');
const burst = (left, then) => (left === 0 ? then() : process.nextTick(burst, left - 1, then));
burst(5000, () => setTimeout(() => {
  globalThis.gc();
  globalThis.gc();
  setTimeout(() => {
    globalThis.gc();
    setTimeout(() => burst(5000, () => setTimeout(report, 5)), 5);
  }, 5);
}, 5));
`,
  );
  // --single-threaded: no compiler thread holding the maps during the collections, so the outcome does not depend on timing.
  // V8 prints with C's stdio, which loses what a full non-blocking pipe refuses: into a file instead.
  const out = openSync(join(dir, 'out.txt'), 'w');
  const result = spawnSync(process.execPath, ['--allow-natives-syntax', '--expose-gc', '--single-threaded', '--import', 'tsx', script], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', cwd: resolve(import.meta.dirname, '../..') });
  closeSync(out);
  const printed = readFileSync(join(dir, 'out.txt'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  expect(result.status, result.stderr).toBe(0);
  return [...printed.matchAll(/DefineKeyedOwnPropertyInLiteral (\w+)/g)].map((m) => m[1] ?? '');
}

describe('keepNextTickShape', () => {
  it('keeps the inline caches of process.nextTick monomorphic through full collections at idle', () => {
    const states = literalCachesAfterIdleCollections({ keep: true });
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((state) => state === 'MONOMORPHIC')).toBe(true);
  });

  it('runs before any other module of the server (main.ts imports it first)', () => {
    const main = readFileSync(resolve(import.meta.dirname, '../main.ts'), 'utf8');
    expect(/^import .*$/m.exec(main)?.[0]).toBe("import './shared/next-tick-shape.js';");
  });

  it('is needed: without it those caches turn megamorphic (Node 20, V8 11.3)', () => {
    expect(literalCachesAfterIdleCollections({ keep: false })).toContain('MEGAMORPHIC');
  });
});
