import { type ReactiveController, type ReactiveControllerHost } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Full screen for the whole viewer (video, card and chat together): the Fullscreen API where the
 * page may use it, else the viewer covers the window (iPhone Safari has no element full screen).
 * While full screen, the viewer is as tall as the visual viewport, so the chat input stays above
 * the on-screen keyboard.
 */
export class ViewerFullscreen implements ReactiveController {
  on = false;
  #host: Host;
  /** Covering the window without the Fullscreen API. */
  #covering = false;
  #viewport: { height: number; top: number } | null = null;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('fullscreenchange', this.#sync);
    visualViewport?.addEventListener('resize', this.#onViewport);
    visualViewport?.addEventListener('scroll', this.#onViewport);
  }

  hostDisconnected(): void {
    document.removeEventListener('fullscreenchange', this.#sync);
    visualViewport?.removeEventListener('resize', this.#onViewport);
    visualViewport?.removeEventListener('scroll', this.#onViewport);
    this.#covering = false;
    this.#sync();
  }

  async toggle(): Promise<void> {
    if (this.on) {
      if (this.#covering) this.#covering = false;
      else await document.exitFullscreen().catch(() => undefined);
    } else if (document.fullscreenEnabled) {
      await this.#host.requestFullscreen({ navigationUI: 'hide' }).catch(() => (this.#covering = true));
    } else {
      this.#covering = true;
    }
    this.#sync();
  }

  /** Escape leaves the covering mode (the Fullscreen API handles its own Escape). */
  onKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.#covering) {
      e.stopPropagation();
      void this.toggle();
    }
  };

  #sync = (): void => {
    const on = this.#covering || document.fullscreenElement === this.#host;
    this.#onViewport();
    if (on === this.on) return;
    this.on = on;
    this.#host.toggleAttribute('fullscreen', on);
    this.#host.requestUpdate();
  };

  #onViewport = (): void => {
    const vv = visualViewport;
    const next =
      this.#covering || document.fullscreenElement === this.#host
        ? vv && { height: vv.height, top: vv.offsetTop }
        : null;
    if (next?.height === this.#viewport?.height && next?.top === this.#viewport?.top) return;
    this.#viewport = next;
    this.#host.requestUpdate();
  };

  /** The base's size while full screen: the visible part of the window (the keyboard's space excluded). */
  get baseStyle() {
    const v = this.#viewport;
    return styleMap(v ? { '--_vvh': `${v.height}px`, '--_vvtop': `${v.top}px` } : {});
  }
}
