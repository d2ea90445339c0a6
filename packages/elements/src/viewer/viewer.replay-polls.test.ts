import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Poll, TimelinePage } from '@live-shop/protocol';
import type { LiveShopPlayer } from '../player/player.js';
import { FakeClient, json, stubFetch } from '../test/fixtures.js';
import type { LiveShopViewer } from './viewer.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const overlays = (el: HTMLElement) => root(el).querySelector('live-shop-overlays');
const inPoll = (el: HTMLElement, selector: string) =>
  overlays(el)?.shadowRoot?.querySelector(`[part="poll"] ${selector}`);
const allIn = (el: HTMLElement, selector: string) => [
  ...(overlays(el)?.shadowRoot?.querySelectorAll(`[part="poll"] ${selector}`) ?? []),
];

const T0 = 1_700_000_000_000;
/** A 3 s timed poll opened 1 s into the show; its final counts in the timeline. */
const POLL: Poll = {
  id: 'q1',
  question: 'Which colour next?',
  options: ['Red', 'Blue'],
  counts: [1, 3],
  total: 4,
  openedAt: T0 + 1000,
  endsAt: T0 + 4000,
  closedAt: T0 + 4000,
};
const TIMELINE: TimelinePage = {
  showId: 's1',
  startedAt: T0,
  next: null,
  entries: [
    { kind: 'status', id: 's', at: T0, t: 0, status: 'live' },
    { kind: 'poll', id: 'q1', at: T0 + 1000, t: 1000, poll: POLL },
    { kind: 'status', id: 'e', at: T0 + 20_000, t: 20_000, status: 'ended' },
  ],
};
/** The ended show's live state has a later poll: the replay must not show it at other moments. */
const endedShow = () =>
  new FakeClient({
    status: 'ended',
    playback: { kind: 'hls', url: '/hls/s1/recording.m3u8' },
    poll: { ...POLL, id: 'q2', question: 'Last one?', openedAt: T0 + 15_000, endsAt: null, closedAt: T0 + 16_000 },
  });

describe('<live-shop-viewer> replay: polls at their moments', () => {
  it('shows a poll from its opening (read-only, final counts, counting down), its final results after it closed, then none; seeking either way', async () => {
    const fetched = stubFetch(() => json(TIMELINE), /\/api\/shows\/s1\/timeline/);
    try {
      const el = await fixture<LiveShopViewer>(
        html`<live-shop-viewer show="s1" .client=${endedShow().asClient}></live-shop-viewer>`,
      );
      await waitUntil(() => fetched.calls.length === 1, 'the timeline is read once the show ended');
      await waitUntil(() => text(inPoll(el, 'h3')) === 'Last one?', 'before the replay plays: the live state');

      const player = root(el).querySelector<LiveShopPlayer>('live-shop-player')!;
      let clock = T0 + 500;
      const video = document.createElement('video');
      Object.defineProperty(player, 'video', { get: () => video, configurable: true });
      Object.defineProperty(player, 'currentPdt', { get: () => clock, configurable: true });
      const at = async (time: number, expected: string, what: string) => {
        clock = time;
        const seen = () =>
          [text(inPoll(el, 'h3')), text(inPoll(el, '.label')), text(inPoll(el, '[part="poll-timer"]'))]
            .filter(Boolean)
            .join(' | ');
        await waitUntil(() => seen() === expected, `${what}: ${seen()}`, { timeout: 2000 });
      };
      await at(T0 + 500, '', 'before the poll opened');
      await at(T0 + 1000, 'Which colour next? | Poll | 0:03 left', 'at its opening, with its timer');
      expect(allIn(el, '[part="poll-option"]'), 'no voting in a replay').to.have.length(0);
      expect(allIn(el, '[part="poll-result"]').map(text)).to.deep.equal(['Red: 25%', 'Blue: 75%']);
      await expect(el).to.be.accessible();
      await at(T0 + 2200, 'Which colour next? | Poll | 0:02 left', 'the countdown follows the picture');
      await at(T0 + 4500, 'Which colour next? | Final results', 'closed at its moment: final results');
      await at(T0 + 10_000, '', 'gone a few seconds after it closed');
      await at(T0 + 1500, 'Which colour next? | Poll | 0:03 left', 'seek back: open again');
      await at(T0 + 300, '', 'seek back before it: none');
      await at(T0 + 4100, 'Which colour next? | Final results', 'seek forward past its close');
      expect(fetched.calls).to.have.length(1, 'seeking reads no timeline again');
    } finally {
      fetched.restore();
    }
  });
});
