import { isLocale, locales, type Locale } from './locales.js';
import { commonMessages } from './messages/common.messages.js';
import { reportsMessages } from './messages/reports.messages.js';
import { readingMessages } from './messages/reading.messages.js';
import { authMessages } from './messages/auth.messages.js';
import { searchMessages } from './messages/search.messages.js';
import { opendataMessages } from './messages/opendata.messages.js';
import { workspaceMessages } from './messages/workspace.messages.js';
import { documentsMessages } from './messages/documents.messages.js';
import { tokensMessages } from './messages/tokens.messages.js';
import { ocrMessages } from './messages/ocr.messages.js';
import { statisticsMessages } from './messages/statistics.messages.js';
import { accessibilityMessages } from './messages/accessibility.messages.js';
import { adminMessages } from './messages/admin.messages.js';
import { mediaMessages } from './messages/media.messages.js';

// Each area adds its catalogue here once. Danish is the reference; English must have every key.
const catalogues = [commonMessages, reportsMessages, readingMessages, authMessages, searchMessages, workspaceMessages, opendataMessages, tokensMessages, documentsMessages, ocrMessages, statisticsMessages, accessibilityMessages, adminMessages, mediaMessages] as const;

type Union<T> = T extends readonly (infer U)[] ? U : never;
type AllDa = Union<typeof catalogues> extends infer C ? (C extends { da: infer D } ? keyof D : never) : never;

export type MessageKey = AllDa & string;
export { isLocale, locales, type Locale };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const merged: Record<Locale, Record<string, string>> = {
  da: Object.assign({}, ...catalogues.map((c) => c.da)) as Record<string, string>,
  en: Object.assign({}, ...catalogues.map((c) => c.en)) as Record<string, string>,
};

export function getCatalogue(locale: Locale): Readonly<Record<string, string>> {
  return merged[locale];
}

export function createTranslator({ locale }: { locale: Locale }): Translate {
  const catalogue = merged[locale];
  return (key, params) => {
    const template = catalogue[key] ?? merged.da[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}
