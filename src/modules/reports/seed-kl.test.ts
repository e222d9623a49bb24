import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createTestDependencies } from '../../dependencies.test-utils.js';
import { importFolder } from '../imports/imports.usecases.js';

const seedDir = resolve(process.cwd(), '../shared/seed/kl');
const hasSeed = existsSync(resolve(seedDir, 'site.json'));
if (!hasSeed) process.stderr.write(`The model page test is skipped: ${seedDir} is absent (it comes with ../shared).\n`);

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

describe.skipIf(!hasSeed)('the model page: KL\'s beretninger imported from ../shared/seed/kl', () => {
  let body = '';
  let archive = '';
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const deps = await createTestDependencies();
    await importFolder({ dir: seedDir }, deps);
    const app = await createApp(deps);
    close = async () => { await app.close(); await deps.close(); };
    body = (await app.inject({ url: '/' })).body;
    archive = (await app.inject({ url: '/beretninger' })).body;
  });
  afterAll(async () => close());

  it('shows the breadcrumb, the H1 and the intro sentence', () => {
    // The front page is KL's own page: the trail ends with it, the current page.
    const nav = /<nav class="breadcrumb[^>]*>([\s\S]*?)<\/nav>/.exec(body)?.[1] ?? '';
    expect(text(nav)).toBe("Politik › KL's politiske organisation › KL's beretninger");
    expect(nav).toMatch(/<span aria-current="page"><bdi>KL(&#x27;|'|&#39;)s beretninger<\/bdi><\/span>/);
    expect(body).toMatch(/<h1>KL(&#x27;|'|&#39;)s beretninger<\/h1>/);
    expect(text(body)).toContain("Her på siden finder du KL's beretninger for de seneste fem år.");
  });

  it('shows all eleven paragraphs of the 2020 foreword, in order', () => {
    const paragraphs = readFileSync(resolve(seedDir, '2020/forord.md'), 'utf8').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    expect(paragraphs).toHaveLength(11);
    const foreword = body.split('<div class="foreword">')[1]?.split('</div>')[0] ?? '';
    const shown = [...foreword.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => text(m[1]!));
    expect(shown).toEqual(paragraphs.map((p) => p.replace(/\s+/g, ' ')));
  });

  it('links "KL\'s beretning 2020" to its PDF', () => {
    expect(body).toMatch(/<a class="pdf-link" href="\/filer\/[a-f0-9]{64}\/beretning-2020\.pdf"[^>]*><bdi class="pdf-link__title">KL(&#x27;|')s beretning 2020<\/bdi>/);
  });

  it('lists exactly 2019, 2018, 2017 and 2016 under "Tidligere beretninger"; 2015 and 2014 only in the archive', () => {
    const earlier = body.split('Tidligere beretninger</h2>')[1]?.split('</section>')[0] ?? '';
    expect([...earlier.matchAll(/href="\/beretninger\/(\d{4})"/g)].map((m) => m[1])).toEqual(['2019', '2018', '2017', '2016']);
    expect(body).not.toContain('/beretninger/2015');
    expect(body).not.toContain('/beretninger/2014');
    expect(archive).toContain('/beretninger/2015');
    expect(archive).toContain('/beretninger/2014');
  });
});
