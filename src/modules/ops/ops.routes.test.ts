import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createTestApp } from '../../app.test-utils.js';
import { createTestDependencies } from '../../dependencies.test-utils.js';
import { createLogger } from '../../shared/logger.js';
import { createAnonymousCsrf, createTestUser, loginAs } from '../auth/auth.test-utils.js';
import { createJobRunner, enqueueJob } from '../jobs/jobs.usecases.js';

describe('health and readiness', () => {
  it('/healthz answers while the process is up', async () => {
    const { app, close } = await createTestApp();
    const response = await app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    await close();
  });

  it('/readyz is 200 when the database, storage and migrations are fine', async () => {
    const { app, close } = await createTestApp();
    const response = await app.inject('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', problems: [] });
    await close();
  });

  it('/readyz is 503 with the reasons when storage is not writable', async () => {
    const deps = await createTestDependencies();
    deps.storage.checkWritable = async () => { throw new Error('read-only file system'); };
    const app = await createApp(deps);
    const response = await app.inject('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json().problems).toEqual(['storage: not writable (read-only file system)']);
    await app.close();
    await deps.close();
  });

  it('/readyz is 503 when the database is gone', async () => {
    const deps = await createTestDependencies();
    const app = await createApp(deps);
    await deps.close();
    const response = await app.inject('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json().problems[0]).toMatch(/^database: unreachable/);
    await app.close();
  });
});

describe('metrics', () => {
  it('/metrics counts requests by route and status with latency histograms, and page cache hits and misses', async () => {
    const { app, close } = await createTestApp({ reports: [{ year: 2024 }] });
    await app.inject('/');
    await app.inject('/');
    await app.inject('/beretninger/2024');
    await app.inject('/findes-ikke');
    const response = await app.inject('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toMatch(/http_requests_total\{route="\/",method="GET",status="200"\} 2/);
    expect(text).toMatch(/http_requests_total\{route="\/beretninger\/:year",method="GET",status="200"\} 1/);
    expect(text).toMatch(/http_requests_total\{route="unmatched",method="GET",status="404"\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="\+Inf",route="\/",method="GET",status="200"\} 2/);
    expect(text).toMatch(/beretning_page_cache_hits_total 1/);
    expect(text).toMatch(/beretning_page_cache_misses_total 2/);
    expect(text).toContain('# TYPE beretning_jobs gauge');
    expect(text).toContain('process_resident_memory_bytes');
    await close();
  });
});

describe('job metrics', () => {
  it('/metrics shows the queue depth of queued jobs and the run time of a finished job, read from the real jobs table', async () => {
    const deps = await createTestDependencies();
    const app = await createApp(deps);
    await enqueueJob({ type: 'metrics-test', payload: { n: 1 } }, deps);
    await enqueueJob({ type: 'metrics-test', payload: { n: 2 } }, deps);
    let text = (await app.inject('/metrics')).body;
    expect(text).toMatch(/^beretning_jobs\{status="queued"\} 2$/m);
    expect(text).toMatch(/^beretning_jobs\{status="running"\} 0$/m);
    expect(text).not.toContain('beretning_job_duration_seconds_avg{');

    // One job takes 4 seconds on the (fake) clock, then finishes.
    const runner = createJobRunner({ handlers: { 'metrics-test': async () => deps.clock.advance(4000) } }, deps);
    expect(await runner.runOnce()).toBe(true);
    text = (await app.inject('/metrics')).body;
    expect(text).toMatch(/^beretning_jobs\{status="queued"\} 1$/m);
    expect(text).toMatch(/^beretning_jobs\{status="done"\} 1$/m);
    expect(text).toMatch(/^beretning_job_duration_seconds_avg\{type="metrics-test"\} 4$/m);
    expect(text).toMatch(/^beretning_job_duration_seconds_max\{type="metrics-test"\} 4$/m);
    expect(text).toMatch(/^beretning_jobs_finished_last_hour\{type="metrics-test"\} 1$/m);
    await app.close();
    await deps.close();
  });
});

describe('logs', () => {
  it('every log line is JSON with a request id, and a login leaves no password, session id or CSRF token in the log', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk: Buffer, _e, cb) { lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)); cb(); } });
    const deps = await createTestDependencies();
    deps.logger = createLogger({ level: 'trace', destination });
    const app = await createApp(deps);
    const user = await createTestUser({ role: 'editor' }, deps);
    const csrf = createAnonymousCsrf();
    const login = await app.inject({ method: 'POST', url: '/log-ind', headers: { cookie: csrf.cookie }, payload: { email: user.email, password: user.password, _csrf: csrf.csrfToken } });
    expect(login.statusCode).toBe(303);
    const session = login.cookies.find((c) => c.name !== 'beretning_csrf')?.value ?? '';
    expect(session.length).toBeGreaterThan(10);
    const refused = await app.inject({ method: 'POST', url: '/log-ind', headers: { cookie: csrf.cookie }, payload: { email: user.email, password: 'forkert-kodeord-123', _csrf: 'not-a-token' } });
    expect(refused.statusCode).toBe(403);
    const signedIn = await loginAs({ app, deps });
    await app.inject({ method: 'GET', url: '/admin', headers: { cookie: signedIn.cookie, 'x-csrf-token': signedIn.csrfToken } });
    // The workspace's upload form (multipart) carries its token in the action URL.
    await app.inject({ method: 'POST', url: `/admin/beretninger/ukendt/pdf?_csrf=${signedIn.csrfToken}`, headers: { cookie: signedIn.cookie, 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--\r\n' });
    await app.close();
    expect(lines.some((line) => line.includes('/admin/beretninger/ukendt/pdf?_csrf=[redacted]'))).toBe(true);

    expect(lines.length).toBeGreaterThan(4);
    const secretCookie = csrf.cookie.split('=')[1] ?? '';
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.req || entry.res || entry.msg === 'request completed' || entry.msg === 'incoming request') expect(entry.reqId).toEqual(expect.any(String));
      for (const secret of [user.password, 'forkert-kodeord-123', session, csrf.csrfToken, secretCookie, signedIn.csrfToken, ...signedIn.cookie.split('; ').map((c) => c.split('=')[1] ?? '')]) {
        expect(line).not.toContain(secret);
      }
    }
    await deps.close();
  });
});
