import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

export type PdfChildCommand = {
  /** Node arguments that start the child, before its request. */
  nodeArgs: string[];
  /** How: plain JavaScript (compiled here, or shipped next to this file), or TypeScript through tsx. */
  kind: 'compiled' | 'shipped' | 'tsx';
};

const here = dirname(fileURLToPath(import.meta.url));
const sourcePath = join(here, 'pdf-child.ts');

/**
 * Where the compiled child is kept: inside the node_modules that holds pdfjs-dist, so the child's
 * bare imports (pdfjs-dist, @napi-rs/canvas) resolve from it exactly as from the source.
 */
export function getPdfChildCacheDir(): string {
  const pdfjsPackage = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
  return join(dirname(dirname(pdfjsPackage)), '.cache', 'beretning');
}

let prepared: Promise<PdfChildCommand> | undefined;

/**
 * How to start pdf-child.ts cheaply. Starting it through tsx costs about a CPU-second per PDF
 * (tsx transforms pdf.js's own 2 MB on every start), so the first call in a process bundles
 * pdf-child.ts and the project files it imports (and pdf-lib, see pdfChildBundleOptions) with esbuild into
 * `node_modules/.cache/beretning/pdf-child-<hash of the output>.mjs`, and every child after that
 * is plain Node. The name changes with the source, so a stale copy is never run; writes are
 * atomic, so processes starting at once cannot see half a file. A build tree that ships
 * `pdf-child.js` beside this file uses that. If esbuild or the cache directory is unavailable the
 * child runs through tsx as before: slower, same behaviour.
 */
export function preparePdfChild(): Promise<PdfChildCommand> {
  prepared ??= (async (): Promise<PdfChildCommand> => {
    const shipped = ['pdf-child.js', 'pdf-child.mjs'].map((name) => join(here, name)).find((path) => existsSync(path));
    if (shipped) return { nodeArgs: [shipped], kind: 'shipped' };
    try {
      return { nodeArgs: [await compilePdfChild()], kind: 'compiled' };
    } catch {
      return { nodeArgs: ['--import', import.meta.resolve('tsx'), sourcePath], kind: 'tsx' };
    }
  })();
  return prepared;
}

/**
 * How the child is bundled, here and by scripts/build.ts for dist/: the child and the project files
 * it imports in one file, and pdf-lib with them (its ES build, so the bundle holds plain functions).
 * Loading pdf-lib as a package costs a new child about 0.3 CPU-s (Node resolving and reading its
 * ~200 CommonJS files and scanning each for its exports); bundled, about 0.05. The other packages
 * stay external: pdf.js, PDFium and the canvas load files (workers, WebAssembly, native code)
 * relative to their own package.
 */
export function pdfChildBundleOptions(): BuildOptions {
  const bundled = /^(?:pdf-lib|@pdf-lib\/[^/]+|pako|tslib)(?:\/|$)/;
  return {
    entryPoints: [sourcePath],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    supported: { 'regexp-unicode-property-escapes': true },
    legalComments: 'none',
    plugins: [{ name: 'external-packages-but-pdf-lib', setup: (build) => build.onResolve({ filter: /^[^./]/ }, (args) => (bundled.test(args.path) ? undefined : { path: args.path, external: true })) }],
  };
}

async function compilePdfChild(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({ ...pdfChildBundleOptions(), write: false, logLevel: 'silent' });
  const code = result.outputFiles[0]!.contents;
  const dir = getPdfChildCacheDir();
  const target = join(dir, `pdf-child-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (existsSync(target)) return target;
  await mkdir(dir, { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, code);
  await rename(temporary, target);
  return target;
}
