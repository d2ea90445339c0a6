import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { message } from '../test/fixtures.js';
import { LiveShopChat } from './chat.js';
import type { LiveShopChatSendEvent } from '../events.js';

if (!customElements.get('live-shop-chat')) customElements.define('live-shop-chat', LiveShopChat);

const root = (el: HTMLElement) => el.shadowRoot!;
const input = (el: HTMLElement) => root(el).querySelector<HTMLInputElement>('[part="input"]')!;
const toggle = (el: HTMLElement) => root(el).querySelector<HTMLInputElement>('[part="ask"] input');

async function send(el: LiveShopChat, text: string): Promise<LiveShopChatSendEvent> {
  input(el).value = text;
  input(el).dispatchEvent(new Event('input'));
  await el.updateComplete;
  setTimeout(() => root(el).querySelector<HTMLButtonElement>('[part="send-button"]')!.click());
  return oneEvent(el, 'live-shop-chat-send') as Promise<LiveShopChatSendEvent>;
}

describe('<live-shop-chat> Q&A', () => {
  it('offers "Ask as a question" with `ask`: the next message goes up as a question, then it resets', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat ask name="Ana"></live-shop-chat>`);
    expect(toggle(el)).to.not.equal(null);
    expect(root(el).querySelector('[part="ask"]')!.textContent!.trim()).to.equal('Ask as a question');
    await expect(el).to.be.accessible();
    toggle(el)!.click();
    expect((await send(el, 'Is it waterproof?')).detail).to.deep.equal({ text: 'Is it waterproof?', question: true });
    await el.updateComplete;
    expect(toggle(el)!.checked).to.equal(false);
    expect((await send(el, 'Hello')).detail).to.deep.equal({ text: 'Hello' });
  });

  it('has no toggle without `ask`, and labels asked messages', async () => {
    const el = await fixture<LiveShopChat>(
      html`<live-shop-chat .messages=${[message({ id: 'q', text: 'Sizes?', question: true })]}></live-shop-chat>`,
    );
    expect(toggle(el)).to.equal(null);
    expect(root(el).querySelector('[part="question"]')!.textContent).to.equal('Question');
    await expect(el).to.be.accessible();
  });
});
