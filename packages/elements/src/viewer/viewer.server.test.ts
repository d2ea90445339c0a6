import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LiveShopChat } from '../chat/chat.js';
import type { LiveShopProductCard } from '../product-card/product-card.js';
import { liveServer } from '../test/live-server.js';
import type { LiveShopViewer } from './viewer.js';
import '../define.js';

// Viewer and studio on one page, both connected to the real reference server.
const root = (el: Element) => el.shadowRoot!;
const button = (el: Element, name: string) =>
  [...root(el).querySelectorAll('button')].find(
    (b) => b.textContent!.trim() === name || b.getAttribute('aria-label') === name,
  );
const cards = (viewer: Element) =>
  [...root(viewer).querySelectorAll<LiveShopProductCard>('live-shop-product-card:not(.leaving)')].map(
    (c) => c.product!.title,
  );

/** The presenter's studio and a shopper's viewer of one show, side by side on the page. */
async function studioAndViewer(url: string, show: { id: string; hostToken: string }) {
  const page = await fixture(html`<div>
    <live-shop-studio server=${url} show=${show.id} token=${show.hostToken}></live-shop-studio>
    <live-shop-viewer server=${url} show=${show.id}></live-shop-viewer>
  </div>`);
  await customElements.whenDefined('live-shop-studio');
  return {
    studio: page.querySelector('live-shop-studio')!,
    viewer: page.querySelector<LiveShopViewer>('live-shop-viewer')!,
  };
}

describe('viewer and studio against the reference server', () => {
  beforeEach(() => localStorage.removeItem('live-shop:name'));

  it('pins, chats and goes live end to end', async () => {
    const server = await liveServer();
    const show = await server.createShow();
    const { studio, viewer } = await studioAndViewer(server.url, show);

    await waitUntil(() => button(studio, 'Pin Straw hat'), 'studio shows the products', { timeout: 8000 });
    await waitUntil(() => root(viewer).textContent!.includes('Integration show'), 'viewer connected', {
      timeout: 8000,
    });
    button(studio, 'Pin Straw hat')!.click();
    await waitUntil(() => cards(viewer).join() === 'Straw hat', 'the pinned card appears', { timeout: 5000 });
    const priceText = root(root(viewer).querySelector('live-shop-product-card')!).querySelector(
      '[part="price"]',
    )!.textContent;
    expect(priceText).to.contain('25.00');

    const chat = root(viewer).querySelector<LiveShopChat>('live-shop-chat')!;
    chat.dispatchEvent(
      new CustomEvent('live-shop-chat-name-change', { detail: { name: 'Lin' }, bubbles: true, composed: true }),
    );
    chat.dispatchEvent(
      new CustomEvent('live-shop-chat-send', {
        detail: { text: '<b>hi</b> from the viewer' },
        bubbles: true,
        composed: true,
      }),
    );
    await waitUntil(
      () =>
        root(studio)
          .querySelector('live-shop-chat')
          ?.messages.some((m) => m.text === '<b>hi</b> from the viewer'),
      'studio gets the chat',
      { timeout: 5000 },
    );
    expect(localStorage.getItem('live-shop:name')).to.equal('Lin');

    button(studio, 'Go live')!.click();
    await waitUntil(
      () => root(viewer).querySelector('live-shop-player')?.getAttribute('status') === 'live',
      'viewer is live',
      { timeout: 5000 },
    );

    button(studio, 'Unpin Straw hat')!.click();
    await waitUntil(() => cards(viewer).length === 0, 'the card goes away', { timeout: 5000 });
  });

  it('counts a Buy now of a product with its own checkout link in the studio sales panel (commerce server)', async () => {
    const server = await liveServer();
    const show = await server.createShow();
    const opened: unknown[][] = [];
    const open = window.open;
    window.open = (...args: unknown[]) => (opened.push(args), null);
    try {
      const { studio, viewer } = await studioAndViewer(server.url, show);
      await waitUntil(() => button(studio, 'Pin Straw hat'), 'studio ready', { timeout: 8000 });
      button(studio, 'Pin Straw hat')!.click();
      await waitUntil(() => cards(viewer).join() === 'Straw hat', 'the pinned card appears', { timeout: 5000 });
      const card = root(viewer).querySelector<LiveShopProductCard>('live-shop-product-card')!;
      root(card).querySelector<HTMLButtonElement>('[part="buy-button"]')!.click();
      expect(opened[0]![0]).to.equal(`${server.url}/pay/hat`);
      // The click reaches the server (POST /clicks, keepalive, cross-origin) and comes back as show:sales.
      const salesRow = () =>
        [...(root(studio).querySelectorAll('[part="sales"] tbody tr') ?? [])].find((tr) =>
          tr.textContent!.includes('Straw hat'),
        );
      await waitUntil(() => salesRow()?.children[2]?.textContent === '1', 'one buy click in the studio', {
        timeout: 5000,
      });

      // The social-proof switch goes through show:update and comes back applied.
      const toggle = () => root(studio).querySelector<HTMLInputElement>('[part="sales"] input[role="switch"]')!;
      toggle().click();
      await waitUntil(() => toggle().checked && !toggle().disabled, 'social proof on', { timeout: 5000 });
      expect(root(studio).querySelector('.alerts')!.textContent!.trim()).to.equal('');
    } finally {
      window.open = open;
    }
  });

  it('says so when the show does not exist on the server', async () => {
    const server = await liveServer();
    const viewer = await fixture<LiveShopViewer>(
      html`<live-shop-viewer server=${server.url} show="no-such-show"></live-shop-viewer>`,
    );
    await waitUntil(() => root(viewer).querySelector('[role="alert"]'), 'error shown', { timeout: 8000 });
    expect(root(viewer).querySelector('[role="alert"]')!.textContent).to.equal(
      'This show does not exist or was removed',
    );
  });

  it('on a page whose origin the server refuses: fires live-shop-connection-error (and the deprecated live-shop-error) origin_not_allowed, says which setting, stops reconnecting', async () => {
    const { refusing } = await liveServer();
    const show = await refusing.createShow();
    // The viewer's own client uses the page's WebSocket: count its attempts.
    const Native = window.WebSocket;
    let attempts = 0;
    window.WebSocket = class extends Native {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        attempts++;
      }
    };
    const events: CustomEvent<{ code: string; message: string }>[] = [];
    const deprecated: CustomEvent[] = [];
    const listen = (e: Event) => events.push(e as CustomEvent);
    const listenOld = (e: Event) => deprecated.push(e as CustomEvent);
    document.addEventListener('live-shop-connection-error', listen);
    document.addEventListener('live-shop-error', listenOld);
    try {
      const viewer = await fixture<LiveShopViewer>(
        html`<live-shop-viewer server=${refusing.url} show=${show.id}></live-shop-viewer>`,
      );
      await waitUntil(() => events.length > 0, 'live-shop-connection-error', { timeout: 8000 });
      expect(events.map((e) => e.detail.code)).to.deep.equal(['origin_not_allowed']);
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
      expect(events[0]!.detail.message).to.contain('LIVE_SHOP_ALLOWED_ORIGINS');
      await waitUntil(
        () => root(viewer).querySelector('[role="alert"]')?.textContent?.includes('LIVE_SHOP_ALLOWED_ORIGINS'),
        'the reason on screen',
      );
      expect(root(viewer).querySelector('[role="alert"]')!.textContent).to.contain(location.origin);
      expect(root(viewer).textContent).not.to.contain('Retrying');
      const before = attempts;
      // Without the fix the viewer kept trying (1 s, 2 s, 4 s … backoff) and said "Retrying…".
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(attempts, 'no attempt after the verdict').to.equal(before);
      expect(events).to.have.length(1);
      expect(deprecated.map((e) => e.detail)).to.deep.equal([events[0]!.detail], 'the old name once, same detail');
    } finally {
      window.WebSocket = Native;
      document.removeEventListener('live-shop-connection-error', listen);
      document.removeEventListener('live-shop-error', listenOld);
    }
  });
});
