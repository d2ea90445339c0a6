/** Test support (not shipped): LiveShopClients over `ws` (Node 20 has no global WebSocket), closed after the file's tests. */
import { after, before } from 'node:test';
import WebSocket from 'ws';
import type { CreatedShow } from '@live-shop/protocol';
import { startHarness, type Harness } from '@live-shop/server/testing';
import { LiveShopClient, type LiveShopClientOptions } from '../index.js';

export type Options = LiveShopClientOptions;

/** A function making clients with `defaults()` (read at each call) under the given options; browsers and Node ≥ 22 need no WebSocket option. */
export function clientFactory(
  defaults: () => Partial<Options> = () => ({}),
): (options?: Partial<Options>) => LiveShopClient {
  const clients: LiveShopClient[] = [];
  after(() => clients.forEach((c) => c.close()));
  return (options = {}) => {
    const { socketOptions, ...rest } = { ...defaults(), ...options };
    const c = new LiveShopClient({ ...(rest as Options), socketOptions: { WebSocket, ...socketOptions } });
    clients.push(c);
    return c;
  };
}

/**
 * The real reference server for a test file (factory on 127.0.0.1:0, SQLite in a temp dir) with one
 * show, both set in `before`; `client()` makes clients of that show unless told otherwise.
 */
export function referenceServer() {
  const ref = { h: null as unknown as Harness, show: null as unknown as CreatedShow };
  before(async () => {
    ref.h = await startHarness();
    ref.show = await ref.h.createShow();
  });
  after(() => ref.h.close(true));
  return Object.assign(ref, { client: clientFactory(() => ({ server: ref.h.url, show: ref.show.id })) });
}
