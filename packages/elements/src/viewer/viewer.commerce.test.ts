import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { STRIPE_API_VERSION, STRIPE_JS_URL, type SoldPayload } from '@live-shop/protocol';
import { FakeClient, json, product, stubFetch, stubWindowOpen, cardsSettled } from '../test/fixtures.js';
import type { LiveShopProductCard } from '../product-card/product-card.js';
import type { ProductPatch } from './hydration.js';
import { LiveShopViewer } from './viewer.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const cards = (el: HTMLElement) => [
  ...root(el).querySelectorAll<LiveShopProductCard>('live-shop-product-card:not(.leaving)'),
];
const cardText = (card: LiveShopProductCard, name: string) =>
  card.shadowRoot!.querySelector(`[part="${name}"]`)?.textContent ?? null;

function shop(over: ConstructorParameters<typeof FakeClient>[0] = {}) {
  return new FakeClient({
    title: 'Summer drop',
    status: 'live',
    products: [product(), product({ id: 'p2', title: 'Straw hat', price: { amount: 2500, currency: 'USD' } })],
    pins: { productIds: ['p2'], at: 1 },
    ...over,
  });
}

describe('<live-shop-viewer> product hydration', () => {
  it('asks hydrateProduct once per product and shows the merged product with its label (the patch wins)', async () => {
    const client = shop();
    const asked: string[] = [];
    const hook = async (p: { id: string }): Promise<ProductPatch | null> => {
      asked.push(p.id);
      return p.id === 'p2'
        ? { title: 'Straw hat (beach)', price: { amount: 1999, currency: 'EUR' }, stock: 2, label: 'Size M · Natural' }
        : null;
    };
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .hydrateProduct=${hook} .client=${client.asClient}></live-shop-viewer>`,
    );
    await waitUntil(() => cards(el)[0]?.product?.title === 'Straw hat (beach)', 'patched card');
    const [card] = cards(el) as [LiveShopProductCard];
    await card.updateComplete;
    expect(asked).to.deep.equal(['p1', 'p2'], 'every product of the catalog, pinned or not');
    expect(card.product).to.include({
      id: 'p2',
      title: 'Straw hat (beach)',
      stock: 2,
      description: 'Breathable, relaxed fit.',
    });
    expect(card.label).to.equal('Size M · Natural');
    expect(cardText(card, 'price')).to.equal('€19.99');
    expect(cardText(card, 'label')).to.equal('Size M · Natural');
    expect(cardText(card, 'stock')).to.equal('Only 2 left');

    // Later state changes (a pin, a stock update) don't ask again, and the patch keeps winning while the server has stock.
    client.set({
      pins: { productIds: ['p1', 'p2'], at: 2 },
      products: client.state.products.map((p) => (p.id === 'p2' ? { ...p, stock: 40 } : p)),
    });
    await el.updateComplete;
    expect(asked).to.deep.equal(['p1', 'p2']);
    expect(cards(el).find((c) => c.product!.id === 'p2')!.product!.stock).to.equal(2);
    // A product new to the catalog is asked about once.
    client.set({ products: [...client.state.products, product({ id: 'p3', title: 'Tote' })] });
    await el.updateComplete;
    expect(asked).to.deep.equal(['p1', 'p2', 'p3']);
  });

  it("never hides the server's sold out: stock 0 from the server shows Sold out whatever the patch says", async () => {
    const client = shop();
    const hook = (p: { id: string }): ProductPatch => ({ stock: p.id === 'p2' ? 7 : 3, label: 'Natural' });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .hydrateProduct=${hook} .client=${client.asClient}></live-shop-viewer>`,
    );
    await waitUntil(() => cards(el)[0]?.product?.stock === 7, 'patched stock');
    const card = cards(el)[0]!;
    const button = () => card.shadowRoot!.querySelector<HTMLButtonElement>('[part="buy-button"]')!;
    await card.updateComplete;
    expect(button().textContent!.trim()).to.equal('Buy now');
    // The server broadcasts the last unit sold.
    client.set({ products: client.state.products.map((p) => (p.id === 'p2' ? { ...p, stock: 0 } : p)) });
    await el.updateComplete;
    await card.updateComplete;
    expect(card.product).to.include({ id: 'p2', stock: 0 });
    expect(card.label).to.equal('Natural', 'the rest of the patch still applies');
    expect(button().textContent!.trim()).to.equal('Sold out');
    expect(button().disabled).to.equal(true);
    // Restocked on the server: the patch wins again.
    client.set({ products: client.state.products.map((p) => (p.id === 'p2' ? { ...p, stock: 12 } : p)) });
    await el.updateComplete;
    await card.updateComplete;
    expect(card.product!.stock).to.equal(7);
    expect(button().textContent!.trim()).to.equal('Buy now');
  });

  it('asks again about every product on rehydrate()', async () => {
    const client = shop();
    let price = 1000;
    const asked: string[] = [];
    const hook = (p: { id: string }) => (asked.push(p.id), { price: { amount: price, currency: 'USD' } });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .hydrateProduct=${hook} .client=${client.asClient}></live-shop-viewer>`,
    );
    await waitUntil(() => cards(el)[0]?.product?.price.amount === 1000, 'first hydration');
    price = 1250;
    el.rehydrate();
    await waitUntil(() => cards(el)[0]?.product?.price.amount === 1250, 'rehydrated');
    expect(asked).to.deep.equal(['p1', 'p2', 'p1', 'p2']);
  });

  it("ignores a throwing or rejecting hook (one warning) and shows the server's product", async () => {
    const warn = console.warn;
    const warnings: unknown[][] = [];
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const hook = (p: { id: string }) => {
        if (p.id === 'p1') throw new Error('sync boom');
        return Promise.reject(new Error('async boom'));
      };
      const el = await fixture<LiveShopViewer>(
        html`<live-shop-viewer show="s1" .hydrateProduct=${hook} .client=${shop().asClient}></live-shop-viewer>`,
      );
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(cards(el)[0]!.product!.title).to.equal('Straw hat');
      expect(cards(el)[0]!.label).to.equal('');
      expect(warnings).to.have.length(1);
      expect(String(warnings[0]![0])).to.contain('hydrateProduct');
    } finally {
      console.warn = warn;
    }
  });

  it('fires live-shop-products when the catalog (its ids) changes, not on other changes', async () => {
    const client = shop();
    const seen: string[][] = [];
    const listener = (e: Event) => seen.push((e as CustomEvent).detail.products.map((p: { id: string }) => p.id));
    document.addEventListener('live-shop-products', listener);
    try {
      const el = await fixture<LiveShopViewer>(
        html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
      );
      expect(seen).to.deep.equal([['p1', 'p2']]);
      client.set({ viewers: 3, products: client.state.products.map((p) => ({ ...p, stock: 1 })) });
      await el.updateComplete;
      expect(seen).to.have.length(1);
      client.set({ products: [...client.state.products, product({ id: 'p3' })] });
      await el.updateComplete;
      expect(seen).to.deep.equal([
        ['p1', 'p2'],
        ['p1', 'p2', 'p3'],
      ]);
    } finally {
      document.removeEventListener('live-shop-products', listener);
    }
  });
});

describe('<live-shop-viewer> social proof', () => {
  afterEach(() => (LiveShopViewer.soldRefreshMs = 5000));
  const soldOf = (el: HTMLElement, id: string) => cards(el).find((c) => c.product!.id === id)!.sold;

  it('passes each card the units sold in the last minute while social proof is on, and lets the count decay', async () => {
    LiveShopViewer.soldRefreshMs = 50;
    const now = Date.now();
    const recentSales: SoldPayload[] = [
      { productId: 'p2', quantity: 2, at: now - 1000 },
      { productId: 'p2', quantity: 1, at: now - 59_700 }, // leaves the window in 0.3 s
      { productId: 'p1', quantity: 5, at: now - 500 },
    ];
    const client = shop({
      settings: { socialProof: true, slowModeSeconds: 0, reactions: [] },
      recentSales,
      pins: { productIds: ['p1', 'p2'], at: 1 },
    });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    // Social proof's code is a lazy chunk, loaded when the show turns it on.
    await waitUntil(() => soldOf(el, 'p2') === 3, 'the counts are in');
    expect(soldOf(el, 'p1')).to.equal(5);
    const card = cards(el).find((c) => c.product!.id === 'p2')!;
    await card.updateComplete;
    expect(cardText(card, 'social-proof')).to.equal('3 sold in the last minute');
    await waitUntil(() => soldOf(el, 'p2') === 2, 'the old sale leaves the count', { timeout: 2000 });
    client.set({ settings: { socialProof: false, slowModeSeconds: 0, reactions: [] } });
    await el.updateComplete;
    expect(soldOf(el, 'p1')).to.equal(0);
  });
});

describe('<live-shop-viewer> when Buy now fails', () => {
  it('says why in the notice (sold out, or checkout down) and lets the shopper dismiss it', async () => {
    const fetches = stubFetch(() => json({ error: { code: 'sold_out', message: 'Sold out' } }, 409));
    const open = stubWindowOpen(true);
    try {
      const client = shop({ products: [product({ id: 'p2', title: 'Straw hat', checkoutUrl: null })] });
      const el = await fixture<LiveShopViewer>(
        html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
      );
      await waitUntil(() => cards(el).length === 1, 'pinned card');
      const button = cards(el)[0]!.shadowRoot!.querySelector<HTMLButtonElement>('[part="buy-button"]')!;
      button.click();
      const notice = () => root(el).querySelector<HTMLElement>('[part="notice"]')!;
      expect(notice().classList.contains('empty')).to.equal(true, 'collapsed while it has nothing to say');
      await waitUntil(() => !notice().classList.contains('empty'), 'error notice');
      expect(notice().textContent).to.contain('Straw hat: sold out.');
      expect(notice().classList.contains('error')).to.equal(true);
      expect(open.tabs[0]!.closed, 'the blank tab is closed again').to.equal(true);
      notice().querySelector('button')!.click();
      await el.updateComplete;
      expect(notice().classList.contains('empty')).to.equal(true);
      expect(notice().textContent!.trim()).to.equal('');
      expect(fetches.calls).to.have.length(1);
    } finally {
      fetches.restore();
      open.restore();
    }
  });
});

describe('<live-shop-viewer> back from checkout', () => {
  const start = location.href;
  let listener: BroadcastChannel;
  let heard: unknown[];
  beforeEach(() => {
    heard = [];
    listener = new BroadcastChannel('live-shop-checkout');
    listener.onmessage = (e) => heard.push(e.data);
  });
  afterEach(() => {
    listener.close();
    history.replaceState(history.state, '', start);
  });
  const banner = (el: HTMLElement) => root(el).querySelector<HTMLElement>('[part="notice"]')!;
  /** Empty: no text and collapsed, yet still rendered (a live region must be there before its text). */
  const empty = (el: HTMLElement) => {
    const b = banner(el);
    const collapsed = b.classList.contains('empty');
    if (collapsed) {
      expect(b.textContent!.trim()).to.equal('');
      expect(b.getBoundingClientRect().height).to.equal(0);
    }
    expect(b.hidden, 'never hidden').to.equal(false);
    expect(getComputedStyle(b).display).to.not.equal('none');
    expect(b.getAttribute('role')).to.equal('status');
    return collapsed;
  };

  it('thanks for the order, cleans the address bar, and tells the other tabs', async () => {
    history.replaceState(
      history.state,
      '',
      `${location.pathname}?keep=1&live_shop_checkout=success&live_shop_show=s1&live_shop_order=o9#top`,
    );
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${shop().asClient}></live-shop-viewer>`,
    );
    expect(empty(el)).to.equal(false);
    expect(banner(el).textContent).to.contain('Thanks for your order!');
    expect(location.search).to.equal('?keep=1');
    expect(location.hash).to.equal('#top');
    await waitUntil(() => heard.length, 'broadcast');
    expect(heard).to.deep.equal([{ show: 's1', status: 'success', order: 'o9' }]);
    // Check contrast once the card's entrance animation is over.
    await cardsSettled(el);
    await expect(el).to.be.accessible();
    root(el).querySelector<HTMLButtonElement>('[part="notice"] button[aria-label="Dismiss"]')!.click();
    await el.updateComplete;
    expect(empty(el)).to.equal(true);
  });

  it("leaves another show's return alone", async () => {
    history.replaceState(history.state, '', `${location.pathname}?live_shop_checkout=cancel&live_shop_show=other`);
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${shop().asClient}></live-shop-viewer>`,
    );
    expect(empty(el)).to.equal(true);
    expect(location.search).to.equal('?live_shop_checkout=cancel&live_shop_show=other');
  });

  it('shows what a tab of the same show heard back (cancelled), and ignores other shows', async () => {
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${shop().asClient}></live-shop-viewer>`,
    );
    expect(empty(el)).to.equal(true);
    listener.postMessage({ show: 'other', status: 'success', order: 'x' });
    listener.postMessage({ show: 's1', status: 'cancel', order: 'o2' });
    await waitUntil(() => !empty(el), 'banner from the other tab');
    expect(banner(el).textContent).to.contain('Checkout cancelled.');
  });
});

describe('<live-shop-viewer> embedded checkout', () => {
  type Log = [string, ...unknown[]][];
  const w = window as unknown as { Stripe?: unknown; __stripeLog: Log };
  // A stand-in for Stripe.js with the "clover" API: a classic script defining window.Stripe.
  const fakeStripe = URL.createObjectURL(
    new Blob(
      [
        `window.Stripe = (pk) => ({
          initEmbeddedCheckout: async (options) => {
            window.__stripeLog.push(['init', pk, await options.fetchClientSecret()]);
            window.__stripeComplete = options.onComplete;
            return {
              mount(el) { window.__stripeLog.push(['mount', el.slot]); el.innerHTML = '<button id="pay">Pay</button>'; },
              destroy() { window.__stripeLog.push(['destroy']); },
            };
          },
        });`,
      ],
      { type: 'text/javascript' },
    ),
  );
  const session = {
    orderId: 'o1',
    provider: 'stripe',
    url: null,
    embedded: { clientSecret: 'cs_test_secret', publishableKey: 'pk_test_1' },
    expiresAt: 1,
  };
  const dialog = (el: HTMLElement) => root(el).querySelector<HTMLDialogElement>('[part="checkout-dialog"]')!;
  /** The server's side (an order cancelled when the shopper closes the dialog unpaid). */
  let net: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    delete w.Stripe;
    w.__stripeLog = [];
    net = stubFetch(() => new Response(null, { status: 204 }));
  });
  afterEach(() => net.restore());

  async function viewer(stripeJsUrl = fakeStripe, server = '') {
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" server=${server} stripe-js-url=${stripeJsUrl} .client=${shop().asClient}></live-shop-viewer>`,
    );
    const card = cards(el)[0]!;
    const send = () => {
      const event = new CustomEvent('live-shop-checkout', {
        detail: { show: 's1', product: card.product, quantity: 1, session },
        bubbles: true,
        composed: true,
        cancelable: true,
      });
      card.dispatchEvent(event);
      return event;
    };
    return { el, send };
  }

  it('loads by default the Stripe.js paired with the API version the server pins', () => {
    expect(LiveShopViewer.stripeJsUrl).to.equal(STRIPE_JS_URL);
    expect(STRIPE_JS_URL).to.equal(`https://js.stripe.com/${STRIPE_API_VERSION.split('.')[1]}/stripe.js`);
  });

  it('opens a modal dialog, loads Stripe.js once, mounts the checkout in the light DOM, and destroys it on Escape', async () => {
    const { el, send } = await viewer();
    send();
    await waitUntil(() => w.__stripeLog.some(([what]) => what === 'mount'), 'mounted', { timeout: 5000 });
    expect(dialog(el).open).to.equal(true);
    expect(dialog(el).matches(':modal')).to.equal(true);
    expect(w.__stripeLog).to.deep.equal([
      ['init', 'pk_test_1', 'cs_test_secret'],
      ['mount', 'checkout'],
    ]);
    const mount = el.querySelector<HTMLElement>(':scope > [slot="checkout"]')!;
    expect(mount.getRootNode()).to.equal(document, 'Stripe needs the light DOM');
    // Inside the modal dialog (not inert): the checkout can take focus.
    mount.querySelector<HTMLButtonElement>('#pay')!.focus();
    expect(document.activeElement).to.equal(mount.querySelector('#pay'));
    await el.updateComplete;
    expect(dialog(el).textContent).to.contain('Checkout: Straw hat');
    expect(dialog(el).textContent).to.not.contain('Loading checkout');

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => w.__stripeLog.at(-1)?.[0] === 'destroy', 'destroyed');
    expect(dialog(el).open).to.equal(false);
    expect(el.querySelector('[slot="checkout"]')).to.equal(null);

    send(); // a second checkout: the same Stripe.js
    await waitUntil(() => w.__stripeLog.filter(([what]) => what === 'mount').length === 2, 'mounted again');
    expect(document.querySelectorAll(`script[src="${fakeStripe}"]`)).to.have.length(1);
    root(el).querySelector<HTMLButtonElement>('.dialog-head button')!.click(); // Close
    await el.updateComplete;
    expect(dialog(el).open).to.equal(false);
    expect(w.__stripeLog.at(-1)).to.deep.equal(['destroy']);
  });

  it('closes on completion and thanks for the order (the order is not cancelled)', async () => {
    const { el, send } = await viewer();
    send();
    await waitUntil(() => w.__stripeLog.some(([what]) => what === 'mount'), 'mounted', { timeout: 5000 });
    (window as unknown as { __stripeComplete: () => void }).__stripeComplete();
    await el.updateComplete;
    expect(dialog(el).open).to.equal(false);
    expect(root(el).querySelector('[part="notice"]')!.textContent).to.contain('Thanks for your order!');
    await new Promise((r) => setTimeout(r, 50)); // the dialog's close event has fired
    expect(net.calls).to.deep.equal([]);
  });

  it('cancels the order (keepalive, no body) when the shopper closes an unfinished checkout with Escape or Close', async () => {
    const offline = stubFetch(() => Promise.reject(new TypeError('offline'))); // failures are ignored
    try {
      const { el, send } = await viewer(fakeStripe, 'https://live.example');
      const cancelled = () => offline.calls.map((c) => [c.url, c.init.method, c.init.keepalive, c.init.body ?? null]);
      const release = ['https://live.example/api/shows/s1/orders/o1/cancel', 'POST', true, null];
      send();
      await waitUntil(() => w.__stripeLog.some(([what]) => what === 'mount'), 'mounted', { timeout: 5000 });
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => offline.calls.length === 1, 'cancelled on Escape');
      expect(cancelled()).to.deep.equal([release]);
      expect(dialog(el).open).to.equal(false);

      send();
      await waitUntil(() => w.__stripeLog.filter(([what]) => what === 'mount').length === 2, 'mounted again');
      root(el).querySelector<HTMLButtonElement>('.dialog-head button')!.click(); // Close
      await new Promise((r) => setTimeout(r, 50)); // the dialog's close event too: still one request per close
      expect(cancelled()).to.deep.equal([release, release]);
      expect(root(el).querySelector('[part="notice"]')!.classList.contains('empty')).to.equal(true, 'no thanks');
    } finally {
      offline.restore();
    }
  });

  it('shows a message in the dialog when Stripe.js cannot be loaded', async () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      const { el, send } = await viewer('/__no-such-stripe.js');
      send();
      await waitUntil(() => root(el).querySelector('[part="checkout-dialog"] [role="alert"]'), 'message', {
        timeout: 5000,
      });
      expect(dialog(el).open).to.equal(true);
      expect(root(el).querySelector('[part="checkout-dialog"] [role="alert"]')!.textContent).to.contain(
        "Checkout couldn't load",
      );
    } finally {
      console.warn = warn;
    }
  });

  it('leaves the checkout to the page when it calls preventDefault()', async () => {
    const { el, send } = await viewer();
    const take = (e: Event) => e.preventDefault();
    document.addEventListener('live-shop-checkout', take);
    try {
      const event = send();
      expect(event.defaultPrevented).to.equal(true);
      await new Promise((r) => setTimeout(r, 50));
      expect(dialog(el)?.open ?? false, 'no dialog opened').to.equal(false);
      expect(w.__stripeLog).to.deep.equal([]);
    } finally {
      document.removeEventListener('live-shop-checkout', take);
    }
  });
});

describe('<live-shop-viewer> passes the shopper reference to the cards', () => {
  it('sets shopper-ref on each card', async () => {
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" shopper-ref="cart-7" .client=${shop().asClient}></live-shop-viewer>`,
    );
    expect(cards(el)[0]!.shopperRef).to.equal('cart-7');
  });
});
