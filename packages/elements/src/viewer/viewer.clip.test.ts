import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ClipView } from '@live-shop/protocol';
import type { LiveShopPlayer } from '../player/player.js';
import type { LiveShopProductCard } from '../product-card/product-card.js';
import { json, product, stubFetch, stubWindowOpen } from '../test/fixtures.js';
import type { LiveShopViewer } from './viewer.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const card = (el: HTMLElement) => root(el).querySelector<LiveShopProductCard>('live-shop-product-card');
const buyButton = (el: HTMLElement) => card(el)!.shadowRoot!.querySelector<HTMLButtonElement>('[part="buy-button"]')!;

/** A clip as `GET /api/clips/:id` answers it: ready, with the product as the catalog has it now. */
const clip = (over: Partial<ClipView> = {}): ClipView => ({
  id: 'c1',
  showId: 's1',
  productId: 'kettle',
  startMs: 252_000,
  endMs: 282_000,
  status: 'ready',
  playback: { kind: 'hls', url: '/hls/s1/clips/c1/clip.m3u8' },
  createdAt: 1_700_000_000_000,
  title: 'The gooseneck kettle',
  product: product({ id: 'kettle', showId: 's1', title: 'Gooseneck kettle', checkoutUrl: null, stock: 3 }),
  ...over,
});

describe('<live-shop-viewer clip> (a clip on a product page)', () => {
  it('plays the clip’s own video with its product card, no chat, and Buy now is attributed to the clip', async () => {
    const server = 'https://live.example.com';
    const fetched = stubFetch((call) => {
      if (call.url.endsWith('/api/clips/c1')) return json(clip());
      return json({ url: 'https://pay.example/session', embedded: null, orderId: 'o1' });
    }, /\/api\/(clips|shows)\//);
    const open = stubWindowOpen(true);
    try {
      const el = await fixture<LiveShopViewer>(html`<live-shop-viewer clip="c1" server=${server}></live-shop-viewer>`);
      await waitUntil(() => card(el)?.product, 'the clip’s product card');
      expect(fetched.calls[0]!.url).to.equal(`${server}/api/clips/c1`);
      const player = root(el).querySelector<LiveShopPlayer>('live-shop-player')!;
      expect(player.playback).to.deep.equal({ kind: 'hls', url: `${server}/hls/s1/clips/c1/clip.m3u8` });
      expect(player.autoReplay, 'plays at once, without the ended message').to.equal(true);
      expect(root(el).querySelector('live-shop-chat'), 'no chat in a clip').to.equal(null);
      expect(root(el).querySelector('h2')!.textContent).to.equal('The gooseneck kettle');
      expect(card(el)!.show).to.equal('s1');
      expect(buyButton(el).textContent!.trim()).to.equal('Buy now');
      expect(card(el)!.shadowRoot!.querySelector('[part="stock"]')!.textContent).to.contain('Only 3 left');

      buyButton(el).click();
      await waitUntil(() => fetched.calls.length === 2, 'the checkout request');
      const checkout = fetched.calls[1]!;
      expect(checkout.url).to.equal(`${server}/api/shows/s1/checkout`);
      expect(checkout.body).to.include({ productId: 'kettle', quantity: 1, source: 'clip' });
      await waitUntil(() => open.tabs[0]?.location.href === 'https://pay.example/session', 'checkout in the new tab');
    } finally {
      fetched.restore();
      open.restore();
    }
  });

  it('a Buy now the merchant’s cart takes over is counted with source clip', async () => {
    const fetched = stubFetch(
      (call) => (call.url.endsWith('/api/clips/c1') ? json(clip()) : new Response(null, { status: 204 })),
      /\/api\/(clips|shows)\//,
    );
    try {
      const el = await fixture<LiveShopViewer>(html`<live-shop-viewer clip="c1"></live-shop-viewer>`);
      el.addEventListener('live-shop-buy', (e) => e.preventDefault());
      await waitUntil(() => card(el)?.product, 'card');
      buyButton(el).click();
      await waitUntil(() => fetched.calls.length === 2, 'the click count');
      expect(fetched.calls[1]!.url).to.match(/\/api\/shows\/s1\/clicks$/);
      expect(fetched.calls[1]!.body).to.include({ productId: 'kettle', source: 'clip' });
    } finally {
      fetched.restore();
    }
  });

  it('shows a sold-out product as such, and a clip still being cut as being prepared', async () => {
    let answer = clip({ status: 'processing', playback: null, product: product({ id: 'kettle', stock: 0 }) });
    const fetched = stubFetch(() => json(answer), /\/api\/clips\//);
    try {
      const el = await fixture<LiveShopViewer>(html`<live-shop-viewer clip="c1"></live-shop-viewer>`);
      await waitUntil(() => card(el)?.product, 'card');
      expect(root(el).querySelector('live-shop-player')).to.equal(null);
      expect(root(el).textContent).to.contain('This clip is being prepared');
      expect(buyButton(el).textContent!.trim()).to.equal('Sold out');
      expect(buyButton(el).disabled).to.equal(true);
      answer = clip({ status: 'failed', playback: null });
      el.clip = 'c2';
      await waitUntil(() => root(el).textContent!.includes('This clip is not available'), 'failed clip');
    } finally {
      fetched.restore();
    }
  });
});
