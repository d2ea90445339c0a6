import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Poll } from '@live-shop/protocol';
import { FakeClient } from '../test/fixtures.js';
import { loadOverlays } from '../shared/parts.js';
import type { LiveShopOverlays, ReplayPoll } from './overlays.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const part = (el: HTMLElement, name: string) => root(el).querySelector<HTMLElement>(`[part="${name}"]`);
const parts = (el: HTMLElement, name: string) => [...root(el).querySelectorAll<HTMLElement>(`[part="${name}"]`)];
const spoken = (el: HTMLElement) => text(root(el).querySelector('.poll [role="status"].visually-hidden'));

const poll = (over: Partial<Poll> = {}): Poll => ({
  id: 'p1',
  question: 'Which colour next?',
  options: ['Red', 'Blue'],
  counts: [1, 3],
  total: 4,
  openedAt: 1_000_000,
  endsAt: 1_090_000,
  closedAt: null,
  ...over,
});

describe('<live-shop-overlays> a timed poll’s countdown', () => {
  before(() => loadOverlays());

  it('follows the picture on screen, not the wall clock: the time left is the picture’s', async () => {
    // The picture trails the wall clock by 30 s; the poll ends 10 s ago by the wall clock, 20 s ahead on screen.
    const picture = Date.now() - 30_000;
    const client = new FakeClient({
      status: 'live',
      playback: { kind: 'hls', url: '/hls/s1/live.m3u8' },
      poll: poll({ openedAt: picture - 5000, endsAt: picture + 20_000 }),
    });
    const wrap = await fixture<HTMLDivElement>(
      html`<div><live-shop-player></live-shop-player><live-shop-overlays .client=${client.asClient}></live-shop-overlays></div>`,
    );
    const player = wrap.querySelector('live-shop-player')!;
    Object.defineProperty(player, 'currentPdt', { get: () => picture, configurable: true });
    const el = wrap.querySelector<LiveShopOverlays>('live-shop-overlays')!;
    el.requestUpdate();
    await el.updateComplete;
    expect(text(part(el, 'poll-timer'))).to.equal('0:20 left');
    expect(part(el, 'poll-timer')!.getAttribute('role')).to.equal('timer');
    expect(parts(el, 'poll-option'), 'still open on screen: the viewer may vote').to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it('says the time left politely at a few thresholds only, never every second', async () => {
    const client = new FakeClient();
    const el = await fixture<LiveShopOverlays>(
      html`<live-shop-overlays .client=${client.asClient}></live-shop-overlays>`,
    );
    const at = async (time: number) => {
      el.replay = { poll: poll(), time } satisfies ReplayPoll;
      await el.updateComplete;
    };
    await at(1_090_000 - 75_000);
    expect(text(part(el, 'poll-timer'))).to.equal('1:15 left');
    expect(spoken(el), 'nothing said yet').to.equal('');
    await at(1_090_000 - 60_000);
    expect(spoken(el)).to.equal('1 minute left');
    const region = root(el).querySelector('.poll [role="status"].visually-hidden')!;
    await at(1_090_000 - 59_000);
    await at(1_090_000 - 41_000);
    expect(spoken(el), 'the seconds between thresholds are not announced').to.equal('1 minute left');
    expect(text(part(el, 'poll-timer'))).to.equal('0:41 left');
    await at(1_090_000 - 30_000);
    expect(spoken(el)).to.equal('30 seconds left');
    await at(1_090_000 - 9_500);
    expect(spoken(el)).to.equal('10 seconds left');
    expect(root(el).querySelector('.poll [role="status"].visually-hidden')).to.equal(region, 'one live region, kept');
    await expect(el).to.be.accessible();
  });

  it('the timer bar animates only without a reduced-motion preference', async () => {
    const client = new FakeClient();
    const el = await fixture<LiveShopOverlays>(
      html`<live-shop-overlays .client=${client.asClient}></live-shop-overlays>`,
    );
    el.replay = { poll: poll(), time: 1_045_000 };
    await el.updateComplete;
    const bar = part(el, 'poll-timer-bar')!;
    expect(bar.style.inlineSize).to.equal('50%', 'half the poll’s time left');
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    expect(getComputedStyle(bar).transitionDuration).to.equal(reduced ? '0s' : '1s');
  });

  it('in a replay: the poll shows its final results read-only, closed ones as final, none without one', async () => {
    const client = new FakeClient({ poll: poll({ closedAt: 1_090_000 }) });
    const el = await fixture<LiveShopOverlays>(
      html`<live-shop-overlays .client=${client.asClient}></live-shop-overlays>`,
    );
    el.replay = { poll: poll(), time: 1_010_000 };
    await el.updateComplete;
    expect(parts(el, 'poll-option'), 'no voting in a replay').to.have.length(0);
    expect(parts(el, 'poll-result').map(text)).to.deep.equal(['Red: 25%', 'Blue: 75%']);
    expect(text(root(el).querySelector('.label'))).to.equal('Poll');
    expect(text(part(el, 'poll-timer'))).to.equal('1:20 left');
    await expect(el).to.be.accessible();
    el.replay = { poll: poll({ closedAt: 1_090_000 }), time: 1_091_000 };
    await el.updateComplete;
    expect(text(root(el).querySelector('.label'))).to.equal('Final results');
    expect(part(el, 'poll-timer')).to.equal(null);
    el.replay = { poll: null, time: 1_100_000 };
    await el.updateComplete;
    expect(part(el, 'poll'), 'the live state’s poll is not shown in a replay').to.equal(null);
  });

  it('speaks the page’s language', async () => {
    const client = new FakeClient();
    const el = await fixture<HTMLDivElement>(
      html`<div lang="de"><live-shop-overlays .client=${client.asClient}></live-shop-overlays></div>`,
    ).then((d) => d.querySelector('live-shop-overlays')!);
    el.replay = { poll: poll(), time: 1_090_000 - 61_000 };
    await el.updateComplete;
    el.replay = { poll: poll(), time: 1_090_000 - 60_000 };
    await waitUntil(() => text(part(el, 'poll-timer')) === 'Noch 1:00', 'German');
    expect(spoken(el)).to.equal('Noch 1 Minute');
  });
});
