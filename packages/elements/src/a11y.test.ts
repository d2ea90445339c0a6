/**
 * axe-core (through @open-wc's chai-a11y-axe) against every element in each state a shopper or a
 * presenter meets: zero violations, in English and right to left, wide and phone-sized.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LiveShopState } from '@live-shop/client';
import { FakeClient, message, product, cardsSettled } from './test/fixtures.js';
import { loadStudio } from './define.js';
import type { LiveShopViewer } from './viewer/viewer.js';

type State = Partial<LiveShopState>;
const PRODUCTS = [product(), product({ id: 'p2', title: 'Straw hat', stock: 0 })];
const CHAT = [message(), message({ id: 'm2', name: 'Host', role: 'host', text: 'Welcome!' })];
const live: State = {
  title: 'Summer drop',
  status: 'live',
  viewers: 12,
  products: PRODUCTS,
  pins: { productIds: ['p1', 'p2'], at: 1 },
  chat: CHAT,
};

const VIEWER_STATES: Record<string, State> = {
  offline: { ...live, connection: 'error', error: { code: 'internal', message: 'Server unreachable' } },
  starting: { ...live, status: 'starting', pins: { productIds: [], at: 1 } },
  live,
  reconnecting: { ...live, status: 'reconnecting' },
  ended: { ...live, status: 'ended' },
  'sold out': { ...live, pins: { productIds: ['p2'], at: 1 } },
  'timed out (moderation)': {
    ...live,
    you: { viewerId: 'v1', name: 'Ada', verified: false, restriction: { kind: 'timeout', until: Date.now() + 60_000 } },
  },
};

/** Cards and reactions have settled (no entrance animation half-way: its contrast is not the card's). */
async function settled(el: Element) {
  await waitUntil(
    () => customElements.get('live-shop-reactions') || !el.shadowRoot!.querySelector('live-shop-reactions'),
  );
  await cardsSettled(el);
}

describe('accessibility (axe): zero violations', () => {
  for (const [name, state] of Object.entries(VIEWER_STATES))
    for (const [width, lang] of [
      ['900px', 'en'],
      ['390px', 'en'],
      ['900px', 'ar'],
    ] as const)
      it(`viewer, ${name}, ${width}${lang === 'ar' ? ', Arabic (right to left)' : ''}`, async () => {
        const el = await fixture<LiveShopViewer>(
          html`<live-shop-viewer style="width: ${width}" lang=${lang} show="s1" .client=${new FakeClient(state).asClient}></live-shop-viewer>`,
        );
        await settled(el);
        await expect(el).to.be.accessible();
      });

  it('viewer, docked in the mini-player', async () => {
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer style="width: 900px" show="s1" .client=${new FakeClient(live).asClient}></live-shop-viewer>`,
    );
    el.docked = true;
    await waitUntil(() => el.shadowRoot!.querySelector('.stage-wrap.docked'), 'docked');
    await settled(el);
    await expect(el).to.be.accessible();
    el.docked = false;
    sessionStorage.clear();
  });

  for (const [name, state] of Object.entries({
    'host, before going live': { ...live, status: 'scheduled', role: 'host' },
    'host, live': { ...live, role: 'host' },
    moderator: { ...live, role: 'moderator' },
  } as Record<string, State>))
    it(`studio, ${name}`, async function () {
      this.timeout(20000);
      await loadStudio();
      const el = await fixture(
        html`<live-shop-studio show="s1" .client=${new FakeClient(state).asClient}></live-shop-studio>`,
      );
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      await expect(el).to.be.accessible();
    });

  it('chat, standalone, with a held message and slow mode', async () => {
    const el = await fixture(
      html`<live-shop-chat slow-mode="10" .messages=${[...CHAT, message({ id: 'm3', text: 'link?', held: true })]}></live-shop-chat>`,
    );
    await expect(el).to.be.accessible();
  });

  it('product card, sold out and low stock', async () => {
    const el = await fixture(html`<div>
      <live-shop-product-card .product=${product({ stock: 0 })}></live-shop-product-card>
      <live-shop-product-card .product=${product({ id: 'p3', stock: 2 })}></live-shop-product-card>
    </div>`);
    await expect(el).to.be.accessible();
  });
});
