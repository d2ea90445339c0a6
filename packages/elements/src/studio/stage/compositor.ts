import type { ShowOrientation, StageLayout } from '@live-shop/protocol';
import { AudioMixer } from './audio-mixer.js';
import { type Rect, tileGap, tileRects } from './layout.js';
import { Ticker } from './ticker.js';

/** One person on the program: their video (playing), name, and audio for the mix. */
export interface Tile {
  /** Stable per person (the host, or the guest's id): keys the audio mix. */
  id: string;
  /** Drawn in a label at the bottom of the tile ('' for none). */
  name: string;
  /** A playing video element; while it has no frame (readyState < 2, videoWidth 0) the tile is left out. */
  video: HTMLVideoElement;
  /** Audio for the program mix (omit it to drive `compositor.mixer` yourself for this id). */
  audio?: MediaStream | null;
  /** Silenced on the program (the host muted this guest). */
  muted?: boolean;
  /** Drawn flipped left-right. */
  mirrored?: boolean;
}

export interface CompositorOptions {
  /** The program's size in pixels: the publisher's camera resolution (e.g. 1280×720). */
  width: number;
  height: number;
  /** Frames per second the background timer keeps (default 30). */
  frameRate?: number;
  /** The context for the audio mix (default: a new one, closed by `close()`). */
  audioContext?: AudioContext;
  /** Use the worker timer (default true); false ticks from the main thread's setInterval. */
  worker?: boolean;
}

export interface CompositorStats {
  framesDrawn: number;
  /** Mean main-thread time of one draw, in ms. */
  drawMsAvg: number;
}

const BACKGROUND = '#111';
const even = (n: number) => 2 * Math.round(n / 2);

/**
 * The program's size for a camera of `width`×`height` in a show's orientation: the camera's own
 * size when its shape matches, else the largest 16:9 or 9:16 crop of it (a landscape webcam in a
 * portrait show gives 406×720 of its middle: tiles are cover-fitted, never stretched).
 */
export function programSize(width: number, height: number, orientation: ShowOrientation) {
  const portrait = orientation === 'portrait';
  if (portrait === height > width) return { width, height };
  const short = Math.min(width, height);
  const cut = even((short * 9) / 16);
  return portrait ? { width: cut, height: short } : { width: short, height: cut };
}
/** Whether two tiles draw the same picture (audio is the mixer's business). */
const sameTile = (a: Tile, b: Tile) =>
  a.id === b.id && a.name === b.name && a.video === b.video && !!a.mirrored === !!b.mirrored;
const LABEL_BACKGROUND = 'rgba(0, 0, 0, 0.6)';

/**
 * The program of a show with co-hosts: draws the tiles on one canvas in the stage layout (video
 * cover-fitted, names underneath) and mixes their audio; `stream` (canvas video + program audio)
 * is what the publisher records. Draws on each new frame of the first tile's video
 * (requestVideoFrameCallback) and, whenever that stalls for 1.5 frame intervals, from a worker
 * timer that keeps running in a background tab.
 */
export class Compositor {
  readonly canvas: HTMLCanvasElement;
  /** One video track (the canvas) and one audio track (the program mix). */
  readonly stream: MediaStream;
  readonly mixer: AudioMixer;
  readonly frameRate: number;

  #ctx: CanvasRenderingContext2D;
  #layout: StageLayout = 'solo';
  #tiles: Tile[] = [];
  /** Ids whose audio came through `setTiles`. */
  #tileAudio = new Set<string>();
  #ticker: Ticker;
  #running = false;
  #closed = false;
  /** When a new video frame last drew the program (requestVideoFrameCallback). */
  #lastFrameDraw = -Infinity;
  /** When the last frame, from any source, was drawn. */
  #lastDraw = -Infinity;
  #framesDrawn = 0;
  #drawMsTotal = 0;
  #rvfc: { video: HTMLVideoElement; handle: number } | null = null;

  constructor(options: CompositorOptions) {
    this.frameRate = options.frameRate ?? 30;
    this.canvas = document.createElement('canvas');
    this.canvas.width = options.width;
    this.canvas.height = options.height;
    this.#ctx = this.canvas.getContext('2d', { alpha: false })!;
    this.mixer = new AudioMixer(options.audioContext);
    const video = this.canvas.captureStream().getVideoTracks()[0]!;
    this.stream = new MediaStream([video, this.mixer.output]);
    this.#ticker = new Ticker(() => this.#onTick(), 1000 / this.frameRate, { worker: options.worker });
    this.draw();
  }

  get layout(): StageLayout {
    return this.#layout;
  }
  set layout(layout: StageLayout) {
    if (layout === this.#layout) return;
    this.#layout = layout;
    if (this.#running) this.draw();
  }

  get tiles(): readonly Tile[] {
    return this.#tiles;
  }

  get stats(): CompositorStats {
    const framesDrawn = this.#framesDrawn;
    return { framesDrawn, drawMsAvg: framesDrawn ? this.#drawMsTotal / framesDrawn : 0 };
  }

  /** Where the background ticks come from: `worker`, or `main` (setInterval) after falling back. */
  get timerSource(): 'worker' | 'main' | null {
    return this.#ticker.source;
  }

  /**
   * The people on the program, in order (tile 0 first: the host). A tile's `audio` (and `muted`)
   * goes to `mixer` under its id, and leaves it when the tile does; a tile without `audio` leaves
   * the mixer alone, for whoever drives `mixer` directly (e.g. guests backstage, heard off the program).
   */
  setTiles(tiles: Tile[]): void {
    const withAudio = new Set(tiles.filter((t) => t.audio !== undefined).map((t) => t.id));
    for (const id of this.#tileAudio) if (!withAudio.has(id)) this.mixer.set(id, null);
    for (const tile of tiles) {
      if (tile.audio !== undefined) this.mixer.set(tile.id, tile.audio, { muted: tile.muted });
    }
    this.#tileAudio = withAudio;
    // The studio calls this on every update of its own: only a change is drawn now (an extra frame
    // would be one more for the publisher to encode), the rest waits for the next video frame.
    const same = tiles.length === this.#tiles.length && tiles.every((t, i) => sameTile(t, this.#tiles[i]!));
    this.#tiles = [...tiles];
    if (this.#running) {
      this.#watchFrames();
      if (!same) this.draw();
    }
  }

  /** Changes the program's size (another orientation, before going live); the stream keeps its track. */
  resize(width: number, height: number): void {
    if (width === this.canvas.width && height === this.canvas.height) return;
    this.canvas.width = width;
    this.canvas.height = height;
    this.draw();
  }

  /** Starts drawing (again after `stop()`; never after `close()`). */
  start(): void {
    if (this.#running || this.#closed) return;
    this.#running = true;
    this.#ticker.start();
    this.#watchFrames();
    this.draw();
  }

  /** Stops drawing (the stream stays open, showing the last frame). */
  stop(): void {
    this.#running = false;
    this.#ticker.stop();
    this.#unwatchFrames();
  }

  /** Stops drawing and ends the stream's tracks and the audio mix. */
  close(): void {
    this.#closed = true;
    this.stop();
    this.stream.getTracks().forEach((t) => t.stop());
    this.mixer.close();
  }

  /** Draws one program frame now. */
  draw(): void {
    const started = performance.now();
    const { width, height } = this.canvas;
    const ctx = this.#ctx;
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, width, height);
    const shown = this.#tiles.filter((t) => hasFrame(t.video));
    const rects = tileRects(this.#layout, shown.length, width, height);
    rects.forEach((rect, i) => this.#drawTile(shown[i]!, rect));
    const ended = performance.now();
    this.#framesDrawn++;
    this.#drawMsTotal += ended - started;
    this.#lastDraw = ended;
  }

  #drawTile(tile: Tile, rect: Rect): void {
    const ctx = this.#ctx;
    const { videoWidth: vw, videoHeight: vh } = tile.video;
    // Cover: scale to fill the rect, crop the overflow evenly.
    const scale = Math.max(rect.w / vw, rect.h / vh);
    const sw = rect.w / scale;
    const sh = rect.h / scale;
    ctx.save();
    if (tile.mirrored) {
      ctx.translate(rect.x * 2 + rect.w, 0);
      ctx.scale(-1, 1);
    }
    ctx.drawImage(tile.video, (vw - sw) / 2, (vh - sh) / 2, sw, sh, rect.x, rect.y, rect.w, rect.h);
    ctx.restore();
    if (tile.name) this.#drawLabel(tile.name, rect);
  }

  #drawLabel(name: string, rect: Rect): void {
    const ctx = this.#ctx;
    const size = Math.max(10, Math.round(Math.min(this.canvas.height / 30, rect.h / 7)));
    const pad = Math.round(size / 2);
    const inset = tileGap(this.canvas.height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(rect.x, rect.y, rect.w, rect.h);
    ctx.clip();
    ctx.font = `600 ${size}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    const maxText = rect.w - 2 * inset - 2 * pad;
    const text = fit(ctx, name, maxText);
    const barH = Math.round(size * 1.6);
    const barW = Math.min(rect.w - 2 * inset, ctx.measureText(text).width + 2 * pad);
    const x = rect.x + inset;
    const y = rect.y + rect.h - inset - barH;
    ctx.fillStyle = LABEL_BACKGROUND;
    ctx.fillRect(x, y, barW, barH);
    ctx.fillStyle = '#fff';
    ctx.fillText(text, x + pad, y + barH / 2, maxText);
    ctx.restore();
  }

  #onTick(): void {
    if (!this.#running) return;
    // A first tile that lost its frames calls back no more: watch the next one.
    if (this.#rvfc && !hasFrame(this.#rvfc.video)) this.#watchFrames();
    const now = performance.now();
    const interval = 1000 / this.frameRate;
    // Ticks that queued up while the page was busy arrive back to back: one frame for them all, or a
    // page slower than the frame rate never catches up (and starves everything else on it).
    if (now - this.#lastDraw < interval * 0.75) return;
    // Only while the video's frames stop coming (hidden tab, paused first tile): then every tick draws.
    if (now - this.#lastFrameDraw >= 1.5 * interval) this.draw();
  }

  /** Draws on each new frame of the first shown tile's video (lowest latency while the tab is visible). */
  #watchFrames(): void {
    const video = (this.#tiles.find((t) => hasFrame(t.video)) ?? this.#tiles[0])?.video;
    if (this.#rvfc?.video === video) return;
    this.#unwatchFrames();
    if (!video || !('requestVideoFrameCallback' in video)) return;
    const onFrame = () => {
      if (!this.#running || this.#rvfc?.video !== video) return;
      this.#rvfc.handle = video.requestVideoFrameCallback(onFrame);
      this.draw();
      this.#lastFrameDraw = performance.now();
    };
    this.#rvfc = { video, handle: video.requestVideoFrameCallback(onFrame) };
  }

  #unwatchFrames(): void {
    if (this.#rvfc) this.#rvfc.video.cancelVideoFrameCallback(this.#rvfc.handle);
    this.#rvfc = null;
  }
}

const hasFrame = (video: HTMLVideoElement) => video.readyState >= 2 && video.videoWidth > 0;

/** `text`, cut with an ellipsis to fit `max` pixels. */
function fit(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > max) cut = cut.slice(0, -1);
  return `${cut}…`;
}
