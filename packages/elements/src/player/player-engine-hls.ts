import { createVideo, type EngineOptions, type PlayerEngine } from './player-engine.js';

/** Buffer ahead (s) that, held for CATCH_UP_HOLD_MS, makes playback speed up to CATCH_UP_RATE. */
const CATCH_UP_ABOVE = { lowLatency: 0.25, normal: 1 };
const CATCH_UP_HOLD_MS = 1000;
const CATCH_UP_RATE = 1.25;
const RETRY_MS = 500;
const RETRY_MAX_MS = 4000;

/**
 * Plays an HLS playlist: hls.js (light build, its own lazy chunk) where MediaSource exists, else
 * the browser's native HLS. Tuned for low latency: a short live sync target, a gentle 1.25×
 * catch-up while the buffer ahead stays above a quarter second, little back buffer, and retries
 * (with backoff) while the playlist does not exist yet or the stream broke.
 */
export async function createEngine(container: HTMLElement, url: string, opts: EngineOptions & { lowLatency?: boolean }): Promise<PlayerEngine> {
  const video = createVideo(opts.poster);
  container.append(video);
  const { default: Hls } = await import('hls.js/light');
  let hls: InstanceType<typeof Hls> | null = null;
  let destroyed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let playing = false;
  let aheadSince = 0;

  const onPlaying = () => {
    attempt = 0;
    if (!playing) (playing = true), opts.onPlaying();
  };
  const onWaiting = () => {
    if (playing && video.readyState < 3) (playing = false), opts.onWaiting();
  };
  video.addEventListener('playing', onPlaying);
  video.addEventListener('timeupdate', () => video.readyState >= 3 && !video.paused && onPlaying());
  video.addEventListener('waiting', onWaiting);

  const scheduleRetry = () => {
    clearTimeout(retry);
    if (destroyed) return;
    const delay = Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** attempt++);
    retry = setTimeout(load, delay);
  };

  function load(): void {
    if (destroyed) return;
    if (!Hls.isSupported()) {
      // Safari on iOS < 17.1: no MediaSource, but native HLS (with program date time via getStartDate).
      if (video.canPlayType('application/vnd.apple.mpegurl')) {
        video.src = url;
        video.onerror = scheduleRetry;
        void video.play().catch(() => {});
      }
      return;
    }
    hls?.destroy();
    hls = new Hls({
      lowLatencyMode: true,
      ...(opts.live
        ? opts.lowLatency
          ? { liveSyncDuration: 0.4, liveMaxLatencyDuration: 3 }
          : { liveSyncDurationCount: 2, liveMaxLatencyDurationCount: 6 }
        : { startPosition: 0 }),
      backBufferLength: opts.live ? 4 : 30,
      maxBufferLength: opts.live ? 4 : 30,
      // Our own catch-up (below) drives playbackRate.
      maxLiveSyncPlaybackRate: 1,
    });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      // A playlist that is not there yet (404 before the first segment), a network blip, a broken
      // stream after the presenter came back: start over, without reloading the page.
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && attempt < 2) {
        attempt++;
        hls?.recoverMediaError();
        return;
      }
      scheduleRetry();
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    void video.play().catch(() => {});
  }

  /** Gentle catch-up: speed up to 1.25× while the buffer ahead stays above the target, then back to 1×. */
  const catchUp = setInterval(() => {
    if (!opts.live || video.paused) return;
    const end = video.buffered.length ? video.buffered.end(video.buffered.length - 1) : 0;
    const ahead = end - video.currentTime;
    const above = opts.lowLatency ? CATCH_UP_ABOVE.lowLatency : CATCH_UP_ABOVE.normal;
    const now = performance.now();
    if (ahead > above) {
      aheadSince ||= now;
      if (now - aheadSince > CATCH_UP_HOLD_MS && video.playbackRate === 1) video.playbackRate = CATCH_UP_RATE;
    } else {
      aheadSince = 0;
      if (video.playbackRate !== 1 && ahead < above * 0.6) video.playbackRate = 1;
    }
  }, 200);

  opts.onWaiting();
  load();

  return {
    media: video,
    video,
    currentPdt() {
      if (hls) return hls.playingDate?.getTime() ?? null;
      const start = (video as HTMLVideoElement & { getStartDate?(): Date }).getStartDate?.().getTime();
      return start && !Number.isNaN(start) ? start + video.currentTime * 1000 : null;
    },
    latency() {
      if (!opts.live) return null;
      if (hls) return hls.latency > 0 ? hls.latency : null;
      const { seekable } = video;
      return seekable.length ? Math.max(0, seekable.end(seekable.length - 1) - video.currentTime) : null;
    },
    resume() {
      // Frames stopped while the presenter was away: if they have not come back on their own, reload.
      if (!playing || video.paused) {
        attempt = 0;
        scheduleRetry();
      }
    },
    destroy() {
      destroyed = true;
      clearTimeout(retry);
      clearInterval(catchUp);
      hls?.destroy();
      hls = null;
      video.removeAttribute('src');
      video.load();
      video.remove();
    },
  };
}
