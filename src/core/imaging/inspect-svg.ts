// SVG: well-formed XML with an <svg> root; its size from width/height, else from the viewBox.
import type { ImageInfo } from '../types';
import { ImageCheckError } from './image-check-error';
import { localName, parseXml, type XmlDocument } from './xml';

/** Size of a well-formed SVG document; throws ImageCheckError otherwise. */
export function inspectSvg(bytes: Uint8Array): ImageInfo {
  const { root } = parseSvg(bytes);
  const attr = (n: string) => root.attributes.find((a) => a.name === n)?.value;
  const box = parseViewBox(attr('viewBox'));
  let width = parseLength(attr('width'));
  let height = parseLength(attr('height'));
  if (box) {
    if (width === undefined && height === undefined) { width = box.width; height = box.height; }
    else if (width === undefined) width = (height! * box.width) / box.height;
    else if (height === undefined) height = (width * box.height) / box.width;
  }
  if (width === undefined || height === undefined) {
    throw new ImageCheckError('corrupt', 'SVG has no size: neither width and height in pixels nor a viewBox');
  }
  // Vector: the canvas is transparent wherever nothing is drawn.
  return { format: 'svg', width: Math.round(width), height: Math.round(height), hasAlpha: true, contentCredentials: hasC2pa(root) };
}

/** The XML document of an SVG, checked for its <svg> root; throws ImageCheckError otherwise. */
export function parseSvg(bytes: Uint8Array): XmlDocument {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImageCheckError('corrupt', 'SVG is not valid UTF-8');
  }
  const doc = parseXml(text);
  if (localName(doc.root.name) !== 'svg') throw new ImageCheckError('corrupt', `XML root is <${doc.root.name}>, not <svg>`);
  return doc;
}

/** A length in user units (px); undefined for percentages, other units and missing values. */
function parseLength(v: string | undefined): number | undefined {
  const m = v === undefined ? null : /^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(px)?\s*$/.exec(v);
  const n = m ? Number(m[1]) : NaN;
  return n > 0 && Number.isFinite(n) ? n : undefined;
}

function parseViewBox(v: string | undefined): { width: number; height: number } | undefined {
  if (v === undefined) return undefined;
  const parts = v.trim().split(/[\s,]+/).map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) throw new ImageCheckError('corrupt', `SVG viewBox "${v}" is not four numbers`);
  if (parts[2] <= 0 || parts[3] <= 0) throw new ImageCheckError('corrupt', `SVG viewBox "${v}" has no area`);
  return { width: parts[2], height: parts[3] };
}

/** C2PA in SVG lives in <metadata> as a <c2pa:manifest> element. */
function hasC2pa(root: XmlDocument['root']): boolean {
  const metadata = root.children.filter((c) => localName(c.name) === 'metadata');
  return metadata.some((m) => m.children.some((c) => /c2pa/i.test(c.name)));
}
