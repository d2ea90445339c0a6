import '@mux/mux-player';
import { recordingPositionOf, recordingTimeAt } from '@live-shop/client';
import type { EngineFactory } from './player-engine.js';

type MuxPlayerElement = HTMLMediaElement & {
  media?: HTMLElement & { nativeEl?: HTMLVideoElement };
  currentPdt?: Date;
  getStartDate?(): Date;
  addChapters?(chapters: { startTime: number; value: string }[]): unknown;
};

/**
 * Plays a Mux playback id with `<mux-player>` (its own lazy chunk: it is big, and only Mux shows
 * need it). Casting is off: it would load Google's cast script on the merchant's page.
 */
export const createEngine: EngineFactory<'mux'> = async (container, { playbackId, recording }, opts) => {
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
    // The stream's program date time where Mux gives one, else the replay's recording times (an asset).
    currentPdt() {
      const pdt = player.currentPdt?.getTime();
      if (pdt && !Number.isNaN(pdt)) return pdt;
      return recording?.length ? recordingTimeAt(recording, player.currentTime * 1000) : null;
    },
    timeOf(at) {
      if (recording?.length) return recordingPositionOf(recording, at)! / 1000;
      const pdt = player.currentPdt?.getTime();
      return pdt && !Number.isNaN(pdt) ? Math.max(0, player.currentTime + (at - pdt) / 1000) : null;
    },
    ownControls: true,
    setChapters(chapters) {
      const add = () =>
        void player.addChapters?.(chapters.map(({ time, label }) => ({ startTime: time, value: label })));
      if (player.readyState >= 1) add();
      else player.addEventListener('loadedmetadata', add, { once: true });
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
