import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = fileURLToPath(new URL('../', import.meta.url));
export const cssSource = join(root, 'src/ui/styles/beretning.scss');
export const cssOutput = join(root, 'src/ui/assets/css/beretning.css');

function dkfdsDir(): string {
  // dkfds' package.json exports no subpaths, so look it up the way Node finds packages.
  const require = createRequire(import.meta.url);
  for (const base of require.resolve.paths('dkfds') ?? []) {
    const dir = join(base, 'dkfds');
    if (existsSync(join(dir, 'src/stylesheets'))) return dir;
  }
  throw new Error('dkfds is not installed (npm ci installs it)');
}

/**
 * Compiles src/ui/styles/beretning.scss with Det Fælles Designsystem's SCSS (from node_modules) into
 * one compressed stylesheet. The few SVG icons DKFDS refers to (checkbox ticks) are inlined as
 * data: URLs, so the CSS needs no other file and no network.
 */
export function buildCss(): string {
  const dkfds = dkfdsDir();
  const result = sass.compile(cssSource, {
    loadPaths: [join(dkfds, 'src/stylesheets')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['if-function', 'import', 'global-builtin', 'mixed-decls'] as sass.DeprecationOrId[],
    logger: sass.Logger.silent,
  });
  let css = result.css.replace(/url\("?\.\.\/img\/svg-icons\/([a-z0-9-]+\.svg)"?\)/g, (_match, name: string) => {
    const svg = readFileSync(join(dkfds, 'dist/img/svg-icons', name), 'utf8').replace(/\s+/g, ' ').trim();
    return `url("data:image/svg+xml,${encodeURIComponent(svg).replace(/'/g, '%27')}")`;
  });
  css = rescaleRem(css);
  return `/* Built by npm run build:css from src/ui/styles/beretning.scss and dkfds ${readDkfdsVersion(dkfds)} (MIT). Do not edit. */\n${css}\n`;
}

/**
 * DKFDS assumes `html { font-size: 62.5% }` (1rem = 10 px). Beretning keeps the browser's 100 %, so
 * every rem value is scaled by 0.625 and the root rule is dropped: the same sizes, and site.css's rem
 * still means the reader's base size.
 */
export function rescaleRem(css: string): string {
  return css
    .replace(/html\{font-size:62\.5%\}/g, '')
    .replace(/font-size:62\.5%;?/g, '')
    .replace(/(-?\d*\.?\d+)rem\b/g, (_match, value: string) => `${Number((Number(value) * 0.625).toFixed(4))}rem`);
}

function readDkfdsVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const css = buildCss();
  writeFileSync(cssOutput, css);
  process.stdout.write(`${cssOutput.slice(root.length)} written (${css.length} bytes).\n`);
}
