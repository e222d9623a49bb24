// What authentication costs: argon2id at OWASP parameters, a login, and the per-request session
// lookup + CSRF check, and an API token request (lookup + audit row), measured with app.inject on
// in-memory SQLite (no network).
// Run: npm run bench:auth  (ROUNDS=200 by default)
import { performance } from 'node:perf_hooks';
import { createTestApp } from '../src/app.test-utils.js';
import { createTestUser, loginAs, createAnonymousCsrf } from '../src/modules/auth/auth.test-utils.js';
import { hashPassword, verifyPassword } from '../src/modules/auth/drivers/password-hasher.js';
import { createApiToken } from '../src/modules/tokens/tokens.usecases.js';

const rounds = Number(process.env.ROUNDS ?? 200);

function summarise(name: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  process.stdout.write(`${name.padEnd(48)} n=${String(samples.length).padStart(4)}  p50 ${at(0.5).toFixed(2)} ms  p99 ${at(0.99).toFixed(2)} ms\n`);
}

async function time(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

const hashed = await hashPassword('korrekt-hest-batteri-1');
summarise('argon2id hash (m=19456, t=2, p=1)', await time(() => hashPassword('korrekt-hest-batteri-1'), 20));
summarise('argon2id verify', await time(() => verifyPassword({ hash: hashed, password: 'korrekt-hest-batteri-1' }), 20));

const { app, deps, close } = await createTestApp({ reports: [{ year: 2023 }] });
const user = await createTestUser({ role: 'admin' }, deps);
summarise(
  'POST /log-ind (right password)',
  await time(async () => {
    const { cookie, csrfToken } = createAnonymousCsrf();
    const res = await app.inject({ method: 'POST', url: '/log-ind', headers: { cookie }, payload: { email: user.email, password: user.password, _csrf: csrfToken } });
    if (res.statusCode !== 303) throw new Error(`login ${res.statusCode}`);
  }, 20),
);
const signedIn = await loginAs({ app, deps, role: 'admin' });
const anon = createAnonymousCsrf();
summarise('GET /beretninger, reader with CSRF cookie', await time(() => app.inject({ url: '/beretninger', headers: { cookie: anon.cookie } }), rounds));
summarise('GET /beretninger, signed in (+ session lookup)', await time(() => app.inject({ url: '/beretninger', headers: { cookie: signedIn.cookie } }), rounds));
summarise('GET /admin/brugere, signed in admin', await time(() => app.inject({ url: '/admin/brugere', headers: { cookie: signedIn.cookie } }), rounds));
summarise('POST /log-ud without token (403)', await time(() => app.inject({ method: 'POST', url: '/log-ud', headers: { cookie: signedIn.cookie }, payload: {} }), rounds));
// API tokens: one indexed lookup by SHA-256, one audit row per use, last-used written at most once a minute.
const { token } = await createApiToken({ actor: signedIn.user, name: 'bench', scope: 'read', days: 30 }, deps);
summarise('GET /api/v1/organisation, anonymous', await time(() => app.inject({ url: '/api/v1/organisation' }), rounds));
summarise('GET /api/v1/organisation, token (+ audit row)', await time(() => app.inject({ url: '/api/v1/organisation', headers: { authorization: `Bearer ${token}` } }), rounds));
summarise('POST /api/v1/reports, read token (403, audited)', await time(() => app.inject({ method: 'POST', url: '/api/v1/reports', headers: { authorization: `Bearer ${token}` }, payload: {} }), rounds));
await close();
