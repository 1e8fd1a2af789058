// Mask, markup and outpainting canvases, drawn from the stroke list so they can be rebuilt after a reload.
// The mask follows the images API: the same size as the image, opaque where it stays, transparent where it changes.
// The markup is the reverse: transparent but for the coloured marks drawn over the image to guide the edit.
import type { Extend, Stroke } from './state';

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Draw strokes: painted ones with `paint` (in their own colour, if any), erased ones with `erase` (both set the composite mode). */
export function drawStrokes(ctx: Ctx, strokes: readonly Stroke[], dx: number, dy: number, paint: GlobalCompositeOperation, erase: GlobalCompositeOperation): void {
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const base = ctx.strokeStyle;
  for (const s of strokes) {
    ctx.globalCompositeOperation = s.erase ? erase : paint;
    ctx.strokeStyle = s.color ?? base;
    ctx.lineWidth = s.size;
    ctx.beginPath();
    const p = s.points;
    ctx.moveTo((p[0] ?? 0) + dx, (p[1] ?? 0) + dy);
    // A single point still leaves a dot.
    if (p.length <= 2) ctx.lineTo((p[0] ?? 0) + dx + 0.01, (p[1] ?? 0) + dy);
    for (let i = 2; i + 1 < p.length; i += 2) ctx.lineTo((p[i] ?? 0) + dx, (p[i + 1] ?? 0) + dy);
    ctx.stroke();
  }
  ctx.globalCompositeOperation = 'source-over';
  ctx.strokeStyle = base;
}

/** The mask PNG for an image of width×height grown by `extend`: transparent in painted strokes and the added margins. */
export async function maskPng(width: number, height: number, strokes: readonly Stroke[], extend: Extend): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width + extend.left + extend.right, height + extend.top + extend.bottom);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This webview cannot draw on a canvas.');
  ctx.fillStyle = '#000';
  ctx.fillRect(extend.left, extend.top, width, height);
  ctx.strokeStyle = '#000';
  drawStrokes(ctx, strokes, extend.left, extend.top, 'destination-out', 'source-over');
  // Strokes restored with the eraser must not spill into the margins, which always change.
  ctx.clearRect(0, 0, canvas.width, extend.top);
  ctx.clearRect(0, height + extend.top, canvas.width, extend.bottom);
  ctx.clearRect(0, 0, extend.left, canvas.height);
  ctx.clearRect(width + extend.left, 0, extend.right, canvas.height);
  return pngBytes(canvas);
}

/** The markup PNG for an image of width×height: transparent, with the marks in their colours (the eraser clears them). */
export async function markupPng(width: number, height: number, strokes: readonly Stroke[]): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This webview cannot draw on a canvas.');
  ctx.strokeStyle = MARKUP_COLORS[0];
  drawStrokes(ctx, strokes, 0, 0, 'source-over', 'destination-out');
  return pngBytes(canvas);
}

/** The markup pens: colours that stand out on most images. */
export const MARKUP_COLORS = ['#ff2d55', '#ffcc00', '#00c7be', '#0a84ff', '#ffffff', '#000000'] as const;

/** Whether the strokes leave any mark (an eraser-only list leaves none). */
export function hasMarks(strokes: readonly Stroke[]): boolean {
  return strokes.some((s) => !s.erase);
}

/** The first reference drawn onto a larger transparent canvas, for outpainting. */
export async function extendedCanvasPng(image: ImageBitmap, extend: Extend): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(image.width + extend.left + extend.right, image.height + extend.top + extend.bottom);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This webview cannot draw on a canvas.');
  ctx.drawImage(image, extend.left, extend.top);
  return pngBytes(canvas);
}

async function pngBytes(canvas: OffscreenCanvas): Promise<Uint8Array> {
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}

export function hasExtend(e: Extend): boolean {
  return e.top > 0 || e.right > 0 || e.bottom > 0 || e.left > 0;
}
