import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import { createTestApp } from '../app.test-utils.js';
import { createTranslator } from './i18n/i18n.js';
import { ErrorSummary } from './error-summary.js';
import type { ViewContext } from './view-context.js';
import { createAnonymousCsrf } from '../modules/auth/auth.test-utils.js';

const ctx = { t: createTranslator({ locale: 'da' }), locale: 'da' } as unknown as ViewContext; // only t is used

describe('the error summary', () => {
  it('lists each problem as a link to its field, under a heading', () => {
    const html = renderToString(<ErrorSummary ctx={ctx} errors={[{ field: 'titel', message: 'Skriv en titel' }, { field: 'aar', message: 'Vælg et år' }]} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('tabindex="-1"');
    expect(html).toContain('<h2 class="alert-heading" id="fejlopsummering-titel">Der er nogle problemer</h2>');
    expect(html).toContain('<a href="#titel">Skriv en titel</a>');
    expect(html).toContain('<a href="#aar">Vælg et år</a>');
  });

  it('renders nothing when there is no problem', () => {
    expect(renderToString(<ErrorSummary ctx={ctx} errors={[]} />)).toBe('');
  });

  it('appears on a failed login, linked to the e-mail field', async () => {
    const app = await createTestApp();
    try {
      const csrf = createAnonymousCsrf();
      const res = await app.app.inject({ method: 'POST', url: '/log-ind', headers: { cookie: csrf.cookie }, payload: { email: 'a@b.dk', password: 'x', _csrf: csrf.csrfToken } });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.body).toMatch(/<div class="alert alert--error error-summary" id="login-fejl" role="alert"/);
      expect(res.body).toMatch(/<a href="#login-email">/);
      expect(res.body).toMatch(/id="login-email"[^>]*aria-invalid="true"/);
    } finally {
      await app.close();
    }
  });
});
