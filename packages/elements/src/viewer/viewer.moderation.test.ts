import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { LiveShopChat } from '../chat/chat.js';
import { FakeClient, message } from '../test/fixtures.js';
import { snapshot, stubSocketServer } from '../test/fake-socket.js';
import type { LiveShopViewer } from './viewer.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const chatOf = (el: HTMLElement) => root(el).querySelector<LiveShopChat>('live-shop-chat')!;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const SERVER = 'https://live.example';
const KEY = `live-shop:viewer:${SERVER}`;
const you = (over: object = {}) => ({
  viewerId: 'v1',
  credential: 'cred-1',
  name: null,
  verified: false,
  restriction: null,
  ...over,
});

describe('<live-shop-viewer> moderation', () => {
  beforeEach(() => {
    localStorage.removeItem('live-shop:name');
    localStorage.removeItem(KEY);
  });

  it('passes the identity attribute to the server, keeps the viewer credential, and chats under the verified name', async () => {
    const server = stubSocketServer((c) =>
      c.emit('show:state', snapshot({ you: you({ credential: 'cred-9', name: 'Ann (verified)', verified: true }) })),
    );
    try {
      const el = await fixture<LiveShopViewer>(
        html`<live-shop-viewer server=${SERVER} show="s1" identity="h.p.s"></live-shop-viewer>`,
      );
      await waitUntil(() => chatOf(el)?.verified, 'the verified name arrives');
      expect(server.connections[0]!.auth).to.include({ show: 's1', identity: 'h.p.s' });
      expect(server.connections[0]!.auth!.viewer).to.equal(undefined);
      expect(localStorage.getItem(KEY)).to.equal('cred-9');
      const chat = chatOf(el);
      expect(chat.name).to.equal('Ann (verified)');
      await chat.updateComplete;
      expect(text(root(chat).querySelector('.as'))).to.contain('Chatting as Ann (verified)');

      // Another viewer on this browser (e.g. a reload): same credential, same viewer id.
      const again = await fixture<LiveShopViewer>(
        html`<live-shop-viewer server=${SERVER} show="s1"></live-shop-viewer>`,
      );
      await waitUntil(() => server.connections.length === 2 && server.connections[1]!.auth, 'second connection');
      expect(server.connections[1]!.auth).to.include({ viewer: 'cred-9' });
      expect(server.connections[1]!.auth!.identity).to.equal(undefined);
      again.remove();
    } finally {
      server.restore();
    }
  });

  it('shows a restriction in the chat on this device clock, and slow mode from the show settings', async () => {
    const skew = 3600_000; // the server's clock is an hour ahead of this device's
    const server = stubSocketServer((c) =>
      c.emit(
        'show:state',
        snapshot({
          now: Date.now() + skew,
          you: you(),
          show: { ...snapshot().show, settings: { socialProof: false, slowModeSeconds: 10, reactions: [] } },
        }),
      ),
    );
    try {
      const el = await fixture<LiveShopViewer>(html`<live-shop-viewer server=${SERVER} show="s1"></live-shop-viewer>`);
      await waitUntil(() => chatOf(el)?.slowMode === 10, 'slow mode reaches the chat');
      expect(chatOf(el).restriction).to.equal(null);
      const until = Date.now() + skew + 10 * 60_000;
      server.connections[0]!.emit('viewer:restriction', { restriction: { kind: 'timeout', until } });
      await waitUntil(() => chatOf(el).restriction, 'timed out');
      expect(chatOf(el).restriction!.kind).to.equal('timeout');
      expect(chatOf(el).restriction!.until).to.be.closeTo(until - skew, 1000);
      await chatOf(el).updateComplete;
      expect(text(root(chatOf(el)).querySelector('[part="notice"]'))).to.match(/^You're timed out until /);
      server.connections[0]!.emit('viewer:restriction', { restriction: null });
      await waitUntil(() => chatOf(el).restriction === null, 'lifted');
    } finally {
      server.restore();
    }
  });

  it('shows its own held message, and a failed send gives the draft back with no slow mode wait', async () => {
    const client = new FakeClient({
      status: 'live',
      settings: { socialProof: false, slowModeSeconds: 30, reactions: [] },
      you: { viewerId: 'v1', name: null, verified: false, restriction: null },
      chat: [message({ id: 'm1', name: 'Dee', text: 'spam.example', held: true })],
    });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    const chat = chatOf(el);
    await chat.updateComplete;
    expect(text(root(chat).querySelector('[part="held"]'))).to.equal('Held for review');

    client.fail = { code: 'rate_limited', message: 'Slow mode: wait 7 s before your next message' };
    chat.name = 'Dee';
    await chat.updateComplete;
    const input = root(chat).querySelector<HTMLInputElement>('#text')!;
    input.value = 'again';
    input.dispatchEvent(new InputEvent('input'));
    input.form!.requestSubmit();
    const send = root(chat).querySelector<HTMLButtonElement>('[part="send-button"]')!;
    await chat.updateComplete;
    expect(send.disabled, 'Send waits while the message is on its way').to.equal(true);
    await waitUntil(() => chat.error, 'the refusal is shown');
    expect(chat.error).to.equal('Slow mode: wait 7 s before your next message');
    await chat.updateComplete;
    expect(input.value).to.equal('again');
    expect(send.disabled, 'no wait after a refused message').to.equal(false);
  });

  it('tells a banned viewer why they cannot chat', async () => {
    const client = new FakeClient({
      status: 'live',
      you: { viewerId: 'v1', name: null, verified: false, restriction: { kind: 'ban', until: null } },
    });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    const chat = chatOf(el);
    await chat.updateComplete;
    expect(text(root(chat).querySelector('[part="notice"]'))).to.equal("You can't chat in this show");
    expect(root(chat).querySelector<HTMLInputElement>('#text')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('offers "Sign in to chat" when the server lets only signed-in customers chat', async () => {
    const server = stubSocketServer((c) => c.emit('show:state', snapshot({ you: you({ identityRequired: true }) })));
    try {
      const el = await fixture<LiveShopViewer>(html`<live-shop-viewer server=${SERVER} show="s1"></live-shop-viewer>`);
      await waitUntil(() => chatOf(el)?.signInRequired, 'the chat asks to sign in');
      await chatOf(el).updateComplete;
      const signIn = root(chatOf(el)).querySelector<HTMLButtonElement>('[part="sign-in-button"]')!;
      setTimeout(() => signIn.click());
      await oneEvent(el, 'live-shop-sign-in');
    } finally {
      server.restore();
    }
  });
});
