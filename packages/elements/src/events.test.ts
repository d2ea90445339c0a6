import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeClient, json, product, stubFetch, stubWindowOpen } from './test/fixtures.js';
import type { LiveShopChat } from './chat/chat.js';
import type { LiveShopProductCard } from './product-card/product-card.js';
import type { LiveShopViewer } from './viewer/viewer.js';
import './define.js';

/** Every `names` event heard on `document`, in order (listeners as a page would add them). */
function hear(...names: string[]) {
  const heard: CustomEvent[] = [];
  const listen = (e: Event) => heard.push(e as CustomEvent);
  for (const name of names) document.addEventListener(name, listen);
  return { heard, stop: () => names.forEach((name) => document.removeEventListener(name, listen)) };
}

const buyButton = (card: LiveShopProductCard) =>
  card.shadowRoot!.querySelector<HTMLButtonElement>('[part="buy-button"]')!;

describe('renamed events: the new name, then the deprecated one (until 0.3.0)', () => {
  let tabs: ReturnType<typeof stubWindowOpen>;
  let net: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    localStorage.removeItem('live-shop:name');
    tabs = stubWindowOpen(true);
    net = stubFetch(() => json({ error: { code: 'sold_out', message: 'Sold out' } }, 409));
  });
  afterEach(() => (tabs.restore(), net.restore()));

  it('a card whose Buy now fails fires live-shop-buy-error, then live-shop-error with the same detail', async () => {
    const events = hear('live-shop-buy-error', 'live-shop-error');
    try {
      const card = await fixture<LiveShopProductCard>(
        html`<live-shop-product-card show="s1" .product=${product({ checkoutUrl: null })}></live-shop-product-card>`,
      );
      buyButton(card).click();
      await waitUntil(() => events.heard.length === 2, 'both names');
      const [current, old] = events.heard as [CustomEvent, CustomEvent];
      expect([current.type, old.type]).to.deep.equal(['live-shop-buy-error', 'live-shop-error']);
      expect(current.detail).to.include({ code: 'sold_out', message: 'Sold out' });
      expect(current.detail.product.id).to.equal('p1');
      expect(old.detail).to.equal(current.detail, 'the same detail object');
      for (const e of [current, old]) expect([e.bubbles, e.composed, e.target]).to.deep.equal([true, true, card]);
    } finally {
      events.stop();
    }
  });

  it('the deprecated alias is not cancelable: preventDefault() on it changes nothing', async () => {
    const events = hear('live-shop-buy-error', 'live-shop-error');
    const cancel = (e: Event) => e.preventDefault();
    document.addEventListener('live-shop-error', cancel);
    try {
      const card = await fixture<LiveShopProductCard>(
        html`<live-shop-product-card .product=${product({ checkoutUrl: null })}></live-shop-product-card>`,
      );
      buyButton(card).click();
      await waitUntil(() => events.heard.length === 2, 'both names');
      expect(events.heard.map((e) => [e.cancelable, e.defaultPrevented])).to.deep.equal([
        [false, false],
        [false, false],
      ]);
      await card.updateComplete;
      expect(buyButton(card).textContent!.trim()).to.equal('Sold out', 'the card carries on');
    } finally {
      document.removeEventListener('live-shop-error', cancel);
      events.stop();
    }
  });

  it('a chat fires live-shop-chat-name-change, then live-shop-name-change, before the message', async () => {
    const events = hear('live-shop-chat-name-change', 'live-shop-name-change', 'live-shop-chat-send');
    try {
      const chat = await fixture<LiveShopChat>(html`<live-shop-chat></live-shop-chat>`);
      const input = chat.shadowRoot!.querySelector<HTMLInputElement>('[part="input"]')!;
      input.value = 'Hello';
      input.dispatchEvent(new Event('input'));
      chat.shadowRoot!.querySelector('form')!.requestSubmit();
      await chat.updateComplete;
      const name = chat.shadowRoot!.querySelector<HTMLInputElement>('#name')!;
      name.value = 'Cleo';
      chat.shadowRoot!.querySelector('form')!.requestSubmit();
      expect(events.heard.map((e) => `${e.type}:${e.detail.name ?? e.detail.text}`)).to.deep.equal([
        'live-shop-chat-name-change:Cleo',
        'live-shop-name-change:Cleo',
        'live-shop-chat-send:Hello',
      ]);
      expect(events.heard[1]!.detail).to.equal(events.heard[0]!.detail);
      expect(events.heard[1]!.cancelable).to.equal(false);
    } finally {
      events.stop();
    }
  });

  it('out of a viewer: the card failure under both names once each, and the viewer remembers the name once', async () => {
    const client = new FakeClient({
      status: 'live',
      products: [product({ checkoutUrl: null })],
      pins: { productIds: ['p1'], at: 1 },
    });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    const events = hear(
      'live-shop-buy-error',
      'live-shop-error',
      'live-shop-chat-name-change',
      'live-shop-name-change',
    );
    try {
      await waitUntil(() => el.shadowRoot!.querySelector('live-shop-product-card'), 'pinned card');
      buyButton(el.shadowRoot!.querySelector<LiveShopProductCard>('live-shop-product-card')!).click();
      await waitUntil(() => events.heard.length === 2, 'both names');
      expect(events.heard.map((e) => [e.type, e.target])).to.deep.equal([
        ['live-shop-buy-error', el],
        ['live-shop-error', el],
      ]);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="notice"]')!.textContent).to.contain('Linen shirt: sold out.');
      const chat = el.shadowRoot!.querySelector<LiveShopChat>('live-shop-chat')!;
      chat.value = 'Hi';
      await chat.updateComplete;
      chat.shadowRoot!.querySelector('form')!.requestSubmit();
      await chat.updateComplete;
      chat.shadowRoot!.querySelector<HTMLInputElement>('#name')!.value = 'Dee';
      chat.shadowRoot!.querySelector('form')!.requestSubmit();
      expect(events.heard.slice(2).map((e) => e.type)).to.deep.equal([
        'live-shop-chat-name-change',
        'live-shop-name-change',
      ]);
      expect(client.calls.filter(([call]) => call === 'setName')).to.deep.equal([['setName', 'Dee']], 'handled once');
    } finally {
      events.stop();
    }
  });
});
