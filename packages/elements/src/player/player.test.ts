import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../test/fixtures.js';
import type { LiveShopPlayer } from './player.js';

const requested = (part: string) => performance.getEntriesByType('resource').filter((e) => e.name.includes(part));
const engineRequested = () =>
  requested('player-engine-').length > 0 || requested('hls.js').length > 0 || requested('mux-player').length > 0;
const text = (el: HTMLElement) => el.shadowRoot!.querySelector('[part="base"]')!.textContent!.replace(/\s+/g, ' ');
const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);

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
      expect(part(el, 'live-badge')).to.equal(null);
    }
    expect(part(el, 'replay-button')).to.equal(null); // no replay without playback
    el.status = 'live';
    await el.updateComplete;
    expect(part(el, 'live-badge')!.textContent).to.equal('Live');
    expect(part(el, 'message')).to.equal(null);
    expect(el.currentPdt).to.equal(null);
    expect(el.latency).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('loads no video engine without playback, or before the show is live', async () => {
    const live = await fixture<LiveShopPlayer>(html`<live-shop-player status="live"></live-shop-player>`);
    const early = await fixture<LiveShopPlayer>(
      html`<live-shop-player status="starting" .playback=${{ kind: 'hls', url: '/v.m3u8' }}></live-shop-player>`,
    );
    const ended = await fixture<LiveShopPlayer>(
      html`<live-shop-player status="ended" src="/v.m3u8"></live-shop-player>`,
    );
    await new Promise((r) => setTimeout(r, 100));
    for (const el of [live, early, ended]) {
      expect(el.video).to.equal(null);
      expect(el.shadowRoot!.querySelector('video')).to.equal(null);
    }
    expect(engineRequested()).to.equal(false);
  });

  it('with an HLS playlist that does not exist yet: stays "Starting…", keeps retrying, and unmutes on tap', async () => {
    const url = `/__no-such-stream/${Date.now()}/index.m3u8`;
    const el = await fixture<LiveShopPlayer>(html`<live-shop-player status="starting"></live-shop-player>`);
    el.playback = { kind: 'hls', url, lowLatency: true };
    setTimeout(() => (el.status = 'live'));
    await oneEvent(el, 'live-shop-player-ready');
    expect(requested('player-engine-hls')).to.have.length(1);
    expect(requested('hls.light')).to.not.have.length(0);
    expect(requested('mux-player')).to.have.length(0);
    const video = el.shadowRoot!.querySelector('video')!;
    expect(video).to.equal(el.video);
    expect(video.muted).to.equal(true);
    expect(video.autoplay).to.equal(true);
    await waitUntil(() => requested(url).length >= 3, 'the playlist is requested again', { timeout: 6000 });
    await el.updateComplete;
    expect(text(el)).to.contain('Starting…');
    expect(el.currentPdt).to.equal(null);

    const unmute = part(el, 'unmute-button')!;
    expect(unmute.textContent).to.contain('Tap to unmute');
    unmute.click();
    expect(video.muted).to.equal(false);
    await el.updateComplete;
    expect(part(el, 'unmute-button')).to.equal(null);

    el.status = 'ended';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('video')).to.equal(null);
    expect(text(el)).to.contain('The show has ended');
  });

  it('keeps the engine while reconnecting, and offers the replay after the show ended', async () => {
    const el = await fixture<LiveShopPlayer>(
      html`<live-shop-player status="live" .playback=${{ kind: 'hls', url: '/__no-such-stream/r.m3u8' }}></live-shop-player>`,
    );
    await oneEvent(el, 'live-shop-player-ready');
    const video = el.video;
    el.status = 'reconnecting';
    await el.updateComplete;
    expect(el.video).to.equal(video);
    expect(part(el, 'message')!.textContent).to.contain('Reconnecting…');

    el.status = 'ended';
    await el.updateComplete;
    expect(el.video).to.equal(null);
    const replay = part(el, 'replay-button')!;
    expect(replay.textContent).to.contain('Watch the replay');
    setTimeout(() => replay.click());
    await oneEvent(el, 'live-shop-player-ready');
    await el.updateComplete;
    expect(el.video).to.not.equal(null);
    expect(part(el, 'live-badge')!.textContent).to.equal('Replay');
    expect(part(el, 'message')).to.equal(null);
    expect(el.latency).to.equal(null); // a replay has no live edge
  });

  it('without @live-shop/elements/mux, a Mux show says what to import (console error, live-shop-player-error) and loads no Mux code', async () => {
    const logged: unknown[][] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const el = await fixture<LiveShopPlayer>(html`<live-shop-player status="live"></live-shop-player>`);
      setTimeout(() => (el.playback = { kind: 'mux', playbackId: 'abc123' }));
      const event = await oneEvent(el, 'live-shop-player-error');
      expect(event.detail.code).to.equal('video_unavailable');
      expect(event.detail.message).to.contain("import '@live-shop/elements/mux'");
      expect(event.detail.playback).to.deep.equal({ kind: 'mux', playbackId: 'abc123' });
      expect(event.bubbles && event.composed, 'heard on document').to.equal(true);
      expect(logged.filter((args) => String(args[0]).includes("import '@live-shop/elements/mux'"))).to.have.length(1);
      await el.updateComplete;
      expect(text(el)).to.contain('Video unavailable');
      expect(el.shadowRoot!.querySelector('.spinner')).to.equal(null);
      expect(el.shadowRoot!.querySelector('mux-player')).to.equal(null);
      expect(requested('player-engine-mux')).to.have.length(0);
      expect(requested('mux-player')).to.have.length(0);
      el.status = 'ended';
      await el.updateComplete;
      expect(text(el)).to.contain('The show has ended');
    } finally {
      console.error = consoleError;
    }
  });

  it('plays Mux playback ids with <mux-player> from its own chunk once @live-shop/elements/mux is imported, without the cast script', async () => {
    await import('../mux.js');
    const el = await fixture<LiveShopPlayer>(
      html`<live-shop-player status="live" .playback=${{ kind: 'mux', playbackId: 'abc123' }}></live-shop-player>`,
    );
    await oneEvent(el, 'live-shop-player-ready');
    const mux = el.shadowRoot!.querySelector('mux-player')!;
    expect(mux.getAttribute('playback-id')).to.equal('abc123');
    expect(mux.getAttribute('stream-type')).to.equal('live');
    expect(requested('player-engine-mux')).to.have.length(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(document.querySelector('script[src*="gstatic"]') === null, 'no cast script').to.equal(true);
    expect(requested('gstatic')).to.have.length(0);
    el.remove();
  });
});
