import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from './app.test-utils.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => { await close?.(); close = undefined; });

describe('the application', () => {
  it('serves the report page in Danish with security headers', async () => {
    const t = await createTestApp({ reports: [{ year: 2020, foreword: 'Et forord.' }] });
    close = t.close;
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="da">');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBeDefined();
  });
});
