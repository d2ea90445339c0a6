/** Test support (not shipped): a real server on 127.0.0.1:0 over a temp data dir, real socket.io-client. */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type CreatedShow,
  type CreateShowBody,
  type HandshakeAuth,
  type ServerToClientEvents,
  type ShowSnapshot,
} from '@live-shop/protocol';
import { io as ioClient, type Socket } from 'socket.io-client';
import { createLiveShopServer, type LiveShopServer } from '../app.js';
import type { LiveShopServerConfig } from '../config.js';
import { silentLogger } from '../logger.js';
import { dropTestDatabase, testDatabaseUrl } from './test-database.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';
export const WAIT_MS = 4000;
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Rejects after `ms` so no wait in a test can hang. */
export function withTimeout<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Records every payload of one event, and lets a test wait until the recording satisfies a predicate. */
export function record<T = unknown>(socket: ClientSocket, event: string) {
  const seen: T[] = [];
  let wake = () => {};
  (socket as unknown as Socket).on(event, (payload: T) => {
    seen.push(payload);
    wake();
  });
  return {
    seen,
    until(predicate: (seen: T[]) => boolean, what = event, ms?: number): Promise<T[]> {
      return withTimeout(
        new Promise<T[]>((resolve) => {
          const check = () => predicate(seen) && resolve(seen);
          wake = check;
          check();
        }),
        what,
        ms,
      );
    },
  };
}

/** Emits with an ack and waits for it (bounded). Untyped on purpose: tests send garbage too. */
export function request(socket: ClientSocket, event: string, ...args: unknown[]): Promise<any> {
  return (socket as unknown as Socket).timeout(WAIT_MS).emitWithAck(event, ...args);
}

export interface Harness {
  server: LiveShopServer;
  url: string;
  dataDir: string;
  /** Connects and resolves once the first `show:state` arrived; `headers` go with the handshake (e.g. X-Forwarded-For). */
  connect(
    auth: Partial<HandshakeAuth> | Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ socket: ClientSocket; snapshot: ShowSnapshot }>;
  /** Connects expecting a connect_error; resolves with it. */
  connectError(auth: unknown): Promise<Error & { data?: { code: string; message: string } }>;
  api(
    method: string,
    route: string,
    options?: { body?: unknown; admin?: string | false; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; text: string; json: any }>;
  createShow(body?: Partial<CreateShowBody>): Promise<CreatedShow>;
  /** Closes clients and the server; keeps the data dir unless `removeData`. */
  close(removeData?: boolean): Promise<void>;
}

export async function startHarness(config: Partial<LiveShopServerConfig> = {}): Promise<Harness> {
  const dataDir = config.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'live-shop-test-')));
  // The suite runs twice in `npm test`: on SQLite, then on PostgreSQL (scripts/with-services.mjs).
  const databaseUrl = config.databaseUrl ?? (await testDatabaseUrl(dataDir));
  const server = await createLiveShopServer({
    adminKey: ADMIN_KEY,
    logger: silentLogger,
    ...config,
    dataDir,
    databaseUrl,
  });
  await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
  const clients: ClientSocket[] = [];

  const open = (auth: unknown, headers?: Record<string, string>): ClientSocket => {
    const socket: ClientSocket = ioClient(url, {
      path: SOCKET_PATH,
      auth: auth as Record<string, unknown>,
      ...(headers && { extraHeaders: headers }),
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    clients.push(socket);
    return socket;
  };

  const harness: Harness = {
    server,
    url,
    dataDir,
    async connect(auth, headers) {
      const socket = open(auth, headers);
      const snapshot = await withTimeout(
        new Promise<ShowSnapshot>((resolve, reject) => {
          socket.once('show:state', resolve);
          socket.once('connect_error', reject);
        }),
        'show:state',
      );
      return { socket, snapshot };
    },
    connectError(auth) {
      const socket = open(auth);
      return withTimeout(
        new Promise((resolve, reject) => {
          socket.once('connect_error', resolve);
          socket.once('show:state', () => reject(new Error('connected, expected connect_error')));
        }),
        'connect_error',
      );
    },
    async api(method, route, { body, admin = ADMIN_KEY, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (admin) (init.headers as Record<string, string>).authorization = `Bearer ${admin}`;
      if (body !== undefined) {
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
      }
      const res = await withTimeout(fetch(url + route, init), `${method} ${route}`);
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON (HTML pages, scripts)
      }
      return { status: res.status, headers: res.headers, text, json };
    },
    async createShow(body = {}) {
      const res = await harness.api('POST', '/api/shows', {
        body: {
          title: 'Test show',
          products: [
            { title: 'Kettle', price: { amount: 6400, currency: 'usd' }, checkoutUrl: 'https://buy.example/kettle' },
            { title: 'Mug', price: { amount: 2200, currency: 'USD' } },
            { title: 'Beans', price: { amount: 1900, currency: 'USD' }, checkoutUrl: '/pay/beans', stock: 0 },
          ],
          ...body,
        },
      });
      if (res.status !== 201) throw new Error(`createShow failed: ${res.status} ${res.text}`);
      return res.json as CreatedShow;
    },
    async close(removeData = true) {
      for (const socket of clients) socket.disconnect();
      await server.close();
      if (removeData) {
        await rm(dataDir, { recursive: true, force: true });
        if (!config.databaseUrl) await dropTestDatabase(dataDir);
      }
    },
  };
  return harness;
}
