/** Commerce e2e helpers: the admin API, storefront pages on other loopback origins, bounded polling. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CreatedShow, CreateShowBody, PublicShow, SalesSummary } from '@live-shop/protocol';
import type { RunningServer } from './server-process.js';

/** The admin key the CLI printed at start. */
export function adminKey(server: RunningServer): string {
  const key = server.output().match(/Admin key[^:]*:\s*(\S+)/)?.[1];
  if (!key) throw new Error(`the server printed no admin key:\n${server.output()}`);
  return key;
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const publicShow = (server: RunningServer, id: string) =>
  fetch(`${server.origin}/api/shows/${id}`).then((r) => json<PublicShow>(r));

export const stats = (server: RunningServer, id: string) =>
  fetch(`${server.origin}/api/shows/${id}/stats`, { headers: { authorization: `Bearer ${adminKey(server)}` } }).then(
    (r) => json<SalesSummary>(r),
  );

export const createShow = (server: RunningServer, body: CreateShowBody) =>
  fetch(`${server.origin}/api/shows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey(server)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => json<CreatedShow>(r));

/** Polls `read` until `ok` holds (at most `timeoutMs`); fails with the last value seen. */
export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

export interface Served {
  url: string;
  close: () => Promise<void>;
}

/**
 * Free loopback ports (distinct), for storefronts started after the server: the server must be told
 * their origins up front (LIVE_SHOP_ALLOWED_ORIGINS), as a merchant would.
 */
export async function freePorts(count: number): Promise<number[]> {
  const probes = Array.from({ length: count }, () => createServer());
  await Promise.all(probes.map((probe) => new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))));
  const ports = probes.map((probe) => (probe.address() as AddressInfo).port);
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

/** A bare storefront page on its own loopback origin (`http://127.0.0.1:port`) embedding the viewer for one show (no cart: Buy now checks out). */
export async function serveViewerPage(server: RunningServer, show: string, port = 0): Promise<Served> {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script type="module" src="${server.origin}/sdk/live-shop.js"></script></head>
<body><live-shop-viewer server="${server.origin}" show="${show}" no-chat></live-shop-viewer></body></html>`;
  const http = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page),
  );
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

const CART_EXAMPLE = path.resolve(import.meta.dirname, '../../examples/storefront-cart/serve.mjs');

/** `examples/storefront-cart/serve.mjs` as a merchant runs it (on `http://localhost:port`), pointed at `server`. */
export async function startCartExample(server: RunningServer, port = 0): Promise<Served> {
  const child = spawn(process.execPath, [CART_EXAMPLE], {
    env: { ...process.env, PORT: String(port), LIVE_SHOP_SERVER: server.origin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cart example printed no URL:\n${out}`)), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const found = out.match(/(http:\/\/localhost:\d+\/\?show=\S+)/)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the cart example exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
