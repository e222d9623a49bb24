import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../app.test-utils.js';
import { createAnonymousCsrf, createTestUser, postLogin } from './auth.test-utils.js';

const setup = useTestApp();

describe('rate limit', () => {
  it('100 parallel wrong passwords for one account from one address: exactly 5 are checked, the rest get 429 (the attempt is counted before the password is hashed)', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    const answers = await Promise.all(Array.from({ length: 100 }, () => postLogin({ app, email: user.email, password: 'forkert-forkert', ip: '10.0.9.1' })));
    expect(answers.filter((a) => a.statusCode === 422)).toHaveLength(5);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(95);
    const audited = await deps.db.selectFrom('auditLog').select('id').where('action', '=', 'auth.login_failed').execute();
    expect(audited).toHaveLength(5);
  });

  it('parallel wrong passwords for many accounts from one address: at most 20 are checked', async () => {
    const { app } = await setup();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => postLogin({ app, email: `ukendt${i}@eksempel.dk`, password: 'forkert-forkert', ip: '10.0.9.2' })));
    expect(answers.filter((a) => a.statusCode === 422)).toHaveLength(20);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(40);
  });

  it('after 5 failed attempts for one account from one address, the next from there gets 429 with a Danish message saying when to try again', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    for (let i = 0; i < 5; i += 1) {
      expect((await postLogin({ app, email: user.email, password: 'forkert-forkert', ip: '10.0.1.1' })).statusCode).toBe(422);
    }
    // Even the right password is refused from there while the limit holds.
    const blocked = await postLogin({ app, email: user.email, password: user.password, ip: '10.0.1.1' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('For mange forsøg på at logge ind. Prøv igen kl. 12.15');
    expect(Number(blocked.headers['retry-after'])).toBe(15 * 60);
    deps.clock.advance(15 * 60 * 1000 + 1);
    expect((await postLogin({ app, email: user.email, password: user.password, ip: '10.0.1.1' })).statusCode).toBe(303);
  });

  it('a stranger typing wrong passwords for someone\'s e-mail does not lock that person out', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    for (let i = 0; i < 10; i += 1) await postLogin({ app, email: user.email, password: 'forkert-forkert', ip: '203.0.113.66' });
    expect((await postLogin({ app, email: user.email, password: user.password, ip: '203.0.113.66' })).statusCode).toBe(429);
    expect((await postLogin({ app, email: user.email, password: user.password, ip: '10.0.2.1' })).statusCode).toBe(303);
  });

  it('guessing one account\'s password from many addresses stops after 100 failures in all', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    for (let i = 0; i < 100; i += 1) {
      expect((await postLogin({ app, email: user.email, password: 'forkert-forkert', ip: `198.51.100.${Math.floor(i / 4)}` })).statusCode).toBe(422);
    }
    expect((await postLogin({ app, email: user.email, password: user.password, ip: '10.0.2.1' })).statusCode).toBe(429);
  });

  it('after 20 failed attempts from one IP address, the next gets 429, whatever the account', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    for (let i = 0; i < 20; i += 1) {
      expect((await postLogin({ app, email: `ukendt${i}@eksempel.dk`, password: 'forkert-forkert', ip: '10.9.9.9' })).statusCode).toBe(422);
    }
    expect((await postLogin({ app, email: user.email, password: user.password, ip: '10.9.9.9' })).statusCode).toBe(429);
    expect((await postLogin({ app, email: user.email, password: user.password, ip: '10.9.9.8' })).statusCode).toBe(303);
  });

  it('a client that connects directly cannot dodge the per-address limit with a made-up X-Forwarded-For', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    const { cookie, csrfToken } = createAnonymousCsrf();
    const attempt = (i: number, password = 'forkert-forkert', email = `ukendt${i}@eksempel.dk`) =>
      app.inject({ method: 'POST', url: '/log-ind', remoteAddress: '203.0.113.9', headers: { cookie, 'x-forwarded-for': `198.51.100.${i}` }, payload: { email, password, _csrf: csrfToken } });
    for (let i = 0; i < 20; i += 1) expect((await attempt(i)).statusCode).toBe(422);
    expect((await attempt(99, user.password, user.email)).statusCode).toBe(429);
  });

  it('behind a trusted proxy (TRUST_PROXY), the client address it forwards is the one counted, not one the client put in front', async () => {
    const { app, deps } = await setup();
    const user = await createTestUser({}, deps);
    const { cookie, csrfToken } = createAnonymousCsrf();
    // The proxy (127.0.0.1) appends the address it saw; the client forged the first one.
    const attempt = (i: number, password = 'forkert-forkert', email = `ukendt${i}@eksempel.dk`) =>
      app.inject({ method: 'POST', url: '/log-ind', remoteAddress: '127.0.0.1', headers: { cookie, 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` }, payload: { email, password, _csrf: csrfToken } });
    for (let i = 0; i < 20; i += 1) expect((await attempt(i)).statusCode).toBe(422);
    expect((await attempt(99, user.password, user.email)).statusCode).toBe(429);
    const audit = await deps.db.selectFrom('auditLog').select('ip').where('action', '=', 'auth.login_failed').execute();
    expect(new Set(audit.map((row) => row.ip))).toEqual(new Set(['203.0.113.9']));
  });
});
