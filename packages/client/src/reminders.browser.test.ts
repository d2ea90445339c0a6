import { expect } from '@open-wc/testing';
import { LiveShopError } from '@live-shop/protocol';
import { subscribeToShowReminders, unsubscribeFromShowReminders } from './index.js';

// In headless Chromium, against the real reference server web-test-runner started (Web Push off there).
const WORKER = '/packages/elements/sw/live-shop-sw.js';
const KEY = `B${'A'.repeat(86)}`;

async function rejection(promise: Promise<unknown>): Promise<LiveShopError> {
  try {
    await promise;
  } catch (error) {
    return error as LiveShopError;
  }
  throw new Error('expected a rejection');
}

describe('subscribeToShowReminders', () => {
  let server: string;
  before(async () => {
    ({ url: server } = (await (await fetch('/__live-shop-server')).json()) as { url: string });
  });

  it('rejects push_unsupported for a worker on another origin (service workers are same-origin only)', async () => {
    const error = await rejection(
      subscribeToShowReminders({ server, show: 's', publicKey: KEY, worker: `${server}/sdk/live-shop-sw.js` }),
    );
    expect(error).to.be.instanceOf(LiveShopError);
    expect(error.code).to.equal('push_unsupported');
  });

  it('rejects push_denied when the browser refuses notifications (headless Chromium answers denied)', async () => {
    const error = await rejection(subscribeToShowReminders({ server, show: 's', publicKey: KEY, worker: WORKER }));
    expect(Notification.permission).to.equal('denied');
    expect(error.code).to.equal('push_denied');
    // Asked before anything else: no worker was registered for nothing.
    expect(await navigator.serviceWorker.getRegistration(WORKER)).to.equal(undefined);
  });
});

describe('unsubscribeFromShowReminders', () => {
  it('resolves without a request when this browser holds no subscription', async () => {
    const requests: string[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => (requests.push(String(input)), original(input, init));
    try {
      await unsubscribeFromShowReminders({ server: location.origin, show: 's', worker: WORKER });
    } finally {
      window.fetch = original;
    }
    expect(requests).to.deep.equal([]);
  });
});
