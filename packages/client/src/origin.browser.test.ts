import { expect, waitUntil } from '@open-wc/testing';
import type { CreatedShow, ErrorBody } from '@live-shop/protocol';
import { LiveShopClient } from './index.js';
import type { WebSocketConstructor } from './socket.js';

// In Chromium, against the real reference server web-test-runner started without this page's origin allowed.
describe('LiveShopClient on a page whose origin the server does not allow', () => {
  it('reports origin_not_allowed, naming LIVE_SHOP_ALLOWED_ORIGINS, and stops reconnecting', async () => {
    const { refusingUrl } = (await (await fetch('/__live-shop-server')).json()) as { refusingUrl: string };
    const show = (await (await fetch('/__live-shop-server/new-show?on=refusing')).json()) as CreatedShow;
    let attempts = 0;
    const Counting = class extends WebSocket {
      constructor(url: string) {
        super(url);
        attempts++;
      }
    } as unknown as WebSocketConstructor;
    const client = new LiveShopClient({
      server: refusingUrl,
      show: show.id,
      storage: null,
      socketOptions: { WebSocket: Counting, reconnectionDelay: 100, reconnectionDelayMax: 200 },
    });
    const errors: ErrorBody[] = [];
    client.on('error', (error) => errors.push(error));
    try {
      client.connect();
      await waitUntil(
        () => errors.some((e) => e.code === 'origin_not_allowed'),
        `origin_not_allowed (got ${JSON.stringify(errors)})`,
        { timeout: 5000 },
      );
      const error = errors.find((e) => e.code === 'origin_not_allowed')!;
      expect(error.message).to.contain(location.origin).and.to.contain('LIVE_SHOP_ALLOWED_ORIGINS');
      expect(client.state.connection).to.equal('error');
      expect(client.state.error?.code).to.equal('origin_not_allowed');
      const before = attempts;
      // Retrying cannot help: without the fix it tried again every 100–200 ms.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(attempts, 'no attempt after the verdict').to.equal(before);
      expect(client.state.error?.code).to.equal('origin_not_allowed');
    } finally {
      client.close();
    }
  });
});
