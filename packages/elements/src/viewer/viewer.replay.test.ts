import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TimelineEntry, TimelinePage } from '@live-shop/protocol';
import type { LiveShopChat } from '../chat/chat.js';
import type { LiveShopPlayer } from '../player/player.js';
import type { LiveShopProductCard } from '../product-card/product-card.js';
import { FakeClient, json, message, product, stubFetch, cardsSettled } from '../test/fixtures.js';
import type { LiveShopViewer } from './viewer.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const cards = (el: HTMLElement) =>
  [...root(el).querySelectorAll<LiveShopProductCard>('live-shop-product-card:not(.leaving)')].map((c) => c.product!.id);
const chat = (el: HTMLElement) =>
  root(el)
    .querySelector<LiveShopChat>('live-shop-chat')!
    .messages.map((m) => m.text);

const T0 = 1_700_000_000_000;
const said = (id: string, at: number): TimelineEntry => ({
  kind: 'chat',
  id,
  at,
  t: at - T0,
  message: message({ id, text: id, at }),
});
/** A synthetic show: kettle pinned at 1 s, chat at 1.5 s and 2 s, the mug joins at 3 s, kettle leaves at 5 s. */
const TIMELINE: TimelinePage = {
  showId: 's1',
  startedAt: T0,
  next: null,
  entries: [
    { kind: 'status', id: 's', at: T0, t: 0, status: 'live' },
    { kind: 'pins', id: 'a', at: T0 + 1000, t: 1000, productIds: ['kettle'] },
    said('c1', T0 + 1500),
    said('c2', T0 + 2000),
    { kind: 'pins', id: 'b', at: T0 + 3000, t: 3000, productIds: ['kettle', 'mug'] },
    said('c3', T0 + 4000),
    { kind: 'pins', id: 'c', at: T0 + 5000, t: 5000, productIds: ['mug'] },
    { kind: 'status', id: 'e', at: T0 + 6000, t: 6000, status: 'ended' },
  ],
};

/** An ended show whose live state (the last pins, the last chat) differs from every replay moment. */
const endedShow = () =>
  new FakeClient({
    title: 'Kettle hour',
    status: 'ended',
    playback: { kind: 'hls', url: '/hls/s1/recording.m3u8' },
    products: [product({ id: 'kettle', title: 'Gooseneck kettle' }), product({ id: 'mug', title: 'Mug' })],
    pins: { productIds: [], at: T0 + 5500 },
    chat: [message({ id: 'last', text: 'bye', at: T0 + 5800 })],
  });

describe('<live-shop-viewer> replay (an ended show re-runs its pins and chat)', () => {
  it('shows the cards and chat of the moment on screen, playing, seeking back and forward', async () => {
    const fetched = stubFetch(() => json(TIMELINE), /\/api\/shows\/s1\/timeline/);
    try {
      const el = await fixture<LiveShopViewer>(
        html`<live-shop-viewer show="s1" .client=${endedShow().asClient}></live-shop-viewer>`,
      );
      await waitUntil(() => fetched.calls.length === 1, 'the timeline is read once the show ended');
      expect(cards(el), 'before the replay plays: the live state').to.deep.equal([]);
      expect(chat(el)).to.deep.equal(['bye']);

      // The recording plays (its <video> and program date time stand in: a fake clock).
      const player = root(el).querySelector<LiveShopPlayer>('live-shop-player')!;
      let clock = T0 + 500;
      const video = document.createElement('video');
      Object.defineProperty(player, 'video', { get: () => video, configurable: true });
      Object.defineProperty(player, 'currentPdt', { get: () => clock, configurable: true });
      const at = async (time: number, expected: { cards: string[]; chat: string[] }, what: string) => {
        clock = time;
        await waitUntil(
          () => cards(el).join() === expected.cards.join() && chat(el).join() === expected.chat.join(),
          `${what}: cards ${cards(el)} chat ${chat(el)}`,
          { timeout: 2000 },
        );
      };
      await at(T0 + 500, { cards: [], chat: [] }, 'before the first pin');
      await at(T0 + 1000, { cards: ['kettle'], chat: [] }, 'the pin at its own moment');
      await at(T0 + 2100, { cards: ['kettle'], chat: ['c1', 'c2'] }, 'chat as it was said');
      await at(T0 + 4500, { cards: ['kettle', 'mug'], chat: ['c1', 'c2', 'c3'] }, 'both pinned');
      await at(T0 + 1600, { cards: ['kettle'], chat: ['c1'] }, 'seek back: later cards and chat gone, none twice');
      await at(T0 + 5200, { cards: ['mug'], chat: ['c1', 'c2', 'c3'] }, 'seek forward past an unpin');
      expect(fetched.calls).to.have.length(1, 'seeking reads no timeline again');
      // Buy now on a replay card: the catalog's current product (price, stock).
      const card = root(el).querySelector<LiveShopProductCard>('live-shop-product-card')!;
      expect(card.product!.title).to.equal('Mug');
    } finally {
      fetched.restore();
    }
  });

  it('chapters: each product at its moment under the video and on the seek bar; a press seeks there', async () => {
    const fetched = stubFetch(() => json(TIMELINE), /\/api\/shows\/s1\/timeline/);
    try {
      const el = await fixture<LiveShopViewer>(
        html`<live-shop-viewer show="s1" .client=${endedShow().asClient}></live-shop-viewer>`,
      );
      const chapters = () => [...root(el).querySelectorAll<HTMLButtonElement>('[part="chapter"]')];
      await waitUntil(() => chapters().length === 2, 'the chapters, once the timeline is read');
      expect(chapters().map((c) => c.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal([
        'Gooseneck kettle 0:01',
        'Mug 0:03',
      ]);
      const player = root(el).querySelector<LiveShopPlayer>('live-shop-player')!;
      expect(player.chapters).to.deep.equal([
        { at: T0 + 1000, label: 'Gooseneck kettle' },
        { at: T0 + 3000, label: 'Mug' },
      ]);
      const seeks: number[] = [];
      player.seekTo = (at: number) => void seeks.push(at);
      chapters()[1]!.click();
      expect(seeks).to.deep.equal([T0 + 3000], 'the Mug chapter seeks the replay to its pin');

      // The chapter of what is on screen is the current one.
      let clock = T0 + 3500;
      Object.defineProperty(player, 'video', { get: () => document.createElement('video'), configurable: true });
      Object.defineProperty(player, 'currentPdt', { get: () => clock, configurable: true });
      const current = () => chapters().map((c) => c.getAttribute('aria-current'));
      await waitUntil(() => current().join() === 'true,true', `both on screen: ${current()}`);
      clock = T0 + 5500;
      await waitUntil(() => current().join() === 'false,true', `only the mug: ${current()}`);
      // Contrast is checked on the cards as they stand, not halfway through their entrance.
      await cardsSettled(el);
      await expect(el).to.be.accessible();
    } finally {
      fetched.restore();
    }
  });

  it("Buy now on a replay's card is attributed to the replay; the replay attribute plays it without a press", async () => {
    const fetched = stubFetch((call) => (call.url.includes('/timeline') ? json(TIMELINE) : json({ ok: true })));
    try {
      const el = await fixture<LiveShopViewer>(
        html`<live-shop-viewer show="s1" replay .client=${endedShow().asClient}></live-shop-viewer>`,
      );
      const player = root(el).querySelector<LiveShopPlayer>('live-shop-player')!;
      expect(player.autoReplay, 'the player starts the replay by itself').to.equal(true);
      Object.defineProperty(player, 'video', { get: () => document.createElement('video'), configurable: true });
      Object.defineProperty(player, 'currentPdt', { get: () => T0 + 1200, configurable: true });
      await waitUntil(() => cards(el).join() === 'kettle', 'the kettle card of the moment');
      const card = root(el).querySelector<LiveShopProductCard>('live-shop-product-card')!;
      await card.updateComplete;
      // The page takes Buy now over (its own cart): the click is still counted, from the replay.
      card.addEventListener('live-shop-buy', (e) => e.preventDefault(), { once: true });
      const bought = new Promise<CustomEvent>((resolve) =>
        el.addEventListener('live-shop-buy', (e) => resolve(e as CustomEvent), { once: true }),
      );
      card.shadowRoot!.querySelector<HTMLButtonElement>('[part="buy-button"]')!.click();
      expect((await bought).detail.source).to.equal('replay');
      await waitUntil(() => fetched.calls.some((c) => c.url.includes('/clicks')), 'the click is counted');
      const click = fetched.calls.find((c) => c.url.includes('/clicks'))!;
      expect(click.body).to.deep.include({ productId: 'kettle', source: 'replay' });
    } finally {
      fetched.restore();
    }
  });

  it('a player date stepping back a little while the video plays on does not flicker a card; a seek back is followed', async () => {
    const fetched = stubFetch(() => json(TIMELINE), /\/api\/shows\/s1\/timeline/);
    try {
      const el = await fixture<LiveShopViewer>(
        html`<live-shop-viewer show="s1" .client=${endedShow().asClient}></live-shop-viewer>`,
      );
      await waitUntil(() => fetched.calls.length === 1);
      const player = root(el).querySelector<LiveShopPlayer>('live-shop-player')!;
      const video = { currentTime: 10, seeking: false };
      let clock = T0 + 3050;
      Object.defineProperty(player, 'video', { get: () => video, configurable: true });
      Object.defineProperty(player, 'currentPdt', { get: () => clock, configurable: true });
      await waitUntil(() => cards(el).join() === 'kettle,mug', 'both pinned');
      // A segment boundary: the date reads 150 ms earlier though the video moved on.
      video.currentTime = 10.05;
      clock = T0 + 2900;
      await new Promise((r) => setTimeout(r, 150));
      expect(cards(el)).to.deep.equal(['kettle', 'mug'], 'held: the mug stays');
      // A real seek back: the video's time goes back, and so do the cards.
      video.currentTime = 9.5;
      clock = T0 + 2500;
      await waitUntil(() => cards(el).join() === 'kettle', `seek back followed: ${cards(el)}`);
    } finally {
      fetched.restore();
    }
  });

  it('a show without a timeline (an older server) replays the video alone, with the live state', async () => {
    const fetched = stubFetch(() => json({ error: { code: 'not_found', message: 'No route' } }, 404), /\/timeline/);
    try {
      const el = await fixture<LiveShopViewer>(
        html`<live-shop-viewer show="s1" .client=${endedShow().asClient}></live-shop-viewer>`,
      );
      await waitUntil(() => fetched.calls.length === 1, 'asked');
      const player = root(el).querySelector<LiveShopPlayer>('live-shop-player')!;
      Object.defineProperty(player, 'video', { get: () => document.createElement('video'), configurable: true });
      Object.defineProperty(player, 'currentPdt', { get: () => T0 + 2000, configurable: true });
      await new Promise((r) => setTimeout(r, 100));
      expect(chat(el)).to.deep.equal(['bye']);
    } finally {
      fetched.restore();
    }
  });

  it('a live show reads no timeline', async () => {
    const fetched = stubFetch(() => json(TIMELINE), /\/timeline/);
    try {
      const client = endedShow();
      client.set({ status: 'live' });
      await fixture<LiveShopViewer>(html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`);
      await new Promise((r) => setTimeout(r, 100));
      expect(fetched.calls).to.have.length(0);
    } finally {
      fetched.restore();
    }
  });
});
