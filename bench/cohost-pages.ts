/**
 * In-page scripts for bench/cohost.ts, plain JS in strings (a compiled function could reference the TS
 * runner's helpers, `__name`, unknown to the page).
 *
 * Every camera is a canvas with a tag in its centre: a green frame around an 8×5 grid of black or white
 * blocks: bits 0–31 are the low 32 bits of Date.now() when the frame was drawn, bits 32–35 the
 * camera's id (0 the host, 1–3 the guests), bits 36–39 a check (ones among bits 0–35, mod 16). Centred
 * and at most 3/10 of the picture wide, it survives the compositor's cover fit: side by side crops a
 * 16:9 picture to its middle half.
 */

/** Tag geometry in blocks of a camera 1280 px wide: 40 px blocks, a 20 px green frame (both scale with the camera). */
export const TAG = { block: 40, border: 20, cols: 8, rows: 5 } as const;

/** Runs before any script of a studio page: getUserMedia returns the tagged canvas, `width`×`height` (and a tone). */
export function taggedCamera(id: number, width = 1280, height = 720): string {
  const k = width / 1280;
  return `(() => {
  const ID = ${id};
  const W = ${width}, H = ${height}, B = ${TAG.block * k}, F = ${TAG.border * k}, COLS = ${TAG.cols}, ROWS = ${TAG.rows};
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const g = canvas.getContext('2d');
  const x0 = (W - COLS * B) / 2, y0 = (H - ROWS * B) / 2;
  // Only what changes is drawn again (a real camera costs its page nothing to draw).
  g.fillStyle = '#808080';
  g.fillRect(0, 0, W, H);
  let bar = 0;
  const draw = () => {
    const now = Date.now();
    g.fillStyle = '#808080';
    g.fillRect(bar, 80, 90, 560);
    bar = (now / 4) % W;
    g.fillStyle = '#2050c0'; // a moving bar so the encoder sees motion, like a real camera
    g.fillRect(bar, 80, 90, 560);
    g.fillStyle = '#00ff00';
    g.fillRect(x0 - F, y0 - F, COLS * B + 2 * F, ROWS * B + 2 * F);
    const bits = [];
    const low = now % 2 ** 32;
    for (let bit = 0; bit < 32; bit++) bits.push(Math.floor(low / 2 ** bit) % 2);
    for (let bit = 0; bit < 4; bit++) bits.push((ID >> bit) & 1);
    const ones = bits.reduce((a, b) => a + b, 0) % 16;
    for (let bit = 0; bit < 4; bit++) bits.push((ones >> bit) & 1);
    bits.forEach((on, i) => {
      g.fillStyle = on ? '#fff' : '#000';
      g.fillRect(x0 + (i % COLS) * B, y0 + Math.floor(i / COLS) * B, B, B);
    });
  };
  setInterval(draw, 1000 / 30);
  draw();
  const video = canvas.captureStream(30);
  const audio = new AudioContext();
  const tone = audio.createOscillator();
  tone.frequency.value = 220 + 110 * ID;
  const out = audio.createMediaStreamDestination();
  tone.connect(out);
  tone.start();
  const stream = new MediaStream([...video.getVideoTracks(), ...out.stream.getAudioTracks()]);
  navigator.mediaDevices.getUserMedia = async () => stream.clone();
})();`;
}

/** Where the storefront's video is: the player's current `<video>` (it may replace it when its engine restarts). */
export const VIEWER_VIDEO =
  "document.querySelector('live-shop-viewer')?.shadowRoot?.querySelector('live-shop-player')?.video";
/** Where the host's program is: the studio's preview `<video>` (the compositor's canvas track). */
export const PROGRAM_VIDEO =
  "document.querySelector('live-shop-studio')?.shadowRoot?.querySelector('video[part~=\"preview\"]')";

/**
 * Runs in a page: while `window.__decode` is true, on each rendered frame of the video that `findVideo`
 * (an expression) gives (requestVideoFrameCallback), finds every tag (green frames, wherever the layout
 * put them), decodes it and pushes `{shown, tags: [{id, stamp}]}` into window.__frames. Off, it costs
 * nothing: the CPU is measured with it off.
 */
export const tagDecoder = (findVideo: string): string => `(() => {
  const COLS = ${TAG.cols}, ROWS = ${TAG.rows};
  const OUTER_W = COLS * ${TAG.block} + 2 * ${TAG.border}, OUTER_H = ROWS * ${TAG.block} + 2 * ${TAG.border};
  const frames = (window.__frames = []);
  const SW = 160, SH = 90;
  const small = Object.assign(document.createElement('canvas'), { width: SW, height: SH });
  const sg = small.getContext('2d', { willReadFrequently: true });
  const full = document.createElement('canvas');
  const fg = full.getContext('2d', { willReadFrequently: true });
  const green = (d, i) => d[i + 1] > 140 && d[i] < 120 && d[i + 2] < 120;
  const decode = (video, shown) => {
    const W = video.videoWidth, H = video.videoHeight;
    if (!W || !H) return [];
    if (full.width !== W || full.height !== H) Object.assign(full, { width: W, height: H });
    fg.drawImage(video, 0, 0);
    sg.drawImage(full, 0, 0, SW, SH);
    const s = sg.getImageData(0, 0, SW, SH).data;
    const mask = new Uint8Array(SW * SH);
    for (let i = 0; i < mask.length; i++) mask[i] = green(s, i * 4) ? 1 : 0;
    const tags = [];
    for (let start = 0; start < mask.length; start++) {
      if (mask[start] !== 1) continue;
      // One green frame: its bounding box on the small picture (4-neighbour flood fill).
      let bx0 = SW, by0 = SH, bx1 = -1, by1 = -1, n = 0;
      const stack = [start];
      mask[start] = 2;
      while (stack.length) {
        const p = stack.pop();
        const x = p % SW, y = (p - x) / SW;
        n++;
        bx0 = Math.min(bx0, x); bx1 = Math.max(bx1, x); by0 = Math.min(by0, y); by1 = Math.max(by1, y);
        for (const q of [p - 1, p + 1, p - SW, p + SW]) {
          if (q < 0 || q >= mask.length || mask[q] !== 1) continue;
          if ((q === p - 1 || q === p + 1) && Math.floor(q / SW) !== y) continue;
          mask[q] = 2;
          stack.push(q);
        }
      }
      if (n < 8 || bx1 - bx0 < 3 || by1 - by0 < 2) continue;
      // Its exact extent at full resolution.
      const sx = W / SW, sy = H / SH;
      const rx0 = Math.max(0, Math.floor((bx0 - 1) * sx)), ry0 = Math.max(0, Math.floor((by0 - 1) * sy));
      const rx1 = Math.min(W, Math.ceil((bx1 + 2) * sx)), ry1 = Math.min(H, Math.ceil((by1 + 2) * sy));
      const rw = rx1 - rx0, rh = ry1 - ry0;
      const d = fg.getImageData(rx0, ry0, rw, rh).data;
      let gx0 = rw, gy0 = rh, gx1 = -1, gy1 = -1;
      for (let y = 0; y < rh; y++) for (let x = 0; x < rw; x++) {
        if (!green(d, (y * rw + x) * 4)) continue;
        if (x < gx0) gx0 = x; if (x > gx1) gx1 = x; if (y < gy0) gy0 = y; if (y > gy1) gy1 = y;
      }
      const ow = gx1 - gx0 + 1, oh = gy1 - gy0 + 1;
      if (ow < 40 || oh < 25) continue;
      const fx = (ow * ${TAG.border}) / OUTER_W, fy = (oh * ${TAG.border}) / OUTER_H;
      const cw = (ow - 2 * fx) / COLS, ch = (oh - 2 * fy) / ROWS;
      const bits = [];
      for (let i = 0; i < COLS * ROWS; i++) {
        const px = Math.round(gx0 + fx + ((i % COLS) + 0.5) * cw), py = Math.round(gy0 + fy + (Math.floor(i / COLS) + 0.5) * ch);
        const k = (py * rw + px) * 4;
        bits.push(d[k] + d[k + 1] + d[k + 2] > 384 ? 1 : 0);
      }
      const ones = bits.slice(0, 36).reduce((a, b) => a + b, 0) % 16;
      let check = 0, id = 0, low = 0;
      for (let bit = 0; bit < 4; bit++) { id += bits[32 + bit] << bit; check += bits[36 + bit] << bit; }
      if (check !== ones) continue; // misread (a frame between two pictures, a blurred block)
      for (let bit = 0; bit < 32; bit++) low += bits[bit] * 2 ** bit;
      // The full epoch ms from the viewer's clock (same machine; the tag carries its low 32 bits).
      let stamp = shown - (shown % 2 ** 32) + low;
      if (stamp > shown + 2 ** 31) stamp -= 2 ** 32;
      tags.push({ id, stamp, x: (rx0 + gx0 + ow / 2) / W, y: (ry0 + gy0 + oh / 2) / H });
    }
    return tags;
  };
  let watched = null;
  const watch = (video) => {
    watched = video;
    const onFrame = () => {
      if (video !== watched) return;
      const shown = Date.now();
      if (window.__decode) frames.push({ shown, tags: decode(video, shown) });
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  window.__decode = false;
  setInterval(() => {
    const video = ${findVideo};
    if (video && video !== watched) watch(video);
  }, 100);
})();`;
