import { expect } from '@open-wc/testing';

// The worker merchants serve from their storefront's origin (packages/elements/sw/live-shop-sw.js), in Chromium.
const WORKER = '/packages/elements/sw/live-shop-sw.js';

/**
 * Runs the worker's own script in a dedicated worker whose `registration` and `clients` record what
 * the handlers ask of them (a page cannot deliver a real `push` or `notificationclick` to a service
 * worker: those come from the push service and the OS), dispatches one synthetic event, and returns
 * the calls the handler made once its `waitUntil` promise settled.
 */
async function runHandler(event: 'push' | 'notificationclick', detail: unknown, tabs: string[] = []) {
  const harness = `
    const calls = [];
    const scope = location.origin + '/shop/';
    self.registration = {
      scope,
      showNotification: async (title, options) => void calls.push({ showNotification: [title, options] }),
    };
    self.clients = {
      matchAll: async (query) => (calls.push({ matchAll: query }), ${JSON.stringify(tabs)}.map((url) => ({
        url, focus: async () => void calls.push({ focus: url }),
      }))),
      openWindow: async (url) => void calls.push({ openWindow: url }),
    };
    importScripts(${JSON.stringify(new URL(WORKER, location.href).href)});
    self.onmessage = async ({ data }) => {
      const event = new Event(data.type);
      const waits = [];
      event.waitUntil = (p) => waits.push(p);
      if (data.type === 'push')
        event.data = data.payload === undefined ? null : {
          json: () => JSON.parse(data.payload),
          text: () => data.payload,
        };
      else event.notification = { data: data.notificationData, close: () => calls.push({ close: true }) };
      self.dispatchEvent(event);
      await Promise.all(waits);
      postMessage({ calls, waits: waits.length });
    };`;
  const url = URL.createObjectURL(new Blob([harness], { type: 'text/javascript' }));
  const worker = new Worker(url);
  try {
    const message = new Promise<{ calls: Record<string, unknown>[]; waits: number }>((resolve, reject) => {
      worker.onmessage = ({ data }) => resolve(data);
      worker.onerror = (e) => reject(new Error(e.message));
    });
    worker.postMessage(event === 'push' ? { type: event, payload: detail } : { type: event, notificationData: detail });
    return await message;
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
}

/** Registers `script`, waits until it is activated (or fails), and unregisters it. */
async function registerAndActivate(script: string): Promise<string | undefined> {
  const registration = await navigator.serviceWorker.register(script);
  try {
    const worker = registration.active ?? registration.installing ?? registration.waiting;
    expect(worker, 'a worker').to.exist;
    if (worker!.state !== 'activated')
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`stuck in ${worker!.state}`)), 5000);
        worker!.addEventListener('statechange', () => {
          if (worker!.state === 'activated') {
            clearTimeout(timer);
            resolve();
          } else if (worker!.state === 'redundant') reject(new Error('redundant: the script failed'));
        });
      });
    return registration.active?.scriptURL;
  } finally {
    await registration.unregister();
  }
}

describe('live-shop-sw.js', () => {
  it('registers as a service worker and activates', async () => {
    expect(await registerAndActivate(WORKER)).to.equal(new URL(WORKER, location.href).href);
  });

  it("works as the one-line worker embedding.md suggests: importScripts from the live-shop server's /sdk", async () => {
    const { url } = (await (await fetch('/__live-shop-server')).json()) as { url: string };
    const sdk = `${url}/sdk/live-shop-sw.js`;
    expect(new URL(sdk).origin).not.to.equal(location.origin);
    const script = `/packages/elements/src/push/import-worker.fixture.js?sdk=${encodeURIComponent(sdk)}`;
    // A failed importScripts fails the install: the worker would turn redundant instead of activating.
    expect(await registerAndActivate(script)).to.equal(new URL(script, location.href).href);
  });

  it('push: shows the reminder with its title, body, icon, one tag per show and the page to open', async () => {
    const payload = { title: 'Spring drop', body: 'Live now', url: '/shop/live', showId: 's1', icon: '/i.png' };
    const { calls, waits } = await runHandler('push', JSON.stringify(payload));
    expect(waits).to.equal(1);
    expect(calls).to.deep.equal([
      {
        showNotification: [
          'Spring drop',
          { body: 'Live now', icon: '/i.png', tag: 'live-shop:s1', data: { url: '/shop/live' } },
        ],
      },
    ]);
  });

  it('push: a malformed or empty message still shows a notification (userVisibleOnly), titled with the host', async () => {
    for (const payload of ['not json', undefined]) {
      const { calls } = await runHandler('push', payload);
      const [title, options] = (calls[0] as { showNotification: [string, { body: string }] }).showNotification;
      expect(title).to.equal(location.hostname);
      expect(options.body).to.equal(payload ?? '');
    }
  });

  it('notificationclick: focuses a tab already on the page, else opens it; never another site', async () => {
    const page = `${location.origin}/shop/live`;
    const focused = await runHandler('notificationclick', { url: page }, [`${location.origin}/other`, page]);
    expect(focused.calls).to.deep.include({ focus: page });
    expect(focused.calls).to.deep.include({ close: true });
    expect(focused.calls.some((c) => 'openWindow' in c)).to.equal(false);

    const opened = await runHandler('notificationclick', { url: page }, [`${location.origin}/other`]);
    expect(opened.calls).to.deep.include({ openWindow: page });

    const foreign = await runHandler('notificationclick', { url: 'https://evil.example/' });
    expect(foreign.calls).to.deep.include({ openWindow: `${location.origin}/shop/` });
  });
});
