/**
 * Stamped video for measuring sync on real pictures (bench:latency, the replay e2e): the presenter's
 * camera stamps Date.now() into every frame; the viewer decodes the stamp of each frame it renders.
 */

/**
 * Runs in the presenter page before any script: getUserMedia returns the stamped canvas + a tone.
 * Plain JS in a string: a compiled function could reference the TS runner's helpers (`__name`).
 */
export const STAMPED_CAMERA = `(() => {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const g = canvas.getContext('2d');
  const draw = () => {
    const now = Date.now();
    g.fillStyle = '#808080';
    g.fillRect(0, 0, 640, 360);
    g.fillStyle = '#2050c0'; // a moving bar so the encoder sees motion, like a real camera
    g.fillRect((now / 4) % 640, 120, 60, 240);
    const low = now % 2 ** 32;
    for (let bit = 0; bit < 32; bit++) {
      g.fillStyle = Math.floor(low / 2 ** bit) % 2 ? '#fff' : '#000';
      g.fillRect((bit % 16) * 40, Math.floor(bit / 16) * 40, 40, 40);
    }
  };
  setInterval(draw, 1000 / 60);
  draw();
  const video = canvas.captureStream(30);
  const audio = new AudioContext();
  const tone = audio.createOscillator();
  const out = audio.createMediaStreamDestination();
  tone.connect(out);
  tone.start();
  const stream = new MediaStream([...video.getVideoTracks(), ...out.stream.getAudioTracks()]);
  navigator.mediaDevices.getUserMedia = async () => stream.clone();
})();`;

/** Runs in the viewer page: decodes each rendered frame's stamp into window.__frames [{shown, stamp}]. */
export const FRAME_DECODER = `(() => {
  const frames = (window.__frames = []);
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 80;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  let watched = null;
  let player = null;
  window.__stalls = [];
  const watch = (video) => {
    watched = video;
    video.addEventListener('waiting', () => window.__stalls.push(Date.now()));
    window.__events = [];
    for (const type of ['waiting', 'playing', 'seeking', 'seeked', 'stalled', 'ratechange']) video.addEventListener(type, () => window.__events.push({ t: Date.now(), type, ct: video.currentTime, rate: video.playbackRate, ranges: [...Array(video.buffered.length).keys()].map((i) => [video.buffered.start(i), video.buffered.end(i)]) }));
    const onFrame = () => {
      if (video !== watched) return;
      const shown = Date.now();
      // The stamp's blocks are in the top 80 px of a 640x360 picture: scale from the video's size.
      const sx = video.videoWidth / 640;
      g.drawImage(video, 0, 0, 640 * sx, 80 * sx, 0, 0, 640, 80);
      const px = g.getImageData(0, 0, 640, 80).data;
      let low = 0;
      for (let bit = 0; bit < 32; bit++) {
        const x = (bit % 16) * 40 + 20;
        const y = Math.floor(bit / 16) * 40 + 20;
        if (px[(y * 640 + x) * 4] > 128) low += 2 ** bit;
      }
      // Rebuild the full epoch ms from the viewer's clock (the stamp is its low 32 bits).
      let stamp = shown - (shown % 2 ** 32) + low;
      if (stamp > shown + 2 ** 31) stamp -= 2 ** 32;
      const pdt = player?.currentPdt ?? null;
      frames.push({ shown, stamp, pdtError: pdt === null ? null : pdt - stamp, ahead: video.buffered.length ? video.buffered.end(video.buffered.length - 1) - video.currentTime : 0, rate: video.playbackRate });
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  // The player may replace its <video> (engine restarts): always follow the current one.
  setInterval(() => {
    player = document.querySelector('live-shop-viewer')?.shadowRoot?.querySelector('live-shop-player');
    const video = player?.video;
    if (video && video !== watched) watch(video);
  }, 100);
})();`;

/**
 * Runs in the viewer page (with FRAME_DECODER): records each change of the cards on screen with the
 * stamp of the frame showing then, into window.__flips [{shown, cards: 'id,id', stamp}].
 */
export const CARD_FLIPS = `(() => {
  const flips = (window.__flips = []);
  let last = null;
  const check = (root) => {
    const cards = [...root.querySelectorAll('live-shop-product-card:not(.leaving)')].map((c) => c.product?.id).join(',');
    if (cards === last) return;
    last = cards;
    const frame = window.__frames?.[window.__frames.length - 1];
    flips.push({ shown: Date.now(), cards, stamp: frame ? frame.stamp : null });
  };
  // Right after the viewer renders (a mutation), not at the next animation frame.
  const attach = setInterval(() => {
    const root = document.querySelector('live-shop-viewer')?.shadowRoot;
    if (!root) return;
    clearInterval(attach);
    new MutationObserver(() => check(root)).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    check(root);
  }, 50);
})();`;

export interface CardFlip {
  shown: number;
  cards: string;
  stamp: number | null;
}

/**
 * For each pin change of a show (its timeline's `pins` entries), the stamp on screen when a replay
 * showed those cards minus the pin's time (+ = the card came after its picture). A change the replay
 * never showed is left out (and counted in `missed`).
 */
export function replaySyncErrors(
  flips: readonly CardFlip[],
  pins: readonly { at: number; productIds: string[] }[],
): { errors: number[]; missed: number } {
  const errors: number[] = [];
  let missed = 0;
  let from = 0;
  let shown = '';
  for (const pin of pins) {
    const cards = pin.productIds.join(',');
    if (cards === shown) continue;
    shown = cards;
    const i = flips.findIndex((f, k) => k >= from && f.cards === cards && f.stamp !== null);
    if (i < 0) {
      missed++;
      continue;
    }
    errors.push(flips[i]!.stamp! - pin.at);
    from = i + 1;
  }
  return { errors, missed };
}
