import { createVideo, type EngineOptions, type PlayerEngine } from './player-engine.js';

/**
 * Live catch-up, on the buffer ahead of the playhead. Segments arrive whole, so the buffer ahead is
 * a sawtooth; what can be given up safely is its trough over the last CATCH_UP_WINDOW_MS. An
 * underflow is expensive (the browser rebuffers for a second or more), so the trough is kept above
 * a margin: play at CATCH_UP_RATE while the trough exceeds `above`, back to 1× as soon as the buffer
 * nears the margin, and jump (seek) when the trough is more than JUMP_ABOVE s (start, after a stall).
 */
const CATCH_UP_ABOVE = { lowLatency: 0.3, normal: 1 };
const CATCH_UP_MARGIN = { lowLatency: 0.2, normal: 0.5 };
const CATCH_UP_WINDOW_MS = 1000;
const CATCH_UP_RATE = 1.25;
const JUMP_ABOVE = 0.6;
const RETRY_MS = 500;
const RETRY_MAX_MS = 4000;

/**
 * Plays an HLS playlist: hls.js (light build, its own lazy chunk) where MediaSource exists, else
 * the browser's native HLS. Tuned for low latency: a short live sync target, a gentle 1.25×
 * catch-up while the buffer ahead stays above a quarter second, little back buffer, and retries
 * (with backoff) while the playlist does not exist yet or the stream broke.
 */
export async function createEngine(
  container: HTMLElement,
  url: string,
  opts: EngineOptions & { lowLatency?: boolean },
): Promise<PlayerEngine> {
  const video = createVideo(opts.poster);
  container.append(video);
  const { default: Hls } = await import('hls.js/light');
  let hls: InstanceType<typeof Hls> | null = null;
  let destroyed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let playing = false;

  const onPlaying = () => {
    attempt = 0;
    if (playing) return;
    playing = true;
    opts.onPlaying();
  };
  const onWaiting = () => {
    if (!playing || video.readyState >= 3) return;
    playing = false;
    opts.onWaiting();
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
      // Our own catch-up (below) drives playbackRate; a stall must not push the target a second back.
      maxLiveSyncPlaybackRate: 1,
      liveSyncOnStallIncrease: 0,
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

  /** Gentle catch-up on the trough of the buffer ahead (see CATCH_UP_*), a jump when far behind. */
  const troughs: { at: number; ahead: number }[] = [];
  const catchUp = setInterval(() => {
    if (!opts.live || video.paused || video.seeking || video.readyState < 3) return void (troughs.length = 0);
    const end = video.buffered.length ? video.buffered.end(video.buffered.length - 1) : 0;
    const ahead = end - video.currentTime;
    const now = performance.now();
    troughs.push({ at: now, ahead });
    while (troughs[0]!.at < now - CATCH_UP_WINDOW_MS) troughs.shift();
    const full = now - troughs[0]!.at >= CATCH_UP_WINDOW_MS * 0.8;
    const trough = Math.min(...troughs.map((t) => t.ahead));
    const margin = opts.lowLatency ? CATCH_UP_MARGIN.lowLatency : CATCH_UP_MARGIN.normal;
    const above = opts.lowLatency ? CATCH_UP_ABOVE.lowLatency : CATCH_UP_ABOVE.normal;
    if (full && trough > JUMP_ABOVE + margin) {
      video.currentTime += trough - margin;
      troughs.length = 0;
    } else if (full && trough > above) {
      if (video.playbackRate === 1) video.playbackRate = CATCH_UP_RATE;
    } else if (video.playbackRate !== 1 && (ahead < margin + 0.05 || trough < margin)) {
      video.playbackRate = 1;
    }
  }, 50);

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
    timeOf(at) {
      const start = (video as HTMLVideoElement & { getStartDate?(): Date }).getStartDate?.().getTime();
      if (!hls) return start && !Number.isNaN(start) ? Math.max(0, (at - start) / 1000) : null;
      const fragments = hls.levels[Math.max(0, hls.currentLevel)]?.details?.fragments ?? [];
      // The last segment that began at or before `at`; a time in a gap (a reconnect) lands at its end.
      let found: (typeof fragments)[number] | undefined;
      for (const fragment of fragments) {
        if (fragment.programDateTime === null) continue;
        if (fragment.programDateTime > at) break;
        found = fragment;
      }
      if (!found) return fragments.length ? fragments[0]!.start : null;
      return found.start + Math.min(found.duration, (at - found.programDateTime!) / 1000);
    },
    ownControls: false,
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
