import type { VideoSignals } from './provider.js';

/**
 * Where a video provider reports and the show service listens. The provider needs somewhere to send
 * its signals and the service needs the provider: this is built first, the provider gets it in its
 * constructor and the service subscribes in its own, so neither waits for the other to exist.
 */
export class VideoSignalHub implements VideoSignals {
  readonly #listeners: VideoSignals[] = [];

  readonly mediaUp = (showId: string): void => this.#listeners.forEach((l) => l.mediaUp(showId));
  readonly mediaDown = (showId: string): void => this.#listeners.forEach((l) => l.mediaDown(showId));
  readonly streamOver = (showId: string): void => this.#listeners.forEach((l) => l.streamOver(showId));
  readonly playbackChanged = (showId: string): void => this.#listeners.forEach((l) => l.playbackChanged(showId));

  subscribe(listener: VideoSignals): void {
    this.#listeners.push(listener);
  }
}
