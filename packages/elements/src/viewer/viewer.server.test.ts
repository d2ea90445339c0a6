import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LiveShopChat } from '../chat/chat.js';
import type { LiveShopProductCard } from '../product-card/product-card.js';
import { liveServer } from '../test/live-server.js';
import type { LiveShopViewer } from './viewer.js';
import '../define.js';

// Viewer and studio on one page, both connected to the real reference server.
const root = (el: Element) => el.shadowRoot!;
const button = (el: Element, name: string) =>
  [...root(el).querySelectorAll('button')].find((b) => b.textContent!.trim() === name || b.getAttribute('aria-label') === name);
const cards = (viewer: Element) =>
  [...root(viewer).querySelectorAll<LiveShopProductCard>('live-shop-product-card:not(.leaving)')].map((c) => c.product!.title);

describe('viewer and studio against the reference server', () => {
  beforeEach(() => localStorage.removeItem('live-shop:name'));

  it('pins, chats and goes live end to end', async () => {
    const server = await liveServer();
    const show = await server.createShow();
    const page = await fixture(html`<div>
      <live-shop-studio server=${server.url} show=${show.id} token=${show.hostToken}></live-shop-studio>
      <live-shop-viewer server=${server.url} show=${show.id}></live-shop-viewer>
    </div>`);
    await customElements.whenDefined('live-shop-studio');
    const studio = page.querySelector('live-shop-studio')!;
    const viewer = page.querySelector<LiveShopViewer>('live-shop-viewer')!;

    await waitUntil(() => button(studio, 'Pin Straw hat'), 'studio shows the products', { timeout: 8000 });
    await waitUntil(() => root(viewer).textContent!.includes('Integration show'), 'viewer connected', { timeout: 8000 });
    button(studio, 'Pin Straw hat')!.click();
    await waitUntil(() => cards(viewer).join() === 'Straw hat', 'the pinned card appears', { timeout: 5000 });
    const priceText = root(root(viewer).querySelector('live-shop-product-card')!).querySelector('[part="price"]')!.textContent;
    expect(priceText).to.contain('25.00');

    const chat = root(viewer).querySelector<LiveShopChat>('live-shop-chat')!;
    chat.dispatchEvent(new CustomEvent('live-shop-name-change', { detail: { name: 'Lin' }, bubbles: true, composed: true }));
    chat.dispatchEvent(new CustomEvent('live-shop-chat-send', { detail: { text: '<b>hi</b> from the viewer' }, bubbles: true, composed: true }));
    await waitUntil(() => root(studio).querySelector('live-shop-chat')?.messages.some((m) => m.text === '<b>hi</b> from the viewer'), 'studio gets the chat', { timeout: 5000 });
    expect(localStorage.getItem('live-shop:name')).to.equal('Lin');

    button(studio, 'Go live')!.click();
    await waitUntil(() => root(viewer).querySelector('live-shop-player')?.getAttribute('status') === 'live', 'viewer is live', { timeout: 5000 });

    button(studio, 'Unpin Straw hat')!.click();
    await waitUntil(() => cards(viewer).length === 0, 'the card goes away', { timeout: 5000 });
  });

  it('says so when the show does not exist on the server', async () => {
    const server = await liveServer();
    const viewer = await fixture<LiveShopViewer>(html`<live-shop-viewer server=${server.url} show="no-such-show"></live-shop-viewer>`);
    await waitUntil(() => root(viewer).querySelector('[role="alert"]'), 'error shown', { timeout: 8000 });
    expect(root(viewer).querySelector('[role="alert"]')!.textContent).to.equal('This show does not exist or was removed');
  });
});
