import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LiveShopState } from '@live-shop/client';
import type { ModerationState } from '@live-shop/protocol';
import { FakeClient, message, product, stubClipboard } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import { formatTime } from '../shared/utils.js';
import { parseBlocklist } from './moderation-panel.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const panel = (el: HTMLElement) => root(el).querySelector<HTMLElement>('[part="moderation"]');
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const button = (el: HTMLElement, name: string) =>
  [...root(el).querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? text(b)) === name);
const alerts = (el: HTMLElement) => text(root(el).querySelector('.alerts'));
const settle = () => new Promise((r) => setTimeout(r, 400)); // button color transitions, before contrast checks

const HOUR = 3600_000;
function moderation(over: Partial<ModerationState> = {}): ModerationState {
  return {
    held: [message({ id: 'h1', name: 'Spammer', text: 'cheap pills at spam.example', held: true })],
    restricted: [
      { viewerId: 'v1', name: 'Troll', kind: 'ban', until: null, at: 1 },
      { viewerId: 'v2', name: 'Loud', kind: 'timeout', until: Date.now() + HOUR, at: 2 },
    ],
    blocklist: ['spam.example', 'casino'],
    moderators: [{ id: 'mod1', label: 'Mia', createdAt: 1, expiresAt: Date.now() + 2 * HOUR }],
    ...over,
  };
}
function show(role: 'host' | 'moderator', over: Partial<LiveShopState> = {}) {
  return new FakeClient({
    role,
    title: 'Summer drop',
    status: 'live',
    products: [product()],
    chat: [message({ id: 'm1', name: 'Ann' })],
    moderation: moderation(),
    ...over,
  });
}
const studio = (client: FakeClient, server = 'https://live.example') =>
  fixture<LiveShopStudio>(
    html`<live-shop-studio server=${server} show="s1" .client=${client.asClient}></live-shop-studio>`,
  );

describe('<live-shop-studio> moderation panel', () => {
  before(() => loadStudio());

  it('lists held messages with Approve and Delete, calling the client', async () => {
    const client = show('host');
    const el = await studio(client);
    expect(text(panel(el)!.querySelector('h2'))).to.equal('Moderation');
    expect(text(root(el).querySelector('#held-h'))).to.equal('Held for review (1)');
    expect(text(panel(el)!.querySelector('.row.held p'))).to.equal('Spammer cheap pills at spam.example');
    button(el, 'Approve message from Spammer')!.click();
    button(el, 'Delete held message from Spammer')!.click();
    await waitUntil(() => client.calls.length === 2);
    expect(client.calls).to.deep.equal([
      ['approveMessage', 'h1'],
      ['deleteMessage', 'h1'],
    ]);
    client.set({ moderation: moderation({ held: [] }) });
    await el.updateComplete;
    expect(text(root(el).querySelector('#held-h'))).to.equal('Held for review');
    expect(text(panel(el))).to.contain('Nothing held for review.');
    await settle();
    await expect(el).to.be.accessible();
  });

  it('sets slow mode from a labelled select that follows the show setting', async () => {
    const client = show('host');
    const el = await studio(client);
    const select = root(el).querySelector<HTMLSelectElement>('#slow-mode')!;
    expect(select.labels[0]!.textContent).to.equal('Slow mode');
    expect([...select.options].map((o) => o.textContent)).to.deep.equal([
      'Off',
      '5 seconds between messages',
      '10 seconds between messages',
      '30 seconds between messages',
      '60 seconds between messages',
    ]);
    expect(select.value).to.equal('0');
    select.value = '10';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => client.state.settings.slowModeSeconds === 10, 'applied');
    expect(client.calls).to.deep.equal([['setSlowMode', 10]]);
    // Set elsewhere (another moderator) to a value not in the list: shown as it is.
    client.set({ settings: { ...client.state.settings, slowModeSeconds: 120 } });
    await el.updateComplete;
    expect(select.value).to.equal('120');
    expect(select.selectedOptions[0]!.textContent).to.equal('120 seconds between messages');
  });

  it('keeps a control busy while its change is on its way, so it is not sent twice', async () => {
    const client = show('host');
    client.hold = true;
    const el = await studio(client);
    const select = root(el).querySelector<HTMLSelectElement>('#slow-mode')!;
    select.value = '30';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(select.disabled).to.equal(true);
    button(el, 'Save blocklist')!.click();
    await el.updateComplete;
    expect(button(el, 'Save blocklist')!.disabled).to.equal(true);
    button(el, 'Save blocklist')!.click();
    client.release();
    await waitUntil(() => !select.disabled && !button(el, 'Save blocklist')!.disabled, 'idle again');
    expect(client.calls.map(([name]) => name)).to.deep.equal(['setSlowMode', 'setBlocklist']);
    expect(select.value).to.equal('30');
  });

  it('edits the blocklist one term per line, keeps a draft across updates, and saves it cleaned up', async () => {
    const client = show('host');
    const el = await studio(client);
    const area = root(el).querySelector<HTMLTextAreaElement>('#blocklist')!;
    expect(area.labels[0]!.textContent).to.equal('Blocked words and links');
    expect(area.value).to.equal('spam.example\ncasino');
    area.value = 'spam.example\n  casino \n\nCASINO\nbit.ly/';
    client.set({ chat: [...client.state.chat, message({ id: 'm2' })] }); // the studio re-renders often
    await el.updateComplete;
    expect(area.value).to.equal('spam.example\n  casino \n\nCASINO\nbit.ly/', 'the draft is kept');
    button(el, 'Save blocklist')!.click();
    await waitUntil(() => text(panel(el)!.querySelector('.status')) === 'Blocklist saved', 'saved');
    expect(client.calls).to.deep.equal([['setBlocklist', ['spam.example', 'casino', 'bit.ly/']]]);
    await el.updateComplete;
    expect(area.value).to.equal('spam.example\ncasino\nbit.ly/', 'shows what the server keeps');
  });

  it('refuses a blocklist the server would refuse, without sending it', async () => {
    const client = show('host');
    const el = await studio(client);
    root(el).querySelector<HTMLTextAreaElement>('#blocklist')!.value = 'x'.repeat(101);
    button(el, 'Save blocklist')!.click();
    await waitUntil(() => alerts(el).includes('is too long'), 'said why');
    expect(client.calls).to.deep.equal([]);
    expect(() => parseBlocklist(Array.from({ length: 501 }, (_, i) => `t${i}`).join('\n'))).to.throw(/at most 500/);
  });

  it('lists timed out and banned viewers with Unban', async () => {
    const client = show('moderator', { clockOffset: 0 });
    const el = await studio(client);
    const rows = [...root(el).querySelectorAll('[aria-labelledby="restricted-h"] li')].map((li) => [
      text(li.querySelector('.who')),
      text(li.querySelector('.what')),
    ]);
    expect(rows).to.deep.equal([
      ['Troll', 'Banned'],
      ['Loud', `Timed out until ${formatTime(client.state.moderation!.restricted[1]!.until!)}`],
    ]);
    button(el, 'Unban Loud')!.click();
    await waitUntil(() => client.calls.length);
    expect(client.calls).to.deep.equal([['unbanViewer', 'v2']]);
    client.set({ moderation: moderation({ restricted: [] }) });
    await el.updateComplete;
    expect(text(panel(el))).to.contain('No one is timed out or banned.');
  });

  it('lets the host invite a moderator: an absolute link on the server with a Copy button; and revoke one', async () => {
    const client = show('host');
    const { copied, restore } = stubClipboard();
    try {
      const el = await studio(client);
      const label = root(el).querySelector<HTMLInputElement>('#mod-label')!;
      expect(label.labels?.[0]?.textContent).to.equal('Who is this link for? (optional)');
      label.value = ' Mia ';
      button(el, 'Invite moderator')!.click();
      await waitUntil(() => root(el).querySelector('#mod-link'), 'the link');
      expect(client.calls[0]).to.deep.equal(['inviteModerator', { label: 'Mia' }]);
      const link = root(el).querySelector<HTMLInputElement>('#mod-link')!;
      expect(link.labels?.[0]?.textContent).to.equal('Moderator link for Mia');
      expect(link.value).to.match(/^https:\/\/live\.example\/studio\?show=s1&token=mod-token-/);
      expect(label.value).to.equal('');
      button(el, 'Copy link')!.click();
      await waitUntil(() => copied.length);
      expect(copied).to.deep.equal([link.value]);
      await waitUntil(() => text(panel(el)!.querySelector('.status')) === 'Link copied');

      expect(text(root(el).querySelector('[aria-labelledby="moderators-h"] li .who'))).to.equal('Mia');
      button(el, 'Revoke moderator Mia')!.click();
      await waitUntil(() => client.calls.length === 2);
      expect(client.calls[1]).to.deep.equal(['revokeModerator', 'mod1']);
      await settle();
      await expect(el).to.be.accessible();
    } finally {
      restore();
    }
  });

  it('gives a moderator the chat and moderation only: no camera, pins, sales, going live or moderator links', async () => {
    const getUserMedia = navigator.mediaDevices.getUserMedia;
    let asked = 0;
    navigator.mediaDevices.getUserMedia = (...args) => (asked++, getUserMedia.apply(navigator.mediaDevices, args));
    try {
      const el = await studio(show('moderator'));
      expect(text(root(el).querySelector('h1'))).to.equal('Moderating: Summer drop');
      for (const name of ['Go live', 'End show', 'Pin Linen shirt', 'Invite moderator'])
        expect(button(el, name), name).to.equal(undefined);
      for (const part of ['products', 'stage', 'devices', 'controls', 'sales', 'ingest'])
        expect(root(el).querySelector(`[part="${part}"]`), part).to.equal(null);
      expect(panel(el)).to.exist;
      expect(root(el).querySelector('[aria-labelledby="moderators-h"]')).to.equal(null);
      const chat = root(el).querySelector('live-shop-chat')!;
      expect(chat.moderate).to.equal(true);
      expect(alerts(el)).to.equal('');
      await new Promise((r) => setTimeout(r, 100));
      expect(asked).to.equal(0, 'no camera prompt for a moderator');
      await settle();
      await expect(el).to.be.accessible();
    } finally {
      navigator.mediaDevices.getUserMedia = getUserMedia;
    }
  });

  it('tells a moderator whose link was revoked or expired', async () => {
    const client = show('moderator');
    const el = await studio(client);
    expect(alerts(el)).to.equal('');
    client.set({ connection: 'closed' });
    await el.updateComplete;
    expect(alerts(el)).to.contain('Disconnected from the show (was this link revoked?)');
    const expired = new FakeClient({
      connection: 'error',
      ready: false,
      error: { code: 'token_expired', message: 'This token has expired or was revoked: ask for a new link' },
    });
    const again = await studio(expired);
    expect(alerts(again)).to.equal('This token has expired or was revoked: ask for a new link');
    expect(root(again).querySelector('live-shop-chat')).to.equal(null);
  });

  it('a host sees the camera, the console and the panel', async () => {
    const el = await studio(show('host'));
    expect(text(root(el).querySelector('h1'))).to.equal('Summer drop');
    expect(button(el, 'Go live')).to.exist;
    expect(root(el).querySelector('[part="sales"]')).to.exist;
    expect(panel(el)).to.exist;
    await waitUntil(() => root(el).querySelector('[part="preview"]'), 'the camera preview opens', { timeout: 5000 });
  });
});
