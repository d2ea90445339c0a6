import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Poll } from '@live-shop/protocol';
import type { LiveShopChat } from '../chat/chat.js';
import type { LiveShopOverlays } from '../overlays/overlays.js';
import { FakeClient } from '../test/fixtures.js';
import type { LiveShopViewer } from './viewer.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const overlaysOf = (el: HTMLElement) => root(el).querySelector<LiveShopOverlays>('live-shop-overlays');
const poll: Poll = {
  id: 'p1',
  question: 'Which colour next?',
  options: ['Red', 'Blue'],
  counts: [0, 0],
  total: 0,
  openedAt: 1,
  endsAt: null,
  closedAt: null,
};

describe('<live-shop-viewer> polls, Q&A and the banner', () => {
  it('draws nothing over the video (and loads no chunk) while the show never had a poll, question or banner', async () => {
    const client = new FakeClient({ status: 'live' });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    await waitUntil(() => root(el).querySelector('live-shop-chat'), 'the parts');
    expect(overlaysOf(el)).to.equal(null);
  });

  it('shows the poll over the video once there is one; a vote goes to the client', async () => {
    const client = new FakeClient({ status: 'live' });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    await waitUntil(() => root(el).querySelector('live-shop-chat'), 'the parts');
    client.set({ poll });
    await waitUntil(() => overlaysOf(el)?.shadowRoot?.querySelector('[part="poll-option"]'), 'the poll is drawn');
    const overlays = overlaysOf(el)!;
    expect(overlays.getAttribute('part')).to.equal('overlays');
    expect(overlays.closest('.stage-wrap')).to.not.equal(null, 'over the video');
    overlays.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="poll-option"]')[1]!.click();
    await waitUntil(() => client.calls.some(([n]) => n === 'vote'), 'voted');
    expect(client.calls.find(([n]) => n === 'vote')).to.deep.equal(['vote', 'p1', 1]);
  });

  it('lets a shopper ask a question from the chat', async () => {
    const client = new FakeClient({ status: 'live' });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    await waitUntil(() => root(el).querySelector('live-shop-chat'), 'the parts');
    const chat = root(el).querySelector<LiveShopChat>('live-shop-chat')!;
    await chat.updateComplete;
    expect(chat.ask).to.equal(true, 'the chat offers "Ask as a question"');
    // What the chat fires with the toggle on (chat.ask.test.ts): the viewer sends it as a question.
    chat.dispatchEvent(
      new CustomEvent('live-shop-chat-send', {
        detail: { text: 'Is it waterproof?', question: true },
        bubbles: true,
        composed: true,
      }),
    );
    await waitUntil(() => client.calls.some(([n]) => n === 'sendChat'), 'sent');
    expect(client.calls.find(([n]) => n === 'sendChat')).to.deep.equal([
      'sendChat',
      'Is it waterproof?',
      { question: true },
    ]);
  });
});
