import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { json, product, stubFetch, stubWindowOpen, type FetchCall } from '../test/fixtures.js';
import { LiveShopProductCard } from './product-card.js';

const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`)!;

describe('<live-shop-product-card>', () => {
  let stub: ReturnType<typeof stubWindowOpen>;
  let net: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    stub = stubWindowOpen();
    net = stubFetch(() => new Response(null, { status: 204 }));
  });
  afterEach(() => (stub.restore(), net.restore()));

  it('renders image, title, price, description and a Buy now button', async () => {
    const el = await fixture<LiveShopProductCard>(
      html`<live-shop-product-card show="s1" server="https://shop.example" .product=${product({ imageUrl: '/img/shirt.png' })}></live-shop-product-card>`,
    );
    expect(part(el, 'title').textContent).to.equal('Linen shirt');
    expect(part(el, 'price').textContent).to.equal('$49.00');
    expect(part(el, 'description').textContent).to.equal('Breathable, relaxed fit.');
    expect(part(el, 'image').getAttribute('src')).to.equal('https://shop.example/img/shirt.png');
    expect(part(el, 'buy-button').textContent!.trim()).to.equal('Buy now');
    // The house rule: the shadow tree's root element is part="base" (theming hooks onto it).
    expect(el.shadowRoot!.firstElementChild?.getAttribute('part')).to.equal('base');
    await expect(el).to.be.accessible();
  });

  it('formats prices per currency (USD cents vs JPY whole yen)', async () => {
    const el = await fixture<LiveShopProductCard>(
      html`<live-shop-product-card .product=${product({ price: { amount: 1999, currency: 'USD' } })}></live-shop-product-card>`,
    );
    expect(part(el, 'price').textContent).to.equal('$19.99');
    el.product = product({ price: { amount: 1999, currency: 'JPY' } });
    await el.updateComplete;
    expect(part(el, 'price').textContent).to.equal('¥1,999');
  });

  it('reflects compact and reads quantity/show/server attributes', async () => {
    const el = await fixture<LiveShopProductCard>(
      html`<live-shop-product-card show="s9" server="https://x.test" quantity="3" .product=${product()}></live-shop-product-card>`,
    );
    expect(el.show).to.equal('s9');
    expect(el.server).to.equal('https://x.test');
    expect(el.quantity).to.equal(3);
    expect(el.compact).to.equal(false);
    el.compact = true;
    await el.updateComplete;
    expect(el.hasAttribute('compact')).to.equal(true);
  });

  it('fires a bubbling, composed, cancelable live-shop-buy and opens the checkout in a new tab', async () => {
    const p = product();
    const el = await fixture<LiveShopProductCard>(
      html`<live-shop-product-card show="s1" server="https://shop.example" quantity="2" .product=${p}></live-shop-product-card>`,
    );
    setTimeout(() => part(el, 'buy-button').click());
    const event = (await oneEvent(document, 'live-shop-buy')) as CustomEvent;
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(event.cancelable).to.equal(true);
    expect(event.detail).to.deep.equal({ show: 's1', product: p, quantity: 2, source: 'live' });
    await new Promise((r) => setTimeout(r));
    expect(stub.calls).to.deep.equal([['https://shop.example/checkout/p1', '_blank', 'noopener']]);
    // A fixed checkout link is opened directly; the press is still counted.
    expect(net.calls.map((c) => [c.url, c.body, c.init.keepalive])).to.deep.equal([
      ['https://shop.example/api/shows/s1/clicks', { productId: 'p1', quantity: 2 }, true],
    ]);
  });

  it('does not open the checkout when the page cancels live-shop-buy', async () => {
    const el = await fixture<LiveShopProductCard>(
      html`<live-shop-product-card show="s1" .product=${product()}></live-shop-product-card>`,
    );
    const cancel = (e: Event) => e.preventDefault();
    document.addEventListener('live-shop-buy', cancel);
    try {
      part(el, 'buy-button').click();
      await new Promise((r) => setTimeout(r, 10));
      expect(stub.calls).to.have.length(0);
    } finally {
      document.removeEventListener('live-shop-buy', cancel);
    }
  });

  it('resolves checkout URLs against the page origin by default and disables sold-out products', async () => {
    const el = await fixture<LiveShopProductCard>(
      html`<live-shop-product-card .product=${product({ checkoutUrl: 'pay/1' })}></live-shop-product-card>`,
    );
    part(el, 'buy-button').click();
    await new Promise((r) => setTimeout(r));
    expect(stub.calls[0]![0]).to.equal(`${location.origin}/pay/1`);
    el.product = product({ stock: 0 });
    await el.updateComplete;
    expect((part(el, 'buy-button') as HTMLButtonElement).disabled).to.equal(true);
    expect(part(el, 'buy-button').textContent!.trim()).to.equal('Sold out');
  });
});

describe('<live-shop-product-card> checkout', () => {
  const session = (over: object = {}) => ({
    orderId: 'o1',
    provider: 'local',
    url: '/checkout/cs_local_1',
    embedded: null,
    expiresAt: 1,
    ...over,
  });
  const serverProduct = (over = {}) => product({ checkoutUrl: null, ...over });
  const button = (el: HTMLElement) => part(el, 'buy-button') as HTMLButtonElement;
  let windows: ReturnType<typeof stubWindowOpen>;
  let net: ReturnType<typeof stubFetch> | undefined;
  beforeEach(() => (windows = stubWindowOpen(true)));
  afterEach(() => {
    windows.restore();
    net?.restore();
    LiveShopProductCard.checkoutKeyMs = 10_000;
  });

  async function card(p = serverProduct(), attrs: { quantity?: number; shopperRef?: string } = {}) {
    return fixture<LiveShopProductCard>(html`<live-shop-product-card
      show="s1"
      server="https://live.example"
      quantity=${attrs.quantity ?? 1}
      shopper-ref=${attrs.shopperRef ?? ''}
      .product=${p}
    ></live-shop-product-card>`);
  }

  it('asks the server for a checkout (no price in the body) from inside the click, and sends the blank tab there', async () => {
    net = stubFetch(() => json(session()));
    const el = await card(serverProduct(), { quantity: 2, shopperRef: 'cart-42' });
    button(el).click();
    expect(windows.calls).to.deep.equal([['', '_blank']], 'the tab opens in the click, before any await');
    expect(windows.tabs[0]!.opener).to.equal(null);
    await waitUntil(() => windows.tabs[0]!.location.href !== '', 'tab navigated');
    expect(windows.tabs[0]!.location.href).to.equal('https://live.example/checkout/cs_local_1');
    const [call] = net.calls as [FetchCall];
    expect(call.url).to.equal('https://live.example/api/shows/s1/checkout');
    expect(call.init.method).to.equal('POST');
    expect(Object.keys(call.body!).sort()).to.deep.equal([
      'idempotencyKey',
      'productId',
      'quantity',
      'returnUrl',
      'shopperRef',
      'viewerRef',
    ]);
    expect(call.body).to.include({ productId: 'p1', quantity: 2, returnUrl: location.href, shopperRef: 'cart-42' });
    expect(call.body!.idempotencyKey).to.match(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(call.body)).to.not.match(/price|amount|currency/);
  });

  it('is busy while the request is in flight: Opening checkout…, aria-busy, disabled, and still named Buy now', async () => {
    let answer!: (r: Response) => void;
    net = stubFetch(() => new Promise<Response>((r) => (answer = r)));
    const el = await card();
    button(el).click();
    await el.updateComplete;
    expect(button(el).textContent!.trim()).to.equal('Opening checkout…');
    expect(button(el).getAttribute('aria-busy')).to.equal('true');
    expect(button(el).disabled).to.equal(true);
    expect(button(el).getAttribute('aria-label')).to.equal('Buy now');
    button(el).click(); // a disabled button: no second request
    expect(net.calls).to.have.length(1);
    answer(json(session()));
    await waitUntil(() => !button(el).disabled, 'idle again');
    expect(button(el).textContent!.trim()).to.equal('Buy now');
    expect(button(el).hasAttribute('aria-busy')).to.equal(false);
    expect(button(el).hasAttribute('aria-label')).to.equal(false);
  });

  it('reuses the idempotency key for presses of the same product and quantity within the window, then makes a new one', async () => {
    net = stubFetch(() => json(session()));
    LiveShopProductCard.checkoutKeyMs = 300;
    const el = await card();
    const press = async (target = el) => {
      const n = net!.calls.length;
      button(target).click();
      await target.updateComplete; // busy rendered
      await waitUntil(() => net!.calls.length > n && !button(target).disabled, 'request done');
      return net!.calls.at(-1)!.body!.idempotencyKey;
    };
    const first = await press();
    expect(await press()).to.equal(first, 'a double click opens one checkout');
    expect(await press(await card())).to.equal(
      first,
      'a card re-created for the same product (unpinned, pinned again)',
    );
    el.quantity = 3;
    await el.updateComplete;
    const other = await press();
    expect(other).to.not.equal(first, 'another quantity is another checkout');
    await new Promise((r) => setTimeout(r, 350));
    const later = await press();
    expect(later).to.not.equal(other, 'a new key after the window');
  });

  it('shows Sold out when the server says sold_out, fires live-shop-buy-error, and clears it when the stock changes', async () => {
    net = stubFetch(() => json({ error: { code: 'sold_out', message: 'Sold out' } }, 409));
    const el = await card(serverProduct({ stock: 2 }));
    setTimeout(() => button(el).click());
    const event = (await oneEvent(el, 'live-shop-buy-error')) as CustomEvent;
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail).to.include({ code: 'sold_out', message: 'Sold out' });
    expect(event.detail.product.id).to.equal('p1');
    expect(windows.tabs[0]!.closed).to.equal(true, 'the blank tab is closed');
    await el.updateComplete;
    expect(button(el).textContent!.trim()).to.equal('Sold out');
    expect(button(el).disabled).to.equal(true);
    el.product = serverProduct({ stock: 2, title: 'Same stock, new object' });
    await el.updateComplete;
    expect(button(el).textContent!.trim()).to.equal('Sold out');
    el.product = serverProduct({ stock: 4 });
    await el.updateComplete;
    expect(button(el).textContent!.trim()).to.equal('Buy now');
  });

  it('stays buyable when sold_out says "Only N left" (more asked for than is left)', async () => {
    net = stubFetch(() => json({ error: { code: 'sold_out', message: 'Only 1 left' } }, 409));
    const el = await card(serverProduct({ stock: 1 }), { quantity: 3 });
    setTimeout(() => button(el).click());
    const event = (await oneEvent(el, 'live-shop-buy-error')) as CustomEvent;
    expect(event.detail).to.include({ code: 'sold_out', message: 'Only 1 left' });
    await waitUntil(() => !button(el).disabled, 'idle again');
    expect(button(el).textContent!.trim()).to.equal('Buy now');
    el.quantity = 1;
    await el.updateComplete;
    expect(button(el).disabled).to.equal(false);
  });

  it('reports other failures (and an unreachable server) with live-shop-buy-error and stays buyable', async () => {
    net = stubFetch(() => json({ error: { code: 'checkout_unavailable', message: 'Stripe is down' } }, 503));
    const el = await card();
    setTimeout(() => button(el).click());
    const event = (await oneEvent(el, 'live-shop-buy-error')) as CustomEvent;
    expect(event.detail).to.include({ code: 'checkout_unavailable', message: 'Stripe is down' });
    await el.updateComplete;
    expect(button(el).textContent!.trim()).to.equal('Buy now');
    net.restore();
    net = stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    setTimeout(() => button(el).click());
    const offline = (await oneEvent(el, 'live-shop-buy-error')) as CustomEvent;
    expect(offline.detail.message).to.equal("Can't reach the shop right now");
  });

  it('with the blank tab blocked, opens the checkout (opener cut) when it can, else leaves the page for it', async () => {
    net = stubFetch(() => json(session()));
    const navigate = LiveShopProductCard.navigate;
    const went: string[] = [];
    LiveShopProductCard.navigate = (url) => void went.push(url);
    try {
      // Blocked both times (the usual case after an await): leaving the page beats a dead button.
      windows.restore();
      windows = stubWindowOpen();
      const el = await card();
      button(el).click();
      await waitUntil(() => went.length === 1, 'navigated');
      expect(windows.calls).to.deep.equal(
        [
          ['', '_blank'],
          ['https://live.example/checkout/cs_local_1', '_blank'],
        ],
        "no 'noopener': it would return null even when the tab opens",
      );
      expect(went).to.deep.equal(['https://live.example/checkout/cs_local_1']);
      await waitUntil(() => !button(el).disabled, 'idle again');

      // Only the blank tab blocked: the checkout opens in a tab without a way back to this page.
      windows.restore();
      windows = stubWindowOpen((url) => url !== '');
      const other = await card(serverProduct({ id: 'p2' }));
      button(other).click();
      await waitUntil(() => windows.tabs.length === 1, 'checkout tab');
      expect(windows.calls).to.deep.equal([
        ['', '_blank'],
        ['https://live.example/checkout/cs_local_1', '_blank'],
      ]);
      expect(windows.tabs[0]!.opener).to.equal(null);
      expect(went).to.have.length(1);
    } finally {
      LiveShopProductCard.navigate = navigate;
    }
  });

  it("sends this tab's viewer reference (v_ + 16 hex, kept in sessionStorage), the same from every card", async () => {
    net = stubFetch(() => json(session()));
    sessionStorage.removeItem('live-shop:viewer-ref');
    const [a, b] = [await card(), await card(serverProduct({ id: 'p2' }))];
    for (const el of [a, b]) {
      button(el).click();
      await el.updateComplete; // busy rendered
      await waitUntil(() => !button(el).disabled, 'request done');
    }
    expect(net.calls.map((c) => c.body!.productId)).to.deep.equal(['p1', 'p2']);
    const [first, second] = net.calls.map((c) => c.body!.viewerRef);
    expect(first).to.match(/^v_[0-9a-f]{16}$/);
    expect(second).to.equal(first);
    expect(sessionStorage.getItem('live-shop:viewer-ref')).to.equal(first, 'survives the round trip to the checkout');
  });

  it('keeps the viewer reference in memory when storage is blocked', async () => {
    net = stubFetch(() => json(session()));
    const { getItem } = Storage.prototype;
    Storage.prototype.getItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    try {
      const el = await card();
      for (let i = 0; i < 2; i++) {
        button(el).click();
        await el.updateComplete; // busy rendered
        await waitUntil(() => !button(el).disabled, 'request done');
      }
      expect(net.calls).to.have.length(2);
    } finally {
      Storage.prototype.getItem = getItem;
    }
    const [first, second] = net.calls.map((c) => c.body!.viewerRef);
    expect(first).to.match(/^v_[0-9a-f]{16}$/);
    expect(second).to.equal(first);
  });

  it('hands an embedded checkout to live-shop-checkout and closes the blank tab', async () => {
    const embedded = { clientSecret: 'cs_test_secret', publishableKey: 'pk_test_1' };
    net = stubFetch(() => json(session({ url: null, provider: 'stripe', embedded })));
    const p = serverProduct();
    const el = await card(p, { quantity: 2 });
    setTimeout(() => button(el).click());
    const event = (await oneEvent(document, 'live-shop-checkout')) as CustomEvent;
    expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
    expect(event.detail).to.deep.equal({
      show: 's1',
      product: p,
      quantity: 2,
      source: 'live',
      session: session({ url: null, provider: 'stripe', embedded }),
    });
    expect(windows.tabs[0]!.closed).to.equal(true);
    expect(windows.tabs[0]!.location.href).to.equal('');
  });

  it('sends the click count (keepalive) and no checkout request when the merchant takes over', async () => {
    net = stubFetch(() => Promise.reject(new TypeError('offline'))); // failures are ignored
    const el = await card();
    const take = (e: Event) => e.preventDefault();
    document.addEventListener('live-shop-buy', take);
    try {
      button(el).click();
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      document.removeEventListener('live-shop-buy', take);
    }
    expect(windows.calls).to.have.length(0);
    expect(net.calls.map((c) => [c.url, c.body, c.init.keepalive])).to.deep.equal([
      ['https://live.example/api/shows/s1/clicks', { productId: 'p1', quantity: 1 }, true],
    ]);
    expect(button(el).disabled).to.equal(false);
  });
});

describe('<live-shop-product-card> label, stock and social proof', () => {
  it('shows the variant label, "Only N left" at 1–5 units, and recent sales', async () => {
    const el = await fixture<LiveShopProductCard>(
      html`<live-shop-product-card label="Size M · Navy" .product=${product({ stock: 3 })}></live-shop-product-card>`,
    );
    const q = (name: string) => el.shadowRoot!.querySelector(`[part="${name}"]`);
    expect(q('label')!.textContent).to.equal('Size M · Navy');
    expect(q('stock')!.textContent).to.equal('Only 3 left');
    expect(q('social-proof')).to.equal(null);
    el.sold = 4;
    await el.updateComplete;
    expect(q('social-proof')!.textContent).to.equal('4 sold in the last minute');
    await expect(el).to.be.accessible();
    el.product = product({ stock: 6 });
    el.sold = 0;
    el.label = '';
    await el.updateComplete;
    expect(q('stock')).to.equal(null);
    expect(q('social-proof')).to.equal(null);
    expect(q('label')).to.equal(null);
    el.product = product({ stock: 0 });
    await el.updateComplete;
    expect(q('stock')).to.equal(null, 'sold out says so on the button instead');
    el.product = product({ stock: null });
    await el.updateComplete;
    expect(q('stock')).to.equal(null);
  });
});
