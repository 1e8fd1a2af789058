// Making the images an answer carries, cut short when a behaviour asks, and recording each one as served.
import type { ImageFormat } from '../../src/core/types';
import type { RouteContext } from './context';
import type { ImageParams } from './params';
import { sha256 } from './record';
import type { RouteName, ServedImage } from './types';

const CABX = Buffer.from('caBX', 'latin1');
const JUMB = Buffer.from('jumb', 'latin1');

function contains(bytes: Uint8Array, needle: Buffer): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle) >= 0;
}

/** Describes bytes handed out, for the served list. */
export function describeServed(
  bytes: Uint8Array, format: ImageFormat, width: number, height: number,
  route: RouteName, requestId: string, index: number, truncated: boolean,
): ServedImage {
  const hasCaBX = format === 'png' && contains(bytes, CABX);
  return {
    sha256: sha256(bytes), bytes, format, width, height, route, requestId, index, truncated,
    hasCaBX, contentCredentials: hasCaBX || (format !== 'png' && contains(bytes, JUMB)),
  };
}

/** Half the bytes: a file that starts right and stops early. */
export function cutShort(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(0, Math.max(1, bytes.length >> 1));
}

/** The final image `index` for `p` (cut short if the behaviour says so), not yet recorded. */
export function makeImage(ctx: RouteContext, p: ImageParams, index: number): { bytes: Uint8Array; truncated: boolean } {
  const full = ctx.state.images.get({
    width: p.width, height: p.height, format: p.format, transparent: p.background === 'transparent',
    seed: `${p.prompt}#${index}`, texture: ctx.state.options.texture,
    ...(p.frameCount !== undefined ? { gifFrames: p.frameCount } : {}), ...(p.frameDurationMs !== undefined ? { frameDurationMs: p.frameDurationMs } : {}),
    ...(ctx.behaviour?.kind === 'svg-script' ? { svgScript: true } : {}),
    ...(p.format === 'jpeg' && p.compression !== undefined ? { quality: Math.max(1, 100 - p.compression) } : {}),
  }).bytes;
  return ctx.truncateImages ? { bytes: cutShort(full), truncated: true } : { bytes: full, truncated: false };
}

/** A preview for streaming: same size and format, flat texture, so small and distinct from the final. */
export function makePartial(ctx: RouteContext, p: ImageParams, index: number, partialIndex: number): Uint8Array {
  return ctx.state.images.get({
    width: p.width, height: p.height, format: p.format, transparent: p.background === 'transparent',
    seed: `${p.prompt}#${index}#partial${partialIndex}`, texture: 'flat',
  }).bytes;
}

/** Records `bytes` as served by the current request. */
export function serve(ctx: RouteContext, bytes: Uint8Array, format: ImageFormat, width: number, height: number, index: number, truncated: boolean): void {
  ctx.state.serve(describeServed(bytes, format, width, height, ctx.route, ctx.requestId, index, truncated));
}
