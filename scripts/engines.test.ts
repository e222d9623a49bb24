import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The README promises Node.js 20: `npm ci` warns (EBADENGINE) for every installed package whose
// `engines.node` excludes it. The lock file records each package's engines, so the promise is checked
// here for every package a fresh `npm ci` would install, dev tools included.
type LockPackage = { version?: string; engines?: Record<string, string> | string[]; optional?: boolean };

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, LockPackage> };
const project = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };

describe('engines', () => {
  it('every locked package accepts the oldest Node.js the project supports', () => {
    const oldest = semver.minVersion(project.engines.node)!.version;
    expect(semver.major(oldest)).toBe(20);
    const refused = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, pkg]) => {
        const range = pkg.engines && !Array.isArray(pkg.engines) ? pkg.engines.node : undefined;
        return range && !semver.satisfies(oldest, range) ? [`${path.replace(/^.*node_modules\//, '')}@${pkg.version}: node ${range}`] : [];
      });
    expect(refused).toEqual([]);
  });
});
