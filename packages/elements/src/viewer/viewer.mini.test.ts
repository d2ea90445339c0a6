import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { FakeClient, product } from '../test/fixtures.js';
import { MINI_KEY, readMini } from './mini-player.js';
import type { LiveShopPlayer } from '../player/player.js';
import type { LiveShopViewer } from './viewer.js';

const root = (el: Element) => el.shadowRoot!;
const stage = (el: LiveShopViewer) => root(el).querySelector<HTMLElement>('.stage-wrap')!;
const button = (el: Element, name: string) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => b.getAttribute('aria-label') === name || b.textContent?.trim() === name,
  )!;
const GAP = 16;

function live() {
  return new FakeClient({
    title: 'Summer drop',
    status: 'live',
    products: [product(), product({ id: 'p2', title: 'Straw hat' })],
    pins: { productIds: ['p1', 'p2'], at: 1 },
  });
}

async function viewer(attrs: { show?: string; mini?: boolean } = {}) {
  const el = await fixture<LiveShopViewer>(
    html`<live-shop-viewer style="width: 700px" show=${attrs.show ?? 's1'} ?mini=${!!attrs.mini} .client=${live().asClient}></live-shop-viewer>`,
  );
  await el.updateComplete;
  return el;
}

/** Docked, once the mini-player's code (a lazy chunk) is in. */
async function dock(el: LiveShopViewer) {
  el.docked = true;
  await waitUntil(() => stage(el).classList.contains('docked'), 'docked');
}

async function corner(el: LiveShopViewer) {
  await el.updateComplete;
  const r = stage(el).getBoundingClientRect();
  return {
    x: Math.abs(r.left - GAP) < 2 ? 'left' : Math.abs(innerWidth - r.right - GAP) < 2 ? 'right' : 'nowhere',
    y: Math.abs(r.top - GAP) < 2 ? 'top' : Math.abs(innerHeight - r.bottom - GAP) < 2 ? 'bottom' : 'nowhere',
  };
}

describe('<live-shop-viewer> mini-player', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => resetMouse());

  it('docks the video and its card in a corner, without restarting the player, and remembers it for the next page', async () => {
    const el = await viewer();
    const player = root(el).querySelector('live-shop-player');
    const event = oneEvent(el, 'live-shop-mini-player');
    button(el, 'Mini-player').click();
    expect((await event).detail).to.deep.equal({ mode: 'docked' });
    expect(el.docked).to.equal(true);
    expect(el.hasAttribute('docked')).to.equal(true);
    expect(button(el, 'Mini-player').getAttribute('aria-pressed')).to.equal('true');
    expect(root(el).querySelector('live-shop-player'), 'the same player').to.equal(player);
    expect(getComputedStyle(stage(el)).position).to.equal('fixed');
    expect(await corner(el)).to.deep.equal({ x: 'right', y: 'bottom' });
    expect(stage(el).getAttribute('role')).to.equal('region');
    expect(stage(el).getAttribute('aria-label')).to.equal('Mini-player');
    // One card (with Buy now) fits the mini-player.
    const cards = [...stage(el).querySelectorAll('live-shop-product-card')].filter(
      (c) => c.getBoundingClientRect().height,
    );
    expect(cards.length).to.equal(1);
    expect(root(el).querySelector('[part="mini-placeholder"]')!.textContent).to.contain('Playing in the mini-player');
    expect(readMini()).to.deep.include({ show: 's1', server: `${location.origin}/`, href: location.href });
  });

  it('moves between corners with the arrow keys on its Move handle (mirrored right to left)', async () => {
    const el = await viewer();
    await dock(el);
    button(el, 'Move the mini-player').focus();
    await sendKeys({ press: 'ArrowUp' });
    expect(await corner(el)).to.deep.equal({ x: 'right', y: 'top' });
    await sendKeys({ press: 'ArrowLeft' });
    expect(await corner(el)).to.deep.equal({ x: 'left', y: 'top' });
    expect(readMini()!.corner).to.deep.equal({ x: 'start', y: 'top' });
    el.dir = 'rtl';
    await sendKeys({ press: 'ArrowLeft' });
    expect(await corner(el), 'left in a right-to-left page').to.deep.equal({ x: 'left', y: 'top' });
    await sendKeys({ press: 'ArrowRight' });
    expect(await corner(el)).to.deep.equal({ x: 'right', y: 'top' });
  });

  it('is dragged with the pointer and snaps to the nearest corner', async () => {
    const el = await viewer();
    await dock(el);
    const r = stage(el).getBoundingClientRect();
    // Grab the video (not a button or the card) and drop it near the top left.
    const from: [number, number] = [Math.round(r.left + r.width / 2), Math.round(r.top + 60)];
    await sendMouse({ type: 'move', position: from });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [from[0] - 200, from[1] - 150] });
    await el.updateComplete;
    expect(stage(el).getBoundingClientRect().left, 'follows the pointer').to.be.closeTo(r.left - 200, 2);
    await sendMouse({ type: 'move', position: [120, 100] });
    await sendMouse({ type: 'up' });
    expect(await corner(el)).to.deep.equal({ x: 'left', y: 'top' });
  });

  it('comes back with Back to the show, and forgets the next page', async () => {
    const el = await viewer();
    await dock(el);
    const event = oneEvent(el, 'live-shop-mini-player');
    button(el, 'Back to the show').click();
    expect((await event).detail).to.deep.equal({ mode: 'off' });
    await el.updateComplete;
    expect(el.docked).to.equal(false);
    expect(getComputedStyle(stage(el)).position).to.equal('relative');
    expect(sessionStorage.getItem(MINI_KEY)).to.equal(null);
  });

  it('resumes docked on the next page for the same show only', async () => {
    sessionStorage.setItem(
      MINI_KEY,
      JSON.stringify({ server: `${location.origin}/`, show: 's1', corner: { x: 'start', y: 'top' }, href: '/show' }),
    );
    const other = await viewer({ show: 's2' });
    const el = await viewer();
    await waitUntil(() => el.docked, 'resumed docked');
    expect(other.docked).to.equal(false);
    expect(await corner(el)).to.deep.equal({ x: 'left', y: 'top' });
  });

  it('on a page without the show (mini), shows only the mini-player; Close removes it', async () => {
    sessionStorage.setItem(
      MINI_KEY,
      JSON.stringify({ server: `${location.origin}/`, show: 's1', corner: { x: 'end', y: 'bottom' }, href: '/show' }),
    );
    const el = await viewer({ mini: true });
    await waitUntil(() => el.docked && stage(el)?.classList.contains('docked'), 'resumed docked');
    expect(root(el).querySelector('[part="header"]'), 'no header').to.equal(null);
    expect(root(el).querySelector('live-shop-chat'), 'no chat').to.equal(null);
    expect(await corner(el)).to.deep.equal({ x: 'right', y: 'bottom' });
    button(el, 'Close the mini-player').click();
    expect(el.isConnected).to.equal(false);
    expect(sessionStorage.getItem(MINI_KEY)).to.equal(null);
  });

  it('the resume loader adds a mini viewer only when a show was minimized and the page has none', async () => {
    sessionStorage.setItem(
      MINI_KEY,
      JSON.stringify({ server: 'http://127.0.0.1:9/', show: 'gone', corner: { x: 'end', y: 'bottom' }, href: '/show' }),
    );
    await import('../resume.js');
    await waitUntil(() => document.querySelector('live-shop-viewer[mini]'), 'a mini viewer');
    const added = document.querySelector<LiveShopViewer>('live-shop-viewer[mini]')!;
    expect([added.server, added.show, added.parentElement]).to.deep.equal([
      'http://127.0.0.1:9/',
      'gone',
      document.body,
    ]);
    added.remove();
  });
});

describe('<live-shop-viewer> mini-player in a Picture-in-Picture window', () => {
  beforeEach(() => sessionStorage.clear());

  it('floats the playing video and the pinned card over every app where Document Picture-in-Picture exists, and takes them back', async function () {
    this.timeout(30000);
    const client = new FakeClient({
      title: 'Summer drop',
      status: 'live',
      products: [product()],
      pins: { productIds: ['p1'], at: 1 },
      playback: { kind: 'hls', url: '/__replay-hls/index.m3u8' },
    });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer style="width: 700px" show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    const player = root(el).querySelector<LiveShopPlayer>('live-shop-player')!;
    await waitUntil(() => player.video && player.video.readyState >= 2, 'the video plays', { timeout: 20000 });
    const video = player.video!;
    const modes: string[] = [];
    el.addEventListener('live-shop-mini-player', (e) => modes.push(e.detail.mode));
    // A real press: the window needs its user activation.
    const b = button(el, 'Mini-player').getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(b.x + b.width / 2), Math.round(b.y + b.height / 2)] });
    const pip = () =>
      (window as unknown as { documentPictureInPicture: { window: Window | null } }).documentPictureInPicture.window;
    await waitUntil(() => pip(), 'a Picture-in-Picture window', { timeout: 5000 });
    await waitUntil(() => pip()!.document.querySelector('.card'), 'the card in it');
    const win = pip()!;
    expect(win.document.querySelector('video'), 'the same video element, not a copy').to.equal(video);
    expect(win.document.querySelector('.card')!.textContent).to.contain('Linen shirt');
    expect(el.docked, 'not docked in the page').to.equal(false);
    expect(modes).to.deep.equal(['picture-in-picture']);
    expect(root(el).querySelector('[part="mini-placeholder"]')!.textContent).to.contain(
      'Playing in picture-in-picture',
    );
    expect(readMini()).to.deep.include({ show: 's1' });

    // Buy now in the window is the page's card's Buy now.
    const buy = oneEvent(el, 'live-shop-buy');
    el.addEventListener('live-shop-buy', (e) => e.preventDefault(), { once: true });
    win.document.querySelector<HTMLButtonElement>('.card button')!.click();
    expect((await buy).detail.product.id).to.equal('p1');

    win.close();
    await waitUntil(() => player.shadowRoot!.contains(video), 'the video back in the player');
    await waitUntil(() => modes.length === 2, 'said so');
    expect(modes).to.deep.equal(['picture-in-picture', 'off']);
    expect(root(el).querySelector('[part="mini-placeholder"]')).to.equal(null);
    expect(sessionStorage.getItem(MINI_KEY)).to.equal(null);
  });

  it('docks instead with docked-only', async () => {
    const el = await viewer();
    el.dockedOnly = true;
    const b = button(el, 'Mini-player').getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(b.x + b.width / 2), Math.round(b.y + b.height / 2)] });
    await waitUntil(() => stage(el).classList.contains('docked'), 'docked');
    expect(
      (window as unknown as { documentPictureInPicture: { window: Window | null } }).documentPictureInPicture.window,
    ).to.equal(null);
    el.docked = false;
  });
});
