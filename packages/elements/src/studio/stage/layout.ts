import type { StageLayout } from '@live-shop/protocol';

/** A tile's place on the program canvas, in canvas pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The gap between tiles (and the picture-in-picture margin), in pixels, for a canvas `height` high. */
export const tileGap = (height: number): number => Math.max(2, Math.round(height / 120));

/**
 * Where each of `count` tiles goes on a `width`×`height` canvas, in tile order (tile 0 is the host,
 * or whoever comes first). `solo` places tile 0 only (the result has one rect); the other layouts
 * place every tile. Rects are whole pixels, separated by `gap` on the background.
 */
export function tileRects(
  layout: StageLayout,
  count: number,
  width: number,
  height: number,
  gap = tileGap(height),
): Rect[] {
  if (count <= 0) return [];
  const full: Rect = { x: 0, y: 0, w: width, h: height };
  if (count === 1 || layout === 'solo') return [full];
  if (layout === 'side-by-side') return row(count, 0, width, 0, height, gap);
  if (layout === 'pip') return [full, ...insets(count - 1, width, height, gap)];
  return grid(count, width, height, gap);
}

/** `n` equal cells in one row from `x0` over `w`, each `h` high at `y`. */
function row(n: number, x0: number, w: number, y: number, h: number, gap: number): Rect[] {
  const edges = (i: number) => x0 + Math.round((i * (w + gap)) / n);
  return Array.from({ length: n }, (_, i) => ({ x: edges(i), y, w: edges(i + 1) - gap - edges(i), h }));
}

/** Columns and rows as square as possible; a short last row is centred. */
function grid(n: number, width: number, height: number, gap: number): Rect[] {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const top = (r: number) => Math.round((r * (height + gap)) / rows);
  const cellW = Math.round((width + gap) / cols) - gap;
  const rects: Rect[] = [];
  for (let r = 0; r < rows; r++) {
    const inRow = Math.min(cols, n - r * cols);
    const span = inRow === cols ? width : inRow * (cellW + gap) - gap;
    const x0 = Math.round((width - span) / 2);
    rects.push(...row(inRow, x0, span, top(r), top(r + 1) - gap - top(r), gap));
  }
  return rects;
}

/** Picture-in-picture insets, about a quarter of the width at 16:9, stacked up from the bottom-right corner. */
function insets(n: number, width: number, height: number, margin: number): Rect[] {
  const m = margin * 3;
  let w = Math.round(width / 4);
  let h = Math.round((w * 9) / 16);
  // A canvas too short for one inset gets a smaller one.
  if (h + 2 * m > height) {
    h = Math.max(1, height - 2 * m);
    w = Math.round((h * 16) / 9);
  }
  const perColumn = Math.max(1, Math.floor((height - m) / (h + m)));
  return Array.from({ length: n }, (_, i) => {
    const col = Math.floor(i / perColumn);
    const slot = i % perColumn;
    return { x: width - m - w - col * (w + m), y: height - m - h - slot * (h + m), w, h };
  });
}
