import { parseArgs } from 'node:util';
import type { Db } from '../../../database/database.js';
import type { Clock } from '../../../shared/clock.js';
import { createUser, disableUser, listUsers, resetPassword } from '../auth.usecases.js';
import type { UserRole } from '../auth.types.js';

type Io = { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };

export const userCommandUsage = 'user add <email> --role admin|editor [--name <name>] [--password-stdin] | user list | user disable <email> | user reset-password <email> [--password-stdin]';

/** The whole of standard input, without the final line break (for `--password-stdin`). */
async function readAllStdin(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without showing what is typed. */
async function promptHidden({ question }: { question: string }, { stdin, stdout }: Io): Promise<string> {
  if (!stdin.isTTY) throw new Error('no terminal to ask for the password: use --password-stdin');
  stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (key: string) => {
      for (const char of key) {
        if (char === '\r' || char === '\n') {
          cleanup();
          stdout.write('\n');
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          cleanup();
          stdout.write('\n');
          reject(new Error('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    const cleanup = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    stdin.on('data', onData);
  });
}

async function askNewPassword({ fromStdin }: { fromStdin: boolean }, io: Io): Promise<string> {
  if (fromStdin) return readAllStdin(io.stdin);
  const first = await promptHidden({ question: 'New password: ' }, io);
  const second = await promptHidden({ question: 'Repeat it: ' }, io);
  if (first !== second) throw new Error('the two passwords differ');
  return first;
}

/** `npm run cli -- user …`: add, list, disable, reset-password. */
export async function runUserCommand({ args }: { args: string[] }, deps: { db: Db; clock: Clock } & Partial<{ io: Io }>): Promise<void> {
  const io: Io = deps.io ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const [action, email] = positionals;
  switch (action) {
    case 'add': {
      if (!email) throw new Error(`user add needs an e-mail: ${userCommandUsage}`);
      const role = values.role;
      if (role !== 'admin' && role !== 'editor') throw new Error('user add needs --role admin or --role editor');
      const password = await askNewPassword({ fromStdin: values['password-stdin'] === true }, io);
      const user = await createUser({ email, name: values.name ?? '', role: role as UserRole, password }, deps);
      io.stdout.write(`Added ${user.email} (${user.role}).\n`);
      return;
    }
    case 'list': {
      const users = await listUsers(deps);
      if (users.length === 0) io.stdout.write('No users.\n');
      for (const user of users) io.stdout.write(`${user.email}\t${user.role}\t${user.disabledAt ? `disabled ${user.disabledAt}` : 'active'}\t${user.name}\n`);
      return;
    }
    case 'disable': {
      if (!email) throw new Error('user disable needs an e-mail');
      const user = await disableUser({ email }, deps);
      io.stdout.write(`Disabled ${user.email}; their sessions have ended.\n`);
      return;
    }
    case 'reset-password': {
      if (!email) throw new Error('user reset-password needs an e-mail');
      const password = await askNewPassword({ fromStdin: values['password-stdin'] === true }, io);
      const user = await resetPassword({ email, password }, deps);
      io.stdout.write(`New password set for ${user.email}; their sessions have ended.\n`);
      return;
    }
    default:
      throw new Error(`unknown user command: ${userCommandUsage}`);
  }
}
