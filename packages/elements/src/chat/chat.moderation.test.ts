import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { message } from '../test/fixtures.js';
import { formatTime } from '../shared/utils.js';
import type { LiveShopChat } from './chat.js';

const $ = <T extends Element = HTMLElement>(el: HTMLElement, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const named = (el: HTMLElement, name: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent!.replace(/\s+/g, ' ').trim()) === name,
  );
const input = (el: HTMLElement) => $<HTMLInputElement>(el, '#text')!;
const send = (el: HTMLElement) => $<HTMLButtonElement>(el, '[part="send-button"]')!;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
function type(field: HTMLInputElement, value: string): void {
  field.focus();
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

const staffChat = () => [
  message({ id: 'm1', name: 'Ann' }),
  message({ id: 'm2', name: 'Host', role: 'host', text: 'Welcome' }),
  message({ id: 'm3', name: 'Mia', role: 'moderator', text: 'Be nice' }),
];

describe('<live-shop-chat> for staff (moderate)', () => {
  it('gives each viewer message Delete and a More actions toggle; staff messages get Delete only', async () => {
    const el = await fixture<LiveShopChat>(
      html`<live-shop-chat moderate name="Host" .messages=${staffChat()}></live-shop-chat>`,
    );
    await waitUntil(() => $(el, '[part="actions-button"]'), 'the staff actions load');
    expect(named(el, 'Delete message from Ann')).to.exist;
    expect(named(el, 'Delete message from Mia')).to.exist;
    const more = named(el, 'More actions for message from Ann')!;
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.querySelectorAll('[part="actions-button"]')).to.have.length(
      1,
      'not on host or moderator messages',
    );
    expect($(el, '[part="actions"]')).to.equal(null);
    const badges = [...el.shadowRoot!.querySelectorAll('[part="badge"]')].map((b) => b.textContent);
    expect(badges).to.deep.equal(['Host', 'Moderator']);
    await expect(el).to.be.accessible();
  });

  it('opens Time out and Ban from the keyboard, fires cancelable requests, and closes with Escape back on the toggle', async () => {
    const el = await fixture<LiveShopChat>(
      html`<live-shop-chat moderate name="Host" .messages=${staffChat()}></live-shop-chat>`,
    );
    await waitUntil(() => named(el, 'More actions for message from Ann'), 'loaded');
    const more = named(el, 'More actions for message from Ann')!;
    more.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(more.getAttribute('aria-expanded')).to.equal('true');
    const actions = $(el, '[part="actions"]')!;
    expect(more.getAttribute('aria-controls')).to.equal(actions.id);
    expect([...actions.querySelectorAll('button')].map((b) => text(b))).to.deep.equal([
      'Time out Ann for 5 minutes',
      'Ban Ann',
    ]);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(named(el, 'Time out Ann for 5 minutes'));
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const timeout = (await oneEvent(el, 'live-shop-chat-timeout')) as CustomEvent;
    expect(timeout.detail).to.deep.equal({ id: 'm1', name: 'Ann', seconds: 300 });
    expect(timeout.cancelable && timeout.bubbles && timeout.composed).to.equal(true);
    await el.updateComplete;
    await aTimeout(0);
    expect($(el, '[part="actions"]'), 'closed after the action').to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(more);

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    await aTimeout(0);
    expect($(el, '[part="actions"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(more);

    more.click();
    await el.updateComplete;
    setTimeout(() => named(el, 'Ban Ann')!.click());
    const ban = (await oneEvent(el, 'live-shop-chat-ban')) as CustomEvent;
    expect(ban.detail).to.deep.equal({ id: 'm1', name: 'Ann' });
    setTimeout(() => named(el, 'Delete message from Ann')!.click());
    const del = (await oneEvent(el, 'live-shop-chat-delete')) as CustomEvent;
    expect(del.detail).to.deep.equal({ id: 'm1' });
    expect(del.cancelable).to.equal(true);
  });

  it('keeps each chat’s open actions to itself, and closes them when the chat leaves the page', async () => {
    const box = await fixture<HTMLDivElement>(html`<div>
      <live-shop-chat moderate name="Host" .messages=${staffChat()}></live-shop-chat>
      <live-shop-chat moderate name="Host" .messages=${staffChat()}></live-shop-chat>
    </div>`);
    const [one, two] = [...box.querySelectorAll<LiveShopChat>('live-shop-chat')] as [LiveShopChat, LiveShopChat];
    await waitUntil(
      () => named(one, 'More actions for message from Ann') && named(two, 'More actions for message from Ann'),
      'loaded',
    );
    named(one, 'More actions for message from Ann')!.click();
    await one.updateComplete;
    await two.updateComplete;
    expect(!!$(one, '[part="actions"]'), 'open in the first').to.equal(true);
    expect(!!$(two, '[part="actions"]'), 'closed in the second').to.equal(false);
    one.remove();
    box.append(one);
    await one.updateComplete;
    expect(!!$(one, '[part="actions"]'), 'closed after leaving the page').to.equal(false);
  });

  it('shows no staff actions without moderate', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat .messages=${staffChat()}></live-shop-chat>`);
    await aTimeout(50);
    expect($(el, '[part="actions-button"]')).to.equal(null);
    expect($(el, '[part="delete-button"]')).to.equal(null);
  });
});

describe('<live-shop-chat> for viewers under moderation', () => {
  it('marks verified names with a ✓ that reads "verified"', async () => {
    const el = await fixture<LiveShopChat>(
      html`<live-shop-chat .messages=${[message({ name: 'Ann', verified: true }), message({ id: 'm2', name: 'Bo' })]}></live-shop-chat>`,
    );
    const marks = el.shadowRoot!.querySelectorAll('[part="verified"]');
    expect(marks).to.have.length(1);
    expect(marks[0]!.closest('[part="message"]')!.textContent).to.contain('Ann');
    expect(marks[0]!.querySelector('.sr-only')!.textContent).to.equal('verified');
    expect(marks[0]!.querySelector('[aria-hidden="true"]')!.textContent).to.equal('✓');
  });

  it('shows a held message to its author as "Held for review"', async () => {
    const el = await fixture<LiveShopChat>(
      html`<live-shop-chat name="Ann" .messages=${[message(), message({ id: 'm2', name: 'Ann', text: 'spam.example', held: true })]}></live-shop-chat>`,
    );
    const [plain, held] = [...el.shadowRoot!.querySelectorAll('[part="message"]')];
    expect(plain!.classList.contains('held')).to.equal(false);
    expect(held!.classList.contains('held')).to.equal(true);
    expect(text(held!.querySelector('[part="held"]'))).to.equal('Held for review');
    await expect(el).to.be.accessible();
  });

  it('shows the verified name instead of asking for one', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat verified name="Ann Example"></live-shop-chat>`);
    expect(text($(el, '.as'))).to.equal('Chatting as Ann Example ✓verified');
    const sent: string[] = [];
    el.addEventListener('live-shop-chat-send', (e) => sent.push((e as CustomEvent).detail.text));
    type(input(el), 'hi');
    input(el).form!.requestSubmit();
    await el.updateComplete;
    expect($(el, '#name')).to.equal(null);
    expect(sent).to.deep.equal(['hi']);
  });

  it('says why a banned or timed-out viewer cannot chat, and closes the composer until it lifts', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat name="Ann"></live-shop-chat>`);
    const notice = $(el, '[part="notice"]')!;
    expect(notice.getAttribute('role')).to.equal('status');
    expect(text(notice)).to.equal('');
    el.restriction = { kind: 'ban', until: null };
    await el.updateComplete;
    expect($(el, '[part="notice"]')).to.equal(notice, 'the live region stays, only its text changes');
    expect(text(notice)).to.equal("You can't chat in this show");
    expect(input(el).disabled).to.equal(true);
    expect(send(el).disabled).to.equal(true);
    await expect(el).to.be.accessible();

    const until = new Date();
    until.setHours(14, 5, 0, 0);
    el.restriction = { kind: 'timeout', until: until.getTime() };
    await el.updateComplete;
    expect(text(notice)).to.equal(`You're timed out until ${formatTime(until.getTime())}`);
    expect(formatTime(until.getTime())).to.match(/^(14:05|0?2:05\s?PM)$/i);
    el.restriction = null;
    await el.updateComplete;
    expect(text(notice)).to.equal('');
    expect(input(el).disabled).to.equal(false);
  });

  it('in slow mode, says so and makes Send wait after each message, counting down', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat name="Ann" slow-mode="2"></live-shop-chat>`);
    const hint = () => text($(el, '[part="hint"]'));
    expect(hint()).to.equal('Slow mode: one message every 2 s');
    const sent: string[] = [];
    el.addEventListener('live-shop-chat-send', (e) => sent.push((e as CustomEvent).detail.text));
    type(input(el), 'one');
    input(el).form!.requestSubmit();
    await el.updateComplete;
    expect(sent).to.deep.equal(['one']);
    expect(send(el).disabled).to.equal(true);
    expect(send(el).textContent!.trim()).to.equal('Send', 'the accessible name stays Send');
    expect(hint()).to.equal('Slow mode: you can send again in 2 s');
    type(input(el), 'two');
    input(el).form!.requestSubmit();
    await el.updateComplete;
    expect(sent).to.deep.equal(['one'], 'Enter waits too');
    expect(input(el).value).to.equal('two', 'the draft is kept');
    await waitUntil(() => hint() === 'Slow mode: you can send again in 1 s', 'counts down', { timeout: 1500 });
    await waitUntil(() => !send(el).disabled, 'Send works again', { timeout: 1500 });
    expect(hint()).to.equal('Slow mode: one message every 2 s');
    input(el).form!.requestSubmit();
    expect(sent).to.deep.equal(['one', 'two']);
  });

  it('has no slow mode hint or wait when slow mode is off, and none for a cancelled send', async () => {
    const el = await fixture<LiveShopChat>(html`<live-shop-chat name="Ann"></live-shop-chat>`);
    expect($(el, '[part="hint"]')).to.equal(null);
    type(input(el), 'one');
    input(el).form!.requestSubmit();
    await el.updateComplete;
    expect(send(el).disabled).to.equal(false);
    el.slowMode = 30;
    el.addEventListener('live-shop-chat-send', (e) => e.preventDefault());
    type(input(el), 'two');
    input(el).form!.requestSubmit();
    await el.updateComplete;
    expect(send(el).disabled).to.equal(false);
  });
});
