import { expect } from '@open-wc/testing';
import { STAGE_LAYOUTS } from '@live-shop/protocol';
import { type Rect, tileGap, tileRects } from './layout.js';

const W = 1280;
const H = 720;
const gap = tileGap(H);
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (r: Rect) => r.x >= 0 && r.y >= 0 && r.x + r.w <= W && r.y + r.h <= H && r.w > 0 && r.h > 0;
const integers = (r: Rect) => [r.x, r.y, r.w, r.h].every(Number.isInteger);

describe('tileRects', () => {
  it('places nothing for no tiles, and one tile full frame in every layout', () => {
    for (const layout of STAGE_LAYOUTS) {
      expect(tileRects(layout, 0, W, H)).to.deep.equal([]);
      expect(tileRects(layout, 1, W, H)).to.deep.equal([{ x: 0, y: 0, w: W, h: H }]);
    }
  });

  it('solo: only the first tile, full frame', () => {
    expect(tileRects('solo', 4, W, H)).to.deep.equal([{ x: 0, y: 0, w: W, h: H }]);
  });

  it('side by side: one row of equal cells, full height, separated by the gap', () => {
    for (const n of [2, 3, 4]) {
      const rects = tileRects('side-by-side', n, W, H);
      expect(rects).to.have.length(n);
      expect(rects[0]!.x).to.equal(0);
      expect(rects[n - 1]!.x + rects[n - 1]!.w).to.equal(W);
      for (const [i, r] of rects.entries()) {
        expect(r.y, `${n}/${i} top`).to.equal(0);
        expect(r.h, `${n}/${i} height`).to.equal(H);
        expect(Math.abs(r.w - rects[0]!.w), `${n}/${i} width`).to.be.at.most(1);
        if (i) expect(r.x - (rects[i - 1]!.x + rects[i - 1]!.w), `${n}/${i} gap`).to.equal(gap);
      }
    }
  });

  it('grid: two halves, then a 2×2 with a third tile centred on the bottom row', () => {
    const half = (W - gap) / 2;
    const two = tileRects('grid', 2, W, H);
    expect(two).to.deep.equal([
      { x: 0, y: 0, w: half, h: H },
      { x: half + gap, y: 0, w: half, h: H },
    ]);
    const four = tileRects('grid', 4, W, H);
    const rowH = (H - gap) / 2;
    expect(four).to.deep.equal([
      { x: 0, y: 0, w: half, h: rowH },
      { x: half + gap, y: 0, w: half, h: rowH },
      { x: 0, y: rowH + gap, w: half, h: rowH },
      { x: half + gap, y: rowH + gap, w: half, h: rowH },
    ]);
    const three = tileRects('grid', 3, W, H);
    expect(three.slice(0, 2)).to.deep.equal(four.slice(0, 2));
    expect(three[2]).to.deep.equal({ x: Math.round((W - half) / 2), y: rowH + gap, w: half, h: rowH });
  });

  it('pip: the first tile full frame, the others as 16:9 insets of about a quarter width stacked from the bottom-right', () => {
    const rects = tileRects('pip', 4, W, H);
    expect(rects[0]).to.deep.equal({ x: 0, y: 0, w: W, h: H });
    const insets = rects.slice(1);
    for (const [i, r] of insets.entries()) {
      expect(r.w, `inset ${i} width`).to.equal(W / 4);
      expect(r.w / r.h, `inset ${i} 16:9`).to.be.closeTo(16 / 9, 0.02);
      expect(W - (r.x + r.w), `inset ${i} right margin`).to.be.greaterThan(0);
      expect(r.x, `inset ${i} column`).to.equal(insets[0]!.x);
      if (i) expect(r.y, `inset ${i} above the previous`).to.be.lessThan(insets[i - 1]!.y - insets[i - 1]!.h + 1);
    }
    expect(H - (insets[0]!.y + insets[0]!.h), 'bottom margin').to.equal(W - (insets[0]!.x + insets[0]!.w));
    for (const [i, a] of insets.entries()) for (const b of insets.slice(i + 1)) expect(overlaps(a, b)).to.equal(false);
  });

  it('keeps every rect whole-pixel, inside the canvas and apart from the others, at odd sizes too', () => {
    for (const [w, h] of [
      [1280, 720],
      [641, 359],
      [720, 1280],
    ] as const) {
      for (const layout of STAGE_LAYOUTS) {
        for (let n = 1; n <= 4; n++) {
          const rects = tileRects(layout, n, w, h);
          expect(rects, `${layout} ${n} at ${w}x${h}`).to.have.length(layout === 'solo' ? 1 : n);
          for (const r of rects) {
            expect(integers(r), `${layout} ${n} whole pixels`).to.equal(true);
            if (w === W && h === H) expect(inside(r), `${layout} ${n} inside`).to.equal(true);
            expect(r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h, `${layout} ${n} at ${w}x${h}`).to.equal(
              true,
            );
          }
          // Only pip overlaps, and only the full-frame first tile.
          const apart = layout === 'pip' ? rects.slice(1) : rects;
          for (const [i, a] of apart.entries())
            for (const b of apart.slice(i + 1)) expect(overlaps(a, b), `${layout} ${n}`).to.equal(false);
        }
      }
    }
  });
});
