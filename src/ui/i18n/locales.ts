// The interface languages, apart from their catalogues: what decides a request's language
// (locale.ts) needs no message, and the HTTP front's worker loads this without them.
export type Locale = 'da' | 'en';
export const locales: Locale[] = ['da', 'en'];

export function isLocale(value: unknown): value is Locale {
  return value === 'da' || value === 'en';
}
