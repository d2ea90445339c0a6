import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Clip, TimelinePage } from '@live-shop/protocol';
import { FakeClient, json, product, stubClipboard, stubFetch } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const panel = (el: HTMLElement) => root(el).querySelector<HTMLElement>('[part="clips"]');
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const T0 = 1_700_000_000_000;
/** The kettle is pinned from 64 s to 100 s, then the mug until the end. */
const TIMELINE: TimelinePage = {
  showId: 's1',
  startedAt: T0,
  next: null,
  entries: [
    { kind: 'status', id: 's', at: T0, t: 0, status: 'live' },
    { kind: 'pins', id: 'a', at: T0 + 64_000, t: 64_000, productIds: ['kettle'] },
    { kind: 'pins', id: 'b', at: T0 + 100_000, t: 100_000, productIds: ['mug'] },
    { kind: 'status', id: 'e', at: T0 + 200_000, t: 200_000, status: 'ended' },
  ],
};
const clip = (over: Partial<Clip> = {}): Clip => ({
  id: 'c1',
  showId: 's1',
  productId: 'kettle',
  startMs: 64_000,
  endMs: 94_000,
  status: 'processing',
  playback: null,
  createdAt: T0 + 300_000,
  ...over,
});

const endedShow = (role: 'host' | 'moderator' = 'host') => {
  const client = new FakeClient({
    title: 'Kettle hour',
    status: 'ended',
    role,
    products: [product({ id: 'kettle', title: 'Gooseneck kettle' }), product({ id: 'mug', title: 'Mug' })],
  });
  Object.assign(client, { options: { ...client.options, token: 'host-token' } });
  return client;
};

describe('<live-shop-studio> clips, after the show', () => {
  before(() => loadStudio());

  it('offers Make clip for each pinned moment over its span, then lists the clip with its embed code', async () => {
    let listed: Clip[] = [];
    const fetched = stubFetch((call) => {
      if (call.url.includes('/timeline')) return json(TIMELINE);
      if (call.init.method === 'POST') return json((listed = [clip()])[0], 201);
      return json({ clips: listed });
    });
    const clipboard = stubClipboard();
    try {
      const el = await fixture<LiveShopStudio>(
        html`<live-shop-studio show="s1" .client=${endedShow().asClient}></live-shop-studio>`,
      );
      await waitUntil(() => panel(el)?.querySelectorAll('form').length === 2, 'one row per pinned moment');
      const [kettle, mug] = [...panel(el)!.querySelectorAll('form')];
      expect(kettle!.getAttribute('aria-label')).to.equal('Gooseneck kettle · 1:04');
      const seconds = (form: Element) =>
        [...form.querySelectorAll<HTMLInputElement>('input')].map((i) => Number(i.value));
      expect(seconds(kettle!), 'from the pin until the kettle left the screen').to.deep.equal([64, 100]);
      expect(seconds(mug!), 'pinned to the end: thirty seconds').to.deep.equal([100, 130]);

      kettle!.querySelector<HTMLInputElement>('input[name="end"]')!.value = '80.5';
      kettle!.querySelector('button')!.click();
      await waitUntil(() => fetched.calls.some((c) => c.init.method === 'POST'), 'the clip is asked for');
      const post = fetched.calls.find((c) => c.init.method === 'POST')!;
      expect(post.url).to.equal('https://live.example/api/shows/s1/clips');
      expect(post.body).to.deep.equal({ productId: 'kettle', start: 64_000, end: 80_500 });
      expect((post.init.headers as Record<string, string>).authorization).to.equal('Bearer host-token');
      await waitUntil(() => text(panel(el)).includes('Preparing…'), 'listed while it is cut');

      listed = [clip({ status: 'ready', playback: { kind: 'hls', url: '/hls/s1/clips/c1/clip.m3u8' } })];
      await waitUntil(() => text(panel(el)).includes('Ready'), 'ready after the next look', { timeout: 6000 });
      const copy = [...panel(el)!.querySelectorAll('button')].find((b) => b.textContent === 'Copy embed')!;
      copy.click();
      await waitUntil(() => clipboard.copied.length === 1, 'copied');
      expect(clipboard.copied[0]).to.equal(
        '<live-shop-viewer server="https://live.example" clip="c1"></live-shop-viewer>',
      );
    } finally {
      fetched.restore();
      clipboard.restore();
    }
  });

  it('is not there while the show runs, nor for a moderator', async () => {
    const fetched = stubFetch(() => json(TIMELINE));
    try {
      const live = endedShow();
      live.set({ status: 'live' });
      const el = await fixture<LiveShopStudio>(
        html`<live-shop-studio show="s1" .client=${live.asClient}></live-shop-studio>`,
      );
      const mod = await fixture<LiveShopStudio>(
        html`<live-shop-studio show="s1" .client=${endedShow('moderator').asClient}></live-shop-studio>`,
      );
      await new Promise((r) => setTimeout(r, 100));
      expect(panel(el)).to.equal(null);
      expect(panel(mod)).to.equal(null);
      expect(fetched.calls).to.have.length(0);
    } finally {
      fetched.restore();
    }
  });
});
