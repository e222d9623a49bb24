import { describe, expect, it } from 'vitest';
import { createPageCache } from './cache.usecases.js';

describe('the page cache', () => {
  it('does not keep a page whose render began before an invalidation (a publish during the render)', () => {
    const cache = createPageCache();
    const renderedIn = cache.generation();
    cache.invalidate(); // the report is published while the old page is being rendered
    const page = cache.put({ key: 'da /', body: '<p>før udgivelsen</p>', contentType: 'text/html', renderedIn });
    expect(page.identity.toString()).toBe('<p>før udgivelsen</p>'); // this reader still gets it
    expect(cache.get('da /')).toBeUndefined(); // the next reader gets a fresh render
    cache.put({ key: 'da /', body: '<p>efter</p>', contentType: 'text/html', renderedIn: cache.generation() });
    expect(cache.get('da /')?.identity.toString()).toBe('<p>efter</p>');
  });

  it('keeps at most maxEntries pages, dropping the oldest', () => {
    const cache = createPageCache({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) cache.put({ key, body: key, contentType: 'text/html' });
    expect([cache.get('a'), cache.get('b')?.identity.toString(), cache.get('c')?.identity.toString()]).toEqual([undefined, 'b', 'c']);
  });
});
