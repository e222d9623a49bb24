import { describe, expect, it } from 'vitest';
import { hitHeadersOf } from './cache.models.js';

describe('the headers a page cache hit reads', () => {
  it('are read from the raw list, whatever the spelling of their names, and other headers are left alone', () => {
    const headers = hitHeadersOf(['Host', 'kl.dk', 'Connection', 'keep-alive', 'USER-AGENT', 'Firefox', 'accept-encoding', 'br', 'Accept-Language', 'da', 'X-Forwarded-Proto', 'https', 'Sec-GPC', '1', 'Accept', 'text/html']);
    expect(headers).toEqual({
      host: 'kl.dk',
      'x-forwarded-host': undefined,
      'x-forwarded-proto': 'https',
      authorization: undefined,
      cookie: undefined,
      'accept-language': 'da',
      'accept-encoding': 'br',
      'if-none-match': undefined,
      'user-agent': 'Firefox',
      referer: undefined,
      dnt: undefined,
      'sec-gpc': '1',
    });
  });

  it('give way to Node own reading when a header they read comes twice, or when there are very many headers', () => {
    expect(hitHeadersOf(['Host', 'a.dk', 'Cookie', 'sprog=en', 'cookie', 'beretning_csrf=x'])).toBeUndefined();
    expect(hitHeadersOf(['Host', 'a.dk', 'host', 'b.dk'])).toBeUndefined();
    // A header the hit does not read may come twice.
    expect(hitHeadersOf(['Host', 'a.dk', 'Accept', 'a', 'Accept', 'b'])?.host).toBe('a.dk');
    expect(hitHeadersOf(Array.from({ length: 120 }, (_, i) => (i % 2 ? 'x' : `X-Custom-${i}`)))).toBeUndefined();
  });

  it('see an Authorization header in any spelling, so a signed-in request is never answered from the cache', () => {
    for (const name of ['Authorization', 'authorization', 'AUTHORIZATION', 'aUTHORIZATION']) expect(hitHeadersOf([name, 'Basic eDp5'])?.authorization).toBe('Basic eDp5');
  });
});
