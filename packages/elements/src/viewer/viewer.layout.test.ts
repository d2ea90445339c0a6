import { expect, fixture, html } from '@open-wc/testing';
import { FakeClient, product, cardsSettled } from '../test/fixtures.js';
import type { LiveShopViewer } from './viewer.js';

const root = (el: Element) => el.shadowRoot!;

function show(over: ConstructorParameters<typeof FakeClient>[0] = {}) {
  return new FakeClient({
    title: 'Summer drop',
    status: 'live',
    viewers: 12,
    products: [product(), product({ id: 'p2', title: 'Straw hat' })],
    pins: { productIds: ['p1', 'p2'], at: 1 },
    ...over,
  });
}

async function viewer(client: FakeClient, placement?: string) {
  const el = await fixture<LiveShopViewer>(
    html`<live-shop-viewer style="width: 1000px" show="s1" product-placement=${placement ?? 'overlay'} .client=${client.asClient}></live-shop-viewer>`,
  );
  const player = root(el).querySelector('live-shop-player')!;
  await player.updateComplete;
  // Measure where the cards end up, not where their entrance animation starts.
  await cardsSettled(el);
  return {
    el,
    player,
    cards: [...root(el).querySelectorAll('live-shop-product-card')].map((c) => c.getBoundingClientRect()),
  };
}

const intersects = (a: DOMRect, b: DOMRect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

// WCAG 2 relative luminance and contrast ratio of two computed `rgb()` colors.
const rgb = (color: string) => color.match(/[\d.]+/g)!.map(Number) as [number, number, number, number?];
function luminance(color: string): number {
  const [r, g, b] = rgb(color)
    .slice(0, 3)
    .map((v) => {
      const c = v! / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
/** The background a text really sits on: the first opaque one up the composed tree (shadow hosts included). */
function backdrop(node: Element): string {
  for (let el: Element | null = node; el; el = el.parentElement ?? (el.getRootNode() as ShadowRoot).host ?? null) {
    const bg = getComputedStyle(el).backgroundColor;
    if ((rgb(bg)[3] ?? 1) > 0) return bg;
  }
  return 'rgb(255, 255, 255)';
}

describe('<live-shop-viewer> on a real storefront', () => {
  const body = document.body.style;
  afterEach(() => body.removeProperty('background') || body.removeProperty('color'));

  for (const [page, background, color] of [
    ['dark', '#111', '#eee'],
    ['light', '#fff', '#111'],
    ['dark with no text color', '#111', ''],
  ] as const) {
    it(`keeps its header readable on a ${page} page without theming`, async () => {
      body.background = background;
      body.color = color;
      const { el } = await viewer(show());
      for (const sel of ['h2', '.viewers']) {
        const text = root(el).querySelector(sel)!;
        const ratio = contrast(getComputedStyle(text).color, backdrop(text));
        expect(ratio, `${sel} contrast on a ${page} page`).to.be.at.least(4.5);
      }
    });
  }

  it('lets the merchant theme the header with --live-shop-bg and --live-shop-text', async () => {
    const client = show();
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer style="--live-shop-bg: rgb(17, 17, 17); --live-shop-text: rgb(238, 238, 238)" show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    const h2 = root(el).querySelector('h2')!;
    expect([getComputedStyle(h2).color, backdrop(h2)]).to.deep.equal(['rgb(238, 238, 238)', 'rgb(17, 17, 17)']);
  });

  for (const status of ['scheduled', 'starting', 'ended'] as const) {
    it(`never covers the stage's status text with cards (${status})`, async () => {
      const { player, cards } = await viewer(show({ status }));
      const message = root(player).querySelector('[part="message"]')!;
      const texts = [...message.querySelectorAll('p')].map((p) => p.getBoundingClientRect());
      expect(texts.length, 'the status text shows').to.equal(2);
      expect(player.matches(':state(message)'), 'the player says so').to.equal(true);
      expect(cards.length).to.equal(2);
      for (const card of cards)
        for (const text of texts) expect(intersects(card, text), 'a card over the status text').to.equal(false);
    });
  }

  it('lays the cards over the video while it plays (overlay, the default)', async () => {
    const { el, player, cards } = await viewer(show({ status: 'live' }));
    expect(el.getAttribute('product-placement')).to.equal('overlay');
    expect(root(player).querySelector('[part="message"]'), 'no status message').to.equal(null);
    expect(player.matches(':state(message)')).to.equal(false);
    const stage = player.getBoundingClientRect();
    for (const card of cards)
      expect(
        card.bottom <= stage.bottom && card.top >= stage.top && card.left >= stage.left,
        'over the video',
      ).to.equal(true);
  });

  it('puts the cards below the video with product-placement="below"', async () => {
    const { el, player, cards } = await viewer(show({ status: 'live' }), 'below');
    expect(el.productPlacement).to.equal('below');
    const stage = player.getBoundingClientRect();
    expect(cards.length).to.equal(2);
    for (const card of cards) expect(card.top, 'below the video').to.be.at.least(stage.bottom);
  });
});
