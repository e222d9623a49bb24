// npm run build (and `prestart`): compiles src/ to plain JavaScript in dist/, one file per source
// file (so relative URLs such as ui/assets/ and the PDF child beside its launcher keep working),
// tests and test utilities left out, and copies the static assets. Production runs `node dist/main.js`:
// no TypeScript loader in the process (tsx costs memory and start-up time), the same code.
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { pdfChildBundleOptions } from '../src/modules/documents/drivers/pdf-child-command.js';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');
const out = join(root, 'dist');

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'assets' ? [] : listSourceFiles(path);
    if (!/\.tsx?$/.test(entry.name) || entry.name.endsWith('.d.ts')) return [];
    if (/\.test\.tsx?$/.test(entry.name) || /test-utils\.tsx?$/.test(entry.name)) return [];
    return [path];
  });
}

const started = performance.now();
const entryPoints = listSourceFiles(src);
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: out,
  outbase: src,
  bundle: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // esbuild's node20 target rewrites every /\p{L}/u literal as `new RegExp("\\p{L}", "u")`, built
  // again on each call (joining lines, tokenising search text); Node 20 has these escapes natively.
  supported: { 'regexp-unicode-property-escapes': true },
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: true,
  logLevel: 'warning',
});
// The PDF child as one file (pdf-child-command.ts says why), in place of its unbundled copy.
await build({ ...pdfChildBundleOptions(), outfile: join(out, 'modules', 'documents', 'drivers', 'pdf-child.js'), sourcemap: true, logLevel: 'warning', allowOverwrite: true });
cpSync(join(src, 'ui', 'assets'), join(out, 'ui', 'assets'), { recursive: true });
process.stdout.write(`built ${entryPoints.length} files into ${relative(process.cwd(), out) || out} in ${Math.round(performance.now() - started)} ms\n`);
