import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeClient, message, product, cardsSettled } from '../test/fixtures.js';
import type { LiveShopChat } from '../chat/chat.js';
import type { LiveShopViewer } from './viewer.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const cards = (el: HTMLElement) => [...root(el).querySelectorAll('live-shop-product-card:not(.leaving)')];
const chatOf = (el: HTMLElement) => root(el).querySelector<LiveShopChat>('live-shop-chat')!;

function liveShow() {
  return new FakeClient({
    title: 'Summer drop',
    status: 'live',
    viewers: 12,
    products: [product(), product({ id: 'p2', title: 'Straw hat' })],
    pins: { productIds: ['p2'], at: 1 },
    chat: [message()],
  });
}

describe('<live-shop-viewer>', () => {
  beforeEach(() => localStorage.removeItem('live-shop:name'));

  it('shows an error state when the server cannot be reached', async () => {
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer server="http://127.0.0.1:9" show="nope"></live-shop-viewer>`,
    );
    await waitUntil(() => root(el).querySelector('[role="alert"]'), 'no error shown', { timeout: 8000 });
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain("Can't reach the live show");
  });

  it('says clearly when the show does not exist', async () => {
    const client = new FakeClient({ connection: 'error', ready: false, error: { code: 'not_found', message: 'x' } });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="gone" .client=${client.asClient}></live-shop-viewer>`,
    );
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.equal('This show does not exist or was removed');
    expect(root(el).querySelector('live-shop-player')).to.equal(null);
  });

  it('renders header, stage, pinned products and chat from the client state', async () => {
    const client = liveShow();
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" server="https://shop.example" .client=${client.asClient}></live-shop-viewer>`,
    );
    const header = root(el).querySelector('[part="header"]')!.textContent!;
    expect(header).to.contain('Summer drop');
    expect(header).to.contain('Live');
    expect(header).to.contain('12 watching');
    expect(root(el).querySelector('live-shop-player')!.status).to.equal('live');
    expect(cards(el).map((c) => (c as HTMLElement & { product: { id: string } }).product.id)).to.deep.equal(['p2']);
    expect(cards(el)[0]!.getAttribute('show')).to.equal('s1');
    expect(chatOf(el).messages).to.have.length(1);
    for (const p of ['base', 'header', 'stage', 'products', 'chat'])
      expect(root(el).querySelector(`[part="${p}"]`)).to.exist;
    // Check contrast once the cards' entrance animation is over.
    await cardsSettled(el);
    await expect(el).to.be.accessible();
  });

  it('follows pin changes and status changes', async () => {
    const client = liveShow();
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    client.set({ pins: { productIds: ['p1', 'p2'], at: 2 } });
    await el.updateComplete;
    expect(cards(el)).to.have.length(2);
    client.set({ pins: { productIds: [], at: 3 }, status: 'ended' });
    await el.updateComplete;
    expect(cards(el)).to.have.length(0);
    expect(root(el).querySelector('live-shop-player')!.status).to.equal('ended');
    expect(chatOf(el).disabled).to.equal(true);
  });

  it('sends chat through the client and remembers the picked name', async () => {
    const client = liveShow();
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    const chat = chatOf(el);
    chat.dispatchEvent(
      new CustomEvent('live-shop-chat-name-change', { detail: { name: 'Dee' }, bubbles: true, composed: true }),
    );
    chat.dispatchEvent(
      new CustomEvent('live-shop-chat-send', { detail: { text: 'hi' }, bubbles: true, composed: true }),
    );
    expect(client.calls).to.deep.equal([
      ['setName', 'Dee'],
      ['sendChat', 'hi'],
    ]);
    expect(localStorage.getItem('live-shop:name')).to.equal('Dee');
    await el.updateComplete;
    expect(chat.name).to.equal('Dee');
  });

  it('shows a failed send in the chat and gives the draft back', async () => {
    const client = liveShow();
    client.fail = { code: 'rate_limited', message: 'Too many messages: try again in 3 s' };
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    const chat = chatOf(el);
    chat.name = 'Dee';
    await chat.updateComplete;
    const input = root(chat).querySelector<HTMLInputElement>('#text')!;
    input.value = 'spam';
    input.dispatchEvent(new InputEvent('input'));
    input.form!.requestSubmit();
    await waitUntil(() => chat.error);
    expect(chat.error).to.equal('Too many messages: try again in 3 s', "the server's sentence says how long to wait");
    await chat.updateComplete;
    expect(input.value).to.equal('spam');
    // Again, with the same refusal: the draft comes back again.
    input.form!.requestSubmit();
    await chat.updateComplete;
    expect(input.value).to.equal('');
    await waitUntil(() => input.value === 'spam', 'the draft comes back a second time');
    expect(client.calls.filter(([name]) => name === 'sendChat')).to.have.length(2);
  });

  it('hides the chat with no-chat', async () => {
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer no-chat show="s1" .client=${liveShow().asClient}></live-shop-viewer>`,
    );
    expect(el.noChat).to.equal(true);
    expect(root(el).querySelector('live-shop-chat')).to.equal(null);
  });
});

describe('<live-shop-viewer> pins in step with the video', () => {
  const ids = (el: HTMLElement) => cards(el).map((c) => (c as HTMLElement & { product: { id: string } }).product.id);
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  /** A stand-in for the player's clock: the test sets the program date time on screen. */
  function stubPlayer(el: HTMLElement, pdt: { value: number | null; latency?: number | null }) {
    const player = root(el).querySelector('live-shop-player')!;
    Object.defineProperty(player, 'currentPdt', { get: () => pdt.value, configurable: true });
    Object.defineProperty(player, 'latency', { get: () => pdt.latency ?? null, configurable: true });
  }
  function videoShow() {
    return new FakeClient({
      status: 'live',
      playback: { kind: 'hls', url: '/__no-such-stream/viewer.m3u8' },
      products: [product(), product({ id: 'p2', title: 'Straw hat' }), product({ id: 'p3', title: 'Tote' })],
      pins: { productIds: [], at: 1000 },
    });
  }
  // Not a real playback: the stub player stands for it, and no engine must be fetched for this test.
  before(() => customElements.whenDefined('live-shop-player'));

  it('passes the playback to the player, with HLS URLs resolved against the server', async () => {
    const client = videoShow();
    client.set({ status: 'scheduled', playback: { kind: 'hls', url: '/hls/s1/index.m3u8', lowLatency: true } });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" server="https://shop.example" .client=${client.asClient}></live-shop-viewer>`,
    );
    expect(root(el).querySelector('live-shop-player')!.playback).to.deep.equal({
      kind: 'hls',
      url: 'https://shop.example/hls/s1/index.m3u8',
      lowLatency: true,
    });
  });

  it('shows a pin only once the frame on screen reaches its time', async () => {
    const client = videoShow();
    client.set({ status: 'scheduled' }); // no engine while the stub is installed
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    const base = Date.now();
    const pdt = { value: base as number | null };
    stubPlayer(el, pdt);
    client.set({ status: 'live' });
    client.set({ pins: { productIds: ['p1'], at: base + 1000 } });
    await el.updateComplete;
    await frames();
    expect(ids(el)).to.deep.equal([]); // the presenter pinned it 1 s after the frame on screen
    pdt.value = base + 999;
    await frames();
    await el.updateComplete;
    expect(ids(el)).to.deep.equal([]);
    pdt.value = base + 1000;
    await waitUntil(() => ids(el).join() === 'p1', 'the card appears with the frame');
  });

  it('applies pins at once when there is no video', async () => {
    const client = videoShow();
    client.set({ status: 'starting' });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    stubPlayer(el, { value: 0 });
    client.set({ pins: { productIds: ['p2'], at: 9e12 } });
    await el.updateComplete;
    expect(ids(el)).to.deep.equal(['p2']);
  });

  it('falls back to the measured latency when the stream has no program date time', async () => {
    const client = videoShow();
    client.set({ status: 'scheduled' });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    const clock = { value: null as number | null, latency: 0.4 };
    stubPlayer(el, clock);
    client.set({ status: 'live' });
    const at = Date.now();
    client.set({ pins: { productIds: ['p3'], at } });
    await el.updateComplete;
    expect(ids(el)).to.deep.equal([]);
    await waitUntil(() => ids(el).join() === 'p3', 'shown after the latency', { timeout: 2000 });
    expect(Date.now() - at).to.be.at.least(350);
  });

  it('loses nothing when several pins and unpins queue up', async () => {
    const client = videoShow();
    client.set({ status: 'scheduled' });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    const base = Date.now();
    const pdt = { value: base as number | null };
    stubPlayer(el, pdt);
    client.set({ status: 'live' });
    // Events arrive faster than renders: each one goes through the client's `pins` event.
    const states = [
      { productIds: ['p1'], at: base + 2000 },
      { productIds: ['p1', 'p2'], at: base + 3000 },
      { productIds: ['p2'], at: base + 4000 },
      { productIds: ['p2', 'p3'], at: base + 5000 },
    ];
    for (const pins of states) {
      client.state = { ...client.state, pins };
      client.dispatchEvent(new CustomEvent('pins', { detail: pins }));
    }
    client.set({});
    const seen: string[] = [];
    for (const t of [2000, 3000, 4000, 5000].map((d) => base + d)) {
      pdt.value = t;
      await waitUntil(
        () => ids(el).sort().join() === states.find((s) => s.at === t)!.productIds.join(),
        `state at ${t}`,
      );
      seen.push(ids(el).sort().join());
    }
    expect(seen).to.deep.equal(['p1', 'p1,p2', 'p2', 'p2,p3']);
  });
});
