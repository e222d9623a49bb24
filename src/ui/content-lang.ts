import type { ViewContext } from './view-context.js';

/**
 * The `lang` for the organisation's own content (titles, intro, forewords, report text) when the
 * interface speaks another language; undefined when they match, so the page's `lang` applies.
 */
export function contentLang(ctx: Pick<ViewContext, 'locale' | 'site'>): string | undefined {
  const language = ctx.site.language || 'da';
  return language.split('-')[0] === ctx.locale ? undefined : language;
}
