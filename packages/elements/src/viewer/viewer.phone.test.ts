import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { FakeClient, message, product, cardsSettled } from '../test/fixtures.js';
import type { LiveShopViewer } from './viewer.js';

const root = (el: Element) => el.shadowRoot!;
const box = (el: Element) => el.getBoundingClientRect();
const part = (el: Element, name: string) => root(el).querySelector(`[part="${name}"]`)!;
const inside = (a: DOMRect, b: DOMRect, slack = 1) =>
  a.left >= b.left - slack && a.right <= b.right + slack && a.top >= b.top - slack && a.bottom <= b.bottom + slack;

function live() {
  return new FakeClient({
    title: 'Summer drop',
    status: 'live',
    viewers: 12,
    products: [product()],
    pins: { productIds: ['p1'], at: 1 },
    chat: [message(), message({ id: 'm2', name: 'Ben', text: 'Love it' })],
  });
}

async function viewer(width: string) {
  const el = await fixture<LiveShopViewer>(
    html`<live-shop-viewer style="width: ${width}" show="s1" .client=${live().asClient}></live-shop-viewer>`,
  );
  const player = root(el).querySelector('live-shop-player')!;
  await player.updateComplete;
  // Measure where the cards end up, not where their entrance animation starts.
  await cardsSettled(el);
  return { el, player, chat: root(el).querySelector('live-shop-chat')! };
}

const chatInput = (chat: Element) => root(chat).querySelector<HTMLInputElement>('input#text')!;

describe('<live-shop-viewer> on a phone', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('puts the title, the pinned card and the chat over a full-bleed video below 600 px', async () => {
    const { el, player, chat } = await viewer('390px');
    const stage = box(player);
    expect(stage.width, 'full bleed').to.equal(box(el).width);
    expect(stage.height, 'vertical').to.be.greaterThan(stage.width);
    expect(inside(box(part(el, 'header')), stage), 'title over the video').to.equal(true);
    expect(inside(box(chat), stage), 'chat over the video').to.equal(true);
    const card = box(root(el).querySelector('live-shop-product-card')!);
    expect(inside(card, stage), 'card over the video').to.equal(true);
    expect(card.bottom, 'card above the chat lines').to.be.at.most(box(chat).top + 1);
    expect(inside(box(chatInput(chat)), stage), 'the input is on the video').to.equal(true);
    // The newest lines sit right above the input.
    const lines = [...root(chat).querySelectorAll('[part="message"]')].map(box);
    expect(lines.at(-1)!.bottom, 'last line near the input').to.be.closeTo(box(chatInput(chat)).top, 60);
  });

  it('follows its own width, not the window: the same element switches layouts', async () => {
    const { el, player, chat } = await viewer('1000px');
    expect(box(chat).left, 'chat beside the video').to.be.at.least(box(player).right);
    el.style.width = '390px';
    await new Promise(requestAnimationFrame);
    expect(inside(box(chat), box(player)), 'chat over the video').to.equal(true);
    expect(innerWidth, 'the window stayed wide').to.be.greaterThan(600);
  });

  it('keeps text over the video readable: a dark scrim behind the title and the chat', async () => {
    const { el, chat } = await viewer('390px');
    // Worst case: white text on the scrim over a white frame. Alphas of a gradient's stops, in order.
    const alphas = (bg: string) => [...bg.matchAll(/rgba\([^)]*?([\d.]+)\)/g)].map((m) => Number(m[1]));
    const scrimAlpha = (bg: string) => Math.min(...alphas(bg).filter((a) => a > 0));
    const contrastOnWhite = (alpha: number) => {
      const v = ((1 - alpha) * 255) / 255;
      const l = v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      return 1.05 / (l + 0.05);
    };
    const header = part(el, 'header');
    // The title sits in the top of the header, where its gradient starts.
    expect(contrastOnWhite(alphas(getComputedStyle(header).backgroundImage)[0]!), 'title').to.be.at.least(4.5);
    const base = part(chat, 'base');
    expect(getComputedStyle(root(el).querySelector('h2')!).color).to.equal('rgb(255, 255, 255)');
    expect(contrastOnWhite(scrimAlpha(getComputedStyle(base).backgroundImage)), 'chat lines').to.be.at.least(4.5);
    expect(getComputedStyle(part(chat, 'message')).color).to.equal('rgb(255, 255, 255)');
  });

  it('goes full screen with the Fullscreen API on a real press, and back with Exit full screen', async function () {
    this.timeout(20000);
    const { el } = await viewer('390px');
    const button = () => root(el).querySelector<HTMLElement>('[part="fullscreen-button"]')!;
    const b = box(button());
    await sendMouse({ type: 'click', position: [Math.round(b.x + b.width / 2), Math.round(b.y + b.height / 2)] });
    await waitUntil(() => el.hasAttribute('fullscreen'), 'full screen', { timeout: 5000 });
    await el.updateComplete;
    expect(document.fullscreenElement).to.equal(el);
    expect(el.hasAttribute('fullscreen')).to.equal(true);
    expect(button().getAttribute('aria-label')).to.equal('Exit full screen');
    button().click();
    await waitUntil(() => !el.hasAttribute('fullscreen'), 'back', { timeout: 5000 });
    await el.updateComplete;
    expect(document.fullscreenElement).to.equal(null);
    expect(el.hasAttribute('fullscreen')).to.equal(false);
  });

  it('covers the window where the Fullscreen API is refused, keeps the input above the keyboard, and Escape leaves', async function () {
    this.timeout(20000);
    await setViewport({ width: 390, height: 844 });
    const { el, chat } = await viewer('100%');
    // A script's click has no user activation: requestFullscreen is refused, the viewer covers the window instead.
    root(el).querySelector<HTMLElement>('[part="fullscreen-button"]')!.click();
    await new Promise((r) => setTimeout(r, 100));
    await el.updateComplete;
    expect(document.fullscreenElement).to.equal(null);
    expect(el.hasAttribute('fullscreen')).to.equal(true);
    expect(box(el).height).to.equal(844);
    // The on-screen keyboard shrinks the visible window: the viewer shrinks with it.
    await setViewport({ width: 390, height: 500 });
    await new Promise((r) => setTimeout(r, 100));
    await el.updateComplete;
    await new Promise(requestAnimationFrame);
    expect(box(el).height).to.equal(500);
    expect(box(chatInput(chat)).bottom, 'the input above the keyboard').to.be.at.most(500);
    chatInput(chat).focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.hasAttribute('fullscreen')).to.equal(false);
  });
});
