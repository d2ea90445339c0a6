import type { IceServer, StageGuest, StageSignalMessage } from '@live-shop/protocol';
import { PeerLink, type LinkState, type SendSignal } from './peer-link.js';

/** A guest's picture counts as gone when no new frame was decoded for this long (a frozen or failed link). */
const STALE_MS = 1500;
/** Retry a failed link after this long, doubling up to the max, while the guest is still connected to the server. */
const RETRY_MS = 1000;
const RETRY_MAX_MS = 8000;
const WATCH_MS = 250;

export interface HostPeersOptions {
  send: SendSignal;
  iceServers: () => IceServer[];
  /**
   * What the host sends this guest: the program video and the program audio without the guest's own
   * voice, and how the video is encoded (the guest's monitor needs less than the show).
   */
  outgoing: (guestId: string) => { tracks: MediaStreamTrack[]; stream: MediaStream; video?: RTCRtpEncodingParameters };
  onChange: () => void;
}

/** What the host's studio has of one guest. */
export interface GuestMedia {
  state: LinkState;
  /** The guest's camera and mic. */
  stream: MediaStream;
  /** Plays `stream` muted: the backstage preview tile and the compositor's source. */
  video: HTMLVideoElement;
  /** Whether the picture is moving (a frame in the last 1.5 s). */
  fresh: boolean;
}

interface Entry extends GuestMedia {
  link: PeerLink;
  /** Plays the guest's voice to the host (Chromium's echo canceller takes it out of the host's mic). */
  audio: HTMLAudioElement;
  frames: number;
  frameAt: number;
  retryMs: number;
  retry: ReturnType<typeof setTimeout> | undefined;
  /** The size last asked of this guest's video over this connection ("WxH"). */
  asked: string;
}

/**
 * The host's side of the stage's media: one WebRTC connection to each connected guest (the host
 * offers), kept in step with the server's stage list. A guest who reconnects (a new peer id) gets a
 * new connection; a failed one is retried while the guest is still there.
 */
export class HostPeers {
  #entries = new Map<string, Entry>();
  #guests: StageGuest[] = [];
  #watch: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: HostPeersOptions) {}

  /** Opens, keeps or closes connections to match the stage list. */
  sync(guests: StageGuest[]): void {
    this.#guests = guests;
    for (const [id, entry] of this.#entries) {
      const guest = guests.find((g) => g.id === id);
      if (!guest?.peer || guest.peer !== entry.link.remote) this.#drop(id);
    }
    for (const guest of guests) if (guest.peer && !this.#entries.has(guest.id)) this.#connect(guest.id, guest.peer);
    this.#watch ??= setInterval(() => this.#checkFrames(), WATCH_MS);
  }

  /** A signalling message from a guest: its answer or ICE candidates. */
  receive(message: StageSignalMessage): void {
    if (message.role !== 'guest' || !message.guestId) return;
    const link = this.#entries.get(message.guestId)?.link;
    if (!link || link.remote !== message.from) return;
    const { description, candidate } = message.signal;
    if (description?.type === 'answer') void link.accept(description.sdp).catch(() => this.#failed(message.guestId!));
    if (candidate !== undefined) void link.addCandidate(candidate as RTCIceCandidateInit | null);
  }

  /**
   * The size the program draws this guest at: sent to the guest once connected and again when it
   * changes, so its browser sends no bigger a picture (see `StageSignal.video`).
   */
  drawSize(guestId: string, size: { width: number; height: number }): void {
    const entry = this.#entries.get(guestId);
    const key = `${size.width}x${size.height}`;
    if (!entry || entry.state !== 'connected' || entry.asked === key) return;
    entry.asked = key;
    void this.options.send(entry.link.remote, { video: size }).catch(() => (entry.asked = ''));
  }

  media(guestId: string): GuestMedia | undefined {
    return this.#entries.get(guestId);
  }

  /** Guests whose picture can go on the program now: connected and moving. */
  isLive(guestId: string): boolean {
    const e = this.#entries.get(guestId);
    return !!e && e.state === 'connected' && e.fresh;
  }

  /** The host's program changed track (e.g. the compositor restarted): every guest gets the new one. */
  async replace(track: MediaStreamTrack): Promise<void> {
    await Promise.all([...this.#entries.values()].map((e) => e.link.replace(track)));
  }

  close(): void {
    clearInterval(this.#watch);
    this.#watch = undefined;
    for (const id of [...this.#entries.keys()]) this.#drop(id);
  }

  #connect(guestId: string, peer: string, retryMs = RETRY_MS): void {
    const link = new PeerLink(peer, this.options.iceServers(), this.options.send, () => this.#linkChanged(guestId));
    const video = Object.assign(document.createElement('video'), { muted: true, autoplay: true, playsInline: true });
    video.srcObject = link.stream;
    const audio = Object.assign(document.createElement('audio'), { autoplay: true });
    audio.srcObject = link.stream;
    const entry: Entry = {
      link,
      stream: link.stream,
      video,
      audio,
      state: 'connecting',
      fresh: false,
      frames: 0,
      frameAt: 0,
      retryMs,
      retry: undefined,
      asked: '',
    };
    this.#entries.set(guestId, entry);
    const { tracks, stream, video: encoding } = this.options.outgoing(guestId);
    link.offer(tracks, stream, encoding).catch(() => this.#failed(guestId));
    this.options.onChange();
  }

  #linkChanged(guestId: string): void {
    const entry = this.#entries.get(guestId);
    if (!entry) return;
    entry.state = entry.link.state;
    if (entry.state === 'connected') {
      entry.retryMs = RETRY_MS;
      void entry.video.play().catch(() => {});
      void entry.audio.play().catch(() => {});
    }
    if (entry.state === 'failed') this.#failed(guestId);
    this.options.onChange();
  }

  /** Shown as failed at once (the tile leaves the program); a new connection is tried while the guest is still listed. */
  #failed(guestId: string): void {
    const entry = this.#entries.get(guestId);
    if (!entry || entry.retry) return;
    entry.state = 'failed';
    entry.fresh = false;
    entry.link.close();
    entry.retry = setTimeout(() => {
      const guest = this.#guests.find((g) => g.id === guestId);
      const current = this.#entries.get(guestId);
      if (current !== entry) return;
      this.#drop(guestId);
      if (guest?.peer) this.#connect(guestId, guest.peer, Math.min(entry.retryMs * 2, RETRY_MAX_MS));
    }, entry.retryMs);
    this.options.onChange();
  }

  #drop(guestId: string): void {
    const entry = this.#entries.get(guestId);
    if (!entry) return;
    clearTimeout(entry.retry);
    entry.link.close();
    entry.video.srcObject = null;
    entry.audio.srcObject = null;
    this.#entries.delete(guestId);
    this.options.onChange();
  }

  /** Frames decoded per guest: a picture that stopped moving leaves the program within STALE_MS. */
  #checkFrames(): void {
    const now = performance.now();
    let changed = false;
    for (const entry of this.#entries.values()) {
      const frames = entry.video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
      if (frames !== entry.frames) {
        entry.frames = frames;
        entry.frameAt = now;
      }
      const fresh = entry.state === 'connected' && entry.frameAt > 0 && now - entry.frameAt < STALE_MS;
      if (fresh !== entry.fresh) {
        entry.fresh = fresh;
        changed = true;
      }
    }
    if (changed) this.options.onChange();
  }
}
