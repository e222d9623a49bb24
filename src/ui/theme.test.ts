import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../app.test-utils.js';
import { contrastWithWhite, createThemeColors, createThemeCss, themeStylesheetUrl } from './theme.js';

let current: Awaited<ReturnType<typeof createTestApp>> | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe("the organisation's theme", () => {
  it('keeps a dark enough colour as it is', () => {
    expect(createThemeColors('#004B87')?.primary).toBe('#004b87');
    expect(createThemeCss('#004b87')).toBe(':root{--color-primary:#004b87;--color-primary-dark:#003865}\n');
  });

  it('darkens a light colour until white text on it reaches WCAG AA', () => {
    const colors = createThemeColors('#ffcc00');
    expect(colors).toBeDefined();
    expect(contrastWithWhite(colors?.primary ?? '')).toBeGreaterThanOrEqual(4.5);
    expect(contrastWithWhite(createThemeColors('#fff')?.primary ?? '')).toBeGreaterThanOrEqual(4.5);
  });

  it('ignores anything that is not a hex colour, so nothing else can reach the stylesheet', () => {
    for (const bad of [null, undefined, '', 'red', '#12345', '#004b87;}body{display:none', 'url(x)']) expect(createThemeCss(bad)).toBeUndefined();
  });

  it('serves the colour as a cached stylesheet named by its content, linked from every page', async () => {
    current = await createTestApp({ site: { primaryColor: '#7a1f5c' }, reports: [{ year: 2024 }] });
    const url = themeStylesheetUrl('#7a1f5c') ?? '';
    expect(url).toMatch(/^\/tema\/[a-f0-9]{12}\.css$/);
    const page = await current.app.inject({ url: '/' });
    expect(page.body).toContain(`<link rel="stylesheet" href="${url}"/>`);
    const css = await current.app.inject({ url });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toContain('immutable');
    expect(css.body).toContain('--color-primary:#7a1f5c');
  });

  it('links no theme when the site has no colour', async () => {
    current = await createTestApp({ reports: [{ year: 2024 }] });
    const page = await current.app.inject({ url: '/' });
    expect(page.body).not.toContain('/tema/');
    expect((await current.app.inject({ url: '/tema/abc.css' })).statusCode).toBe(404);
  });
});
