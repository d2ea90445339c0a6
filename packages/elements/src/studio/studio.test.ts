import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeClient, message, product, stubClipboard } from '../test/fixtures.js';
import { loadStudio } from '../define.js';
import type { LiveShopStudio } from './studio.js';

const root = (el: HTMLElement) => el.shadowRoot!;
const button = (el: HTMLElement, name: string) =>
  [...root(el).querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === name,
  )!;

const publishState = (el: HTMLElement) =>
  root(el).querySelector('[part="publish-state"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const peerUrl = async () => ((await (await fetch('/__ingest-peer')).json()) as { url: string }).url;
const peerLog = async (tag: string) =>
  (await (await fetch(`/__ingest-peer/log?tag=${tag}`)).json()) as {
    hello: object;
    frames: number;
    closedBy: string;
  }[];

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
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    const pin = button(el, 'Pin Linen shirt');
    const unpin = button(el, 'Unpin Straw hat');
    expect(pin.getAttribute('aria-pressed')).to.equal('false');
    expect(unpin.getAttribute('aria-pressed')).to.equal('true');
    expect(unpin.closest('li')!.classList.contains('pinned')).to.equal(true);
    pin.click();
    unpin.click();
    expect(client.calls).to.deep.equal([
      ['pin', 'p1'],
      ['unpin', 'p2'],
    ]);
    client.set({ pins: { productIds: ['p1', 'p2'], at: 2 } });
    await el.updateComplete;
    expect(button(el, 'Unpin Linen shirt').getAttribute('aria-pressed')).to.equal('true');
    // Contrast of the colours as they end up, not halfway through the buttons' transition to pinned.
    const transitions = el.shadowRoot!.getAnimations().filter((a) => a instanceof CSSTransition);
    await Promise.all(transitions.map((a) => a.finished.catch(() => undefined)));
    await expect(el).to.be.accessible();
  });

  it('goes live when scheduled: camera published to the ingest; End show asks for an inline confirmation, then stops it', async () => {
    const client = hostShow();
    const tag = `studio-${Date.now()}`;
    client.ingestUrl = `${await peerUrl()}?tag=${tag}`;
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    expect(button(el, 'End show').disabled).to.equal(true);
    button(el, 'Go live').click();
    await waitUntil(() => client.calls.length, 'goLive called', { timeout: 5000 });
    expect(client.calls).to.deep.equal([['goLive']]);
    await waitUntil(() => publishState(el).includes('Streaming'), 'streaming', { timeout: 5000 });
    await waitUntil(async () => (await peerLog(tag))[0]?.frames > 2, 'media reaches the ingest', { timeout: 5000 });
    expect((await peerLog(tag))[0].hello).to.include({ show: 's1', token: 'host-token' });
    expect(publishState(el)).to.match(/\d+\.\d Mbps/);
    client.set({ status: 'live' });
    await el.updateComplete;
    expect(button(el, 'Go live').disabled).to.equal(true);
    button(el, 'End show').click();
    await el.updateComplete;
    expect(client.calls).to.deep.equal([['goLive']]);
    expect(button(el, 'End show').getAttribute('aria-expanded')).to.equal('true');
    button(el, 'Confirm end show').click();
    expect(client.calls).to.deep.equal([['goLive'], ['endShow']]);
    await waitUntil(
      async () => (await peerLog(tag))[0]?.closedBy === 'client:1000',
      'the ingest is closed after End show',
    );
    await el.updateComplete;
    expect(publishState(el)).to.equal('');
  });

  it('the preview plays the program from the start and keeps playing it through Go live', async () => {
    const client = hostShow();
    client.ingestUrl = `${await peerUrl()}?tag=preview-${Date.now()}`;
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    const preview = () => root(el).querySelector<HTMLVideoElement>('[part="preview"]');
    await waitUntil(() => preview() && preview()!.currentTime > 0, 'the preview plays', { timeout: 5000 });
    const video = preview()!;
    const shown = video.srcObject as MediaStream;
    expect(shown.getAudioTracks(), 'the program picture (no sound: the preview is muted anyway)').to.have.length(0);
    button(el, 'Go live').click();
    await waitUntil(() => publishState(el).includes('Streaming'), 'streaming', { timeout: 5000 });
    await el.updateComplete;
    expect(preview(), 'the same video element').to.equal(video);
    expect(video.srcObject, 'not restarted on another stream').to.equal(shown);
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
    expect(video.videoWidth).to.be.greaterThan(0);
    expect(shown.getVideoTracks()[0]!.readyState).to.equal('live');
  });

  it('shows the server refusing the stream (e.g. no ffmpeg) and offers to resume', async () => {
    const client = hostShow();
    client.ingestUrl = `${await peerUrl()}?tag=refuse-${Date.now()}&reject=video_unavailable`;
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    button(el, 'Go live').click();
    await waitUntil(() => publishState(el).includes('No ffmpeg found'), 'the server message is shown', {
      timeout: 5000,
    });
    client.set({ status: 'starting' });
    await el.updateComplete;
    expect(button(el, 'Resume streaming')).to.exist;
  });

  it('lists the cameras and microphones, previews the camera, and mutes tracks with toggles', async () => {
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${hostShow().asClient}></live-shop-studio>`,
    );
    const preview = () => root(el).querySelector<HTMLVideoElement>('[part="preview"]');
    await waitUntil(() => preview() && preview()!.currentTime > 0, 'the preview plays', { timeout: 5000 });
    const [camera, mic] = [...root(el).querySelectorAll('select')];
    await waitUntil(() => camera!.options.length && camera!.options[0]!.value, 'devices listed');
    expect(camera!.labels[0]!.textContent).to.contain('Camera');
    expect(mic!.labels[0]!.textContent).to.contain('Microphone');
    expect(camera!.options[0]!.textContent!.trim()).to.not.equal('');
    expect(mic!.options.length).to.be.greaterThan(0);
    // The preview plays the program; the camera itself feeds it from the hidden source video.
    const stream = root(el).querySelector<HTMLVideoElement>('.sources video')!.srcObject as MediaStream;
    const muteCam = button(el, 'Mute camera');
    const muteMic = button(el, 'Mute microphone');
    expect(muteCam.getAttribute('aria-pressed')).to.equal('false');
    muteCam.click();
    muteMic.click();
    await el.updateComplete;
    expect(muteCam.getAttribute('aria-pressed')).to.equal('true');
    expect(muteMic.getAttribute('aria-pressed')).to.equal('true');
    expect(stream.getVideoTracks()[0]!.enabled).to.equal(false);
    expect(stream.getAudioTracks()[0]!.enabled).to.equal(false);
    expect(stream.getVideoTracks()[0]!.readyState).to.equal('live'); // muted, not stopped
    muteCam.click();
    await el.updateComplete;
    expect(stream.getVideoTracks()[0]!.enabled).to.equal(true);
    await new Promise((r) => setTimeout(r, 400)); // button color transitions
    await expect(el).to.be.accessible();
  });

  it('lets the camera go when removed, even while the browser is still opening it, and opens it again when put back', async () => {
    const opened: MediaStream[] = [];
    let programs = 0;
    const getUserMedia = navigator.mediaDevices.getUserMedia;
    const captureStream = HTMLCanvasElement.prototype.captureStream;
    navigator.mediaDevices.getUserMedia = async (...args) => {
      const stream = await getUserMedia.apply(navigator.mediaDevices, args);
      opened.push(stream);
      return stream;
    };
    HTMLCanvasElement.prototype.captureStream = function (this: HTMLCanvasElement, ...args) {
      programs++; // the compositor's program canvas
      return captureStream.apply(this, args);
    };
    const live = (s: MediaStream) => s.getTracks().some((t) => t.readyState === 'live');
    try {
      const el = await fixture<LiveShopStudio>(
        html`<live-shop-studio show="s1" .client=${hostShow().asClient}></live-shop-studio>`,
      );
      const page = el.parentElement!;
      expect(opened, 'the camera is still opening').to.have.length(0);
      el.remove(); // e.g. a single-page app navigating away at once
      await waitUntil(() => opened.length === 1, 'the browser answered', { timeout: 5000 });
      await new Promise((r) => setTimeout(r, 300));
      expect(live(opened[0]!), 'no camera light for a studio that left').to.equal(false);
      expect(programs, 'no program drawn off the page').to.equal(0);

      page.append(el);
      const preview = () => root(el).querySelector<HTMLVideoElement>('[part="preview"]');
      await waitUntil(() => preview() && preview()!.currentTime > 0, 'the preview plays again', { timeout: 5000 });
      expect(opened).to.have.length(2);
      expect(live(opened[1]!)).to.equal(true);
      el.remove();
      expect(live(opened[1]!), 'removed once open: the camera stops').to.equal(false);
    } finally {
      navigator.mediaDevices.getUserMedia = getUserMedia;
      HTMLCanvasElement.prototype.captureStream = captureStream;
    }
  });

  it('shows the OBS ingest (Mux) with a masked key, reveal and copy buttons', async () => {
    const client = hostShow();
    client.ingest = { rtmpsUrl: 'rtmps://global-live.mux.com:443/app', streamKey: 'secret-key-123' };
    const { copied, restore } = stubClipboard();
    try {
      const el = await fixture<LiveShopStudio>(
        html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
      );
      await waitUntil(() => root(el).querySelector('[part="ingest"]'), 'the OBS panel');
      const panel = root(el).querySelector('[part="ingest"]')!;
      expect(panel.querySelector('h2')!.textContent).to.equal('Stream from OBS');
      const url = panel.querySelector<HTMLInputElement>('#ingest-url')!;
      const key = panel.querySelector<HTMLInputElement>('#ingest-key')!;
      expect(url.value).to.equal('rtmps://global-live.mux.com:443/app');
      expect(key.type).to.equal('password');
      expect(key.value).to.equal('secret-key-123');
      button(el, 'Copy server URL').click();
      button(el, 'Copy stream key').click();
      await waitUntil(() => copied.length === 2);
      expect(copied).to.deep.equal(['rtmps://global-live.mux.com:443/app', 'secret-key-123']);
      const reveal = button(el, 'Show key');
      reveal.click();
      await el.updateComplete;
      expect(key.type).to.equal('text');
      expect(reveal.getAttribute('aria-pressed')).to.equal('true');
    } finally {
      restore();
    }
  });

  it('has no OBS panel for local video', async () => {
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${hostShow().asClient}></live-shop-studio>`,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(root(el).querySelector('[part="ingest"]') === null).to.equal(true);
  });

  it('shows a readable error when an action is refused', async () => {
    const client = hostShow();
    client.fail = { code: 'forbidden', message: 'nope' };
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    button(el, 'Pin Linen shirt').click();
    await waitUntil(() => root(el).querySelector('.alerts')!.textContent!.includes('This link is not a host link'));
  });

  it('moderates chat: delete, time out and ban from the chat call the client', async () => {
    const client = hostShow('live');
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    const chat = root(el).querySelector('live-shop-chat')!;
    expect(chat.moderate).to.equal(true);
    await chat.updateComplete;
    chat.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Delete message from Troll"]')!.click();
    await waitUntil(() => client.calls.length === 1, 'deleted');
    expect(client.calls).to.deep.equal([['deleteMessage', 'm1']]);
    const fire = (type: string, detail: object) =>
      chat.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }));
    fire('live-shop-chat-timeout', { id: 'm1', name: 'Troll', seconds: 300 });
    fire('live-shop-chat-ban', { id: 'm1', name: 'Troll' });
    await waitUntil(() => client.calls.length === 3, 'timed out and banned');
    expect(client.calls.slice(1)).to.deep.equal([
      ['timeoutViewer', 'm1', 300],
      ['banViewer', 'm1'],
    ]);
  });

  it('lets the page take a chat moderation request over by cancelling it', async () => {
    const client = hostShow('live');
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    const taken: string[] = [];
    const takeOver = (e: Event) => (e.preventDefault(), taken.push(e.type));
    document.addEventListener('live-shop-chat-ban', takeOver);
    try {
      const chat = root(el).querySelector('live-shop-chat')!;
      chat.dispatchEvent(
        new CustomEvent('live-shop-chat-ban', {
          detail: { id: 'm1', name: 'Troll' },
          bubbles: true,
          composed: true,
          cancelable: true,
        }),
      );
      await new Promise((r) => setTimeout(r, 20));
      expect(taken).to.deep.equal(['live-shop-chat-ban']);
      expect(client.calls).to.deep.equal([]);
    } finally {
      document.removeEventListener('live-shop-chat-ban', takeOver);
    }
  });

  it('shows the video preview area with the status', async () => {
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${hostShow('live').asClient}></live-shop-studio>`,
    );
    const stage = root(el).querySelector('[part="stage"]')!;
    expect(stage.getAttribute('aria-label')).to.equal('Video preview');
    expect(stage.querySelector('.badge')!.textContent).to.contain('Live');
  });

  it('warns when the link is not a host link', async () => {
    const client = hostShow();
    client.set({ role: 'viewer' });
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    expect(root(el).querySelector('.alerts')!.textContent).to.contain('This link is not a host link');
    expect(button(el, 'Go live').disabled).to.equal(true);
  });

  it('with an unknown show or a bad token, says why and shows no dead controls', async () => {
    const client = new FakeClient({ connection: 'error', ready: false, error: { code: 'unauthorized', message: 'x' } });
    const el = await fixture<LiveShopStudio>(
      html`<live-shop-studio show="s1" .client=${client.asClient}></live-shop-studio>`,
    );
    expect(root(el).querySelector('.alerts')!.textContent).to.contain('This link is not valid for this show');
    expect(button(el, 'Go live')).to.equal(undefined);
    expect(root(el).querySelector('live-shop-chat')).to.equal(null);
  });
});
