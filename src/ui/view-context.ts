import type { Locale, Translate } from './i18n/i18n.js';
import type { Site } from '../modules/site/site.types.js';

export type ViewUser = { id: string; email: string; name: string; role: 'admin' | 'editor' };

/** What every page needs besides its own data; built once per request by the routes. */
export type ViewContext = {
  t: Translate;
  locale: Locale;
  site: Site;
  assetUrl: (name: string) => string;
  path: string;
  /** The page's address with its query string, for links that come back to it (the language switch); the path alone for a form's answer. */
  returnUrl: string;
  csrfToken: string;
  user: ViewUser | undefined;
  demo: boolean;
};
