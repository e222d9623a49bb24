import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTranslator, getCatalogue } from './i18n.js';

const messagesDir = fileURLToPath(new URL('./messages/', import.meta.url));
const srcDir = fileURLToPath(new URL('../../', import.meta.url));
const catalogueFiles = readdirSync(messagesDir).filter((f) => f.endsWith('.messages.ts'));

describe('message catalogues', () => {
  it.each(catalogueFiles)('%s has every key in both Danish and English, none empty', async (file) => {
    const module = (await import(join(messagesDir, file))) as Record<string, unknown>;
    const catalogues = Object.values(module).filter((v): v is { da: Record<string, string>; en: Record<string, string> } => typeof v === 'object' && v !== null && 'da' in v && 'en' in v);
    expect(catalogues.length, `${file} exports no { da, en } catalogue`).toBeGreaterThan(0);
    for (const { da, en } of catalogues) {
      expect(Object.keys(en).sort(), `${file}: English keys differ from Danish`).toEqual(Object.keys(da).sort());
      for (const [key, value] of [...Object.entries(da), ...Object.entries(en)]) expect(value.trim(), `${file}: ${key} is empty`).not.toBe('');
      // Placeholders must match, or a translation would print "{title}" or lose a value.
      for (const key of Object.keys(da)) {
        const names = (text: string | undefined) => [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(names(en[key]), `${file}: ${key} placeholders`).toEqual(names(da[key]));
      }
    }
  });

  it.each(catalogueFiles)('%s is registered in i18n.ts, so its strings reach the pages', (file) => {
    const registry = readFileSync(fileURLToPath(new URL('./i18n.ts', import.meta.url)), 'utf8');
    expect(registry).toContain(`./messages/${file.replace(/\.ts$/, '.js')}`);
  });

  it('uses one apostrophe, the typographic ’, in every message of both languages (no straight \' as in "PDF\'en")', () => {
    for (const locale of ['da', 'en'] as const) {
      const straight = Object.entries(getCatalogue(locale)).filter(([, text]) => text.includes("'"));
      expect(straight, `${locale}: messages with a straight apostrophe`).toEqual([]);
    }
  });

  it('merges to the same set of keys in both languages, with no key defined twice', async () => {
    expect(Object.keys(getCatalogue('en')).sort()).toEqual(Object.keys(getCatalogue('da')).sort());
    const seen = new Map<string, string>();
    for (const file of catalogueFiles) {
      const module = (await import(join(messagesDir, file))) as Record<string, { da?: Record<string, string> }>;
      for (const catalogue of Object.values(module)) {
        for (const key of Object.keys(catalogue.da ?? {})) {
          expect(seen.get(key), `${key} is in both ${seen.get(key)} and ${file}`).toBeUndefined();
          seen.set(key, file);
        }
      }
    }
  });

  it('fills placeholders and speaks the chosen language', () => {
    expect(createTranslator({ locale: 'da' })('common.pages', { count: 3 })).toBe('3 sider');
    expect(createTranslator({ locale: 'en' })('common.pages', { count: 3 })).toBe('3 pages');
  });
});

/** Every .tsx file under src except tests. */
function listViewFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listViewFiles(path));
    else if (entry.name.endsWith('.tsx') && !entry.name.includes('.test.')) files.push(path);
  }
  return files;
}

/**
 * Text a reader would see, written straight into markup: JSX text between tags, and the
 * attributes that are read aloud or shown (aria-label, title, alt, placeholder, value of buttons).
 * Symbols (×, ›, ·) and code-like text (ids, class names) are allowed.
 */
function findHardCodedText(source: string): string[] {
  const found: string[] = [];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const match of code.matchAll(/>([^<>{}]*)</g)) {
    const text = (match[1] ?? '').trim();
    // Generic type arguments and arrow functions also contain ">…<"; JSX text has letters and no code punctuation.
    if (/\p{L}{2,}/u.test(text) && !/[=;()]|=>|\b(const|return|function|type|import)\b/.test(text)) found.push(text);
  }
  for (const match of code.matchAll(/\b(aria-label|title|alt|placeholder)="([^"]*)"/g)) {
    if (/\p{L}{2,}/u.test(match[2] ?? '')) found.push(`${match[1]}="${match[2]}"`);
  }
  return found;
}

describe('views', () => {
  const files = listViewFiles(srcDir);
  it.each(files.map((f) => [f.slice(srcDir.length), f]))('%s has no text for readers outside the catalogues', (_name, file) => {
    expect(findHardCodedText(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('the scanner does catch hard-coded text', () => {
    expect(findHardCodedText('const x = <p>Hej med dig</p>;')).toEqual(['Hej med dig']);
    expect(findHardCodedText('<button aria-label="Luk">×</button>')).toEqual(['aria-label="Luk"']);
    expect(findHardCodedText('<p>{t(\'common.close\')}</p><span aria-hidden="true"> › </span>')).toEqual([]);
  });
});
