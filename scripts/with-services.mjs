#!/usr/bin/env node
// Runs a command with throwaway PostgreSQL and Redis on loopback, started here and removed afterwards:
//   node scripts/with-services.mjs -- node scripts/node-test.mjs packages/server/src
// The command sees LIVE_SHOP_TEST_DATABASE_URL (a superuser URL; the test harness creates one database
// per server) and LIVE_SHOP_TEST_REDIS_URL.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const command = process.argv.slice(process.argv.indexOf('--') + 1);
if (!command.length) {
  console.error('usage: node scripts/with-services.mjs -- <command> [args…]');
  process.exit(2);
}

/** A PostgreSQL program: PATH first, then Debian's versioned directories (newest first). */
function pgBin(name) {
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...versions]) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Resolves once something accepts connections on the port (bounded). */
async function waitForPort(port, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const initdb = pgBin('initdb');
const pgCtl = pgBin('pg_ctl');
const redisServer = pgBin('redis-server');
if (!initdb || !pgCtl || !redisServer) {
  console.error(
    'PostgreSQL or Redis is not installed: run `bash scripts/system-deps.sh` (as root) or `apt-get install -y postgresql redis-server`.',
  );
  process.exit(1);
}

// PostgreSQL refuses to run as root: as root, its files and processes belong to the `postgres` user.
const asRoot = process.getuid?.() === 0;
const pgUser = asRoot ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }) : null;
if (asRoot && pgUser.status !== 0) {
  console.error("No `postgres` system user to run PostgreSQL as (it comes with Debian's postgresql package).");
  process.exit(1);
}
const runPg = (program, args) => {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${path.basename(program)} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result;
};

const dir = mkdtempSync(path.join(tmpdir(), 'live-shop-pg-'));
if (asRoot) {
  const uid = Number(pgUser.stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  chownSync(dir, uid, gid);
}
const data = path.join(dir, 'data');
const port = await freePort();
const redisPort = await freePort();
let started = false;
let redis = null;

function stop() {
  redis?.kill('SIGKILL');
  redis = null;
  if (started) {
    started = false;
    try {
      runPg(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch (error) {
      console.error(String(error));
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

try {
  runPg(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  // Loopback only, the socket in our own dir, and no durability: a test database lives for one run.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  runPg(pgCtl, ['-D', data, '-o', options, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
  started = true;
  // In memory only, loopback only.
  redis = spawn(
    redisServer,
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitForPort(redisPort, 10_000);
} catch (error) {
  console.error(String(error));
  stop();
  process.exit(1);
}

const env = {
  ...process.env,
  LIVE_SHOP_TEST_DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
  LIVE_SHOP_TEST_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
};
console.log(`with-services: PostgreSQL on 127.0.0.1:${port}, Redis on 127.0.0.1:${redisPort}`);
const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
