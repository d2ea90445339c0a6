import type { IceServer, StageSignal } from '@live-shop/protocol';

/** How a WebRTC connection to another studio is doing, as the studio shows it. */
export type LinkState = 'connecting' | 'connected' | 'failed';

/** Sends one signalling message to a peer id (the client's `sendSignal`). */
export type SendSignal = (to: string, signal: StageSignal) => Promise<unknown>;

/**
 * One RTCPeerConnection to one remote studio, with trickle ICE both ways: candidates that arrive
 * before the remote description wait for it. The host side offers (`offer()`); the guest side answers
 * (`answer()`). `stream` gathers the remote tracks (the guest's camera and mic, or the host's program).
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly stream = new MediaStream();
  state: LinkState = 'connecting';
  #pending: RTCIceCandidateInit[] = [];
  #closed = false;

  constructor(
    readonly remote: string,
    iceServers: IceServer[],
    private readonly send: SendSignal,
    private readonly onChange: () => void,
  ) {
    this.pc = new RTCPeerConnection({ iceServers });
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) void this.#signal({ candidate: candidate.toJSON() as StageSignal['candidate'] });
    };
    this.pc.ontrack = ({ track }) => {
      for (const old of this.stream.getTracks().filter((t) => t.kind === track.kind)) this.stream.removeTrack(old);
      this.stream.addTrack(track);
      this.onChange();
    };
    this.pc.onconnectionstatechange = () => {
      const s = this.pc.connectionState;
      // `disconnected` is ICE losing the other side (consent checks fail within seconds): the tile goes now.
      const next: LinkState =
        s === 'connected'
          ? 'connected'
          : s === 'failed' || s === 'disconnected' || s === 'closed'
            ? 'failed'
            : 'connecting';
      if (next === this.state) return;
      this.state = next;
      this.onChange();
    };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Host side: send these tracks and offer; `video` sets how the video track is encoded (e.g. scaled down). */
  async offer(tracks: MediaStreamTrack[], stream: MediaStream, video?: RTCRtpEncodingParameters): Promise<void> {
    for (const t of tracks) {
      if (t.kind === 'video' && video)
        this.pc.addTransceiver(t, { direction: 'sendrecv', streams: [stream], sendEncodings: [video] });
      else this.pc.addTrack(t, stream);
    }
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    await this.#signal({ description: { type: 'offer', sdp: offer.sdp ?? '' } });
  }

  /** Guest side: take the host's offer, send these tracks back, answer. */
  async answer(sdp: string, tracks: MediaStreamTrack[], stream: MediaStream): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    await this.#flushCandidates();
    // The offer's transceivers are reused: one video and one audio m-line, both ways.
    for (const t of tracks) this.pc.addTrack(t, stream);
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    await this.#signal({ description: { type: 'answer', sdp: answer.sdp ?? '' } });
  }

  /** Host side: the guest's answer. */
  async accept(sdp: string): Promise<void> {
    if (this.pc.signalingState !== 'have-local-offer') return;
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
    await this.#flushCandidates();
  }

  async addCandidate(candidate: RTCIceCandidateInit | null | undefined): Promise<void> {
    if (!candidate) return;
    if (!this.pc.remoteDescription) return void this.#pending.push(candidate);
    await this.pc.addIceCandidate(candidate).catch(() => {});
  }

  /** Swaps what this side sends (another camera, the host's new program track) without renegotiating. */
  async replace(track: MediaStreamTrack): Promise<void> {
    // A transceiver's receiver always has a track of its kind, even when nothing is sent yet.
    const transceiver = this.pc.getTransceivers().find((t) => t.receiver.track.kind === track.kind);
    await transceiver?.sender.replaceTrack(track);
  }

  /**
   * Sends video no bigger than needed to cover `size` (what the other side draws of it): scales the
   * track down by the smaller of its two ratios to `size`, never up. Keeps `size` for the next track.
   */
  async limitVideo(size: { width: number; height: number }): Promise<void> {
    const sender = this.pc.getSenders().find((s) => s.track?.kind === 'video');
    const { width, height } = sender?.track?.getSettings() ?? {};
    if (!sender || !width || !height) return;
    const params = sender.getParameters();
    const encoding = params.encodings?.[0];
    if (!encoding) return;
    const scale = Math.max(1, Math.min(width / size.width, height / size.height));
    if (encoding.scaleResolutionDownBy === scale) return;
    encoding.scaleResolutionDownBy = scale;
    // Refused while another change is under way or the connection closed: the next size tries again.
    await sender.setParameters(params).catch(() => {});
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.pc.close();
    this.state = 'failed';
  }

  async #flushCandidates(): Promise<void> {
    for (const c of this.#pending.splice(0)) await this.pc.addIceCandidate(c).catch(() => {});
  }

  async #signal(signal: StageSignal): Promise<void> {
    if (this.#closed) return;
    await this.send(this.remote, signal).catch(() => {});
  }
}
