import { expect, waitUntil } from '@open-wc/testing';
import type { StageGuest, StageSignal, StageSignalMessage } from '@live-shop/protocol';
import { GuestPeer } from './guest-peer.js';
import { HostPeers } from './host-peers.js';

// The two studios run in one page; the relay below delivers signalling as the server does
// (`stage:signal` with from/role/guestId). Real RTCPeerConnections on loopback are under test.
function colourStream(colour: string, width = 320, height = 180): MediaStream {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d')!;
  const paint = () => {
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = `rgb(${Date.now() % 255},0,0)`; // a changing pixel: frames keep coming
    ctx.fillRect(0, 0, 2, 2);
  };
  paint();
  const timer = setInterval(paint, 33);
  const stream = canvas.captureStream(30);
  const audio = new AudioContext();
  const osc = audio.createOscillator();
  const dest = audio.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  stream.addTrack(dest.stream.getAudioTracks()[0]!);
  stream.getVideoTracks()[0]!.addEventListener('ended', () => clearInterval(timer));
  return stream;
}

/** The centre pixel of a playing video, as [r, g, b]. */
function centre(video: HTMLVideoElement): number[] {
  const canvas = Object.assign(document.createElement('canvas'), { width: 16, height: 16 });
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(video, 0, 0, 16, 16);
  return [...ctx.getImageData(8, 8, 1, 1).data.slice(0, 3)];
}
const isRed = ([r, g, b]: number[]) => r! > 180 && g! < 80 && b! < 80;
const isBlue = ([r, g, b]: number[]) => b! > 180 && r! < 80 && g! < 80;

describe('stage peers (host offers, guest answers, over real WebRTC)', () => {
  const program = colourStream('#ff0000');
  const camera = colourStream('#0000ff');
  let host: HostPeers;
  let guests: GuestPeer[] = [];
  const HOST = 'host-peer';
  let changes = 0;

  /** Delivers to the host, or to the guest peer that has this id. */
  const peers = new Map<string, GuestPeer>();
  const relay =
    (from: string, role: 'host' | 'guest', guestId: string | null) => async (to: string, signal: StageSignal) => {
      const message: StageSignalMessage = { from, role, guestId, signal };
      await Promise.resolve();
      if (to === HOST) host.receive(message);
      else peers.get(to)?.receive(message);
    };
  const guest = (peer: string) => {
    const g = new GuestPeer({
      send: relay(peer, 'guest', 'g1'),
      iceServers: () => [],
      local: () => camera,
      onChange: () => changes++,
    });
    peers.set(peer, g);
    guests.push(g);
    return g;
  };
  const listed = (peer: string | null): StageGuest[] => [
    { id: 'g1', name: 'Ana', place: 'stage', muted: false, peer, since: 1 },
  ];

  beforeEach(() => {
    host = new HostPeers({
      send: relay(HOST, 'host', null),
      iceServers: () => [],
      outgoing: () => ({ tracks: program.getTracks(), stream: program }),
      onChange: () => changes++,
    });
  });
  afterEach(() => {
    host.close();
    guests.forEach((g) => g.close());
    guests = [];
    peers.clear();
  });
  after(() => [...program.getTracks(), ...camera.getTracks()].forEach((t) => t.stop()));

  it('connects both ways: the host gets the guest camera, the guest gets the program', async () => {
    const g = guest('guest-peer-1');
    host.sync(listed('guest-peer-1'));
    await waitUntil(() => host.isLive('g1'), 'guest picture live at the host', { timeout: 8000 });
    expect(isBlue(centre(host.media('g1')!.video))).to.equal(true);
    expect(host.media('g1')!.stream.getAudioTracks()).to.have.length(1);
    expect(g.state).to.equal('connected');
    const seen = Object.assign(document.createElement('video'), { muted: true, srcObject: g.program });
    await seen.play();
    await waitUntil(() => seen.videoWidth > 0 && isRed(centre(seen)), 'program at the guest', { timeout: 5000 });
    expect(g.program!.getAudioTracks()).to.have.length(1);
  });

  it('sizes: the guest sends no bigger than the host draws it, the program goes back scaled down', async () => {
    const big = colourStream('#0000ff', 640, 360);
    const show = colourStream('#ff0000', 640, 360);
    host.close();
    host = new HostPeers({
      send: relay(HOST, 'host', null),
      iceServers: () => [],
      outgoing: () => ({ tracks: show.getTracks(), stream: show, video: { scaleResolutionDownBy: 2 } }),
      onChange: () => changes++,
    });
    const g = new GuestPeer({
      send: relay('guest-peer-1', 'guest', 'g1'),
      iceServers: () => [],
      local: () => big,
      onChange: () => changes++,
    });
    peers.set('guest-peer-1', g);
    guests.push(g);
    host.sync(listed('guest-peer-1'));
    await waitUntil(() => host.isLive('g1'), 'connected', { timeout: 8000 });
    const seen = Object.assign(document.createElement('video'), { muted: true, srcObject: g.program });
    await seen.play();
    await waitUntil(() => seen.videoWidth === 320, `the program at half size (${seen.videoWidth})`, { timeout: 8000 });

    host.drawSize('g1', { width: 160, height: 90 });
    const video = host.media('g1')!.video;
    await waitUntil(() => video.videoWidth === 160, `the guest at its tile's size (${video.videoWidth})`, {
      timeout: 8000,
    });
    expect(video.videoHeight).to.equal(90);
    expect(isBlue(centre(video))).to.equal(true);
    // Never scaled up: a tile bigger than the camera gets the camera as it is. The guest asks for its
    // full size back (scale 1); how soon the encoder gets there is WebRTC's own CPU and bandwidth
    // adaptation (on a busy machine it can hold at 320 for seconds), so the picture need only grow.
    const scales: (number | undefined)[] = [];
    const setParameters = RTCRtpSender.prototype.setParameters;
    RTCRtpSender.prototype.setParameters = function (this: RTCRtpSender, ...args) {
      scales.push(args[0].encodings[0]?.scaleResolutionDownBy);
      return setParameters.apply(this, args);
    };
    try {
      host.drawSize('g1', { width: 1280, height: 720 });
      await waitUntil(() => scales.length > 0, 'the guest asks for its full size', { timeout: 8000 });
      expect(scales).to.deep.equal([1]);
      await waitUntil(() => video.videoWidth > 160, 'the guest grows back', { timeout: 8000 });
      expect(video.videoWidth).to.be.at.most(640);
    } finally {
      RTCRtpSender.prototype.setParameters = setParameters;
      [...big.getTracks(), ...show.getTracks()].forEach((t) => t.stop());
    }
  });

  it('a reloaded guest (a new peer id) gets a new connection; the old one closes', async () => {
    guest('guest-peer-1');
    host.sync(listed('guest-peer-1'));
    await waitUntil(() => host.isLive('g1'), 'first connection', { timeout: 8000 });
    const first = host.media('g1');
    guests[0]!.close(); // the page went away
    host.sync(listed(null)); // the server says the guest's connection left
    expect(host.media('g1')).to.equal(undefined);
    guest('guest-peer-2');
    host.sync(listed('guest-peer-2'));
    await waitUntil(() => host.isLive('g1'), 'second connection', { timeout: 8000 });
    expect(host.media('g1')).not.to.equal(first);
    expect(isBlue(centre(host.media('g1')!.video))).to.equal(true);
  });

  it('a guest whose connection dies (still listed by the server) leaves the program, and is reconnected', async () => {
    guest('guest-peer-1');
    host.sync(listed('guest-peer-1'));
    await waitUntil(() => host.isLive('g1'), 'connected', { timeout: 8000 });
    guests[0]!.close(); // media gone, but the server has not noticed yet
    await waitUntil(() => !host.isLive('g1'), 'off the program', { timeout: 5000 });
    // The same guest page answers the host's retry.
    peers.delete('guest-peer-1');
    guest('guest-peer-1');
    await waitUntil(() => host.isLive('g1'), 'reconnected by the retry', { timeout: 12000 });
  });
});
