import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { Poll } from '@live-shop/protocol';
import { FakeClient, message } from '../test/fixtures.js';
import { loadOverlays } from '../shared/parts.js';
import type { LiveShopOverlays } from './overlays.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const part = (el: HTMLElement, name: string) => root(el).querySelector<HTMLElement>(`[part="${name}"]`);
const parts = (el: HTMLElement, name: string) => [...root(el).querySelectorAll<HTMLElement>(`[part="${name}"]`)];

const poll = (over: Partial<Poll> = {}): Poll => ({
  id: 'p1',
  question: 'Which colour next?',
  options: ['Red', 'Blue', 'Green'],
  counts: [0, 0, 0],
  total: 0,
  openedAt: 1000,
  endsAt: null,
  closedAt: null,
  ...over,
});

async function overlays(client: FakeClient) {
  return fixture<LiveShopOverlays>(html`<live-shop-overlays .client=${client.asClient}></live-shop-overlays>`);
}

describe('<live-shop-overlays>', () => {
  // The viewer defines the tag from its lazy chunk once the show has a poll, a question on air or a banner.
  before(() => loadOverlays());

  it('offers the open poll as named buttons; a pick fires live-shop-vote and votes with the client', async () => {
    const client = new FakeClient({ poll: poll() });
    const el = await overlays(client);
    const group = root(el).querySelector('[role="group"]')!;
    expect(text(root(el).querySelector(`#${group.getAttribute('aria-labelledby')}`))).to.equal('Which colour next?');
    expect(parts(el, 'poll-option').map(text)).to.deep.equal(['Red', 'Blue', 'Green']);
    await expect(el).to.be.accessible();
    setTimeout(() => parts(el, 'poll-option')[1]!.click());
    const event = await oneEvent(el, 'live-shop-vote');
    expect(event.detail).to.deep.equal({ pollId: 'p1', option: 1 });
    expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
    await waitUntil(() => client.calls.some(([name]) => name === 'vote'), 'the vote sent');
    expect(client.calls.find(([name]) => name === 'vote')).to.deep.equal(['vote', 'p1', 1]);
  });

  it('a page that cancels live-shop-vote keeps the vote to itself', async () => {
    const client = new FakeClient({ poll: poll() });
    const el = await overlays(client);
    el.addEventListener('live-shop-vote', (e) => e.preventDefault());
    parts(el, 'poll-option')[0]!.click();
    await el.updateComplete;
    expect(client.calls.some(([name]) => name === 'vote')).to.equal(false);
  });

  it('after a vote shows results with percentages and the viewer’s choice, announced politely', async () => {
    const client = new FakeClient({ poll: poll() });
    const el = await overlays(client);
    client.set({
      you: { viewerId: 'v:1', name: null, verified: false, restriction: null, vote: { pollId: 'p1', option: 1 } },
    });
    const results = poll({ counts: [1, 3, 0], total: 4 });
    client.set({ poll: results });
    client.dispatchEvent(new CustomEvent('poll', { detail: { poll: results, at: 2000 } }));
    await waitUntil(() => parts(el, 'poll-result').length === 3, 'results');
    expect(parts(el, 'poll-result').map(text)).to.deep.equal(['Red: 25%', 'Blue: 75% Your vote', 'Green: 0%']);
    const status = root(el).querySelector('.total')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(text(status)).to.equal('Vote counted. Thank you! 4 votes');
    expect(part(el, 'poll-option')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows a closed poll as final results that the viewer may hide', async () => {
    const client = new FakeClient({ poll: poll({ counts: [2, 0, 0], total: 2, closedAt: 5000 }) });
    const el = await overlays(client);
    expect(text(root(el).querySelector('.label'))).to.equal('Final results');
    expect(parts(el, 'poll-result')).to.have.length(3);
    const hide = root(el).querySelector<HTMLButtonElement>('button.hide')!;
    expect(text(hide)).to.equal('Hide poll');
    await expect(el).to.be.accessible();
    hide.click();
    await el.updateComplete;
    expect(part(el, 'poll')).to.equal(null);
  });

  it('shows the banner and the question on air, and follows their changes', async () => {
    const client = new FakeClient({
      announcement: { text: 'Free shipping tonight', at: 10 },
      question: { message: message({ id: 'm1', name: 'Ana', text: 'Is it waterproof?' }), at: 10 },
    });
    const el = await overlays(client);
    expect(text(part(el, 'announcement'))).to.equal('Announcement: Free shipping tonight');
    expect(part(el, 'announcement')!.getAttribute('role')).to.equal('status');
    expect(text(part(el, 'question'))).to.equal('Question from Ana Is it waterproof?');
    await expect(el).to.be.accessible();
    client.dispatchEvent(new CustomEvent('announcement', { detail: { text: null, at: 20 } }));
    client.dispatchEvent(new CustomEvent('question', { detail: { message: null, at: 20 } }));
    await waitUntil(() => !part(el, 'announcement') && !part(el, 'question'), 'both cleared');
  });

  it('speaks the page’s language', async () => {
    const client = new FakeClient({ poll: poll({ closedAt: 5000, counts: [1, 0, 0], total: 1 }) });
    const el = await fixture<LiveShopOverlays>(
      html`<div lang="de"><live-shop-overlays .client=${client.asClient}></live-shop-overlays></div>`,
    ).then((d) => d.querySelector('live-shop-overlays')!);
    await waitUntil(() => text(root(el).querySelector('.label')) === 'Endergebnis', 'German');
    expect(text(root(el).querySelector('.total'))).to.equal('1 Stimme');
  });
});
