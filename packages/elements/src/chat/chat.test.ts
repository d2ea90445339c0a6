import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { message } from '../test/fixtures.js';
import type { LiveShopChat } from './chat.js';

const $ = <T extends Element = HTMLElement>(el: HTMLElement, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const input = (el: HTMLElement) => $<HTMLInputElement>(el, '#text');

/** Types like a keyboard user: focus, input events, then Enter (implicit form submission). */
function type(field: HTMLInputElement, text: string): void {
  field.focus();
  field.value = text;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}
function pressEnter(field: HTMLInputElement): void {
  field.form!.requestSubmit();
}

describe('<live-shop-chat>', () => {
  it('renders messages in an accessible log (announced in batches, not itself live) with a labelled input and a Send button', async () => {
    const el = await fixture<LiveShopChat>(
      html`<live-shop-chat name="Bo" .messages=${[message(), message({ id: 'm2', name: 'Host', role: 'host', text: 'Welcome' })]}></live-shop-chat>`,
    );
    const log = $(el, '[role="log"]');
    // New messages reach screen readers batched, from the page's live region (chat.announce.test.ts).
    expect(log.getAttribute('aria-live')).to.equal('off');
    expect(log.querySelectorAll('[part="message"]')).to.have.length(2);
    expect(log.textContent).to.contain('Welcome');
    expect(log.querySelectorAll('.badge')).to.have.length(1);
    expect(input(el).maxLength).to.equal(500);
    expect(input(el).labels![0]!.textContent).to.equal('Chat message');
    expect($(el, '[part="send-button"]').textContent!.trim()).to.equal('Send');
    await expect(el).to.be.accessible();
  });

  it('renders an XSS payload as inert text', async () => {
    const payload = '<img src=x onerror=window.__xss=1><script>window.__xss=2</script>';
    const el = await fixture<LiveShopChat>(
      html`<live-shop-chat .messages=${[message({ text: payload, name: '<b>x</b>' })]}></live-shop-chat>`,
    );
    await aTimeout(50);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(el.shadowRoot!.querySelector('script')).to.equal(null);
    expect(el.shadowRoot!.querySelector('b')).to.equal(null);
    expect($(el, '.text').textContent).to.equal(payload);
    expect($(el, '.name').textContent).to.equal('<b>x</b>');
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('sends with Enter: fires live-shop-chat-send with the text and clears the input', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat name="Bo"></live-shop-chat>`);
    type(input(el), '  Is it machine washable?  ');
    setTimeout(() => pressEnter(input(el)));
    const event = (await oneEvent(el, 'live-shop-chat-send')) as CustomEvent;
    expect(event.detail).to.deep.equal({ text: 'Is it machine washable?' });
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(input(el).value).to.equal('');
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
  });

  it('keeps the draft when the send is cancelled, and shows the error property', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat name="Bo"></live-shop-chat>`);
    el.addEventListener('live-shop-chat-send', (e) => e.preventDefault());
    type(input(el), 'hello');
    pressEnter(input(el));
    await el.updateComplete;
    expect(input(el).value).to.equal('hello');
    el.error = 'You are sending messages too fast.';
    await el.updateComplete;
    expect($(el, '[part="error"]').textContent).to.equal('You are sending messages too fast.');
    expect($(el, '[part="error"]').getAttribute('role')).to.equal('alert');
  });

  it('asks for a display name inline before the first message', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat></live-shop-chat>`);
    const sent: string[] = [];
    const order: string[] = [];
    el.addEventListener('live-shop-chat-send', (e) => (sent.push((e as CustomEvent).detail.text), order.push('send')));
    el.addEventListener('live-shop-chat-name-change', (e) => order.push(`name:${(e as CustomEvent).detail.name}`));
    expect(el.shadowRoot!.querySelector('#name')).to.equal(null);
    type(input(el), 'First!');
    pressEnter(input(el));
    await el.updateComplete;
    const nameField = $<HTMLInputElement>(el, '#name');
    expect(nameField.labels![0]!.textContent).to.equal('Pick a display name');
    expect(sent).to.deep.equal([]);
    expect(input(el).value).to.equal('First!');
    await aTimeout(0);
    expect(el.shadowRoot!.activeElement).to.equal(nameField);
    type(nameField, 'Cleo');
    pressEnter(nameField);
    await el.updateComplete;
    expect(order).to.deep.equal(['name:Cleo', 'send']);
    expect(sent).to.deep.equal(['First!']);
    expect(el.shadowRoot!.querySelector('#name')).to.equal(null);
    // Nobody set `name` from the event: the chat keeps the picked name itself and does not ask again.
    expect(el.name).to.equal('', 'the owner’s property is left alone');
    type(input(el), 'Second');
    pressEnter(input(el));
    await el.updateComplete;
    expect(sent).to.deep.equal(['First!', 'Second']);
    expect(el.shadowRoot!.querySelector('#name')).to.equal(null);
  });

  it('leaves its public properties to the owner, and gives a failed send back when the owner sets error', async () => {
    const el = await fixture<LiveShopChat>(
      html`<live-shop-chat name="Bo" value="kept draft" slow-mode="30"></live-shop-chat>`,
    );
    expect(input(el).value).to.equal('kept draft', 'value puts a draft in the composer');
    const sent: string[] = [];
    el.addEventListener('live-shop-chat-send', (e) => sent.push((e as CustomEvent).detail.text));
    for (const attempt of [1, 2]) {
      type(input(el), `try ${attempt}`);
      pressEnter(input(el));
      await el.updateComplete;
      expect(input(el).value).to.equal('');
      expect($<HTMLButtonElement>(el, '[part="send-button"]').disabled, 'slow mode waits').to.equal(true);
      // The owner reports the failure the way the viewer does: cleared on send, then the server's sentence (the same each time).
      el.error = '';
      await el.updateComplete;
      el.error = 'Too fast';
      await el.updateComplete;
      expect(input(el).value).to.equal(`try ${attempt}`, 'the draft comes back');
      expect($<HTMLButtonElement>(el, '[part="send-button"]').disabled, 'no wait after a failed send').to.equal(false);
      expect($(el, '[part="error"]').textContent).to.equal('Too fast');
    }
    expect(sent).to.deep.equal(['try 1', 'try 2']);
    expect([el.value, el.name, el.error, el.cooldownUntil]).to.deep.equal(
      ['kept draft', 'Bo', 'Too fast', 0],
      'the chat never wrote them',
    );
    // A new send hides the error; the owner's value still resets the draft when it changes.
    pressEnter(input(el));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
    el.value = 'from the owner';
    await el.updateComplete;
    expect(input(el).value).to.equal('from the owner');
  });

  it('gives hosts a named delete button per message that fires live-shop-chat-delete', async () => {
    const el = await fixture<LiveShopChat>(
      html`<live-shop-chat can-delete .messages=${[message({ id: 'm7', name: 'Troll' })]}></live-shop-chat>`,
    );
    // Staff actions load on first use: shoppers' chats never fetch them.
    await waitUntil(() => el.shadowRoot!.querySelector('[part="delete-button"]'), 'the delete button loads');
    const button = $<HTMLButtonElement>(el, '[part="delete-button"]');
    expect(button.getAttribute('aria-label')).to.equal('Delete message from Troll');
    setTimeout(() => button.click());
    const event = (await oneEvent(el, 'live-shop-chat-delete')) as CustomEvent;
    expect(event.detail).to.deep.equal({ id: 'm7' });
    el.canDelete = false;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="delete-button"]')).to.equal(null);
  });

  it('disables the composer when disabled', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat disabled></live-shop-chat>`);
    expect(input(el).disabled).to.equal(true);
    expect($<HTMLButtonElement>(el, '[part="send-button"]').disabled).to.equal(true);
  });

  it('sticks to the bottom when new messages arrive', async () => {
    const many = Array.from({ length: 40 }, (_, i) => message({ id: `m${i}`, text: `message ${i}` }));
    const el = await fixture<LiveShopChat>(
      html`<live-shop-chat style="height: 300px" .messages=${many}></live-shop-chat>`,
    );
    const log = $(el, '[part="log"]');
    el.messages = [...many, message({ id: 'new', text: 'newest' })];
    await el.updateComplete;
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.lessThan(2);
  });

  it('sign-in-required: offers "Sign in to chat" instead of a dead composer, and asks the page with live-shop-sign-in', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat sign-in-required slow-mode="10"></live-shop-chat>`);
    // Booleans: chai's message for a DOM node can take minutes to build.
    expect(!!el.shadowRoot!.querySelector('#text'), 'no message input').to.equal(false);
    expect(!!el.shadowRoot!.querySelector('[part="send-button"]'), 'no Send').to.equal(false);
    expect(!!el.shadowRoot!.querySelector('[part="hint"]'), 'no slow mode hint').to.equal(false);
    const button = $<HTMLButtonElement>(el, '[part="sign-in-button"]');
    expect(button?.textContent?.trim()).to.equal('Sign in to chat');
    await expect(el).to.be.accessible();
    setTimeout(() => button.click());
    const event = (await oneEvent(el, 'live-shop-sign-in')) as CustomEvent;
    expect(event.bubbles && event.composed).to.equal(true);

    el.signInRequired = false;
    await el.updateComplete;
    expect(input(el).disabled).to.equal(false);
  });
});
