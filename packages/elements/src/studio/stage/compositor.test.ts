import { expect, waitUntil } from '@open-wc/testing';
import { STAGE_LAYOUTS } from '@live-shop/protocol';
import { type ColourVideo, colourVideo, near, pixel, sleep, tone } from '../../test/stage-media.js';
import { Compositor, programSize, type Tile } from './compositor.js';
import { tileGap, tileRects } from './layout.js';

const W = 640;
const H = 360;
const COLOURS = ['#f00', '#0f0', '#00f', '#ff0'];

describe('Compositor', () => {
  const open: { close(): void }[] = [];
  const compositor = (options: Partial<ConstructorParameters<typeof Compositor>[0]> = {}) => {
    const c = new Compositor({ width: W, height: H, ...options });
    open.push(c);
    return c;
  };
  const video = async (colour: Parameters<typeof colourVideo>[0], w?: number, h?: number) => {
    const v = await colourVideo(colour, w, h);
    open.push(v);
    return v;
  };
  const tiles = (videos: ColourVideo[], names: string[] = []): Tile[] =>
    videos.map((v, i) => ({ id: `t${i}`, name: names[i] ?? '', video: v.video }));
  afterEach(() => open.splice(0).forEach((o) => o.close()));

  it('gives one video track (the canvas) and one audio track (the program mix), at the asked size', () => {
    const c = compositor();
    expect(c.stream.getVideoTracks()).to.have.length(1);
    expect(c.stream.getAudioTracks()).to.have.length(1);
    expect(c.stream.getAudioTracks()[0]).to.equal(c.mixer.output);
    expect([c.canvas.width, c.canvas.height]).to.deep.equal([W, H]);
  });

  it('draws a change of tiles or layout at once, and nothing for the same tiles again (no extra frame to encode)', async () => {
    const videos = await Promise.all(COLOURS.slice(0, 2).map((colour) => video(colour)));
    const c = compositor();
    c.start();
    c.setTiles(tiles(videos));
    // Synchronous: no video frame or timer can draw in between.
    const before = c.stats.framesDrawn;
    for (let i = 0; i < 50; i++) {
      c.setTiles(tiles(videos));
      c.layout = 'solo';
    }
    expect(c.stats.framesDrawn - before, 'the studio re-applying the same stage').to.equal(0);
    c.setTiles(tiles(videos, ['Ana']));
    c.layout = 'grid';
    expect(c.stats.framesDrawn - before, 'a new name, a new layout').to.equal(2);
  });

  it('draws each tile in its place in every layout, on the dark background', async () => {
    const videos = await Promise.all(COLOURS.map((colour) => video(colour)));
    const c = compositor();
    c.start();
    for (const layout of STAGE_LAYOUTS) {
      for (let n = 1; n <= 4; n++) {
        c.layout = layout;
        c.setTiles(tiles(videos.slice(0, n)));
        c.draw();
        const rects = tileRects(layout, n, W, H);
        for (const [i, r] of rects.entries()) {
          // pip: tile 0 is checked in its top-left quarter, clear of the insets.
          const [x, y] = layout === 'pip' && i === 0 ? [W / 4, H / 4] : [r.x + r.w / 2, r.y + r.h / 2];
          const got = pixel(c.canvas, x, y);
          expect(near(got, COLOURS[i]!), `${layout}, ${n} tiles: tile ${i} at ${x},${y} is ${got}`).to.equal(true);
        }
        if (layout === 'solo' || n === 1) continue;
        // Between the first two tiles (side by side, grid): the background shows through the gap.
        if (layout !== 'pip') {
          const gapX = rects[0]!.x + rects[0]!.w + tileGap(H) / 2;
          expect(near(pixel(c.canvas, gapX, rects[0]!.h / 2), '#111', 8), `${layout}, ${n}: gap`).to.equal(true);
        }
      }
    }
  });

  it('a portrait program from a landscape camera: the middle 9:16 of it, same stream, never stretched', async () => {
    expect(programSize(1280, 720, 'landscape')).to.deep.equal({ width: 1280, height: 720 });
    expect(programSize(720, 1280, 'portrait')).to.deep.equal({ width: 720, height: 1280 });
    expect(programSize(1280, 720, 'portrait')).to.deep.equal({ width: 406, height: 720 });
    expect(programSize(720, 1280, 'landscape')).to.deep.equal({ width: 720, height: 406 });
    expect(programSize(640, 480, 'portrait')).to.deep.equal({ width: 270, height: 480 });
    // Left 40% red, the rest blue: the middle 9:16 (columns 34%–66%) is red on its left ~18% only.
    const v = await video(['#f00', '#00f', 0.4], 640, 360);
    const c = compositor();
    const track = c.stream.getVideoTracks()[0];
    c.setTiles([{ id: 'host', name: '', video: v.video }]);
    c.start();
    const { width, height } = programSize(W, H, 'portrait');
    c.resize(width, height);
    expect([c.canvas.width, c.canvas.height]).to.deep.equal([202, 360]);
    expect(c.stream.getVideoTracks()[0]).to.equal(track);
    const at = (fx: number) => pixel(c.canvas, width * fx, height / 2);
    expect(near(at(0.05), '#f00'), `left ${at(0.05)}`).to.equal(true);
    expect(near(at(0.3), '#00f'), `cropped, not squeezed: ${at(0.3)}`).to.equal(true);
    expect(near(pixel(c.canvas, width / 2, 2), '#00f'), 'fills to the top').to.equal(true);
  });

  it('crops to fill a tile (cover), never stretching, and mirrors a mirrored tile', async () => {
    // A 4:3 source (its left quarter red, the rest blue) into a tall side-by-side cell: cover keeps
    // the source's middle 211 of 320 columns, so the red band covers only the cell's left ~12%.
    const v = await video(['#f00', '#00f', 0.25], 320, 240);
    const other = await video('#0f0');
    const c = compositor();
    c.layout = 'side-by-side';
    c.setTiles([
      { id: 'a', name: '', video: v.video },
      { id: 'b', name: '', video: other.video },
    ]);
    c.start();
    const [cell] = tileRects('side-by-side', 2, W, H);
    const at = (fx: number) => pixel(c.canvas, cell!.x + cell!.w * fx, H / 2);
    c.draw();
    expect(near(at(0.02), '#f00'), `left edge ${at(0.02)}`).to.equal(true);
    expect(near(at(0.2), '#00f'), `cropped, not stretched: ${at(0.2)}`).to.equal(true);
    expect(near(at(0.98), '#00f'), `right edge ${at(0.98)}`).to.equal(true);
    // Fills the whole cell, top to bottom (no letterbox).
    expect(near(pixel(c.canvas, cell!.w * 0.5, 2), '#00f'), 'top edge').to.equal(true);
    c.setTiles([
      { id: 'a', name: '', video: v.video, mirrored: true },
      { id: 'b', name: '', video: other.video },
    ]);
    c.draw();
    expect(near(at(0.02), '#00f') && near(at(0.98), '#f00'), `mirrored: ${at(0.02)} | ${at(0.98)}`).to.equal(true);
    expect(near(pixel(c.canvas, W * 0.75, H / 2), '#0f0'), 'the mirror stays in its tile').to.equal(true);
  });

  it('leaves out a tile whose video has no frame, and lays out the others without it', async () => {
    const red = await video('#f00');
    const blue = await video('#00f');
    const empty = document.createElement('video');
    const c = compositor();
    c.layout = 'side-by-side';
    c.setTiles([
      { id: 'host', name: '', video: red.video },
      { id: 'gone', name: '', video: empty },
      { id: 'guest', name: '', video: blue.video },
    ]);
    c.start();
    c.draw();
    // Two halves (red | blue), not three thirds with a hole.
    expect(near(pixel(c.canvas, W * 0.25, H / 2), '#f00')).to.equal(true);
    expect(near(pixel(c.canvas, W * 0.75, H / 2), '#00f')).to.equal(true);
    expect(near(pixel(c.canvas, W * 0.5 - 8, H / 2), '#f00'), 'the left half reaches the middle').to.equal(true);
    // The guest's video fails (its stream ends): gone from the program at the next frame.
    blue.close();
    await waitUntil(() => near(pixel(c.canvas, W * 0.75, H / 2), '#f00'), 'red alone fills the frame', {
      timeout: 3000,
    });
  });

  it("draws each tile's name in a dark label at the bottom of the tile", async () => {
    const green = await video('#0f0');
    const c = compositor();
    const labelAt = () => {
      const inset = tileGap(H);
      const size = Math.round(H / 30);
      return pixel(c.canvas, inset + 2, H - inset - size * 0.8);
    };
    c.setTiles([{ id: 'host', name: '', video: green.video }]);
    c.start();
    c.draw();
    expect(near(labelAt(), '#0f0'), 'no name, no label').to.equal(true);
    c.setTiles([{ id: 'host', name: 'Ada Lovelace', video: green.video }]);
    c.draw();
    const bar = labelAt();
    expect(near(bar, '#0f0'), `label bar ${bar}`).to.equal(false);
    expect(bar[1], 'darkened green').to.be.below(160);
    // White text somewhere in the bar's row.
    const y = H - tileGap(H) - Math.round(H / 30) * 0.8;
    const row = c.canvas.getContext('2d')!.getImageData(0, Math.round(y) - 4, W / 2, 8).data;
    let white = 0;
    for (let i = 0; i < row.length; i += 4) if (row[i]! > 200 && row[i + 1]! > 200 && row[i + 2]! > 200) white++;
    expect(white, 'white text pixels').to.be.greaterThan(5);
  });

  it('keeps drawing from the worker timer when the video gives no new frames', async () => {
    const still = await video('#f00');
    still.freeze();
    still.video.pause();
    const c = compositor({ frameRate: 30 });
    c.setTiles([{ id: 'host', name: 'Host', video: still.video }]);
    c.start();
    expect(c.timerSource).to.equal('worker');
    const before = c.stats.framesDrawn;
    await waitUntil(() => c.stats.framesDrawn >= before + 10, 'frames from the timer', { timeout: 3000 });
    expect(near(pixel(c.canvas, W / 2, H / 2), '#f00')).to.equal(true);
    c.stop();
    const stopped = c.stats.framesDrawn;
    await sleep(200);
    expect(c.stats.framesDrawn, 'stop() stops drawing').to.equal(stopped);
  });

  it('draws once for the ticks that queued up while the page was busy, not once per tick', async () => {
    const still = await video('#f00');
    still.freeze();
    still.video.pause();
    const c = compositor({ frameRate: 30 });
    c.setTiles([{ id: 'host', name: '', video: still.video }]);
    c.start();
    await waitUntil(() => c.stats.framesDrawn >= 3, 'frames from the timer', { timeout: 3000 });
    // The main thread blocked for a second: the worker's 30 ticks wait in the queue meanwhile.
    const blocked = performance.now();
    while (performance.now() - blocked < 1000) {
      /* busy */
    }
    const before = c.stats.framesDrawn;
    await sleep(100);
    // Drawing each stale tick would be 30 frames back to back (a saturated page that never catches up).
    expect(c.stats.framesDrawn - before, 'frames drawn in the 100 ms after').to.be.at.most(10);
  });

  it('falls back to a main-thread timer without a worker', async () => {
    const c = compositor({ worker: false });
    c.start();
    expect(c.timerSource).to.equal('main');
    const before = c.stats.framesDrawn;
    await waitUntil(() => c.stats.framesDrawn >= before + 5, 'frames from setInterval', { timeout: 3000 });
  });

  it("feeds the tiles' audio to its mixer, muted ones silenced, and close() ends everything", async () => {
    const red = await video('#f00');
    const blue = await video('#00f');
    const a = tone(440);
    const b = tone(1000);
    open.push(a, b);
    const c = compositor();
    c.setTiles([
      { id: 'host', name: '', video: red.video, audio: a.stream },
      { id: 'guest', name: '', video: blue.video, audio: b.stream, muted: true },
    ]);
    expect(c.mixer.ids).to.deep.equal(['host', 'guest']);
    c.setTiles([{ id: 'host', name: '', video: red.video, audio: a.stream }]);
    expect(c.mixer.ids).to.deep.equal(['host']);
    c.start();
    c.close();
    expect(c.stream.getTracks().map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
    c.start();
    const drawn = c.stats.framesDrawn;
    await sleep(150);
    expect(c.stats.framesDrawn).to.equal(drawn);
  });

  it('leaves alone the mixer inputs it was not given through tiles (set on `mixer` directly)', async () => {
    const red = await video('#f00');
    const a = tone(440);
    const b = tone(1000);
    open.push(a, b);
    const c = compositor();
    c.mixer.set('backstage', b.stream, { onProgram: false });
    c.mixer.set('host', a.stream);
    c.setTiles([{ id: 'host', name: '', video: red.video }]);
    expect(c.mixer.ids).to.have.members(['backstage', 'host']);
    c.setTiles([{ id: 'host', name: '', video: red.video, audio: a.stream }]);
    c.setTiles([]);
    expect(c.mixer.ids, 'the tile that brought audio took it away').to.deep.equal(['backstage']);
  });

  it('draws 1 to 4 tiles of 1280×720 at 30 fps (prints the draw cost)', async function () {
    this.timeout(60000);
    const videos = await Promise.all(COLOURS.map((colour) => video(colour, 1280, 720)));
    const lines: string[] = [];
    for (let n = 1; n <= 4; n++) {
      const c = compositor({ width: 1280, height: 720, frameRate: 30 });
      c.layout = 'grid';
      c.setTiles(tiles(videos.slice(0, n), ['Host', 'Guest one', 'Guest two', 'Guest three']));
      c.start();
      await sleep(300);
      const a = c.stats;
      await sleep(2000);
      const b = c.stats;
      const rects = tileRects('grid', n, 1280, 720);
      for (const [i, r] of rects.entries())
        expect(near(pixel(c.canvas, r.x + r.w / 2, r.y + r.h / 2), COLOURS[i]!), `${n} tiles: tile ${i}`).to.equal(
          true,
        );
      c.close();
      const frames = b.framesDrawn - a.framesDrawn;
      const ms = (b.drawMsAvg * b.framesDrawn - a.drawMsAvg * a.framesDrawn) / frames;
      lines.push(`${n} tile(s): ${frames} frames in 2 s, ${ms.toFixed(1)} ms of main thread per frame`);
      // Behaviour, not speed (the rate is the printed number): it keeps drawing while it runs.
      expect(frames, `${n} tiles kept drawing`).to.be.greaterThan(1);
    }
    console.log(`[compositor cost: 1280x720 program, grid, 1280x720 sources, software canvas]\n${lines.join('\n')}`);
  });
});
