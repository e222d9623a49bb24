import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../e2e/e2e.test-utils.js';
import { createDatabase } from '../../../database/database.js';
import { verifyPassword } from './password-hasher.js';

let dataDir = '';
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'beretning-user-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run cli -- user …', () => {
  it('adds, lists, resets the password of and disables a user', { timeout: 120_000 }, async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_CONTENT: 'off', LOG_LEVEL: 'silent' };
    const add = await runCli({ args: ['user', 'add', 'Redaktoer@Eksempel.dk', '--role', 'editor', '--name', 'Rita Redaktør', '--password-stdin'], env, input: 'første-adgangskode\n' });
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('Added redaktoer@eksempel.dk (editor).');

    const badRole = await runCli({ args: ['user', 'add', 'x@eksempel.dk', '--role', 'chef', '--password-stdin'], env, input: 'første-adgangskode' });
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role admin or --role editor');

    const short = await runCli({ args: ['user', 'add', 'y@eksempel.dk', '--role', 'admin', '--password-stdin'], env, input: 'kort' });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('mindst 10 tegn');

    const reset = await runCli({ args: ['user', 'reset-password', 'redaktoer@eksempel.dk', '--password-stdin'], env, input: 'anden-adgangskode\n' });
    expect(reset.code).toBe(0);

    const disable = await runCli({ args: ['user', 'disable', 'redaktoer@eksempel.dk'], env });
    expect(disable.code).toBe(0);

    const list = await runCli({ args: ['user', 'list'], env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/redaktoer@eksempel\.dk\teditor\tdisabled .*\tRita Redaktør/);

    const database = createDatabase({ url: `sqlite:${join(dataDir, 'beretning.db')}` });
    try {
      const row = await database.db.selectFrom('users').selectAll().where('email', '=', 'redaktoer@eksempel.dk').executeTakeFirstOrThrow();
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verifyPassword({ hash: row.passwordHash, password: 'anden-adgangskode' })).toBe(true);
      // Every change from the command line is in the audit log as "kommandolinje" and the OS user who ran it.
      const audit = await database.db.selectFrom('auditLog').select(['action', 'actorId', 'details']).where('targetId', '=', row.id).orderBy('at').execute();
      expect(audit.map((e) => e.action)).toEqual(['user.created', 'user.password_reset', 'user.disabled']);
      for (const entry of audit) expect({ actorId: entry.actorId, ...JSON.parse(entry.details) }).toMatchObject({ actorId: null, via: 'cli', osUser: userInfo().username });
    } finally {
      await database.close();
    }

    const unknown = await runCli({ args: ['user', 'disable', 'ingen@eksempel.dk'], env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Brugeren findes ikke.');
  });
});
