import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildCss, cssOutput } from './build-css.js';

describe('the design system stylesheet', () => {
  const built = buildCss();

  it('is committed as built from src/ui/styles/beretning.scss (run npm run build:css after changing the SCSS)', () => {
    expect(readFileSync(cssOutput, 'utf8')).toBe(built);
  });

  it('contains the DKFDS components the pages use, and refers to no file outside itself', () => {
    for (const selector of ['.button-primary', '.button--primary', '.form-input', '.form-error-message', '.alert-error', '.error-summary', '.reading-page']) expect(built).toContain(selector);
    expect(built).not.toMatch(/url\((?!"data:)/);
    expect(built).not.toContain('IBM Plex');
  });

  it('stays small: under 12 KB gzipped', () => {
    expect(gzipSync(built, { level: 9 }).length).toBeLessThan(12 * 1024);
  });
});
