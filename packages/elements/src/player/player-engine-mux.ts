import '@mux/mux-player';
import type { EngineFactory } from './player-engine.js';

type MuxPlayerElement = HTMLMediaElement & {
  media?: HTMLElement & { nativeEl?: HTMLVideoElement };
  currentPdt?: Date;
  getStartDate?(): Date;
};

/**
 * Plays a Mux playback id with `<mux-player>` (its own lazy chunk: it is big, and only Mux shows
 * need it). Casting is off: it would load Google's cast script on the merchant's page.
 */
export const createEngine: EngineFactory<'mux'> = async (container, { playbackId }, opts) => {
  const player = document.createElement('mux-player') as MuxPlayerElement;
  player.setAttribute('playback-id', playbackId);
  player.setAttribute('stream-type', opts.live ? 'live' : 'on-demand');
  if (opts.live) player.setAttribute('target-live-window', '0');
  player.setAttribute('autoplay', 'muted');
  player.setAttribute('muted', '');
  player.setAttribute('playsinline', '');
  player.setAttribute('disable-cookies', '');
  player.setAttribute('nohotkeys', '');
  player.setAttribute('part', 'video-element');
  if (opts.poster) player.setAttribute('poster', opts.poster);
  let playing = false;
  player.addEventListener('playing', () => {
    playing = true;
    opts.onPlaying();
  });
  player.addEventListener('waiting', () => {
    if (!playing) return;
    playing = false;
    opts.onWaiting();
  });
  opts.onWaiting();
  container.append(player);
  // Before media-chrome first asks the media for `remote` (which would inject Google's cast script).
  const media = player.media as (HTMLElement & { disableRemotePlayback?: boolean }) | undefined;
  if (media) {
    media.disableRemotePlayback = true;
    media.setAttribute('disableremoteplayback', '');
  }
  return {
    media: player,
    get video() {
      return player.media?.nativeEl ?? null;
    },
    currentPdt() {
      const pdt = player.currentPdt?.getTime();
      return pdt && !Number.isNaN(pdt) ? pdt : null;
    },
    latency() {
      const { seekable } = player;
      return opts.live && seekable?.length ? Math.max(0, seekable.end(seekable.length - 1) - player.currentTime) : null;
    },
    resume() {
      if (player.paused) void player.play().catch(() => {});
    },
    destroy() {
      player.remove();
    },
  };
};
