import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeClient, message, product } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const button = (el: HTMLElement, name: string) =>
  [...root(el).querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === name)!;

function hostShow(status: 'scheduled' | 'live' = 'scheduled') {
  return new FakeClient({
    role: 'host',
    title: 'Summer drop',
    status,
    products: [product(), product({ id: 'p2', title: 'Straw hat' })],
    pins: { productIds: ['p2'], at: 1 },
    chat: [message({ id: 'm1', name: 'Troll' })],
  });
}

describe('<live-shop-studio>', () => {
  before(() => loadStudio());

  it('renders products with pin toggles (aria-pressed + accessible names) and pins through the client', async () => {
    const client = hostShow();
    const el = await fixture<LiveShopStudio>(html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`);
    const pin = button(el, 'Pin Linen shirt');
    const unpin = button(el, 'Unpin Straw hat');
    expect(pin.getAttribute('aria-pressed')).to.equal('false');
    expect(unpin.getAttribute('aria-pressed')).to.equal('true');
    expect(unpin.closest('li')!.classList.contains('pinned')).to.equal(true);
    pin.click();
    unpin.click();
    expect(client.calls).to.deep.equal([['pin', 'p1'], ['unpin', 'p2']]);
    client.set({ pins: { productIds: ['p1', 'p2'], at: 2 } });
    await el.updateComplete;
    expect(button(el, 'Unpin Linen shirt').getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('goes live when scheduled; End show asks for an inline confirmation', async () => {
    const client = hostShow();
    const el = await fixture<LiveShopStudio>(html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`);
    expect(button(el, 'End show').disabled).to.equal(true);
    button(el, 'Go live').click();
    expect(client.calls).to.deep.equal([['goLive']]);
    client.set({ status: 'live' });
    await el.updateComplete;
    expect(button(el, 'Go live').disabled).to.equal(true);
    button(el, 'End show').click();
    await el.updateComplete;
    expect(client.calls).to.deep.equal([['goLive']]);
    expect(button(el, 'End show').getAttribute('aria-expanded')).to.equal('true');
    button(el, 'Confirm end show').click();
    expect(client.calls).to.deep.equal([['goLive'], ['endShow']]);
  });

  it('shows a readable error when an action is refused', async () => {
    const client = hostShow();
    client.fail = { code: 'forbidden', message: 'nope' };
    const el = await fixture<LiveShopStudio>(html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`);
    button(el, 'Pin Linen shirt').click();
    await waitUntil(() => root(el).querySelector('.alerts')!.textContent!.includes('This link is not a host link'));
  });

  it('moderates chat: delete buttons call the client', async () => {
    const client = hostShow('live');
    const el = await fixture<LiveShopStudio>(html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`);
    const chat = root(el).querySelector('live-shop-chat')!;
    expect(chat.canDelete).to.equal(true);
    await chat.updateComplete;
    chat.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Delete message from Troll"]')!.click();
    expect(client.calls).to.deep.equal([['deleteMessage', 'm1']]);
  });

  it('shows a video preview placeholder with the status', async () => {
    const el = await fixture<LiveShopStudio>(html`<live-shop-studio show="s1" .client=${hostShow('live').asClient}></live-shop-studio>`);
    const stage = root(el).querySelector('[part="stage"]')!.textContent!;
    expect(stage).to.contain('Video preview');
    expect(stage).to.contain('Live');
  });

  it('warns when the link is not a host link', async () => {
    const client = hostShow();
    client.set({ role: 'viewer' });
    const el = await fixture<LiveShopStudio>(html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`);
    expect(root(el).querySelector('.alerts')!.textContent).to.contain('This link is not a host link');
    expect(button(el, 'Go live').disabled).to.equal(true);
  });

  it('with an unknown show or a bad token, says why and shows no dead controls', async () => {
    const client = new FakeClient({ connection: 'error', ready: false, error: { code: 'unauthorized', message: 'x' } });
    const el = await fixture<LiveShopStudio>(html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`);
    expect(root(el).querySelector('.alerts')!.textContent).to.contain('This link is not valid for this show');
    expect(button(el, 'Go live')).to.equal(undefined);
    expect(root(el).querySelector('live-shop-chat')).to.equal(null);
  });
});
