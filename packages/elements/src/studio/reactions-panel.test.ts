import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeClient } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const panel = (el: HTMLElement) => root(el).querySelector<HTMLElement>('[part="reactions"]')!;
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const box = (el: HTMLElement, name: string) =>
  [...panel(el).querySelectorAll('label')].find((l) => text(l).includes(name))!.querySelector('input')!;

function hostShow() {
  return new FakeClient({
    role: 'host',
    status: 'live',
    settings: { socialProof: false, slowModeSeconds: 0, reactions: ['heart', 'fire'] },
    reactions: { heart: 12, fire: 3 },
  });
}

describe('<live-shop-studio> reactions', () => {
  before(() => loadStudio());

  it('counts reactions in the header: the total so far and a live rate', async () => {
    const client = hostShow();
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    const stat = () => text(root(el).querySelector('[part="header"] .reaction-stat'));
    expect(stat()).to.equal('15 reactions · 0.0/s');
    // One window of 20 taps: the state's totals grow, and the last 10 s rate is 2 a second.
    client.dispatchEvent(new CustomEvent('reactions', { detail: { counts: { heart: 20 }, at: 1, mine: {} } }));
    client.set({ reactions: { heart: 32, fire: 3 } });
    await el.updateComplete;
    expect(stat()).to.equal('35 reactions · 2.0/s');
  });

  it('lists every reaction with its total, checked when viewers can send it; a change goes to the server', async () => {
    const client = hostShow();
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    expect(text(panel(el).querySelector('h2'))).to.equal('Reactions');
    expect(box(el, 'Heart').checked).to.equal(true);
    expect(box(el, 'Wow').checked).to.equal(false);
    expect(text(box(el, 'Heart').closest('label'))).to.contain('12');
    box(el, 'Wow').click();
    await waitUntil(() => client.calls.some(([name]) => name === 'updateSettings'), 'settings sent');
    expect(client.calls.find(([name]) => name === 'updateSettings')).to.deep.equal([
      'updateSettings',
      { reactions: ['heart', 'fire', 'wow'] },
    ]);
    await waitUntil(() => box(el, 'Wow').checked, 'the answer applies');
    box(el, 'Heart').click();
    await waitUntil(() => client.state.settings.reactions.join() === 'fire,wow', 'heart turned off');
    await expect(panel(el)).to.be.accessible();
  });
});
