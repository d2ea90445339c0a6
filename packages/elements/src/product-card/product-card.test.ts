import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { product, stubWindowOpen } from '../test/fixtures.js';
import type { LiveShopProductCard } from './product-card.js';

const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`)!;

describe('<live-shop-product-card>', () => {
  let stub: ReturnType<typeof stubWindowOpen>;
  beforeEach(() => (stub = stubWindowOpen()));
  afterEach(() => stub.restore());

  it('renders image, title, price, description and a Buy now button', async () => {
    const el = await fixture<LiveShopProductCard>(
      html`<live-shop-product-card show="s1" server="https://shop.example" .product=${product({ imageUrl: '/img/shirt.png' })}></live-shop-product-card>`,
    );
    expect(part(el, 'title').textContent).to.equal('Linen shirt');
    expect(part(el, 'price').textContent).to.equal('$49.00');
    expect(part(el, 'description').textContent).to.equal('Breathable, relaxed fit.');
    expect(part(el, 'image').getAttribute('src')).to.equal('https://shop.example/img/shirt.png');
    expect(part(el, 'buy-button').textContent!.trim()).to.equal('Buy now');
    expect(part(el, 'base').getAttribute('part')).to.equal('base');
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
    expect(event.detail).to.deep.equal({ show: 's1', product: p, quantity: 2 });
    await new Promise((r) => setTimeout(r));
    expect(stub.calls).to.deep.equal([['https://shop.example/checkout/p1', '_blank', 'noopener']]);
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
