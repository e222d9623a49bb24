import { describe, expect, it } from 'vitest';
import { routeOf } from './cache.lookup.js';

describe('the route of a cacheable URL', () => {
  it('names the front page, the archive and a report page without a regular expression, as the pattern does', () => {
    expect(routeOf('/')).toBe('/');
    expect(routeOf('/beretninger')).toBe('/beretninger');
    expect(routeOf('/beretninger/2024')).toBe('/beretninger/:year');
    expect(routeOf('/beretninger/0000')).toBe('/beretninger/:year');
  });

  it('leaves out what is not exactly a four-digit year (the app answers it)', () => {
    for (const url of ['/beretninger/', '/beretninger/202', '/beretninger/20245', '/beretninger/202a', '/beretninger/2024/', '/beretninger/2024?side=2', '/beretninger/２０２４', '/beretningerx2024', '/Beretninger/2024', '/beretninger/2024#top', '/beretninger/ 202']) {
      expect(routeOf(url), url).toBeUndefined();
    }
  });

  it('still names the longer routes and the search by their pattern', () => {
    expect(routeOf('/beretninger/2024/laes')).toBe('/beretninger/:year/laes');
    expect(routeOf('/beretninger/2024/laes/kapitel/3')).toBe('/beretninger/:year/laes/kapitel/:chapter');
    expect(routeOf('/beretninger/2024/film/aarsmoede-2024')).toBe('/beretninger/:year/film/:slug');
    expect(routeOf('/soeg?q=skole')).toBe('/soeg');
    expect(routeOf('/beretninger/2024/laes/kapitel/0')).toBeUndefined();
    expect(routeOf('/admin')).toBeUndefined();
  });
});
