import { expect, fixture, html, waitUntil } from '@open-wc/testing';
// What the docs allow: the package index, and only the viewer registered by the page (no define.js).
import { LiveShopClient, LiveShopViewer, type Product } from '../index.js';
import { liveServer } from '../test/live-server.js';

const root = (el: Element) => el.shadowRoot!;
const TAGS = ['live-shop-player', 'live-shop-product-card', 'live-shop-chat'];

/** A show on the real reference server with its first product pinned. */
async function pinnedShow() {
  const server = await liveServer();
  const show = await server.createShow();
  const host = new LiveShopClient({ server: server.url, show: show.id, token: show.hostToken });
  host.connect();
  await waitUntil(() => host.state.ready, 'host connected', { timeout: 8000 });
  const first = host.state.products[0]!;
  await host.pin(first.id);
  host.close();
  return { url: server.url, id: show.id, first };
}

describe('<live-shop-viewer> registered alone', () => {
  it('defines the parts it renders, so the page shows the stage, the cards and the chat', async () => {
    expect(
      TAGS.filter((tag) => customElements.get(tag)),
      'nothing else registered before',
    ).to.deep.equal([]);
    customElements.define('live-shop-viewer', LiveShopViewer);
    const show = await pinnedShow();
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer style="width: 900px" server=${show.url} show=${show.id}></live-shop-viewer>`,
    );
    await waitUntil(() => root(el).querySelector('live-shop-product-card'), 'the pinned card shows', { timeout: 8000 });
    expect(TAGS.filter((tag) => customElements.get(tag))).to.deep.equal(TAGS);
    const player = root(el).querySelector('live-shop-player')!;
    const card = root(el).querySelector('live-shop-product-card')!;
    const chat = root(el).querySelector('live-shop-chat')!;
    await waitUntil(() => root(card).querySelector('[part="buy-button"]'), 'the card renders');
    expect(root(card).querySelector('[part="buy-button"]')!.textContent!.trim()).to.equal('Buy now');
    expect(root(chat).querySelector('[part="send-button"]')!.textContent!.trim()).to.equal('Send');
    expect(player.getBoundingClientRect().height, 'a 16:9 stage, not an empty box').to.be.greaterThan(300);
    expect(el.getBoundingClientRect().height).to.be.greaterThan(300);
  });
});

describe('<live-shop-viewer> development warnings', () => {
  let warnings: string[] = [];
  const warn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  });
  afterEach(() => (console.warn = warn));

  it('warns once when a hydrated price differs from the price checkout will charge', async () => {
    const show = await pinnedShow();
    const hook = (p: Product) => ({ price: { amount: p.price.amount - 1000, currency: p.price.currency } });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer server=${show.url} show=${show.id} .hydrateProduct=${hook}></live-shop-viewer>`,
    );
    await waitUntil(() => warnings.length, 'a warning', { timeout: 8000 });
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain(`"${show.first.title}" at €39.00, but checkout will charge €49.00`);
    el.rehydrate();
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    expect(warnings, 'once, however many products and renders').to.have.length(1);
  });

  it('says nothing when the hydrated price is the one checkout charges', async () => {
    const show = await pinnedShow();
    const hook = (p: Product) => ({ title: `${p.title} (ours)`, price: { ...p.price } });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer server=${show.url} show=${show.id} .hydrateProduct=${hook}></live-shop-viewer>`,
    );
    await waitUntil(
      () =>
        root(el)
          .querySelector<HTMLElement & { product?: Product }>('live-shop-product-card')
          ?.product?.title.endsWith('(ours)'),
      'hydrated',
      {
        timeout: 8000,
      },
    );
    expect(warnings).to.deep.equal([]);
  });
});
