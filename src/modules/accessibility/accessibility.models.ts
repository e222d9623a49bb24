import type { Translate } from '../../ui/i18n/i18n.js';
import type { AccessibilityCheckCode, AccessibilityFacts, FontFact, AccessibilityResult, CheckResult, CheckStatus, PageTally } from './accessibility.types.js';
import { accessibilityCheckCodes } from './accessibility.types.js';

// Pure checks over the facts the PDF child read (accessibility.types.ts). Each has a stable code and
// the references it comes from: the Matterhorn Protocol failure condition, the ISO 14289-1 (PDF/UA-1)
// clause as veraPDF's profile numbers it, and the WCAG 2.1 success criterion.

export type CheckReference = { matterhorn?: string; iso: string; wcag: string[] };

export const checkReferences: Record<AccessibilityCheckCode, CheckReference> = {
  tagged: { matterhorn: '01-005', iso: '7.1', wcag: ['1.3.1'] },
  title: { matterhorn: '06-003', iso: '7.1', wcag: ['2.4.2'] },
  'title-shown': { matterhorn: '07-001', iso: '7.1', wcag: ['2.4.2'] },
  language: { matterhorn: '11-001', iso: '7.2', wcag: ['3.1.1'] },
  'content-tagged': { matterhorn: '01-005', iso: '7.1', wcag: ['1.3.1'] },
  headings: { iso: '7.4', wcag: ['1.3.1', '2.4.1'] },
  'heading-levels': { matterhorn: '14-003', iso: '7.4.2', wcag: ['1.3.1'] },
  'figure-alt': { matterhorn: '13-004', iso: '7.3', wcag: ['1.1.1'] },
  'table-headers': { matterhorn: '15-005', iso: '7.5', wcag: ['1.3.1'] },
  lists: { iso: '7.2', wcag: ['1.3.1'] },
  'fonts-embedded': { iso: '7.21.4.1', wcag: ['1.3.1'] },
  unicode: { matterhorn: '10-001', iso: '7.21.7', wcag: ['1.3.1'] },
  scanned: { iso: '7.1', wcag: ['1.1.1', '1.4.5'] },
  permissions: { matterhorn: '26-002', iso: '7.16', wcag: ['4.1.2'] },
  pdfua: { matterhorn: '06-002', iso: '5', wcag: [] },
};

/** pdf.js's PermissionFlag.COPY_FOR_ACCESSIBILITY: bit 10 of the encryption dictionary's /P. */
const COPY_FOR_ACCESSIBILITY = 0x200;

/** A language tag a screen reader can use: well-formed BCP 47 (Intl knows), not a private or undetermined one. */
export function isValidLanguageTag({ lang }: { lang: string | null }): boolean {
  if (!lang || !/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$/.test(lang.trim()) || /^(und|mul|zxx)$/i.test(lang.trim())) return false;
  try {
    return Intl.getCanonicalLocales(lang.trim()).length === 1;
  } catch {
    return false;
  }
}

type Options = { maxPagesListed: number; headingsFromPages: number };

function result({ code, status, tallies = [], detail, options }: { code: AccessibilityCheckCode; status: CheckStatus; tallies?: PageTally[]; detail?: CheckResult['detail']; options: Options }): CheckResult {
  const pages = [...new Set(tallies.flatMap((t) => t.pages))].sort((a, b) => a - b);
  const count = tallies.reduce((sum, t) => sum + t.count, 0);
  return { code, status, pages: pages.slice(0, options.maxPagesListed), count, ...(detail ? { detail } : {}) };
}

const failIf = (failed: boolean): CheckStatus => (failed ? 'fail' : 'pass');

/** Headings that skip a level (H1 then H3), or a first numbered heading that is not H1. */
export function findHeadingJumps({ headings }: { headings: { level: number; page: number }[] }): { tally: PageTally; first?: { from: number; to: number } } {
  const tally: PageTally = { pages: [], count: 0 };
  let previous = 0;
  let first: { from: number; to: number } | undefined;
  for (const heading of headings) {
    if (heading.level === 0) continue; // H: its level comes from nesting, not its name
    if (heading.level > previous + 1) {
      tally.count += 1;
      if (!tally.pages.includes(heading.page)) tally.pages.push(heading.page);
      first ??= { from: previous, to: heading.level };
    }
    previous = heading.level;
  }
  return { tally, ...(first ? { first } : {}) };
}

/**
 * Every check over one PDF's facts. Without facts (the PDF defeated the reading) each check says it
 * cannot tell. Checks that need tags say they cannot tell on an untagged PDF: "tagged" fails and
 * tells the editor the one thing to do.
 */
export function runAccessibilityChecks({ facts, maxPagesListed, headingsFromPages }: { facts: AccessibilityFacts | null } & Options): AccessibilityResult {
  const options = { maxPagesListed, headingsFromPages };
  if (!facts) return { version: 1, checks: accessibilityCheckCodes.map((code) => ({ code, status: 'cannot_tell', pages: [], count: 0, ...(code === 'pdfua' ? { informational: true as const } : {}) })), failures: 0 };
  const tagged = facts.marked && facts.hasStructTree;
  const needsTags = (code: AccessibilityCheckCode, status: () => CheckResult): CheckResult => (tagged ? status() : result({ code, status: 'cannot_tell', options }));
  const title = facts.xmpTitle ?? facts.infoTitle;
  const jumps = findHeadingJumps({ headings: facts.headings });
  const unembeddedFonts = facts.fonts.filter((font) => !font.embedded);
  const unreadableFonts = facts.fonts.filter((font) => font.unreadableChars > 0);
  const fontTally = (fonts: AccessibilityFacts['fonts'], pages: (font: FontFact) => number[], count: (font: FontFact) => number): PageTally => ({ pages: fonts.flatMap(pages), count: fonts.reduce((sum, font) => sum + count(font), 0) });
  const fontNames = (fonts: AccessibilityFacts['fonts']) => fonts.slice(0, 5).map((font) => font.name).join(', ');
  const checks: CheckResult[] = [
    result({ code: 'tagged', status: failIf(!tagged), options }),
    result({ code: 'title', status: failIf(!title), options, ...(title ? { detail: { title } } : {}) }),
    result({ code: 'title-shown', status: failIf(facts.displayDocTitle !== true), options }),
    result({ code: 'language', status: failIf(!isValidLanguageTag({ lang: facts.lang })), options, ...(facts.lang ? { detail: { lang: facts.lang } } : {}) }),
    needsTags('content-tagged', () => result({ code: 'content-tagged', status: failIf(facts.untaggedText.count > 0), tallies: [facts.untaggedText], options })),
    needsTags('headings', () => result({ code: 'headings', status: failIf(facts.headings.length === 0 && facts.pagesChecked >= headingsFromPages), options, detail: { pages: headingsFromPages } })),
    needsTags('heading-levels', () => result({ code: 'heading-levels', status: failIf(jumps.tally.count > 0), tallies: [jumps.tally], options, ...(jumps.first ? { detail: { from: jumps.first.from === 0 ? '–' : `H${jumps.first.from}`, to: `H${jumps.first.to}` } } : {}) })),
    needsTags('figure-alt', () => result({ code: 'figure-alt', status: failIf(facts.figuresWithoutAlt.count > 0), tallies: [facts.figuresWithoutAlt], options })),
    needsTags('table-headers', () => result({ code: 'table-headers', status: failIf(facts.tablesWithoutHeaders.count > 0), tallies: [facts.tablesWithoutHeaders], options })),
    needsTags('lists', () => result({ code: 'lists', status: failIf(facts.malformedLists.count + facts.bulletParagraphs.count > 0), tallies: [facts.malformedLists, facts.bulletParagraphs], options })),
    result({ code: 'fonts-embedded', status: facts.fonts.length === 0 ? 'cannot_tell' : failIf(unembeddedFonts.length > 0), tallies: [fontTally(unembeddedFonts, (font) => font.pages, () => 1)], options, ...(unembeddedFonts.length > 0 ? { detail: { fonts: fontNames(unembeddedFonts) } } : {}) }),
    result({ code: 'unicode', status: facts.fonts.length === 0 ? 'cannot_tell' : failIf(unreadableFonts.length > 0), tallies: [fontTally(unreadableFonts, (font) => font.unreadablePages, (font) => font.unreadableChars)], options, ...(unreadableFonts.length > 0 ? { detail: { fonts: fontNames(unreadableFonts) } } : {}) }),
    result({ code: 'scanned', status: failIf(facts.scannedPages.count > 0), tallies: [facts.scannedPages], options }),
    result({ code: 'permissions', status: failIf(facts.permissions !== null && !facts.permissions.includes(COPY_FOR_ACCESSIBILITY)), options }),
    { ...result({ code: 'pdfua', status: failIf(facts.pdfUaPart === null), options, ...(facts.pdfUaPart !== null ? { detail: { part: facts.pdfUaPart } } : {}) }), informational: true },
  ];
  return { version: 1, checks, failures: countFailures({ checks }) };
}

/** Failed checks that count as problems (informational ones do not). */
export function countFailures({ checks }: { checks: CheckResult[] }): number {
  return checks.filter((check) => check.status === 'fail' && !check.informational).length;
}

/** Documents published before 23 September 2018 are exempt under the Danish web-accessibility law. */
export const exemptionDate = '2018-09-23';

/**
 * Covered by the exemption: the PDF's own creation date is before it, or (no date in the PDF) the
 * report is for a year that ended before it.
 */
export function isExemptDocument({ pdfCreatedAt, year }: { pdfCreatedAt: string | null; year: number }): boolean {
  if (pdfCreatedAt) return pdfCreatedAt.slice(0, 10) < exemptionDate;
  return year <= 2017;
}

/** The workspace's one-line summary ("Tilgængelighed: 3 problemer"), from the stored failure count. */
export function describeAccessibilitySummary({ failures, t }: { failures: number | null; t: Translate }): string {
  if (failures === null) return t('a11y.summary.unchecked');
  if (failures === 0) return t('a11y.summary.none');
  return failures === 1 ? t('a11y.summary.one') : t('a11y.summary.many', { count: failures });
}

/** The references of a check as one line: "Matterhorn 13-004 · ISO 14289-1 §7.3 · WCAG 1.1.1". */
export function formatCheckReferences({ code }: { code: AccessibilityCheckCode }): string {
  const reference = checkReferences[code];
  return [reference.matterhorn ? `Matterhorn ${reference.matterhorn}` : '', `ISO 14289-1 §${reference.iso}`, ...reference.wcag.map((sc) => `WCAG ${sc}`)].filter(Boolean).join(' · ');
}

/** A CSV field: quoted, quotes doubled, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
function csvField(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Rows to CSV (RFC 4180, CRLF), for the accessibility statement's download. */
export function toCsv({ rows }: { rows: (string | number)[][] }): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
