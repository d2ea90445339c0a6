/**
 * The video engine, loaded on demand by `<live-shop-player>` (a separate chunk in the SDK bundle).
 * For now it plays `src` in a muted, autoplaying `<video>` (browsers only autoplay muted media)
 * and offers an unmute button; adaptive HLS playback comes with the video pipeline.
 */
export interface PlayerEngine {
  readonly video: HTMLVideoElement;
  setSrc(src: string): void;
  setPoster(poster: string): void;
  destroy(): void;
}

export function createEngine(container: HTMLElement, src: string, poster = ''): PlayerEngine {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.setAttribute('part', 'video-element');
  if (poster) video.poster = poster;
  video.src = src;

  const unmute = document.createElement('button');
  unmute.className = 'unmute';
  unmute.setAttribute('part', 'unmute-button');
  unmute.innerHTML =
    '<svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 9v6h4l5 5V4L8 9H4z"/><path d="M17 9l5 6m0-6l-5 6" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>';
  unmute.append('Tap to unmute');
  unmute.addEventListener('click', () => {
    video.muted = false;
    void video.play().catch(() => {});
  });
  const syncButton = () => (unmute.hidden = !video.muted);
  video.addEventListener('volumechange', syncButton);

  container.append(video, unmute);
  void video.play().catch(() => {}); // autoplay may still be refused; the poster stays visible

  return {
    video,
    setSrc(next) {
      if (video.src !== next) video.src = next;
    },
    setPoster(next) {
      video.poster = next;
    },
    destroy() {
      video.pause();
      video.removeAttribute('src');
      video.load();
      video.remove();
      unmute.remove();
    },
  };
}
