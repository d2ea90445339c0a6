/** Test support (not shipped): the `live-shop-server` CLI from source in its own process, on 127.0.0.1. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CreatedShow } from '@live-shop/protocol';
import { io as ioClient } from 'socket.io-client';
import { ADMIN_KEY, withTimeout, type ClientSocket } from './harness.js';
import { TEST_DATABASE_URL } from './test-database.js';

/** The Redis that scripts/with-services.mjs started, shared by the nodes of one test. */
export const TEST_REDIS_URL = process.env.LIVE_SHOP_TEST_REDIS_URL || null;
/** `describe`'s skip for tests of several nodes: false, or why they cannot run here. */
export const clusterSkip =
  !TEST_DATABASE_URL || !TEST_REDIS_URL
    ? 'needs PostgreSQL and Redis: runs under scripts/with-services.mjs (npm run test:node:postgres)'
    : false;

/** A viewer's (or, with a token, staff's) connection to one node; resolves on its snapshot. */
export const connectTo = (url: string, auth: Record<string, string>) =>
  withTimeout(
    new Promise<ClientSocket>((resolve, reject) => {
      const socket: ClientSocket = ioClient(url, {
        auth,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      socket.once('show:state', () => resolve(socket));
      socket.once('connect_error', reject);
    }),
    `connect to ${url}`,
  );

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Exit code; -1 when a signal killed it. */
  exited: Promise<number | null>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/** Starts the CLI on a free port over `dataDir` with the given env (empty = unset) and resolves once it listens. */
export async function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      'src/cli.ts',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
    ],
    {
      cwd: packageDir,
      env: {
        ...process.env,
        DATABASE_URL: '',
        REDIS_URL: '',
        LIVE_SHOP_ALLOWED_ORIGINS: '',
        PORT: '',
        LIVE_SHOP_ADMIN_KEY: ADMIN_KEY,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        output += d;
        const match = /listening on [\d.]+:(\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      void exited.then((code) => reject(new Error(`the server exited ${code}:\n${output}`)));
    }),
    'the server to listen',
    30_000, // tsx compiles the CLI on start; slower in a loaded test run
  );
  return { child, url: `http://127.0.0.1:${port}`, port, exited, output: () => output };
}

/** Creates a show through a node's admin API (`POST /api/shows`), as a merchant's backend does. */
export async function createShowOn(url: string, show: Record<string, unknown>): Promise<CreatedShow> {
  const res = await fetch(`${url}/api/shows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(show),
  });
  if (!res.ok) throw new Error(`POST ${url}/api/shows: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedShow;
}
