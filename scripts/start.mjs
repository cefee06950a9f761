// Starts the built Wharf server (`next start`) on the address from the config file.
// Without login configured (no `auth` section), Wharf listens on loopback only and refuses any other address.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

const configFile = path.resolve(process.env.WHARF_CONFIG ?? 'wharf.config.yaml');
let server = {};
let authConfigured = false;
if (existsSync(configFile)) {
  try {
    const config = parse(readFileSync(configFile, 'utf8'));
    server = config?.server ?? {};
    authConfigured = config?.auth != null && typeof config.auth === 'object';
  } catch (e) {
    console.error(`Invalid Wharf config ${configFile}: ${e.message}`);
    process.exit(1);
  }
}
const host = flag('--host') ?? process.env.WHARF_HOST ?? server.host ?? '127.0.0.1';
const port = flag('--port') ?? process.env.PORT ?? server.port ?? 3000;
const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
if (!loopback && !authConfigured) {
  console.error(
    `Refusing to listen on ${host}: no login is configured, so Wharf only listens on loopback (127.0.0.1).\n` +
      'Configure authentication before exposing Wharf on another address.',
  );
  process.exit(1);
}
const next = path.resolve('node_modules/next/dist/bin/next');
const child = spawn(process.execPath, [next, 'start', '-H', host, '-p', String(port)], { stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
