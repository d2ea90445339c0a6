import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { product } from '../test/fixtures.js';
import { formatRemaining } from './deal.js';
import type { DealClock } from './deal.js';
import './product-card.js';
import type { LiveShopProductCard } from './product-card.js';

const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);

describe('<live-shop-product-card> flash deals', () => {
  const at = 1_800_000_000_000;
  const deal = { price: { amount: 2900, currency: 'USD' }, endsAt: at + 5 * 60_000, at };
  let now = at;
  let picture: number | null = null;
  const clock: DealClock = () => ({ now, picture });

  async function card(lang = 'en') {
    return fixture<LiveShopProductCard>(
      html`<div lang=${lang}><live-shop-product-card .clock=${clock} .product=${product({ deal })}></live-shop-product-card></div>`,
    ).then((wrap) => wrap.querySelector('live-shop-product-card')!);
  }

  it('shows the deal price after the struck list price and the time left, readable but never announced', async () => {
    now = at + 48_000;
    picture = null;
    const el = await card();
    expect(part(el, 'price')!.textContent).to.equal('$29.00');
    const list = part(el, 'list-price')!;
    expect(list.tagName).to.equal('S');
    // Strikethrough is not spoken: screen readers read "Was $49.00", sighted shoppers see the struck price.
    expect(list.querySelector('.sr')!.textContent).to.equal('Was $49.00');
    expect(list.querySelector('[aria-hidden="true"]')!.textContent).to.equal('$49.00');
    const timer = part(el, 'deal-countdown')!;
    expect(timer.textContent).to.equal('Ends in 4:12');
    expect(timer.getAttribute('role')).to.equal('timer');
    expect(timer.hasAttribute('aria-live'), 'a timer is not live: no announcement every second').to.equal(false);
    await expect(el).to.be.accessible();

    now = at + 4 * 60_000 + 30_000;
    el.requestUpdate();
    await el.updateComplete;
    expect(part(el, 'deal-countdown')!.textContent).to.equal('Ends in 0:30');
    expect(part(el, 'deal-countdown')!.classList.contains('soon')).to.equal(true);
  });

  it('waits for the picture to reach the moment the deal was set, like a pin', async () => {
    now = at + 10_000;
    picture = at - 3_000; // the video is 13 s behind
    const el = await card();
    expect(part(el, 'deal-countdown')).to.equal(null);
    expect(part(el, 'price')!.textContent).to.equal('$49.00');
    picture = at + 1;
    el.requestUpdate();
    await el.updateComplete;
    expect(part(el, 'price')!.textContent).to.equal('$29.00');
  });

  it('goes back to the list price once the deal ended', async () => {
    now = deal.endsAt;
    picture = null;
    const el = await card();
    expect(part(el, 'list-price')).to.equal(null);
    expect(part(el, 'deal-countdown')).to.equal(null);
    expect(part(el, 'price')!.textContent).to.equal('$49.00');
  });

  it('the countdown ticks by itself (re-renders each second while a deal runs)', async () => {
    now = at;
    picture = null;
    const el = await card();
    const first = part(el, 'deal-countdown')!.textContent;
    now = at + 2_000;
    // No property changed: only the card's own ticker can render the new time.
    await waitUntil(() => part(el, 'deal-countdown')!.textContent !== first, 'the countdown moved', { timeout: 5000 });
    expect(part(el, 'deal-countdown')!.textContent).to.equal('Ends in 4:58');
  });

  it('speaks the page language', async () => {
    now = at;
    picture = null;
    const el = await card('de');
    await waitUntil(() => part(el, 'deal-countdown')!.textContent === 'Endet in 5:00', 'German strings loaded', {
      timeout: 5000,
    });
  });

  it('formats what is left', () => {
    expect(formatRemaining(61_000)).to.equal('1:01');
    expect(formatRemaining(3_723_000)).to.equal('1:02:03');
    expect(formatRemaining(1)).to.equal('0:01');
  });
});
