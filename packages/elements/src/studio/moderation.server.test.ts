import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LiveShopChat } from '../chat/chat.js';
import { liveServer } from '../test/live-server.js';
import type { LiveShopStudio } from './studio.js';
import '../define.js';

// The studio (host, then a moderator it invites) and a shopper's viewer against the real reference server.
const root = (el: Element) => el.shadowRoot!;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const button = (el: Element, name: string) =>
  [...root(el).querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? text(b)) === name);
const chatOf = (el: Element) => root(el).querySelector<LiveShopChat>('live-shop-chat')!;
const WAIT = { timeout: 5000 };

async function studioAndViewer() {
  const server = await liveServer();
  const show = await server.createShow();
  const page = await fixture(html`<div>
    <live-shop-studio server=${server.url} show=${show.id} token=${show.hostToken}></live-shop-studio>
    <live-shop-viewer server=${server.url} show=${show.id}></live-shop-viewer>
  </div>`);
  await customElements.whenDefined('live-shop-studio');
  const studio = page.querySelector<LiveShopStudio>('live-shop-studio')!;
  const viewer = page.querySelector('live-shop-viewer')!;
  await waitUntil(() => root(studio).querySelector('[part="moderation"]'), 'the studio is ready', { timeout: 8000 });
  await waitUntil(() => chatOf(viewer) && !chatOf(viewer).disabled, 'the viewer is ready', { timeout: 8000 });
  return { server, show, page, studio, viewer };
}

/** The viewer picks a name and sends a message, as a shopper would. */
async function say(viewer: Element, words: string) {
  const chat = chatOf(viewer);
  chat.dispatchEvent(
    new CustomEvent('live-shop-chat-name-change', { detail: { name: 'Troll' }, bubbles: true, composed: true }),
  );
  chat.dispatchEvent(
    new CustomEvent('live-shop-chat-send', { detail: { text: words }, bubbles: true, composed: true }),
  );
}

describe('moderation against the reference server', () => {
  beforeEach(() => {
    localStorage.removeItem('live-shop:name');
    for (const key of Object.keys(localStorage)) if (key.startsWith('live-shop:viewer:')) localStorage.removeItem(key);
  });

  it('bans a viewer from the studio chat: the viewer is told and cannot chat until unbanned', async () => {
    const { studio, viewer } = await studioAndViewer();
    await say(viewer, 'buy followers');
    const staffChat = chatOf(studio);
    await waitUntil(
      () => button(staffChat, 'More actions for message from Troll'),
      'the message reaches the studio',
      WAIT,
    );
    button(staffChat, 'More actions for message from Troll')!.click();
    await staffChat.updateComplete;
    button(staffChat, 'Ban Troll')!.click();
    await waitUntil(
      () => text(root(chatOf(viewer)).querySelector('[part="notice"]')) === "You can't chat in this show",
      'the viewer is told',
      WAIT,
    );
    expect(root(chatOf(viewer)).querySelector<HTMLInputElement>('#text')!.disabled).to.equal(true);
    await waitUntil(() => button(studio, 'Unban Troll'), 'listed in the studio', WAIT);
    button(studio, 'Unban Troll')!.click();
    await waitUntil(() => chatOf(viewer).restriction === null, 'unbanned', WAIT);
    expect(text(root(studio).querySelector('.alerts'))).to.equal('');
  });

  it('slow mode and the blocklist: the viewer waits between messages, and a blocked message is held until approved', async () => {
    const { studio, viewer } = await studioAndViewer();
    const select = root(studio).querySelector<HTMLSelectElement>('#slow-mode')!;
    select.value = '5';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => chatOf(viewer).slowMode === 5, 'the viewer is in slow mode', WAIT);

    root(studio).querySelector<HTMLTextAreaElement>('#blocklist')!.value = 'spam.example';
    button(studio, 'Save blocklist')!.click();
    await waitUntil(
      () => text(root(studio).querySelector('[part="moderation"] .status')) === 'Blocklist saved',
      'saved',
      WAIT,
    );
    await say(viewer, 'deals at spam.example');
    await waitUntil(() => root(chatOf(viewer)).querySelector('[part="held"]'), 'held for its author', WAIT);
    await waitUntil(() => button(studio, 'Approve message from Troll'), 'held for staff', WAIT);
    expect(chatOf(studio).messages.some((m) => m.text === 'deals at spam.example')).to.equal(
      false,
      'not in the chat yet',
    );
    button(studio, 'Approve message from Troll')!.click();
    await waitUntil(() => chatOf(studio).messages.some((m) => m.text === 'deals at spam.example'), 'published', WAIT);
    await waitUntil(() => !root(chatOf(viewer)).querySelector('[part="held"]'), 'no longer held for its author', WAIT);
  });

  it('a host invites a moderator, whose studio moderates without running the show', async () => {
    const { server, show, studio, viewer } = await studioAndViewer();
    root(studio).querySelector<HTMLInputElement>('#mod-label')!.value = 'Mia';
    button(studio, 'Invite moderator')!.click();
    await waitUntil(() => root(studio).querySelector<HTMLInputElement>('#mod-link')?.value, 'the link', WAIT);
    const link = new URL(root(studio).querySelector<HTMLInputElement>('#mod-link')!.value);
    expect(link.origin).to.equal(server.url);
    const token = link.searchParams.get('token') ?? new URLSearchParams(link.hash.slice(1)).get('token');
    expect(token).to.be.a('string');

    const mod = await fixture<LiveShopStudio>(
      html`<live-shop-studio server=${server.url} show=${show.id} token=${token!}></live-shop-studio>`,
    );
    await waitUntil(
      () => text(root(mod).querySelector('h1')) === 'Moderating: Integration show',
      'the moderator studio',
      { timeout: 8000 },
    );
    expect(button(mod, 'Go live')).to.equal(undefined);
    expect(root(mod).querySelector('[part="sales"]')).to.equal(null);
    await say(viewer, 'spam spam');
    await waitUntil(() => button(chatOf(mod), 'Delete message from Troll'), 'the moderator sees it', WAIT);
    button(chatOf(mod), 'Delete message from Troll')!.click();
    await waitUntil(() => !chatOf(viewer).messages.some((m) => m.text === 'spam spam'), 'deleted for everyone', WAIT);
    await waitUntil(() => button(studio, 'Revoke moderator Mia'), 'the host lists Mia', WAIT);
    button(studio, 'Revoke moderator Mia')!.click();
    await waitUntil(() => !button(studio, 'Revoke moderator Mia'), 'revoked', WAIT);
  });
});
