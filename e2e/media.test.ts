import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, runAxe } from './e2e.test-utils.js';
import { signIn, startJourney, YEAR } from './pages.test-utils.js';
import { createReport } from '../src/modules/reports/reports-admin.usecases.js';
import { createTestMedia, hasFfmpeg, noFfmpegMessage, testSrt } from '../src/modules/media/media.test-utils.js';

if (!hasFfmpeg) console.warn(noFfmpegMessage);

/**
 * Headless Chromium has no speech voices, so listen mode is tested against a stand-in
 * speechSynthesis (an init script): one Danish voice, and every utterance recorded with its
 * text and language. What is proven: the player appears, asks for Danish, reads the chapter's
 * paragraphs in order, and highlights the one being read. Real speech is the browser's own.
 */
const speechStub = () => {
  const spoken: { text: string; lang: string; voice: string | null; rate: number }[] = [];
  (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
  const voices = [{ name: 'Test dansk', lang: 'da-DK', default: true, localService: true, voiceURI: 'test-da' }];
  class Utterance {
    text: string;
    lang = '';
    voice: { name: string } | null = null;
    rate = 1;
    onend: (() => void) | null = null;
    constructor(text: string) { this.text = text; }
  }
  const synth = {
    getVoices: () => voices,
    speak: (u: Utterance) => { spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name ?? null, rate: u.rate }); },
    cancel: () => undefined,
    pause: () => undefined,
    resume: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
};

describe.skipIf(!hasChromium || !hasFfmpeg)('an editor attaches a film with captions, a reader watches and listens (Chromium)', () => {
  let journey: Awaited<ReturnType<typeof startJourney>>;
  let browser: Browser;
  let page: Page;
  const year = 2030;

  beforeAll(async () => {
    journey = await startJourney();
    browser = journey.browser;
    const context = await browser.newContext({ locale: 'da-DK' });
    await context.addInitScript(speechStub);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await journey?.app.close();
  });

  it('uploads a film with progress, adds SRT captions and a transcript, publishes; the report page loads the captions track; the film page has the transcript', async () => {
    const { deps } = journey.app;
    const report = await createReport({ fields: { year, title: `Beretning ${year}`, periodStart: null, periodEnd: null, forewordMd: 'Et år med film.' }, actor: { id: 'e2e', email: 'e2e@example.org', name: 'E2E' } }, deps);
    await signIn({ app: journey.app, baseUrl: journey.baseUrl, page });

    await page.goto(`${journey.baseUrl}/admin/beretninger/${report.id}/medier`);
    await page.getByLabel('Titel').fill('Året der gik');
    await page.getByLabel(/^Video \(MP4 eller WebM\)/).setInputFiles({ name: 'aaret.mp4', mimeType: 'video/mp4', buffer: createTestMedia({ kind: 'mp4', seconds: 2 }) });
    await Promise.all([page.waitForURL(/tilfoejet=1/), page.getByRole('button', { name: 'Upload' }).click()]);
    expect(await runAxe(page)).toEqual([]);

    await Promise.all([page.waitForURL(/\/medier\/[^/?]+$/), page.getByRole('link', { name: /Rediger/ }).first().click()]);
    await page.getByLabel('Udskrift (tekst eller Markdown)').fill('Velkommen til **årets beretning**. Vi fortæller om klimatilpasning.');
    await page.getByLabel(/^Undertekster/).setInputFiles({ name: 'aaret.srt', mimeType: 'application/x-subrip', buffer: Buffer.from(testSrt) });
    expect(await runAxe(page)).toEqual([]);
    await Promise.all([page.waitForURL(/gemt=1/), page.getByRole('button', { name: 'Gem' }).click()]);

    await page.goto(`${journey.baseUrl}/admin/beretninger/${report.id}`);
    await Promise.all([page.waitForURL(/besked=udgivet/), page.getByRole('button', { name: 'Udgiv nu' }).click()]);

    await page.goto(`${journey.baseUrl}/beretninger/${year}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Se og hør' }).count()).toBe(1);
    // Captions on, as a reader would switch them on: the track loads and holds the converted cues.
    await page.evaluate(() => { const v = document.querySelector('video')!; v.textTracks[0]!.mode = 'showing'; });
    await expect.poll(() => page.evaluate(() => (document.querySelector('track') as HTMLTrackElement).readyState), { timeout: 10_000 }).toBe(2);
    expect(await page.evaluate(() => document.querySelector('video')!.textTracks[0]!.cues?.length)).toBe(2);
    expect(await page.evaluate(() => (document.querySelector('video') as HTMLVideoElement).autoplay)).toBe(false);
    expect(await runAxe(page)).toEqual([]);

    await Promise.all([page.waitForURL(/\/film\/aaret-der-gik$/), page.getByRole('link', { name: /Læs udskriften/ }).first().click()]);
    expect(await page.locator('main').innerText()).toContain('Vi fortæller om klimatilpasning.');
    expect(await runAxe(page)).toEqual([]);
  }, 90_000);

  it('"Lyt til beretningen" reads the chapter aloud in Danish, paragraph by paragraph, highlighting the one being read', async () => {
    await page.goto(`${journey.baseUrl}/beretninger/${YEAR}/laes`);
    const player = page.getByRole('region', { name: 'Lyt til beretningen' });
    await expect.poll(() => player.isVisible()).toBe(true);
    await player.getByRole('button', { name: 'Læs højt' }).click();
    const spoken = () => page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string; voice: string | null }[] }).__spoken);
    await expect.poll(async () => (await spoken()).length).toBe(1);
    expect((await spoken())[0]).toMatchObject({ lang: 'da-DK', voice: 'Test dansk' });
    expect((await spoken())[0]!.text).toMatch(/Testberetning 2024|Kommunerne|Forord/);
    expect(await page.locator('.listen-reading').count()).toBe(1);
    await player.getByRole('button', { name: 'Næste afsnit' }).click();
    await expect.poll(async () => (await spoken()).length).toBe(2);
    expect((await spoken())[1]!.text).not.toBe((await spoken())[0]!.text);
    expect(await player.getByRole('button', { name: 'Pause' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('[data-listen-status]').innerText()).toMatch(/Læser afsnit 2 af \d+/);
    expect(await runAxe(page)).toEqual([]);
  });

  it('without JavaScript the player is not shown, and the film still plays from the report page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'da-DK' });
    const noScript = await context.newPage();
    await noScript.goto(`${journey.baseUrl}/beretninger/${YEAR}/laes`);
    expect(await noScript.getByRole('region', { name: 'Lyt til beretningen' }).count()).toBe(0);
    await noScript.goto(`${journey.baseUrl}/beretninger/${YEAR}`);
    expect(await noScript.locator('video source').count()).toBe(1);
    await context.close();
  });
});
