import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { ReactionKind } from '@live-shop/protocol';
import { FakeClient } from '../test/fixtures.js';
import type { LiveShopViewer } from '../viewer/viewer.js';
import { loadReactions } from '../define.js';
import { LiveShopReactions } from './reactions.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const buttons = (el: HTMLElement) => [...root(el).querySelectorAll<HTMLButtonElement>('[part="button"]')];
const particles = (el: HTMLElement) => [...root(el).querySelectorAll('[part="particle"]')].map((p) => p.textContent);

async function reactions(kinds: ReactionKind[] = ['heart', 'fire']) {
  return fixture<LiveShopReactions>(html`<live-shop-reactions .kinds=${kinds}></live-shop-reactions>`);
}

// The SDK defines the tag from its lazy chunk (the viewer asks for it when a live show has reactions).
before(() => loadReactions());

describe('<live-shop-reactions>', () => {
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  it('offers one big enough, named button per kind', async () => {
    const el = await reactions(['heart', 'clap']);
    expect(buttons(el).map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Send a heart', 'Send applause']);
    for (const b of buttons(el)) {
      const { width, height } = b.getBoundingClientRect();
      expect(width).to.be.at.least(44);
      expect(height).to.be.at.least(44);
    }
    const layer = root(el).querySelector<HTMLElement>('[part="layer"]')!;
    expect(layer.getAttribute('aria-hidden')).to.equal('true');
    expect(getComputedStyle(layer).pointerEvents).to.equal('none');
    await expect(el).to.be.accessible();
  });

  it('fires live-shop-react up on a tap, and floats that tap at once', async () => {
    const el = await reactions();
    setTimeout(() => buttons(el)[1]!.click());
    const event = await oneEvent(el, 'live-shop-react');
    expect(event.detail).to.deep.equal({ kind: 'fire' });
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(particles(el)).to.deep.equal(['🔥']);
  });

  it('floats each window’s counts, never more than maxParticles at once, and lets them go when done', async () => {
    const el = await reactions();
    el.burst = { counts: { heart: 3, fire: 1 } };
    await el.updateComplete;
    expect(particles(el).sort()).to.deep.equal(['❤️', '❤️', '❤️', '🔥'].sort());
    el.burst = { counts: { heart: 500 } };
    await el.updateComplete;
    expect(particles(el)).to.have.length(LiveShopReactions.maxParticles);
    await waitUntil(() => particles(el).length === 0, 'the animations end and their emoji go', { timeout: 5000 });
  });

  it('with reduced motion, floats nothing and changes the buttons’ counts instead', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await reactions();
    el.burst = { counts: { heart: 3 } };
    el.totals = { heart: 3 };
    await el.updateComplete;
    buttons(el)[0]!.click();
    await el.updateComplete;
    expect(particles(el)).to.deep.equal([]);
    const count = () => buttons(el)[0]!.querySelector('[part="count"]')?.textContent;
    expect(count()).to.equal('4', 'the own tap counts at once');
    el.totals = { heart: 9 };
    await el.updateComplete;
    expect(count()).to.equal('9');
  });
});

describe('<live-shop-viewer> reactions', () => {
  const show = (over = {}) =>
    new FakeClient({
      status: 'live',
      settings: { socialProof: false, slowModeSeconds: 0, reactions: ['heart', 'wow'] },
      ...over,
    });
  const inner = (el: LiveShopViewer) => root(el).querySelector<LiveShopReactions>('live-shop-reactions');

  it('shows the show’s reactions while live only, sends taps through the client, floats others’ taps', async () => {
    const client = show({ status: 'starting' });
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" .client=${client.asClient}></live-shop-viewer>`,
    );
    expect(inner(el)).to.equal(null);
    client.set({ status: 'live' });
    await el.updateComplete;
    const r = inner(el)!;
    expect(r.getAttribute('part')).to.equal('reactions');
    expect(r.kinds).to.deep.equal(['heart', 'wow']);
    buttons(r)[1]!.click();
    expect(client.calls).to.deep.include(['react', 'wow']);
    // A window holding 2 of this viewer's own taps (already floated) and 3 of others'.
    client.dispatchEvent(
      new CustomEvent('reactions', { detail: { counts: { heart: 3, wow: 2 }, at: 1, mine: { wow: 2 } } }),
    );
    await el.updateComplete;
    await r.updateComplete;
    expect(r.burst).to.deep.equal({ counts: { heart: 3 } });
    client.set({ status: 'ended' });
    await el.updateComplete;
    expect(inner(el)).to.equal(null);
  });

  it('hides them with no-reactions, or when the show enabled none', async () => {
    const client = show();
    const el = await fixture<LiveShopViewer>(
      html`<live-shop-viewer show="s1" no-reactions .client=${client.asClient}></live-shop-viewer>`,
    );
    expect(inner(el)).to.equal(null);
    el.noReactions = false;
    await el.updateComplete;
    expect(inner(el)).to.exist;
    client.set({ settings: { ...client.state.settings, reactions: [] } });
    await el.updateComplete;
    expect(inner(el)).to.equal(null);
  });
});
