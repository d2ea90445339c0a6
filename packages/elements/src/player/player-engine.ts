/**
 * What `<live-shop-player>` needs from a video engine. Each engine is its own lazy chunk
 * (`player-engine-hls`, `player-engine-mux`), loaded only when there is something to play.
 */
export interface PlayerEngine {
  /** The element with media state (muted, play(), volumechange): the `<video>` or `<mux-player>`. */
  readonly media: HTMLMediaElement;
  /** The `<video>` that renders frames (null until the engine has one). */
  readonly video: HTMLVideoElement | null;
  /** Epoch ms of the frame on screen, from the stream's program date time; null without one. */
  currentPdt(): number | null;
  /** Seconds behind the live edge; null when unknown or not live. */
  latency(): number | null;
  /** The stream should be flowing again (presenter back): make sure playback resumes at the live edge. */
  resume(): void;
  destroy(): void;
}

export interface EngineOptions {
  /** Live stream (true) or replay from the start (false). */
  live: boolean;
  poster?: string;
  /** Media is rendering frames. */
  onPlaying(): void;
  /** Nothing to show yet (playlist missing, first segments loading): keep waiting. */
  onWaiting(): void;
}

/** A muted, inline, autoplaying `<video>` (browsers only autoplay muted media). */
export function createVideo(poster = ''): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.setAttribute('part', 'video-element');
  if (poster) video.poster = poster;
  return video;
}
