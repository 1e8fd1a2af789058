// A sanitized copy of an SVG that svgHazards refuses: scripts, <foreignObject>, event handlers, animations of handlers
// or links, processing instructions, @import and references outside the file are removed; every other byte is kept as
// it was. It works on the source text (already known to be well-formed), so comments, CDATA and layout survive.
import { ImageCheckError } from './image-check-error';
import { inspectSvg, parseSvg } from './inspect-svg';
import { cssHazards, isLocalRef, svgHazards } from './svg-safety';
import { decodeXmlText, localName } from './xml';

export interface SanitizedSvg {
  readonly bytes: Uint8Array;
  /** What was taken out, for the log and the result: "a <script> element", "onload on <svg>". */
  readonly removed: readonly string[];
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const DROPPED_ELEMENTS = new Set(['script', 'foreignobject']);

/** The SVG without its hazards; throws ImageCheckError when it is not a well-formed SVG or the copy would still be unsafe. */
export function sanitizeSvg(bytes: Uint8Array): SanitizedSvg {
  parseSvg(bytes); // well-formed, <svg> root: the scan below may then trust the grammar
  const s = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const removed: string[] = [];
  let out = '';
  let at = 0;
  const open: string[] = [];
  while (at < s.length) {
    const lt = s.indexOf('<', at);
    if (lt < 0) { out += s.slice(at); break; }
    out += s.slice(at, lt);
    at = lt;
    if (s.startsWith('<!--', at)) { const end = s.indexOf('-->', at + 4) + 3; out += s.slice(at, end); at = end; continue; }
    if (s.startsWith('<![CDATA[', at)) {
      const end = s.indexOf(']]>', at) + 3;
      out += open.at(-1) === 'style' ? cdata(cleanCss(s.slice(at + 9, end - 3), removed)) : s.slice(at, end);
      at = end;
      continue;
    }
    if (s.startsWith('<?', at)) {
      const end = s.indexOf('?>', at) + 2;
      const body = s.slice(at + 2, end - 2);
      if (/^xml(\s|$)/.test(body)) out += s.slice(at, end);
      else removed.push(`the processing instruction <?${body.trim().split(/\s/)[0]}?>`);
      at = end;
      continue;
    }
    if (s.startsWith('<!DOCTYPE', at)) { const end = s.indexOf('>', at) + 1; out += s.slice(at, end); at = end; continue; }
    if (s.startsWith('</', at)) { const end = s.indexOf('>', at) + 1; out += s.slice(at, end); open.pop(); at = end; continue; }
    const tag = readTag(s, at);
    const name = localName(tag.name);
    const target = tag.attributes.find((a) => a.name === 'attributeName');
    const dropWhole = DROPPED_ELEMENTS.has(name.toLowerCase()) || (target !== undefined && /^(on|(xlink:)?href$)/i.test(decodeXmlText(target.raw)));
    if (dropWhole) {
      removed.push(DROPPED_ELEMENTS.has(name.toLowerCase()) ? `a <${tag.name}> element` : `a <${tag.name}> animating ${decodeXmlText(target!.raw)}`);
      at = tag.selfClosing ? tag.end : skipElement(s, tag.end);
      continue;
    }
    out += `<${tag.name}`;
    for (const a of tag.attributes) {
      const value = decodeXmlText(a.raw);
      const attr = localName(a.name);
      if (/^on/i.test(attr)) { removed.push(`${a.name} on <${tag.name}>`); continue; }
      if (attr === 'href' && !isLocalRef(value)) { removed.push(`${a.name} on <${tag.name}> (${value.trim().slice(0, 60)})`); continue; }
      if (cssHazards(value).length) {
        const cleaned = cleanCss(value, removed);
        out += `${a.space}${a.name}=${a.quote}${escapeAttr(cleaned, a.quote)}${a.quote}`;
        continue;
      }
      out += `${a.space}${a.name}=${a.quote}${a.raw}${a.quote}`;
    }
    out += s.slice(tag.attrsEnd, tag.end);
    if (!tag.selfClosing) open.push(name);
    at = tag.end;
    if (name === 'style' && !tag.selfClosing) {
      // The stylesheet's own text (not CDATA, which the loop handles): entities decoded, cleaned, re-escaped.
      const lt2 = s.indexOf('<', at);
      const raw = s.slice(at, lt2);
      const css = decodeXmlText(raw);
      if (cssHazards(css).length) { out += escapeText(cleanCss(css, removed)); at = lt2; }
    }
  }
  const clean = new TextEncoder().encode(out);
  const left = svgHazards(clean);
  if (left.length) throw new ImageCheckError('corrupt', `the SVG could not be made safe: ${left.join('; ')}`);
  inspectSvg(clean);
  return { bytes: clean, removed: [...new Set(removed)] };
}

interface RawAttribute { readonly space: string; readonly name: string; readonly quote: string; readonly raw: string }
interface Tag { readonly name: string; readonly attributes: readonly RawAttribute[]; readonly attrsEnd: number; readonly end: number; readonly selfClosing: boolean }

function readTag(s: string, at: number): Tag {
  const name = NAME.exec(s.slice(at + 1))![0];
  let p = at + 1 + name.length;
  const attributes: RawAttribute[] = [];
  for (;;) {
    const space = /^\s*/.exec(s.slice(p))![0];
    if (s.startsWith('/>', p + space.length) || s[p + space.length] === '>') {
      const selfClosing = s[p + space.length] === '/';
      return { name, attributes, attrsEnd: p, end: p + space.length + (selfClosing ? 2 : 1), selfClosing };
    }
    p += space.length;
    const an = NAME.exec(s.slice(p))![0];
    p += an.length;
    const eq = /^\s*=\s*(["'])/.exec(s.slice(p))!;
    p += eq[0].length;
    const close = s.indexOf(eq[1]!, p);
    attributes.push({ space, name: an, quote: eq[1]!, raw: s.slice(p, close) });
    p = close + 1;
  }
}

/** The offset just past the end tag closing the element whose start tag ends at `at` (nesting counted). */
function skipElement(s: string, at: number): number {
  let depth = 1;
  let p = at;
  while (depth > 0) {
    const lt = s.indexOf('<', p);
    if (s.startsWith('<!--', lt)) { p = s.indexOf('-->', lt) + 3; continue; }
    if (s.startsWith('<![CDATA[', lt)) { p = s.indexOf(']]>', lt) + 3; continue; }
    if (s.startsWith('<?', lt)) { p = s.indexOf('?>', lt) + 2; continue; }
    if (s.startsWith('</', lt)) { depth--; p = s.indexOf('>', lt) + 1; continue; }
    const tag = readTag(s, lt);
    if (!tag.selfClosing) depth++;
    p = tag.end;
  }
  return p;
}

/** CSS without @import rules and with every url() that leaves the file replaced by `none`. */
function cleanCss(css: string, removed: string[]): string {
  return css
    .replace(/@import[^;]*;?/gi, () => { removed.push('an @import'); return ''; })
    .replace(/url\(\s*(["']?)(.*?)\1\s*\)/gi, (whole, _q: string, ref: string) => {
      if (isLocalRef(ref)) return whole;
      removed.push(`url(${ref.trim().slice(0, 60)})`);
      return 'none';
    });
}

function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(text: string, quote: string): string {
  return escapeText(text).replace(quote === '"' ? /"/g : /'/g, quote === '"' ? '&quot;' : '&apos;');
}
