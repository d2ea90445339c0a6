import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LiveShopClient } from '@live-shop/client';
import { liveServer } from '../test/live-server.js';
import type { LiveShopStudio } from './studio.js';
import '../define.js';

// The studio's flash deal controls against the real reference server, with a shopper's viewer watching.
const root = (el: Element) => el.shadowRoot!;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const button = (el: Element, name: string) =>
  [...root(el).querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? text(b)) === name);
const WAIT = { timeout: 8000 };

/** The viewer's pinned card (inside the viewer's shadow root). */
const card = (viewer: Element) => root(viewer).querySelector('live-shop-product-card');
const cardPart = (viewer: Element, name: string) => card(viewer)?.shadowRoot?.querySelector(`[part="${name}"]`);

describe('studio flash deals', () => {
  it('starts a pinned deal the viewer shows with its countdown, and ends it', async () => {
    const server = await liveServer();
    const show = await server.createShow();
    const shopper = new LiveShopClient({ server: server.url, show: show.id, storage: null });
    shopper.connect();
    const page = await fixture(html`<div>
      <live-shop-studio server=${server.url} show=${show.id} token=${show.hostToken}></live-shop-studio>
      <live-shop-viewer server=${server.url} show=${show.id} .client=${shopper}></live-shop-viewer>
    </div>`);
    await customElements.whenDefined('live-shop-studio');
    const studio = page.querySelector<LiveShopStudio>('live-shop-studio')!;
    const viewer = page.querySelector('live-shop-viewer')!;
    const product = show.products[0]!;
    await waitUntil(() => button(studio, `Edit ${product.title}`)?.disabled === false, 'the studio is ready', WAIT);

    button(studio, `Edit ${product.title}`)!.click();
    await studio.updateComplete;
    const form = root(studio).querySelector<HTMLFormElement>('form.deal-controls')!;
    expect(form.getAttribute('aria-label')).to.equal(`Flash deal for ${product.title}`);
    const price = form.querySelector<HTMLInputElement>('input[name="deal-price"]')!;
    const set = (field: HTMLInputElement, value: string) => {
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    };

    // Not below the list price: said at the field, nothing sent.
    set(price, '49.00');
    button(studio, 'Start deal')!.click();
    await studio.updateComplete;
    expect(text(form.querySelector('[role="alert"]'))).to.equal('Enter a price below €49.00');
    expect(price.getAttribute('aria-invalid')).to.equal('true');

    set(price, '29.00');
    button(studio, 'Start deal')!.click();
    await waitUntil(() => cardPart(viewer, 'deal-countdown'), 'the viewer shows the pinned deal', WAIT);
    expect(text(cardPart(viewer, 'price'))).to.equal('€29.00');
    expect(text(cardPart(viewer, 'deal-countdown'))).to.match(/^Ends in 1[45]:\d\d$/);
    await waitUntil(() => button(studio, 'End deal')?.disabled === false, 'the studio shows the running deal', WAIT);
    expect(text(root(studio).querySelector('.deal-controls span'))).to.match(/^Deal €29\.00 until /);
    expect(text(root(studio).querySelector('.deal-mark')), 'the product list says so too').to.match(
      /^Deal €29\.00 until /,
    );

    button(studio, 'End deal')!.click();
    await waitUntil(() => !cardPart(viewer, 'deal-countdown'), 'the viewer drops the deal', WAIT);
    expect(text(cardPart(viewer, 'price'))).to.equal('€49.00');
    await waitUntil(() => button(studio, 'Start deal')?.disabled === false, 'the studio offers a new deal', WAIT);

    // One page, one banner: the studio alone for the accessibility checks, in both states.
    viewer.remove();
    shopper.close();
    await expect(studio).to.be.accessible();
    button(studio, 'Start deal')!.click();
    await waitUntil(() => button(studio, 'End deal')?.disabled === false, 'running again', WAIT);
    await expect(studio).to.be.accessible();
  });
});
