import type { IceServer, StageSignalMessage } from '@live-shop/protocol';
import { PeerLink, type LinkState, type SendSignal } from './peer-link.js';

export interface GuestPeerOptions {
  send: SendSignal;
  iceServers: () => IceServer[];
  /** The guest's camera and mic (null while they are not open). */
  local: () => MediaStream | null;
  onChange: () => void;
}

/**
 * The guest's side of the stage's media: answers the host studio's offer with the guest's camera and
 * mic, and receives the program (video, and the show's audio without the guest's own voice). A new
 * offer (the host reloaded, or retried a failed link) replaces the connection.
 */
export class GuestPeer {
  #link: PeerLink | null = null;
  /** The size the host draws this guest at (its latest `video` signal). */
  #size: { width: number; height: number } | null = null;

  constructor(private readonly options: GuestPeerOptions) {}

  get state(): LinkState | 'waiting' {
    return this.#link?.state ?? 'waiting';
  }

  /** The program from the host (null until the host's studio connects). */
  get program(): MediaStream | null {
    return this.#link?.stream ?? null;
  }

  receive(message: StageSignalMessage): void {
    if (message.role !== 'host') return;
    const { description, candidate, video } = message.signal;
    if (description?.type === 'offer') {
      this.#link?.close();
      const link = new PeerLink(message.from, this.options.iceServers(), this.options.send, this.options.onChange);
      this.#link = link;
      const local = this.options.local() ?? new MediaStream();
      link
        .answer(description.sdp, local.getTracks(), local)
        .then(() => this.#limit())
        .catch(() => link.close());
      this.options.onChange();
    } else if (candidate !== undefined && this.#link?.remote === message.from) {
      void this.#link.addCandidate(candidate as RTCIceCandidateInit | null);
    }
    // Kept even before the offer (signals may overtake each other): applied once there is a connection.
    if (video) {
      this.#size = video;
      void this.#limit();
    }
  }

  /** The guest picked another camera or mic: the host gets the new tracks without a new connection. */
  async setLocal(stream: MediaStream): Promise<void> {
    await Promise.all(stream.getTracks().map((t) => this.#link?.replace(t)));
    await this.#limit();
  }

  async #limit(): Promise<void> {
    if (this.#size && this.#link?.pc.remoteDescription) await this.#link.limitVideo(this.#size);
  }

  close(): void {
    this.#link?.close();
    this.#link = null;
    this.options.onChange();
  }
}
