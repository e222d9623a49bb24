const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'da-DK', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    numberFormats.set(key, format);
  }
  return format;
}

/** "1,2 MB", "830 kB": decimal units, as people read file sizes. */
export function formatFileSize({ bytes, locale = 'da' }: { bytes: number; locale?: string }): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${numberFormat(locale, 0).format(Math.round(bytes / 1000))} kB`;
  return `${numberFormat(locale, 1).format(bytes / 1_000_000)} MB`;
}

/** "1. maj 2021" in Danish, "1 May 2021" in English, from an ISO date or timestamp. */
export function formatDate({ iso, locale = 'da' }: { iso: string; locale?: string }): string {
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' }).format(date);
}

/** "1. maj 2021 kl. 14.30" in Europe/Copenhagen. */
export function formatDateTime({ iso, locale = 'da' }: { iso: string; locale?: string }): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'da-DK', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Copenhagen' }).format(new Date(iso));
}

/** "12.345" in Danish, "12,345" in English. */
export function formatNumber({ value, locale = 'da' }: { value: number; locale?: string }): string {
  return numberFormat(locale, 0).format(value);
}
