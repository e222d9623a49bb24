import { memoiseHeaderParse } from '../../shared/string-memo.js';
import { isLocale, type Locale } from './locales.js';
import { toLocationPath } from '../../shared/location.js';

export const LOCALE_COOKIE = 'sprog';

/**
 * The interface language of a request: the reader's own choice (cookie) first, then the browser's
 * Accept-Language (highest q among da and en), then Danish.
 */
export function chooseLocale({ cookie, acceptLanguage }: { cookie: string | undefined; acceptLanguage: string | undefined }): Locale {
  if (isLocale(cookie)) return cookie;
  if (!acceptLanguage) return 'da';
  return localeOfAcceptLanguage(acceptLanguage);
}

const localeOfAcceptLanguage = memoiseHeaderParse(parseAcceptLanguage);

function parseAcceptLanguage(acceptLanguage: string): Locale {
  let best: { locale: Locale; q: number } | undefined;
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (primary !== 'da' && primary !== 'en') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? 'da';
}

/** Where to go back to after switching language: only a path on this site, never another host. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f]/.test(value)) return '/';
  return toLocationPath(value) ?? '/';
}
