import { describe, expect, it } from 'vitest';
import { classifyUserAgent, copenhagenDayOf, largest, normaliseQuery, periodFor, periodSteps, referrerDomainOf, retentionCutoff, searchOfUrl, toCsv, viewOfPath } from './statistics.models.js';

describe('who is counted and as what', () => {
  it('crawlers, scripts and requests without a user agent are bots; phones, tablets and computers get their class', () => {
    expect(classifyUserAgent('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toBe('bot');
    expect(classifyUserAgent('Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)')).toBe('bot');
    expect(classifyUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36')).toBe('bot');
    expect(classifyUserAgent(undefined)).toBe('bot');
    expect(classifyUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1')).toBe('mobile');
    expect(classifyUserAgent('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36')).toBe('mobile');
    expect(classifyUserAgent('Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36')).toBe('tablet');
    expect(classifyUserAgent('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1')).toBe('tablet');
    expect(classifyUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36')).toBe('desktop');
  });

  it('a referrer is kept as its domain only, never its path or query; the site itself and odd values are none', () => {
    expect(referrerDomainOf({ referer: 'https://www.KL.dk/nyheder/2024?id=7#top', host: 'beretning.example.dk' })).toBe('kl.dk');
    expect(referrerDomainOf({ referer: 'https://user:pw@google.com/search?q=navn', host: 'x' })).toBe('google.com');
    expect(referrerDomainOf({ referer: 'http://beretning.example.dk:8080/beretninger', host: 'beretning.example.dk:8080' })).toBeUndefined();
    expect(referrerDomainOf({ referer: 'android-app://com.google.android.gm/', host: 'x' })).toBeUndefined();
    expect(referrerDomainOf({ referer: 'https://<script>/', host: 'x' })).toBeUndefined();
    expect(referrerDomainOf({ referer: undefined, host: 'x' })).toBeUndefined();
  });

  it('public addresses map to the report page, the archive, a report and its reading chapters; nothing else is a view', () => {
    expect(viewOfPath('/')).toEqual({ item: 'site', detail: 'front' });
    expect(viewOfPath('/?utm_source=nyhedsbrev')).toEqual({ item: 'site', detail: 'front' });
    expect(viewOfPath('/beretninger')).toEqual({ item: 'site', detail: 'archive' });
    expect(viewOfPath('/beretninger/2024')).toEqual({ item: '2024', detail: 'report' });
    expect(viewOfPath('/beretninger/2024/laes')).toEqual({ item: '2024', detail: 'chapter:1' });
    expect(viewOfPath('/beretninger/2024/laes/kapitel/7')).toEqual({ item: '2024', detail: 'chapter:7' });
    for (const other of ['/admin', '/beretninger/2024/laes/side/3', '/api/v1/reports', '/feed.xml', '/beretninger/24']) expect(viewOfPath(other)).toBeUndefined();
  });

  it('a search is its normalised query on the first result page', () => {
    expect(searchOfUrl('/soeg?q=++Klima%0A%0Aog+VELF%C3%86RD+')).toBe('klima og velfærd');
    expect(searchOfUrl('/soeg?q=klima&side=2')).toBeUndefined();
    expect(searchOfUrl('/soeg?q=')).toBeUndefined();
    expect(normaliseQuery('x'.repeat(300))).toHaveLength(100);
  });
});

describe('days and periods', () => {
  it('days are Copenhagen calendar days', () => {
    expect(copenhagenDayOf(Date.parse('2026-06-01T21:59:59Z'))).toBe('2026-06-01');
    expect(copenhagenDayOf(Date.parse('2026-06-01T22:00:00Z'))).toBe('2026-06-02');
    expect(copenhagenDayOf(Date.parse('2026-01-01T22:59:59Z'))).toBe('2026-01-01');
    expect(copenhagenDayOf(Date.parse('2026-01-01T23:00:00Z'))).toBe('2026-01-02');
  });

  it('"the last 7 days" ends today in Copenhagen; a custom period is taken as given', () => {
    const now = new Date('2026-06-01T22:30:00Z');
    expect(periodFor({ choice: '7', now })).toEqual({ from: '2026-05-27', to: '2026-06-02' });
    expect(periodFor({ choice: '365', now })).toEqual({ from: '2025-06-03', to: '2026-06-02' });
    expect(periodFor({ choice: 'custom', from: '2026-01-01', to: '2026-01-31', now })).toEqual({ from: '2026-01-01', to: '2026-01-31' });
  });

  it('the retention keeps whole months back from today, to the end of a shorter month', () => {
    expect(retentionCutoff({ now: new Date('2026-06-01T10:00:00Z'), months: 25 })).toBe('2024-05-01');
    expect(retentionCutoff({ now: new Date('2026-03-31T10:00:00Z'), months: 1 })).toBe('2026-02-28');
  });

  it('a period is read in consecutive steps of at most the given days that cover it exactly, across month and leap days', () => {
    expect(periodSteps({ period: { from: '2024-02-25', to: '2024-03-10' }, days: 7 })).toEqual([
      { from: '2024-02-25', to: '2024-03-02' },
      { from: '2024-03-03', to: '2024-03-09' },
      { from: '2024-03-10', to: '2024-03-10' },
    ]);
    expect(periodSteps({ period: { from: '2026-01-01', to: '2026-01-01' }, days: 14 })).toEqual([{ from: '2026-01-01', to: '2026-01-01' }]);
    expect(periodSteps({ period: { from: '2025-01-01', to: '2025-12-31' }, days: 14 })).toHaveLength(27);
    expect(periodSteps({ period: { from: '2025-01-01', to: '2025-12-31' }, days: 1100 })).toEqual([{ from: '2025-01-01', to: '2025-12-31' }]);
  });

  it('the largest sums come first, equal sums in the order of their keys, cut at the limit', () => {
    const sums = new Map([['b', 2], ['a', 2], ['c', 5], ['d', 1]]);
    expect(largest({ sums, limit: 3 })).toEqual([{ key: 'c', count: 5 }, { key: 'a', count: 2 }, { key: 'b', count: 2 }]);
    expect(largest({ sums, limit: 10 })).toEqual([{ key: 'c', count: 5 }, { key: 'a', count: 2 }, { key: 'b', count: 2 }, { key: 'd', count: 1 }]);
    expect(largest({ sums, limit: 0 })).toEqual([]);
    // Many words, many equal sums: the same as sorting them all.
    const many = new Map(Array.from({ length: 5000 }, (_, i) => [`ord ${(i * 7919) % 5000}`, (i * 31) % 97] as [string, number]));
    const sorted = [...many].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
    expect(largest({ sums: many, limit: 100 })).toEqual(sorted.slice(0, 100));
  });
});

describe('CSV', () => {
  it('quotes what needs it, reads as UTF-8 in spreadsheets, and never hands a spreadsheet a formula', () => {
    expect(toCsv([['Søgning', 'Antal'], ['=HYPERLINK("http://x")', 2], ['a,b', 1], ['-1+1', 3], [2024, 4]])).toBe(`\uFEFFSøgning,Antal\r\n"'=HYPERLINK(""http://x"")",2\r\n"a,b",1\r\n'-1+1,3\r\n2024,4\r\n`);
  });
});
