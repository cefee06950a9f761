// The wharf command line: `npm run wharf -- hash-password` and `npm run wharf -- create-admin <username>`.
// Run with the react-server condition (see package.json) so server modules load outside Next.
import { stdin, stdout } from 'node:process';
import { hashPassword } from '@/server/auth/passwords';
import { migrateAuth } from '@/server/auth/store-schema';
import { UserStore } from '@/server/auth/users';
import { usernameSchema } from '@/lib/contracts/auth';
import { getConfig } from '@/server/config/load';
import { openStore } from '@/server/store/store';

const MIN_PASSWORD = 12;

/** The password from standard input: one line when typed at a terminal (not echoed), or everything piped in. */
async function readPassword(prompt: string): Promise<string> {
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += chunk;
    return text.replace(/\r?\n$/, '');
  }
  stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (ch: string) => {
      for (const c of ch) {
        if (c === '\r' || c === '\n') {
          stdin.setRawMode(false);
          stdin.off('data', onData);
          stdin.pause();
          stdout.write('\n');
          return resolve(value);
        }
        if (c === '\u0003') return reject(new Error('cancelled'));
        if (c === '\u007f') value = value.slice(0, -1);
        else value += c;
      }
    };
    stdin.on('data', onData);
  });
}

async function passwordOrExit(): Promise<string> {
  const password = await readPassword('Password: ');
  if (password.length < MIN_PASSWORD) {
    console.error(`The password must be at least ${MIN_PASSWORD} characters`);
    process.exit(2);
  }
  return password;
}

async function main(argv: string[]): Promise<void> {
  const [command, arg] = argv;
  if (command === 'hash-password') {
    console.log(await hashPassword(await passwordOrExit()));
    return;
  }
  if (command === 'create-admin') {
    const name = usernameSchema.safeParse(arg);
    if (!name.success) {
      console.error('Usage: npm run wharf -- create-admin <username>   (password read from standard input)');
      process.exit(2);
    }
    // Config users are looked up first at sign-in, so a store user of the same name could never sign in.
    if (getConfig().auth?.users.some((u) => u.username === name.data)) {
      console.error(`User "${name.data}" is defined in the config file, which wins at sign-in; choose another name`);
      process.exit(2);
    }
    const passwordHash = await hashPassword(await passwordOrExit());
    // PGlite allows one process per data folder: run this while Wharf is stopped (or use DATABASE_URL).
    const store = await openStore({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.WHARF_DATA_DIR ?? getConfig().dataDir });
    try {
      await migrateAuth(store.driver);
      await new UserStore(store.driver).create({ username: name.data, passwordHash, defaultRole: 'admin', connectionRoles: {} });
    } finally {
      await store.close();
    }
    console.log(`Created admin "${name.data}" in the store. Login must be enabled (an auth section in the config) for it to be used.`);
    return;
  }
  console.error('Usage:\n  npm run wharf -- hash-password            print a bcrypt hash for auth.users[].passwordHash\n  npm run wharf -- create-admin <username>  create an admin user in the store');
  process.exit(2);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
