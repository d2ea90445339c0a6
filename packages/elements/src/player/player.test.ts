import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../test/fixtures.js';
import type { LiveShopPlayer } from './player.js';

const engineRequested = () =>
  performance.getEntriesByType('resource').some((e) => e.name.includes('player-engine'));
const text = (el: HTMLElement) => el.shadowRoot!.querySelector('[part="base"]')!.textContent!.replace(/\s+/g, ' ');

describe('<live-shop-player>', () => {
  it('shows a clear state for each status', async () => {
    const el = await fixture<LiveShopPlayer>(html`<live-shop-player></live-shop-player>`);
    expect(el.status).to.equal('scheduled');
    expect(el.getAttribute('status')).to.equal('scheduled');
    expect(text(el)).to.contain('Starting soon');
    const cases = [
      ['starting', 'Starting…'],
      ['reconnecting', 'Reconnecting…'],
      ['ended', 'The show has ended'],
    ] as const;
    for (const [status, label] of cases) {
      el.setAttribute('status', status);
      await el.updateComplete;
      expect(text(el)).to.contain(label);
      expect(el.shadowRoot!.querySelector('[part="live-badge"]')).to.equal(null);
    }
    el.status = 'live';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="live-badge"]')!.textContent).to.equal('Live');
    expect(el.shadowRoot!.querySelector('[part="message"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('does not load the video engine while there is no src', async () => {
    const el = await fixture<LiveShopPlayer>(html`<live-shop-player status="live"></live-shop-player>`);
    await new Promise((r) => setTimeout(r, 50));
    expect(el.video).to.equal(null);
    expect(el.shadowRoot!.querySelector('video')).to.equal(null);
    expect(engineRequested()).to.equal(false);
  });

  it('does not load the engine for a src before the show is live', async () => {
    const el = await fixture<LiveShopPlayer>(html`<live-shop-player status="scheduled" src="/v.m3u8"></live-shop-player>`);
    await new Promise((r) => setTimeout(r, 50));
    expect(el.video).to.equal(null);
    expect(engineRequested()).to.equal(false);
  });

  it('lazily loads the engine when live with a src: muted autoplay video and an unmute button', async () => {
    const el = await fixture<LiveShopPlayer>(html`<live-shop-player status="scheduled" src="/v.m3u8"></live-shop-player>`);
    setTimeout(() => (el.status = 'live'));
    await oneEvent(el, 'live-shop-player-ready');
    expect(engineRequested()).to.equal(true);
    const video = el.shadowRoot!.querySelector('video')!;
    expect(video).to.equal(el.video);
    expect(video.muted).to.equal(true);
    expect(video.autoplay).to.equal(true);
    expect(video.getAttribute('src')).to.equal('/v.m3u8');
    const unmute = el.shadowRoot!.querySelector<HTMLButtonElement>('.unmute')!;
    expect(unmute.textContent).to.contain('unmute');
    unmute.click();
    expect(video.muted).to.equal(false);
    el.status = 'ended';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('video')).to.equal(null);
  });
});
