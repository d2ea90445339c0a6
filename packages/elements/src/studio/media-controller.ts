import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveShopClient } from '@live-shop/client';
import type { ShowOrientation } from '@live-shop/protocol';
import { Publisher } from './publisher.js';

export type MediaProblem = '' | 'denied' | 'no-camera' | 'unsupported' | 'failed';

/** What the camera is asked for in each orientation (ideal, not exact: most webcams are landscape only). */
const CAPTURE: Record<ShowOrientation, MediaTrackConstraints> = {
  landscape: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
  portrait: { width: { ideal: 720 }, height: { ideal: 1280 }, frameRate: { ideal: 30 } },
};

/**
 * The studio's camera side: devices, the preview stream, mute toggles and the Publisher.
 * The host element renders from its fields and calls its methods; it re-renders on every change.
 */
export class MediaController implements ReactiveController {
  stream: MediaStream | null = null;
  cameras: MediaDeviceInfo[] = [];
  mics: MediaDeviceInfo[] = [];
  cameraId = '';
  micId = '';
  cameraOff = false;
  micOff = false;
  /** The show's orientation: the camera is asked for this shape (the program crops to it when it cannot). */
  orientation: ShowOrientation = 'landscape';
  problem: MediaProblem = '';
  problemText = '';
  /** Why the camera failed to start, in the browser's words (for `problem` `failed`). */
  problemDetail = '';
  publisher: Publisher | null = null;
  /** What to publish instead of the camera (the host's program, once the stage composites it). */
  program: (() => MediaStream | null) | null = null;
  /** Told when another camera or mic was picked (a guest's WebRTC link swaps its tracks). */
  onStream: ((stream: MediaStream) => void) | null = null;
  #host: ReactiveControllerHost;
  #opening: Promise<MediaStream | null> | null = null;
  /** Counts the host's disconnections: a camera that opens after one is let go at once. */
  #generation = 0;
  #onDevices = () => void this.#listDevices();

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    navigator.mediaDevices?.addEventListener('devicechange', this.#onDevices);
  }

  hostDisconnected(): void {
    navigator.mediaDevices?.removeEventListener('devicechange', this.#onDevices);
    this.#generation++;
    this.#opening = null;
    this.publisher?.stop();
    this.publisher = null;
    this.#stopTracks();
    this.stream = null;
  }

  /** Opens the selected camera and microphone (asking for permission the first time). */
  open(): Promise<MediaStream | null> {
    if (this.#opening) return this.#opening;
    if (this.stream) return Promise.resolve(this.stream);
    return this.#startOpening();
  }

  #startOpening(): Promise<MediaStream | null> {
    const opening = this.#getStream().finally(() => {
      if (this.#opening === opening) this.#opening = null;
    });
    this.#opening = opening;
    return opening;
  }

  async select(kind: 'camera' | 'mic', deviceId: string): Promise<void> {
    if (kind === 'camera') this.cameraId = deviceId;
    else this.micId = deviceId;
    await this.#reopen();
  }

  /** The show's orientation changed (before going live): the camera opens again in that shape. */
  async setOrientation(orientation: ShowOrientation): Promise<void> {
    if (orientation === this.orientation) return;
    this.orientation = orientation;
    await this.#reopen();
  }

  async #reopen(): Promise<void> {
    if (!this.stream) return void this.#host.requestUpdate();
    this.#stopTracks();
    // The preview holds its last frame while the camera opens again: the stage never flashes empty.
    const stream = await this.#startOpening();
    if (!stream) {
      this.stream = null;
      return void this.#host.requestUpdate();
    }
    // The program keeps its own tracks: it draws the new camera from the next frame on.
    if (!this.program?.()) this.publisher?.setStream(stream);
    this.onStream?.(stream);
  }

  toggle(kind: 'camera' | 'mic'): void {
    if (kind === 'camera') this.cameraOff = !this.cameraOff;
    else this.micOff = !this.micOff;
    this.#applyMute();
    this.#host.requestUpdate();
  }

  /** Starts publishing to the server's ingest (after `goLive`); resolves when media flows. */
  async publish(client: LiveShopClient): Promise<void> {
    const stream = await this.open();
    if (!stream) throw new Error(this.problemText);
    if (!this.publisher) {
      const target = client.ingestTarget();
      this.publisher = new Publisher(this.program?.() ?? stream, {
        ...target,
        clockOffset: () => client.state.clockOffset,
      });
      this.publisher.addEventListener('change', () => this.#host.requestUpdate());
    }
    await this.publisher.start();
  }

  /** After End show: stop recording and close the ingest (the camera preview stays on). */
  unpublish(): void {
    this.publisher?.stop();
    this.publisher = null;
    this.#host.requestUpdate();
  }

  async #getStream(): Promise<MediaStream | null> {
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      this.#setProblem(
        'unsupported',
        'This browser cannot stream video. Use a recent Chrome, Edge, Firefox or Safari.',
      );
      return null;
    }
    const size = CAPTURE[this.orientation];
    const generation = this.#generation;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: this.cameraId ? { ...size, deviceId: { exact: this.cameraId } } : size,
        audio: this.micId ? { deviceId: { exact: this.micId } } : true,
      });
      // The studio left the page while the browser was asking: no camera light for a page that is gone.
      if (generation !== this.#generation) {
        stream.getTracks().forEach((t) => t.stop());
        return null;
      }
      // The camera it replaces: already stopped by a reopen, still live if this open overtook another.
      this.#stopTracks();
      this.stream = stream;
      this.problem = '';
      this.problemText = '';
      this.cameraId = stream.getVideoTracks()[0]?.getSettings().deviceId ?? this.cameraId;
      this.micId = stream.getAudioTracks()[0]?.getSettings().deviceId ?? this.micId;
      this.#applyMute();
      await this.#listDevices();
      return stream;
    } catch (err) {
      const name = (err as DOMException).name;
      if (name === 'NotAllowedError' || name === 'SecurityError') {
        this.#setProblem(
          'denied',
          'Camera and microphone access is blocked. Allow it for this site in your browser settings, then try again.',
        );
      } else if (name === 'NotFoundError' || name === 'OverconstrainedError') {
        this.#setProblem('no-camera', 'No camera or microphone found. Connect one, then try again.');
      } else {
        this.problemDetail = (err as Error).message || name;
        this.#setProblem(
          'failed',
          `The camera could not start (${(err as Error).message || name}). Close other apps using it, then try again.`,
        );
      }
      await this.#listDevices();
      return null;
    }
  }

  async #listDevices(): Promise<void> {
    const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
    this.cameras = devices.filter((d) => d.kind === 'videoinput' && d.deviceId);
    this.mics = devices.filter((d) => d.kind === 'audioinput' && d.deviceId);
    this.#host.requestUpdate();
  }

  #applyMute(): void {
    for (const t of this.stream?.getVideoTracks() ?? []) t.enabled = !this.cameraOff;
    for (const t of this.stream?.getAudioTracks() ?? []) t.enabled = !this.micOff;
  }

  #stopTracks(): void {
    for (const t of this.stream?.getTracks() ?? []) t.stop();
  }

  #setProblem(problem: MediaProblem, text: string): void {
    this.problem = problem;
    this.problemText = text;
    this.#host.requestUpdate();
  }
}
