import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('.gitignore', () => {
  it('ignores every data folder the README uses (./data, ./data-kl, …) but not the source', () => {
    // check-ignore prints each path git ignores and exits 1 when none is ignored.
    const check = (paths: string[]) => {
      try {
        return execFileSync('git', ['check-ignore', '--no-index', ...paths], { encoding: 'utf8' }).trim().split('\n');
      } catch {
        return [];
      }
    };
    expect(check(['data/beretning.db', 'data-kl/beretning.db', 'data-test/files/x'])).toEqual(['data/beretning.db', 'data-kl/beretning.db', 'data-test/files/x']);
    expect(check(['src/database/database.ts', 'src/modules/demo/demo.usecases.ts'])).toEqual([]);
  });

  it('ignores node_modules as a folder and as a symlink (a git worktree that shares another checkout\'s packages)', () => {
    const ignored = (path: string) => {
      try {
        return execFileSync('git', ['check-ignore', '--no-index', path], { encoding: 'utf8' }).trim();
      } catch {
        return '';
      }
    };
    // Without a trailing slash: "node_modules/" matches folders only, and `git add -A` took a symlink.
    expect(ignored('node_modules')).toBe('node_modules');
    expect(ignored('node_modules/x/index.js')).toBe('node_modules/x/index.js');
  });
});
