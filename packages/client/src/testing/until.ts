/** Test support (not shipped): waits, bounded, until a client's state passes a test. */
import { withTimeout } from '@live-shop/server/testing';
import type { LiveShopClient, LiveShopState } from '../index.js';

export const until = (c: LiveShopClient, test: (s: LiveShopState) => boolean, what = 'state') =>
  withTimeout(
    new Promise<LiveShopState>((resolve) => {
      if (test(c.state)) return resolve(c.state);
      const off = c.on('change', (s) => test(s) && (off(), resolve(s)));
    }),
    what,
  );
