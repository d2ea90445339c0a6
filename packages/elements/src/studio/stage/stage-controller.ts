import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveShopClient, LiveShopState } from '@live-shop/client';
import { DEFAULT_HOST_NAME, LIMITS, onStage, type StageGuest, type StageSignalMessage } from '@live-shop/protocol';
import type { MediaController } from '../media-controller.js';
import { Compositor, programSize, type Tile } from './compositor.js';
import { tileRects } from './layout.js';
import { GuestPeer } from './guest-peer.js';
import { HostPeers } from './host-peers.js';

const HOST_TILE = 'host';
const NAME_KEY = 'live-shop-stage-name';
/** The program is drawn at the camera's size, this by default. */
const PROGRAM = { width: 1280, height: 720, frameRate: 30 };
/** The program as guests see it (their monitor, not the show): at most this wide, at most this bitrate. */
const RETURN_FEED = { width: 640, maxBitrate: 1_000_000 };
/** What the host's Guests panel shows of a guest who is not on the program: a preview tile. */
const PREVIEW_SIZE = { width: 480, height: 270 };

const stored = (key: string): string => {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
};
const store = (key: string, value: string): void => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: the name is asked again next time
  }
};

// The server lists the names on stage for viewers in this same order (one helper, in the protocol).
export { onStage };

/**
 * The studio's stage: for a host, the program (the compositor drawing the host's camera and the guests
 * on stage, and mixing their audio) and a WebRTC link to each guest; for a guest, the link to the host's
 * studio. Kept in step with the client's stage state on every update of the studio.
 */
export class StageController implements ReactiveController {
  compositor: Compositor | null = null;
  /** The host's camera, playing muted: the compositor's first tile. */
  readonly hostVideo: HTMLVideoElement;
  /** The host's name under their tile. */
  hostName = stored(NAME_KEY) || DEFAULT_HOST_NAME;
  /** The program picture alone (no audio), for the host's preview. */
  preview: MediaStream | null = null;
  #peers: HostPeers | null = null;
  #guest: GuestPeer | null = null;
  #client: LiveShopClient | null = null;
  #off: (() => void) | undefined;
  #signals: StageSignalMessage[] = [];
  #mixed = new Set<string>();
  /** Only a studio on the page draws a program or connects guests (Lit still updates a removed one). */
  #connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly media: MediaController,
  ) {
    host.addController(this);
    this.hostVideo = Object.assign(document.createElement('video'), { muted: true, autoplay: true, playsInline: true });
    this.hostVideo.className = 'source';
  }

  hostConnected(): void {
    this.#connected = true;
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#release();
    this.#client = null;
  }

  get peers(): HostPeers | null {
    return this.#peers;
  }

  get guest(): GuestPeer | null {
    return this.#guest;
  }

  /** The stream the publisher records: the program once the compositor runs. */
  get program(): MediaStream | null {
    return this.compositor?.stream ?? null;
  }

  setHostName(name: string): void {
    this.hostName = name.trim().slice(0, LIMITS.nameMax) || DEFAULT_HOST_NAME;
    store(NAME_KEY, this.hostName);
    this.host.requestUpdate();
  }

  /** Resumes audio after a click (browsers start audio contexts suspended until the user interacts). */
  resumeAudio(): void {
    void this.compositor?.mixer.resume().catch(() => {});
  }

  /** Called after every studio update with its client and state. */
  sync(client: LiveShopClient | null, s: LiveShopState | null): void {
    if (!this.#connected) return;
    if (client !== this.#client) {
      this.#release();
      this.#client = client;
      this.#off = client?.on('stage-signal', (m) => this.#receive(m));
    }
    if (!client || !s?.ready) return;
    if (s.role === 'host') this.#syncHost(client, s);
    else if (s.role === 'guest') this.#syncGuest(client, s);
  }

  #receive(message: StageSignalMessage): void {
    if (this.#peers) this.#peers.receive(message);
    else if (this.#guest) this.#guest.receive(message);
    // An offer can come before the camera opened: kept until there is someone to answer it.
    else this.#signals.push(message);
  }

  #syncHost(client: LiveShopClient, s: LiveShopState): void {
    const camera = this.media.stream;
    if (!camera) return;
    if (this.hostVideo.srcObject !== camera) {
      this.hostVideo.srcObject = camera;
      void this.hostVideo.play().catch(() => {});
    }
    const settings = camera.getVideoTracks()[0]?.getSettings() ?? {};
    const size = programSize(
      settings.width ?? PROGRAM.width,
      settings.height ?? PROGRAM.height,
      s.settings.orientation ?? 'landscape',
    );
    // Before going live only: a recording keeps one size (another camera mid-show is cover-fitted into it).
    if (s.status === 'scheduled') this.compositor?.resize(size.width, size.height);
    if (!this.compositor) {
      this.compositor = new Compositor({ ...size, frameRate: PROGRAM.frameRate });
      this.compositor.start();
      this.preview = new MediaStream(this.compositor.stream.getVideoTracks());
      const compositor = this.compositor;
      this.#peers = new HostPeers({
        send: (to, signal) => client.sendSignal(to, signal),
        iceServers: () => [...client.state.iceServers],
        outgoing: (guestId) => {
          const video = compositor.stream.getVideoTracks();
          const audio = compositor.mixer.mixMinus(guestId).getAudioTracks();
          const scaleResolutionDownBy = Math.max(1, compositor.canvas.width / RETURN_FEED.width);
          return {
            tracks: [...video, ...audio],
            stream: compositor.stream,
            video: { scaleResolutionDownBy, maxBitrate: RETURN_FEED.maxBitrate },
          };
        },
        onChange: () => this.host.requestUpdate(),
      });
      for (const m of this.#signals.splice(0)) this.#peers.receive(m);
      // The preview plays the program from now on, not from the next render (that was Go live's).
      this.host.requestUpdate();
    }
    const stage = s.stage ?? { layout: 'solo' as const, guests: [] };
    const peers = this.#peers!;
    peers.sync(stage.guests);
    this.#applyProgram(this.compositor, peers, stage.guests, stage.layout);
  }

  #applyProgram(compositor: Compositor, peers: HostPeers, guests: StageGuest[], layout: Compositor['layout']): void {
    const live = onStage(guests).filter((g) => peers.isLive(g.id));
    const tiles: Tile[] = [
      // A name only says who is who when there is more than one picture: a solo show carries none.
      { id: HOST_TILE, name: layout !== 'solo' && live.length ? this.hostName : '', video: this.hostVideo },
      ...live.slice(0, LIMITS.stageMax - 1).map((g) => ({ id: g.id, name: g.name, video: peers.media(g.id)!.video })),
    ];
    compositor.layout = layout;
    compositor.setTiles(tiles);
    // Each guest sends no bigger a picture than the one drawn of them: the tile they have (or are about
    // to have, once their video moves) on the program, else the preview. Ask before drawing, not after.
    const staged = onStage(guests).slice(0, LIMITS.stageMax - 1);
    const { width, height } = compositor.canvas;
    const rects = tileRects(layout, staged.length + 1, width, height);
    for (const g of guests) {
      const rect = rects[staged.indexOf(g) + 1];
      const tile = g.place === 'stage' && rect ? { width: rect.w, height: rect.h } : PREVIEW_SIZE;
      peers.drawSize(g.id, tile);
    }
    const mixer = compositor.mixer;
    mixer.set(HOST_TILE, this.media.stream, { onProgram: true });
    const listed = new Set<string>();
    for (const g of guests) {
      const media = peers.media(g.id);
      if (!media) continue;
      listed.add(g.id);
      mixer.set(g.id, media.stream, { muted: g.muted, onProgram: live.includes(g) });
    }
    for (const id of this.#mixed) if (!listed.has(id)) mixer.set(id, null);
    this.#mixed = listed;
  }

  #syncGuest(client: LiveShopClient, _s: LiveShopState): void {
    if (this.#guest) return;
    this.#guest = new GuestPeer({
      send: (to, signal) => client.sendSignal(to, signal),
      iceServers: () => [...client.state.iceServers],
      local: () => this.media.stream,
      onChange: () => this.host.requestUpdate(),
    });
    for (const m of this.#signals.splice(0)) this.#guest.receive(m);
  }

  #release(): void {
    this.#off?.();
    this.#off = undefined;
    this.#peers?.close();
    this.#peers = null;
    this.#guest?.close();
    this.#guest = null;
    this.compositor?.close();
    this.compositor = null;
    this.preview = null;
    this.#mixed.clear();
    this.#signals = [];
  }
}
