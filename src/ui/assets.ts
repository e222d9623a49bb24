import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export type Asset = { name: string; url: string; contentType: string; body: Buffer; gzip: Buffer; brotli: Buffer; etag: string };
export type Assets = { byUrl: Map<string, Asset>; url: (name: string) => string };

const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export const defaultAssetsDir = fileURLToPath(new URL('./assets/', import.meta.url));

/**
 * Reads every static file once at start, names it by its content hash (so its URL can be cached
 * forever) and compresses it ahead of time. Requests look files up in this map: no request path
 * ever reaches the file system.
 */
export function loadAssets({ dir = defaultAssetsDir }: { dir?: string } = {}): Assets {
  const byUrl = new Map<string, Asset>();
  const byName = new Map<string, string>();
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        walk(join(folder, entry.name), `${prefix}${entry.name}/`);
        continue;
      }
      const ext = extname(entry.name);
      const contentType = contentTypes[ext];
      if (!contentType) continue;
      const body = readFileSync(join(folder, entry.name));
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
      const name = `${prefix}${entry.name}`;
      const url = `/assets/${name.slice(0, -ext.length)}.${hash}${ext}`;
      byUrl.set(url, {
        name,
        url,
        contentType,
        body,
        gzip: gzipSync(body, { level: 9 }),
        brotli: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
        etag: `"${hash}"`,
      });
      byName.set(name, url);
    }
  };
  walk(dir, '');
  return {
    byUrl,
    url: (name) => {
      const url = byName.get(name);
      if (!url) throw new Error(`Unknown asset ${name}`);
      return url;
    },
  };
}
