import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../test/fixtures.js';
import type { LiveShopPlayer } from './player.js';

const requested = (part: string) => performance.getEntriesByType('resource').filter((e) => e.name.includes(part));
const engineRequested = () =>
  requested('player-engine-').length > 0 || requested('hls.js').length > 0 || requested('mux-player').length > 0;
const text = (el: HTMLElement) => el.shadowRoot!.querySelector('[part="base"]')!.textContent!.replace(/\s+/g, ' ');
const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);

describe('<live-shop-player>', () => {
  it('sizes its stage to the show: 16:9 by default, 9:16 (within the window) for a portrait show, the custom property over both', async () => {
    const el = await fixture<LiveShopPlayer>(
      html`<div style="width: 360px"><live-shop-player></live-shop-player></div>`,
    ).then((wrap) => wrap.querySelector('live-shop-player')!);
    const size = () => {
      const r = part(el, 'base')!.getBoundingClientRect();
      return [Math.round(r.width), Math.round(r.height)];
    };
    expect(size()).to.deep.equal([360, 203]);
    el.orientation = 'portrait';
    await el.updateComplete;
    expect(el.getAttribute('orientation')).to.equal('portrait');
    const tallest = Math.min(640, innerHeight * 0.85);
    expect(size(), 'narrower, still 9:16, within the window').to.deep.equal([
      Math.round((tallest * 9) / 16),
      Math.round(tallest),
    ]);
    el.style.setProperty('--live-shop-player-max-height', '2000px');
    expect(size()).to.deep.equal([360, 640]);
    el.style.setProperty('--live-shop-player-aspect-ratio', '1');
    expect(size()).to.deep.equal([360, 360]);
  });

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

describe('<live-shop-player> replay (a real HLS recording made by ffmpeg)', () => {
  const URL_ = '/__replay-hls/index.m3u8';
  /** The recording's first program date time (epoch ms). */
  const firstPdt = async () => Date.parse(/#EXT-X-PROGRAM-DATE-TIME:(\S+)/.exec(await (await fetch(URL_)).text())![1]!);

  it('auto-replay plays at once, with its own controls and the chapters on the seek bar; seekTo lands on the moment', async function () {
    this.timeout(40_000);
    const t0 = await firstPdt();
    const el = await fixture<LiveShopPlayer>(
      html`<live-shop-player
        status="ended"
        auto-replay
        .playback=${{ kind: 'hls', url: URL_ }}
        .chapters=${[
          { at: t0 + 1500, label: 'Gooseneck kettle' },
          { at: t0 + 4500, label: 'Mug' },
        ]}
      ></live-shop-player>`,
    );
    expect(part(el, 'replay-button'), 'no button to press').to.equal(null);
    await waitUntil(() => part(el, 'seek'), 'the replay controls', { timeout: 10_000 });
    await waitUntil(() => el.video!.duration > 5, 'the recording is known', { timeout: 10_000 });
    expect(part(el, 'live-badge')!.textContent).to.equal('Replay');
    const marks = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="chapter-mark"]')];
    expect(marks.map((m) => m.title)).to.deep.equal(['Gooseneck kettle · 0:01', 'Mug · 0:04']);
    const left = marks.map((m) => parseFloat(m.style.insetInlineStart));
    expect(left[0]).to.be.closeTo((1.5 / el.video!.duration) * 100, 2);
    expect(left[1]).to.be.closeTo((4.5 / el.video!.duration) * 100, 2);

    el.seekTo(t0 + 4000);
    await waitUntil(() => Math.abs(el.video!.currentTime - 4) < 0.3 && !el.video!.seeking, 'seeked', {
      timeout: 10_000,
    });
    await waitUntil(() => el.currentPdt !== null, 'the frame on screen has a time');
    expect(el.currentPdt! - (t0 + 4000)).to.be.within(-100, 400, 'the frame on screen is the moment asked for');

    // Pause and play from the controls; the seek bar follows the video.
    const play = part(el, 'play-button')!;
    if (el.video!.paused) play.click();
    await waitUntil(() => !el.video!.paused && play.getAttribute('aria-label') === 'Pause', 'playing, "Pause"');
    play.click();
    await waitUntil(() => el.video!.paused && play.getAttribute('aria-label') === 'Play', 'paused, "Play"');
    const seek = part(el, 'seek') as HTMLInputElement;
    expect(Number(seek.value)).to.be.closeTo(el.video!.currentTime, 0.3);
    seek.value = '1';
    seek.dispatchEvent(new Event('input'));
    expect(el.video!.currentTime).to.be.closeTo(1, 0.01);
    await expect(el).to.be.accessible();
  });

  it('seekTo before "Watch the replay" starts the replay there', async function () {
    this.timeout(30_000);
    const t0 = await firstPdt();
    const el = await fixture<LiveShopPlayer>(
      html`<live-shop-player status="ended" .playback=${{ kind: 'hls', url: URL_ }}></live-shop-player>`,
    );
    expect(part(el, 'replay-button')).to.not.equal(null);
    el.seekTo(t0 + 3000);
    await waitUntil(() => el.video && Math.abs(el.video.currentTime - 3) < 0.3 && !el.video.seeking, 'seeked', {
      timeout: 10_000,
    });
    expect(part(el, 'replay-button')).to.equal(null);
  });
});
