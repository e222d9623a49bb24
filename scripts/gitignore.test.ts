import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    // Without a trailing slash: "node_modules/" matches folders only, and `git add -A` took a symlink.
    const dir = mkdtempSync(join(tmpdir(), 'beretning-gitignore-'));
    try {
      execFileSync('git', ['init', '-q', dir]);
      copyFileSync('.gitignore', join(dir, '.gitignore'));
      symlinkSync(tmpdir(), join(dir, 'node_modules'));
      const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' });
      expect(status.split('\n').filter(Boolean)).toEqual(['?? .gitignore']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
