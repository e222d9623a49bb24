import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runPdfChild } from '../documents/drivers/pdf-process.js';
import { createEncryptedPdf, createTaggedPdf, type TaggedPdfOptions } from '../documents/documents.test-utils.js';
import { createTestPdf } from '../../app.test-utils.js';
import { runAccessibilityChecks } from './accessibility.models.js';
import type { AccessibilityCheckCode, AccessibilityResult, CheckResult } from './accessibility.types.js';

// Each check over PDFs written in the test (accessibility.types.ts names the codes): read by the
// real PDF child, judged by the pure checks, once failing and once passing.

async function check(pdf: Buffer): Promise<AccessibilityResult> {
  const result = await runPdfChild({ request: { mode: 'ingest', maxBytes: 1e8, maxPages: 100, maxTextChars: 1e7, coverWidths: [] }, input: Readable.from([pdf]) });
  if (result.type !== 'ingested') throw new Error(`not read: ${JSON.stringify(result)}`);
  return runAccessibilityChecks({ facts: result.accessibility, maxPagesListed: 20, headingsFromPages: 2 });
}
const byCode = (result: AccessibilityResult, code: AccessibilityCheckCode): CheckResult => result.checks.find((c) => c.code === code)!;

/** Everything right: the passing case of every check. */
const good: TaggedPdfOptions = { title: 'Årsberetning 2024', displayDocTitle: true, pdfUa: true, figureWithoutAlt: false, embedFonts: true };

describe('accessibility checks over generated PDFs', () => {
  it('a tagged PDF with title, language, alt text, table headers, nested headings and embedded fonts passes every check and claims PDF/UA', async () => {
    const result = await check(createTaggedPdf(good));
    expect(result.checks.filter((c) => c.status !== 'pass').map((c) => `${c.code}:${c.status}`)).toEqual([]);
    expect(result.failures).toBe(0);
    expect(byCode(result, 'pdfua').detail).toEqual({ part: 1 });
    expect(byCode(result, 'title').detail).toEqual({ title: 'Årsberetning 2024' });
  });

  it('an untagged PDF fails "tagged"; the checks that need tags say they cannot tell; title not shown, not PDF/UA', async () => {
    const result = await check(await createTestPdf({ pages: 3 }));
    const statuses = Object.fromEntries(result.checks.map((c) => [c.code, c.status]));
    expect(statuses).toMatchObject({ tagged: 'fail', 'title-shown': 'fail', 'content-tagged': 'cannot_tell', headings: 'cannot_tell', 'figure-alt': 'cannot_tell', 'table-headers': 'cannot_tell', lists: 'cannot_tell', pdfua: 'fail' });
    expect(byCode(result, 'pdfua').informational).toBe(true);
  });

  it.each<[AccessibilityCheckCode, TaggedPdfOptions, number[]]>([
    ['title', { ...good, title: undefined, pdfUa: false }, []],
    ['title-shown', { ...good, displayDocTitle: false }, []],
    ['language', { ...good, lang: null }, []],
    ['language', { ...good, lang: 'dansk' }, []],
    ['content-tagged', { ...good, untaggedText: true }, [2]],
    ['heading-levels', { ...good, skipHeadingLevel: true }, [2]],
    ['figure-alt', { ...good, figureWithoutAlt: true }, [1]],
    ['table-headers', { ...good, tableHeaders: false }, [1]],
    ['lists', { ...good, bulletParagraph: true }, [2]],
    ['fonts-embedded', { ...good, embedFonts: false }, [1, 2]],
    ['unicode', { ...good, privateUseGlyph: true }, [2]],
    ['scanned', { ...good, scannedPage: true }, [3]],
    ['pdfua', { ...good, pdfUa: false }, []],
  ])('"%s" fails when the PDF has the fault (%j), naming the pages', async (code, options, pages) => {
    const result = await check(createTaggedPdf(options));
    expect(byCode(result, code)).toMatchObject({ status: 'fail', pages });
    // The fault is reported by its own check only (the PDF/UA claim is informational and not counted).
    expect(result.checks.filter((c) => c.status === 'fail' && (c.code === code || !c.informational)).map((c) => c.code)).toEqual([code]);
    expect(result.failures).toBe(code === 'pdfua' ? 0 : 1);
  });

  it('"headings" fails for a long tagged PDF without a heading, and passes for a short one', async () => {
    const facts = (await runPdfChild({ request: { mode: 'ingest', maxBytes: 1e8, maxPages: 100, maxTextChars: 1e7, coverWidths: [] }, input: Readable.from([createTaggedPdf(good)]) }));
    if (facts.type !== 'ingested' || !facts.accessibility) throw new Error('not read');
    const withoutHeadings = { ...facts.accessibility, headings: [] };
    expect(byCode(runAccessibilityChecks({ facts: withoutHeadings, maxPagesListed: 20, headingsFromPages: 2 }), 'headings').status).toBe('fail');
    expect(byCode(runAccessibilityChecks({ facts: withoutHeadings, maxPagesListed: 20, headingsFromPages: 3 }), 'headings').status).toBe('pass');
  });

  it('"permissions" fails for an encrypted PDF that forbids copying for accessibility, and passes when it allows it', async () => {
    expect(byCode(await check(createEncryptedPdf({ allowAccessibility: false })), 'permissions').status).toBe('fail');
    expect(byCode(await check(createEncryptedPdf({ allowAccessibility: true })), 'permissions').status).toBe('pass');
  });
});
