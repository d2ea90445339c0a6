import { expect, waitUntil } from '@open-wc/testing';
import { MIME_TYPES, Publisher, pickMimeType } from './publisher.js';

// The peer is a stand-in speaking the ingest contract (web-test-runner.config.mjs, ingestPeer);
// the Publisher, with Chromium's fake camera and microphone, is what is under test.
interface PeerEntry {
  tag: string;
  hello: { show: string; token: string; mimeType: string; capturedAt: number } | null;
  frames: number;
  bytes: number;
  firstBytes: string;
  textAfterHello: number;
  closedBy: string;
}
let base = '';
const peerLog = async (tag: string) => (await (await fetch(`/__ingest-peer/log?tag=${tag}`)).json()) as PeerEntry[];
let n = 0;
const tagged = (query = '') => {
  const tag = `t${++n}-${Date.now()}`;
  return { tag, url: `${base}?tag=${tag}${query}` };
};

describe('Publisher', () => {
  let stream: MediaStream;
  const publishers: Publisher[] = [];
  const publisher = (url: string, extra: Partial<ConstructorParameters<typeof Publisher>[1]> = {}) => {
    const p = new Publisher(stream, {
      url,
      show: 'show-1',
      token: 'tok-1',
      clockOffset: () => 5000,
      retryDelay: 50,
      retryDelayMax: 100,
      ...extra,
    });
    publishers.push(p);
    return p;
  };

  before(async () => {
    base = ((await (await fetch('/__ingest-peer')).json()) as { url: string }).url;
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 180 }, audio: true });
  });
  afterEach(() => publishers.splice(0).forEach((p) => p.stop()));
  after(() => stream.getTracks().forEach((t) => t.stop()));

  it('picks the first supported format in order of preference', () => {
    expect(pickMimeType((t) => t !== MIME_TYPES[0])).to.equal('video/webm;codecs=vp8,opus');
    expect(pickMimeType(() => false)).to.equal('');
    expect(MIME_TYPES).to.include(pickMimeType());
  });

  it('says hello first, then sends WebM chunks in order; backlog comes from the acks', async () => {
    const { tag, url } = tagged();
    const p = publisher(url);
    const before = Date.now();
    await p.start();
    expect(p.phase).to.equal('publishing');
    await waitUntil(() => p.stats.bytesAcked > 0 && p.stats.bytesAcked === p.stats.bytesSent, 'acks catch up', {
      timeout: 5000,
    });
    expect(p.stats.backlogBytes).to.equal(0);
    expect(p.stats.backlogSeconds).to.equal(0);
    expect(p.stats.behind).to.equal(false);
    await waitUntil(() => p.stats.bitrate > 0, 'bitrate measured');
    await waitUntil(async () => (await peerLog(tag))[0]!.frames >= 5, 'chunks keep coming', { timeout: 3000 });
    const [entry] = await peerLog(tag);
    expect(entry!.hello).to.include({ show: 'show-1', token: 'tok-1', mimeType: p.mimeType });
    expect(entry!.hello!.mimeType).to.match(/^video\/webm/);
    // capturedAt is on the server's clock (local + offset) at recorder start.
    expect(entry!.hello!.capturedAt).to.be.within(before + 5000, Date.now() + 5000);
    expect(entry!.firstBytes).to.equal('1a45dfa3'); // EBML header: a WebM file starts here
    expect(entry!.textAfterHello).to.equal(0);
  });

  it('shows the upload falling behind when nothing is acknowledged, and restarts at a lower bitrate above the cap', async () => {
    const { tag, url } = tagged('&noack');
    const p = publisher(url, { behindSeconds: 0.5, maxBacklogSeconds: 1.5 });
    await p.start();
    await waitUntil(() => p.stats.behind, 'falling behind', { timeout: 3000 });
    expect(p.stats.backlogBytes).to.equal(p.stats.bytesSent);
    const bps = p.videoBitsPerSecond;
    await waitUntil(() => p.sessions === 2, 'restarted above the hard cap', { timeout: 4000 });
    expect(p.videoBitsPerSecond).to.be.lessThan(bps);
    await waitUntil(() => p.phase === 'publishing');
    expect(p.stats.backlogSeconds).to.be.lessThan(1.5); // the queue was dropped, not kept
    await waitUntil(async () => (await peerLog(tag)).length === 2);
  });

  it('reconnects after a drop with a new recorder and a new hello (new WebM header, new capturedAt)', async () => {
    const { tag, url } = tagged('&drop=5');
    const p = publisher(url);
    const phases: string[] = [];
    p.addEventListener('change', () => phases.at(-1) !== p.phase && phases.push(p.phase));
    await p.start();
    await waitUntil(
      // Four bytes in, not one frame: a recorder's first chunk can be a single byte.
      async () => ((await peerLog(tag))[1]?.bytes ?? 0) >= 4,
      'second session',
      { timeout: 5000 },
    );
    const [first, second] = await peerLog(tag);
    expect(first!.closedBy).to.equal('server');
    expect(phases).to.include('reconnecting');
    expect(second!.hello!.capturedAt).to.be.greaterThan(first!.hello!.capturedAt);
    expect(second!.firstBytes).to.equal('1a45dfa3');
  });

  it('stops on a server error without retrying, with the server message', async () => {
    const { tag, url } = tagged('&reject=video_unavailable');
    const p = publisher(url);
    let error: unknown;
    await p.start().catch((e: unknown) => (error = e));
    expect(error).to.deep.include({ code: 'video_unavailable' });
    expect(p.phase).to.equal('error');
    expect(p.error!.message).to.contain('No ffmpeg');
    await new Promise((r) => setTimeout(r, 300));
    expect(await peerLog(tag)).to.have.length(1);
  });

  it('stop() stops the recorder and closes the socket', async () => {
    const { tag, url } = tagged();
    const p = publisher(url);
    await p.start();
    await waitUntil(() => p.stats.bytesSent > 0);
    p.stop();
    expect(p.phase).to.equal('stopped');
    await waitUntil(async () => (await peerLog(tag))[0]!.closedBy === 'client:1000', 'closed normally');
    const frames = (await peerLog(tag))[0]!.frames;
    await new Promise((r) => setTimeout(r, 300));
    expect((await peerLog(tag))[0]!.frames).to.equal(frames);
    expect((await peerLog(tag)).length).to.equal(1);
  });
});

describe('Publisher against the reference server', () => {
  it('publishes into a live show: the server answers ready, acks media, and the show goes live', async function () {
    this.timeout(30000);
    const { liveServer } = await import('../test/live-server.js');
    const { LiveShopClient } = await import('@live-shop/client');
    const server = await liveServer();
    const show = await server.createShow();
    const client = new LiveShopClient({ server: server.url, show: show.id, token: show.hostToken });
    client.connect();
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 180 }, audio: true });
    const p = new Publisher(stream, { ...client.ingestTarget(), clockOffset: () => client.state.clockOffset });
    try {
      await waitUntil(() => client.state.ready, 'connected', { timeout: 5000 });
      await client.goLive();
      const outcome = await p.start().then(
        () => 'ready',
        (e: { code: string }) => e.code,
      );
      if (outcome === 'video_unavailable') return; // no ffmpeg on this machine: the refusal is the contract
      expect(outcome).to.equal('ready');
      await waitUntil(() => p.stats.bytesAcked > 0, 'the server acks media', { timeout: 8000 });
      await waitUntil(
        () => client.state.status === 'live' && client.state.playback?.kind === 'hls',
        'live with HLS playback',
        { timeout: 15000 },
      );
      await client.endShow();
    } finally {
      p.stop();
      stream.getTracks().forEach((t) => t.stop());
      client.close();
    }
  });
});
