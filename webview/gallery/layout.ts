// Virtual grid arithmetic: which tiles are on screen, and where each one goes. Pure, so it is cheap to reason about.

export interface GridLayout {
  readonly columns: number;
  /** Tile width (and image height) in CSS pixels. */
  readonly tile: number;
  /** Row pitch: image, caption and gap. */
  readonly row: number;
  readonly gap: number;
  readonly height: number;
}

export const MIN_TILE = 88;
export const GAP = 6;
export const CAPTION = 18;

export function layoutFor(width: number, count: number, minTile = MIN_TILE, gap = GAP): GridLayout {
  const usable = Math.max(minTile, width);
  const columns = Math.max(1, Math.floor((usable + gap) / (minTile + gap)));
  const tile = Math.floor((usable - gap * (columns - 1)) / columns);
  const row = tile + CAPTION + gap;
  const rows = Math.ceil(count / columns);
  return { columns, tile, row, gap, height: Math.max(0, rows * row - gap) };
}

/** The first and last+1 index to render for a viewport, with `overscan` extra rows above and below. */
export function visibleRange(l: GridLayout, scrollTop: number, viewport: number, count: number, overscan = 2): [number, number] {
  const firstRow = Math.max(0, Math.floor(scrollTop / l.row) - overscan);
  const lastRow = Math.ceil((scrollTop + viewport) / l.row) + overscan;
  return [Math.min(count, firstRow * l.columns), Math.min(count, lastRow * l.columns)];
}

export function positionOf(l: GridLayout, index: number): { x: number; y: number } {
  return { x: (index % l.columns) * (l.tile + l.gap), y: Math.floor(index / l.columns) * l.row };
}
