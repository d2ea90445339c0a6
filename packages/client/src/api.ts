import type { LiveShopClient } from './client.js';

/**
 * Every public member of LiveShopClient (EventTarget's included). A test double that `implements`
 * it is checked by tsc against the real client, so it cannot drift from it.
 */
export type LiveShopClientApi = Pick<LiveShopClient, keyof LiveShopClient>;
