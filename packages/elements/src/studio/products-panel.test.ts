import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LiveShopClient } from '@live-shop/client';
import type { Product } from '@live-shop/protocol';
import { liveServer } from '../test/live-server.js';
import { parseDraft, toDraft } from './products-panel.js';
import type { LiveShopStudio } from './studio.js';
import '../define.js';

// The studio's product editor against the real reference server, with a shopper's viewer watching.
const root = (el: Element) => el.shadowRoot!;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const button = (el: Element, name: string) =>
  [...root(el).querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? text(b)) === name);
const input = (studio: Element, name: string) =>
  root(studio).querySelector<HTMLInputElement>(`.editor input[name="${name}"]`)!;
const type = (studio: Element, name: string, value: string) => {
  const field = input(studio, name);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
};
const fieldError = (studio: Element, name: string) => {
  const field = input(studio, name);
  const id = field.getAttribute('aria-describedby');
  return id ? text(root(studio).getElementById(id)) : '';
};
const WAIT = { timeout: 8000 };

/** The catalog the shopper's viewer renders from (the client it was given). */
const viewerProducts = (viewer: Element) => (viewer as unknown as { client: LiveShopClient }).client.state.products;

async function studioAndViewer() {
  const server = await liveServer();
  const show = await server.createShow();
  const shopper = new LiveShopClient({ server: server.url, show: show.id, storage: null });
  shopper.connect();
  const page = await fixture(html`<div>
    <live-shop-studio server=${server.url} show=${show.id} token=${show.hostToken}></live-shop-studio>
    <live-shop-viewer server=${server.url} show=${show.id} .client=${shopper}></live-shop-viewer>
  </div>`);
  await customElements.whenDefined('live-shop-studio');
  const studio = page.querySelector<LiveShopStudio>('live-shop-studio')!;
  const viewer = page.querySelector('live-shop-viewer')!;
  await waitUntil(
    () =>
      button(studio, `Edit ${show.products[0]!.title}`) && !button(studio, `Edit ${show.products[0]!.title}`)!.disabled,
    'the studio is ready',
    WAIT,
  );
  return { show, studio, viewer };
}

describe('studio product editor', () => {
  it('edits title, price, stock and image; the viewer sees the change without reloading', async () => {
    const { show, studio, viewer: watcher } = await studioAndViewer();
    const product = show.products[0]!;
    await waitUntil(() => viewerProducts(watcher).length > 0, 'the viewer has the catalog', WAIT);

    button(studio, `Edit ${product.title}`)!.click();
    await studio.updateComplete;
    expect(button(studio, `Edit ${product.title}`)!.getAttribute('aria-expanded')).to.equal('true');
    expect(root(studio).activeElement).to.equal(input(studio, 'title'));
    type(studio, 'title', 'Linen shirt, blue');
    type(studio, 'price', '39.50');
    type(studio, 'stock', '4');
    type(studio, 'imageUrl', '/img/blue.png');
    button(studio, 'Save')!.click();

    await waitUntil(
      () => !root(studio).querySelector('.editor'),
      `the editor closes once saved: ${text(root(studio).querySelector('.editor'))}`,
      WAIT,
    );
    expect(text(root(studio).querySelector('.product .info'))).to.match(/Linen shirt, blue.*39\.50 · 4 left/);
    await waitUntil(
      () => viewerProducts(watcher).some((p) => p.title === 'Linen shirt, blue'),
      'the viewer gets the edit',
      WAIT,
    );
    const seen = viewerProducts(watcher).find((p) => p.id === product.id)!;
    expect([seen.price.amount, seen.stock, seen.imageUrl]).to.deep.equal([3950, 4, '/img/blue.png']);
  });

  it('shows mistakes next to their field: the page’s own, then the server’s (same checks as creation)', async () => {
    const { show, studio, viewer } = await studioAndViewer();
    viewer.remove(); // one page, one banner: the studio alone for the accessibility check
    const product = show.products[0]!;
    button(studio, `Edit ${product.title}`)!.click();
    await studio.updateComplete;
    type(studio, 'price', '12.345');
    type(studio, 'stock', 'lots');
    button(studio, 'Save')!.click();
    await studio.updateComplete;
    expect(fieldError(studio, 'price')).to.match(/Enter a price like 12\.34/);
    expect(fieldError(studio, 'stock')).to.match(/whole number/);
    expect(input(studio, 'price').getAttribute('aria-invalid')).to.equal('true');

    // Well-formed, but above what the server takes: its bad_request names the field.
    type(studio, 'price', '2000000000');
    type(studio, 'stock', '');
    button(studio, 'Save')!.click();
    await waitUntil(() => fieldError(studio, 'price'), 'the server’s refusal is shown at the price', WAIT);
    expect(fieldError(studio, 'price')).to.not.match(/Enter a price/);
    expect(fieldError(studio, 'stock')).to.equal('');
    expect(root(studio).querySelector('.editor'), 'the editor stays open').to.exist;
    await expect(studio).to.be.accessible();
  });

  it('deletes a pinned product after a confirmation: the viewer loses the card and the catalog entry', async () => {
    const { show, studio, viewer } = await studioAndViewer();
    const product = show.products[0]!;
    button(studio, `Pin ${product.title}`)!.click();
    await waitUntil(
      () => root(viewer).querySelector('live-shop-product-card'),
      'the viewer shows the pinned card',
      WAIT,
    );

    button(studio, `Edit ${product.title}`)!.click();
    await studio.updateComplete;
    button(studio, 'Delete product')!.click();
    await studio.updateComplete;
    expect(
      viewerProducts(viewer).some((p) => p.id === product.id),
      'nothing deleted before the confirmation',
    ).to.equal(true);
    button(studio, 'Confirm delete')!.click();

    await waitUntil(() => !button(studio, `Edit ${product.title}`), 'gone from the studio', WAIT);
    await waitUntil(() => !viewerProducts(viewer).some((p) => p.id === product.id), 'gone from the viewer', WAIT);
    await waitUntil(() => !root(viewer).querySelector('live-shop-product-card'), 'the card is unpinned', WAIT);
  });
});

describe('parseDraft', () => {
  const product = (over: Partial<Product> = {}): Product => ({
    id: 'p1',
    showId: 's1',
    title: 'Hat',
    description: '',
    imageUrl: null,
    price: { amount: 2500, currency: 'USD' },
    checkoutUrl: null,
    stripePriceId: null,
    stock: null,
    ...over,
  });

  it('sends only what changed, in minor units of the product’s currency', () => {
    const p = product();
    expect(parseDraft(toDraft(p), p)).to.deep.equal({ patch: {} });
    expect(parseDraft({ ...toDraft(p), price: '25,5', stock: '0' }, p)).to.deep.equal({
      patch: { price: { amount: 2550, currency: 'USD' }, stock: 0 },
    });
    const yen = product({ price: { amount: 1500, currency: 'JPY' }, stock: 3, imageUrl: '/a.png' });
    expect(toDraft(yen).price).to.equal('1500');
    expect(parseDraft({ ...toDraft(yen), price: '1600', stock: '', imageUrl: '' }, yen)).to.deep.equal({
      patch: { price: { amount: 1600, currency: 'JPY' }, stock: null, imageUrl: null },
    });
    expect(parseDraft({ ...toDraft(yen), price: '15.5' }, yen)).to.have.nested.property('errors.price');
  });
});
