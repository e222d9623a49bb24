import { describe, expect, it } from 'vitest';
import { createViewTally, VIEWS_COMPARED_PER_GROUP } from './cache.front.views.js';

const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
// A new string of the same characters, as every request brings (not the literal V8 shares).
const fresh = (text: string) => [...text].join('');
const sorted = <T extends { path: string; count: number; headers: Record<string, unknown> }>(views: T[]) => [...views].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('the HTTP front’s tally of page views', () => {
  it('sums the views of one reader’s page, and keeps what countView reads of them', () => {
    const tally = createViewTally();
    for (let i = 0; i < 3; i++) tally.count(fresh('/beretninger/2024'), fresh(firefox), fresh('https://www.kl.dk/nyheder'), fresh('beretninger.kl.dk'));
    tally.count('/', firefox, '', 'beretninger.kl.dk');
    tally.count('/', firefox, '', 'other.example'); // without a Referer the host is not kept, so the same view
    expect(tally.size()).toBe(2);
    expect(sorted(tally.take())).toEqual(
      sorted([
        { path: '/beretninger/2024', headers: { 'user-agent': firefox, referer: 'https://www.kl.dk/nyheder', host: 'beretninger.kl.dk' }, count: 3 },
        { path: '/', headers: { 'user-agent': firefox }, count: 2 },
      ]),
    );
    expect(tally.size()).toBe(0);
    expect(tally.take()).toEqual([]);
  });

  it('keeps apart views whose strings have the same lengths but differ', () => {
    const tally = createViewTally();
    tally.count('/beretninger/2024', firefox, 'https://a.example/', 'x.dk');
    tally.count('/beretninger/2023', firefox, 'https://a.example/', 'x.dk');
    tally.count('/beretninger/2024', firefox, 'https://b.example/', 'x.dk');
    tally.count('/beretninger/2024', firefox, 'https://a.example/', 'y.dk');
    tally.count('/beretninger/2024', firefox.replace('128', '129'), 'https://a.example/', 'x.dk');
    tally.count('/beretninger/2024', firefox, 'https://a.example/', 'x.dk');
    expect(tally.size()).toBe(5);
    const counts = tally.take().map((view) => view.count);
    expect(counts.sort()).toEqual([1, 1, 1, 1, 2]);
  });

  it('counts right past the views it compares in one group of equal lengths (many made-up user agents of one length)', () => {
    const tally = createViewTally();
    const agents = Array.from({ length: VIEWS_COMPARED_PER_GROUP * 3 }, (_, i) => `bot-${String(i).padStart(4, '0')}`);
    for (let round = 0; round < 4; round++) for (const agent of agents) tally.count('/', fresh(agent), '', '');
    expect(tally.size()).toBe(agents.length);
    const views = tally.take();
    expect(views.map((view) => view.headers['user-agent']).sort()).toEqual(agents);
    expect(views.every((view) => view.count === 4)).toBe(true);
  });
});
