import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { message } from '../test/fixtures.js';
import { LiveShopChat } from './chat.js';

// The page's live region (the chat adds it to the document on its first announcement).
const region = () => document.querySelector<HTMLElement>('[data-live-shop-announcer]');
const status = (_el?: LiveShopChat) => region() ?? document.createElement('p');

describe('<live-shop-chat> screen reader announcements', () => {
  const interval = LiveShopChat.announceMs;
  before(() => (LiveShopChat.announceMs = 400));
  after(() => (LiveShopChat.announceMs = interval));

  it('announces new messages in batches, never the history, and the log itself stays quiet', async () => {
    const history = [message(), message({ id: 'm2', name: 'Ben', text: 'Love it' })];
    const el = await fixture<LiveShopChat>(html`<live-shop-chat .messages=${history}></live-shop-chat>`);
    expect(el.shadowRoot!.querySelector('[part="log"]')!.getAttribute('aria-live')).to.equal('off');
    region()?.remove();
    const said: string[] = [];
    const watch = new MutationObserver(() => said.push(region()?.textContent!.trim() ?? ''));
    watch.observe(document.body, { childList: true, characterData: true, subtree: true });
    await new Promise((r) => setTimeout(r, 500));
    expect(region(), 'the history is not news').to.equal(null);

    el.messages = [...history, message({ id: 'm3', name: 'Cy', text: 'Price?' })];
    await waitUntil(() => status(el).textContent!.includes('Price?'), 'one message, announced');
    expect(status(el).textContent!.trim()).to.equal('Cy: Price?');
    expect([region()!.getAttribute('role'), region()!.getAttribute('aria-live'), region()!.lang]).to.deep.equal([
      'status',
      'polite',
      'en',
    ]);

    // Three messages in quick succession, inside one interval: one announcement for all three.
    for (const [id, name] of [
      ['m4', 'Di'],
      ['m5', 'Ed'],
      ['m6', 'Flo'],
    ] as const) {
      el.messages = [...el.messages, message({ id, name, text: `hi from ${name}` })];
      await el.updateComplete;
    }
    await waitUntil(() => status(el).textContent!.includes('Flo'), 'the batch, announced');
    expect(status(el).textContent!.trim()).to.equal('3 new messages. Latest, Flo: hi from Flo');
    await new Promise((r) => setTimeout(r, 500));
    watch.disconnect();
    expect(new Set(said.filter((s) => s)).size, `announcements: ${JSON.stringify(said)}`).to.equal(2);
  });

  it('speaks the chat’s language', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat lang="de" .messages=${[message()]}></live-shop-chat>`);
    const send = () => el.shadowRoot!.querySelector('[part="send-button"]')!.textContent!.trim();
    await waitUntil(() => send() === 'Senden', 'the German catalog is in');
    el.messages = [...el.messages, message({ id: 'n1', name: 'Bo' }), message({ id: 'n2', name: 'Jo', text: 'Hallo' })];
    await waitUntil(() => status(el).textContent!.includes('Hallo'), 'announced');
    expect(status(el).textContent!.trim()).to.equal('2 neue Nachrichten. Zuletzt Jo: Hallo');
    expect(region()!.lang).to.equal('de');
  });
});
