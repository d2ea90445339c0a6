import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { FakeClient, message, product } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import { CARD_PARTS, CHAT_PARTS, PLAYER_PARTS, REACTIONS_PARTS } from './exported-parts.js';

const MARK = 'rgb(1, 2, 3)';

/** `inner:outer` pairs of an `exportparts` value. */
const pairs = (value: string) => value.split(',').map((m) => m.trim().split(':') as [string, string]);

/**
 * Styles every exported name from the page, as a merchant would (`live-shop-viewer::part(card-buy-button)`),
 * and returns the inner parts (rendered in `inner`'s shadow root) the rule reached, and those it did not.
 */
async function styleThrough(outer: HTMLElement, inner: HTMLElement, exported: string) {
  const sheet = document.createElement('style');
  const tag = outer.localName;
  sheet.textContent = pairs(exported)
    .map(([, name]) => `${tag}::part(${name}) { outline-color: ${MARK}; }`)
    .join('\n');
  document.head.append(sheet);
  try {
    const reached: string[] = [];
    const missed: string[] = [];
    for (const [part] of pairs(exported)) {
      for (const node of inner.shadowRoot!.querySelectorAll(`[part~="${part}"]`)) {
        (getComputedStyle(node).outlineColor === MARK ? reached : missed).push(part);
      }
    }
    return { reached: [...new Set(reached)], missed };
  } finally {
    sheet.remove();
  }
}

describe('parts of inner elements, styled through the outer one', () => {
  afterEach(() => fixtureCleanup());

  it('live-shop-viewer::part(card-*), (chat-*), (player-*) and (reactions-*) reach the cards, the chat, the player and the reactions', async () => {
    const client = new FakeClient({
      status: 'live',
      products: [product({ imageUrl: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=', stock: 3 })],
      pins: { productIds: ['p1'], at: 1 },
      chat: [message({ role: 'host' })],
      settings: { socialProof: false, slowModeSeconds: 0, reactions: ['heart'] },
    });
    const el = await fixture<HTMLElement>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    // Reactions come in their own chunk, once the viewer sees a live show with reactions on.
    await customElements.whenDefined('live-shop-reactions');
    const inner = (tag: string) =>
      el.shadowRoot!.querySelector<HTMLElement & { updateComplete: Promise<unknown> }>(tag)!;
    await Promise.all(
      ['live-shop-product-card', 'live-shop-chat', 'live-shop-player', 'live-shop-reactions'].map(
        (t) => inner(t).updateComplete,
      ),
    );

    const card = await styleThrough(el, inner('live-shop-product-card'), CARD_PARTS);
    expect(card.missed).to.deep.equal([]);
    expect(card.reached).to.include.members(['base', 'image', 'title', 'price', 'stock', 'description', 'buy-button']);

    const chat = await styleThrough(el, inner('live-shop-chat'), CHAT_PARTS);
    expect(chat.missed).to.deep.equal([]);
    expect(chat.reached).to.include.members(['base', 'log', 'message', 'badge', 'form', 'input', 'send-button']);

    const player = await styleThrough(el, inner('live-shop-player'), PLAYER_PARTS);
    expect(player.missed).to.deep.equal([]);
    expect(player.reached).to.include.members(['base', 'video', 'live-badge']);

    const reactions = await styleThrough(el, inner('live-shop-reactions'), REACTIONS_PARTS);
    expect(reactions.missed).to.deep.equal([]);
    expect(reactions.reached).to.include.members(['base', 'button', 'layer']);
  });

  it('a page rule on live-shop-viewer::part(card-buy-button) styles every Buy now button, and nothing else', async () => {
    const client = new FakeClient({
      status: 'live',
      products: [product(), product({ id: 'p2' })],
      pins: { productIds: ['p1', 'p2'], at: 1 },
    });
    const el = await fixture<HTMLElement>(html`<div>
      <style>
        live-shop-viewer::part(card-buy-button) {
          background-color: ${MARK};
        }
      </style>
      <live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>
    </div>`);
    const viewer = el.querySelector('live-shop-viewer')!;
    const cards = [
      ...viewer.shadowRoot!.querySelectorAll<HTMLElement & { updateComplete: Promise<unknown> }>(
        'live-shop-product-card',
      ),
    ];
    await Promise.all(cards.map((c) => c.updateComplete));
    expect(cards).to.have.length(2);
    for (const c of cards) {
      expect(getComputedStyle(c.shadowRoot!.querySelector('[part="buy-button"]')!).backgroundColor).to.equal(MARK);
      expect(getComputedStyle(c.shadowRoot!.querySelector('[part="base"]')!).backgroundColor).to.not.equal(MARK);
    }
  });

  it('live-shop-studio::part(chat-*) reaches its chat', async () => {
    await loadStudio();
    const client = new FakeClient({ role: 'host', status: 'live', chat: [message({ id: 'm1', name: 'Troll' })] });
    const el = await fixture<HTMLElement>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    const chat = el.shadowRoot!.querySelector<HTMLElement & { updateComplete: Promise<unknown> }>('live-shop-chat')!;
    await chat.updateComplete;
    const result = await styleThrough(el, chat, CHAT_PARTS);
    expect(result.missed).to.deep.equal([]);
    expect(result.reached).to.include.members(['base', 'log', 'message', 'input', 'send-button']);
  });
});
