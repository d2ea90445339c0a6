import type { Playback } from '@live-shop/protocol';

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
  /** The media time (s) showing the frame of epoch ms `at` (a replay's moment); null while unknown. */
  timeOf(at: number): number | null;
  /** The engine draws its own controls (Mux Player); else the player adds a replay bar. */
  readonly ownControls: boolean;
  /** Marks these moments (media time, s) on the engine's own seek bar. */
  setChapters?(chapters: readonly { time: number; label: string }[]): void;
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

/** Creates the engine of one kind of playback (`{kind: 'mux', playbackId}` for the Mux engine). */
export type EngineFactory<K extends Playback['kind'] = Playback['kind']> = (
  container: HTMLElement,
  playback: Extract<Playback, { kind: K }>,
  opts: EngineOptions,
) => Promise<PlayerEngine>;

/** Loads an engine's code (a dynamic import: it stays out of the first load) and returns its factory. */
export type EngineLoader<K extends Playback['kind'] = Playback['kind']> = () => Promise<EngineFactory<K>>;

// On globalThis: the SDK script and an npm build on one page share one registry (the first define wins).
const REGISTRY = Symbol.for('live-shop.player-engines');
const engines: Map<string, EngineLoader> = ((globalThis as { [REGISTRY]?: Map<string, EngineLoader> })[REGISTRY] ??=
  new Map());

/**
 * Lets `<live-shop-player>` play `kind`. HLS is built in; Mux playback is opt-in, registered by
 * `import '@live-shop/elements/mux'` so that pages without it never bundle Mux Player.
 */
export function registerPlayerEngine<K extends Playback['kind']>(kind: K, load: EngineLoader<K>): void {
  engines.set(kind, load as unknown as EngineLoader);
}

/** The registered loader of `kind`, if any. */
export function playerEngineLoader(kind: Playback['kind']): EngineLoader | undefined {
  return engines.get(kind);
}
