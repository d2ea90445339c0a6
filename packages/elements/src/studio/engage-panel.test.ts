import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Poll } from '@live-shop/protocol';
import { FakeClient, message } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const panel = (el: HTMLElement) => root(el).querySelector<HTMLElement>('[part="engage"]')!;
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const field = (el: HTMLElement, label: string) =>
  [...panel(el).querySelectorAll('label')].find((l) => text(l).startsWith(label))!.querySelector('input')!;
const button = (el: HTMLElement, name: string) =>
  [...panel(el).querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => text(b) === name || b.getAttribute('aria-label') === name,
  );
const type = (input: HTMLInputElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input'));
};

async function studio(client: FakeClient) {
  return fixture<LiveShopStudio>(html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`);
}

describe('<live-shop-studio> Polls and Q&A', () => {
  before(() => loadStudio());

  it('starts a poll with 2–4 options and a timer', async () => {
    const client = new FakeClient({ role: 'host', status: 'live' });
    const el = await studio(client);
    expect(text(panel(el).querySelector('h2'))).to.equal('Polls and Q&A');
    expect(button(el, 'Start poll')!.disabled).to.equal(true);
    type(field(el, 'Question'), 'Which colour?');
    type(field(el, 'Option 1'), 'Red');
    type(field(el, 'Option 2'), 'Blue');
    await el.updateComplete;
    expect(button(el, 'Remove option 1')).to.equal(undefined, 'never fewer than 2');
    for (let i = 0; i < 2; i++) (button(el, 'Add option')!.click(), await el.updateComplete);
    expect(button(el, 'Add option')).to.equal(undefined, 'never more than 4');
    button(el, 'Remove option 4')!.click();
    await el.updateComplete;
    type(field(el, 'Option 3'), 'Green');
    type(field(el, 'Timer'), '30');
    await el.updateComplete;
    await expect(panel(el)).to.be.accessible();
    button(el, 'Start poll')!.click();
    await waitUntil(() => client.calls.some(([n]) => n === 'startPoll'), 'poll started');
    expect(client.calls.find(([n]) => n === 'startPoll')).to.deep.equal([
      'startPoll',
      'Which colour?',
      ['Red', 'Blue', 'Green'],
      30,
    ]);
  });

  it('shows the open poll’s live results and ends it', async () => {
    const poll: Poll = {
      id: 'p1',
      question: 'Which colour?',
      options: ['Red', 'Blue'],
      counts: [1, 3],
      total: 4,
      openedAt: 1,
      endsAt: null,
      closedAt: null,
    };
    const client = new FakeClient({ role: 'host', status: 'live', poll });
    const el = await studio(client);
    expect([...panel(el).querySelectorAll('.results li')].map(text)).to.deep.equal(['Red: 1 (25%)', 'Blue: 3 (75%)']);
    expect(text(panel(el).querySelector('.poll .muted'))).to.equal('Open · 4 votes');
    await expect(panel(el)).to.be.accessible();
    button(el, 'End poll')!.click();
    await waitUntil(() => client.calls.some(([n]) => n === 'endPoll'), 'poll ended');
    expect(client.calls.find(([n]) => n === 'endPoll')).to.deep.equal(['endPoll', 'p1']);
  });

  // a timed poll's countdown: on the server's clock, said politely at a few thresholds only
  it('counts a timed poll down for staff and says "1 minute" once when crossed', async () => {
    const now = Date.now();
    const poll: Poll = {
      id: 'p1',
      question: 'Which colour?',
      options: ['Red', 'Blue'],
      counts: [0, 0],
      total: 0,
      openedAt: now,
      endsAt: now + 64_600,
      closedAt: null,
    };
    const client = new FakeClient({ role: 'host', status: 'live', poll, clockOffset: 0 });
    const el = await studio(client);
    const timer = () => panel(el).querySelector('[role="timer"]');
    const said = () => text(panel(el).querySelector('.sr-only[role="status"]'));
    expect(text(timer())).to.match(/^Closes in 1:0[1-5]$/);
    expect(said()).to.equal('');
    await expect(panel(el)).to.be.accessible();
    client.set({ clockOffset: 8000 }); // the server's clock, better known now: 8 s further on
    await waitUntil(() => said() === 'Poll closes in 1 minute', `announced: ${said()}`);
    expect(text(timer())).to.match(/^Closes in 0:5[0-7]$/);
    client.set({ poll: { ...poll, closedAt: now + 5000 } });
    await waitUntil(() => !timer(), 'no countdown once closed');
  });

  it('lists open questions oldest first, puts one on air, marks one answered; answered ones fold away', async () => {
    const client = new FakeClient({
      role: 'moderator',
      status: 'live',
      questions: {
        open: [
          message({ id: 'q1', name: 'Ana', text: 'Waterproof?' }),
          message({ id: 'q2', name: 'Bo', text: 'Sizes?' }),
        ],
        answered: [message({ id: 'q0', name: 'Cy', text: 'Price?', answeredAt: 5 })],
      },
      question: { message: message({ id: 'q2', name: 'Bo', text: 'Sizes?' }), at: 3 },
    });
    const el = await studio(client);
    const items = [...panel(el).querySelectorAll('.questions > ol > li')];
    expect(items.map((li) => text(li.querySelector('p')))).to.deep.equal(['Ana Waterproof?', 'Bo Sizes?']);
    expect(text(items[1]!.querySelector('.badge'))).to.equal('On air');
    expect(text(panel(el).querySelector('details summary'))).to.equal('1 answered');
    await expect(panel(el)).to.be.accessible();
    items[0]!.querySelector<HTMLButtonElement>('button')!.click();
    await waitUntil(() => client.calls.some(([n]) => n === 'setQuestionOnAir'), 'on air');
    expect(client.calls.find(([n]) => n === 'setQuestionOnAir')).to.deep.equal(['setQuestionOnAir', 'q1']);
    const takeOff = items[1]!.querySelector<HTMLButtonElement>('button[aria-pressed="true"]')!;
    expect(text(takeOff)).to.equal('Take off air');
    takeOff.click();
    await waitUntil(() => client.calls.some(([n, id]) => n === 'setQuestionOnAir' && id === null), 'off air');
    [...items[0]!.querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === 'Mark answered')!.click();
    await waitUntil(() => client.calls.some(([n]) => n === 'answerQuestion'), 'answered');
    expect(client.calls.find(([n]) => n === 'answerQuestion')).to.deep.equal(['answerQuestion', 'q1']);
  });

  it('sets and clears the announcement banner', async () => {
    const client = new FakeClient({ role: 'host', status: 'live', announcement: { text: 'Old news', at: 1 } });
    const el = await studio(client);
    expect(field(el, 'Announcement banner').value).to.equal('Old news');
    type(field(el, 'Announcement banner'), 'Free shipping tonight');
    await el.updateComplete;
    button(el, 'Show banner')!.click();
    await waitUntil(() => client.calls.some(([n]) => n === 'setAnnouncement'), 'banner set');
    expect(client.calls.find(([n]) => n === 'setAnnouncement')).to.deep.equal([
      'setAnnouncement',
      'Free shipping tonight',
    ]);
    button(el, 'Clear banner')!.click();
    await waitUntil(() => client.calls.some(([n, t]) => n === 'setAnnouncement' && t === null), 'banner cleared');
  });
});
