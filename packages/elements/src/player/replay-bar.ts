import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Translate } from '../i18n/controller.js';
import { formatClock } from '../shared/utils.js';

/** A moment to mark on the seek bar: media time (s) and what it is ("Gooseneck kettle"). */
export interface BarChapter {
  time: number;
  label: string;
}

const EVENTS = ['timeupdate', 'durationchange', 'play', 'pause', 'seeked', 'ended'] as const;

/**
 * Replay controls for a video engine without its own (the HLS `<video>`): play/pause, a seek bar
 * with the chapters marked on it, and the time. Re-renders its host on the video's own events only
 * (a few per second while playing), never on a timer.
 */
export class ReplayBar implements ReactiveController {
  #host: ReactiveControllerHost;
  #video: HTMLVideoElement | null = null;
  #onChange = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.watch(null);
  }

  /** The video to control (null: none). */
  watch(video: HTMLVideoElement | null): void {
    if (video === this.#video) return;
    for (const type of EVENTS) this.#video?.removeEventListener(type, this.#onChange);
    this.#video = video;
    for (const type of EVENTS) video?.addEventListener(type, this.#onChange);
  }

  render(chapters: readonly BarChapter[], t: Translate) {
    const video = this.#video;
    if (!video) return nothing;
    const duration = Number.isFinite(video.duration) ? video.duration : 0;
    const now = Math.min(video.currentTime, duration || Infinity);
    const toggle = () => (video.paused ? void video.play().catch(() => {}) : video.pause());
    return html`<div part="replay-controls" class="replay-controls">
      <button part="play-button" class="play" aria-label=${t(video.paused ? 'play' : 'pause')} @click=${toggle}>
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <path fill="currentColor" d=${video.paused ? 'M8 5v14l11-7z' : 'M6 5h4v14H6zm8 0h4v14h-4z'} />
        </svg>
      </button>
      <div class="track">
        <input
          part="seek"
          type="range"
          min="0"
          max=${duration}
          step="0.1"
          .value=${String(now)}
          aria-label=${t('seek')}
          aria-valuetext=${t('timeOf', { time: formatClock(now), duration: formatClock(duration) })}
          @input=${(e: Event) => (video.currentTime = Number((e.target as HTMLInputElement).value))}
        />
        <div part="chapter-strip" class="chapter-strip" aria-hidden="true">
          ${
            duration
              ? chapters.map(
                  (c) =>
                    html`<span
                      part="chapter-mark"
                      class="mark"
                      title=${`${c.label} · ${formatClock(c.time)}`}
                      style=${styleMap({ insetInlineStart: `${Math.min(100, (c.time / duration) * 100)}%` })}
                    ></span>`,
                )
              : nothing
          }
        </div>
      </div>
      <span part="time" class="time">${formatClock(now)} / ${formatClock(duration)}</span>
    </div>`;
  }
}
