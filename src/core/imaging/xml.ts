// A small, strict XML reader for SVG: well-formedness (nesting, quoting, unique attributes, known entities only),
// no DTD internal subsets (so no entity expansion), the element tree with attributes and text. Not a validator.
import { ImageCheckError } from './image-check-error';

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly children: XmlElement[];
  /** Character data directly inside the element (CDATA included), concatenated. */
  text: string;
}

export interface XmlDocument {
  readonly root: XmlElement;
  /** Processing instructions other than the XML declaration, as `target data`. */
  readonly instructions: readonly string[];
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses a whole document; throws ImageCheckError('corrupt') naming the first well-formedness error and its offset. */
export function parseXml(text: string): XmlDocument {
  const s = text.replace(/^\uFEFF/, '');
  const fail = (why: string, at: number): never => { throw new ImageCheckError('corrupt', `Not well-formed XML: ${why} at offset ${at}`); };
  const stack: XmlElement[] = [];
  const instructions: string[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  while (at < s.length) {
    const lt = s.indexOf('<', at);
    const chunk = s.slice(at, lt < 0 ? s.length : lt);
    if (chunk.length) {
      if (stack.length) stack[stack.length - 1].text += decodeEntities(chunk, at, fail);
      else if (chunk.trim()) fail('text outside the root element', at);
    }
    if (lt < 0) break;
    at = lt;
    if (s.startsWith('<!--', at)) {
      const end = s.indexOf('-->', at + 4);
      if (end < 0) fail('unterminated comment', at);
      at = end + 3;
    } else if (s.startsWith('<![CDATA[', at)) {
      if (!stack.length) fail('CDATA outside the root element', at);
      const end = s.indexOf(']]>', at);
      if (end < 0) fail('unterminated CDATA section', at);
      stack[stack.length - 1].text += s.slice(at + 9, end);
      at = end + 3;
    } else if (s.startsWith('<?', at)) {
      const end = s.indexOf('?>', at);
      if (end < 0) fail('unterminated processing instruction', at);
      const body = s.slice(at + 2, end);
      if (!/^xml(\s|$)/.test(body)) instructions.push(body.trim());
      else if (at !== 0) fail('XML declaration not at the start', at);
      at = end + 2;
    } else if (s.startsWith('<!DOCTYPE', at)) {
      if (root || stack.length) fail('DOCTYPE after the root element', at);
      const end = s.indexOf('>', at);
      if (end < 0) fail('unterminated DOCTYPE', at);
      if (s.slice(at, end).includes('[')) fail('DOCTYPE with an internal subset (entity declarations are not accepted)', at);
      at = end + 1;
    } else if (s.startsWith('</', at)) {
      const m = NAME.exec(s.slice(at + 2));
      const open = stack.pop();
      if (!m || !open) fail('a closing tag without an open element', at);
      if (m![0] !== open!.name) fail(`</${m![0]}> closes <${open!.name}>`, at);
      const close = s.indexOf('>', at);
      if (close < 0 || s.slice(at + 2 + m![0].length, close).trim()) fail(`malformed </${m![0]}>`, at);
      at = close + 1;
    } else {
      const m = NAME.exec(s.slice(at + 1));
      if (!m) fail('a "<" that starts no tag', at);
      if (!stack.length && root) fail('a second root element', at);
      const el: XmlElement = { name: m![0], attributes: [], children: [], text: '' };
      let p = at + 1 + m![0].length;
      const attrs = el.attributes as { name: string; value: string }[];
      for (;;) {
        const ws = /^\s*/.exec(s.slice(p))![0].length;
        p += ws;
        if (s.startsWith('/>', p) || s[p] === '>') break;
        if (!ws) fail(`malformed tag <${el.name}>`, p);
        const an = NAME.exec(s.slice(p));
        if (!an) fail(`malformed attribute in <${el.name}>`, p);
        p += an![0].length;
        const eq = /^\s*=\s*(["'])/.exec(s.slice(p));
        if (!eq) fail(`attribute ${an![0]} of <${el.name}> has no quoted value`, p);
        p += eq![0].length;
        const close = s.indexOf(eq![1], p);
        if (close < 0) fail(`unterminated value of ${an![0]}`, p);
        const raw = s.slice(p, close);
        if (raw.includes('<')) fail(`"<" in the value of ${an![0]}`, p);
        if (attrs.some((a) => a.name === an![0])) fail(`duplicate attribute ${an![0]} on <${el.name}>`, p);
        attrs.push({ name: an![0], value: decodeEntities(raw, p, fail) });
        p = close + 1;
      }
      if (stack.length) stack[stack.length - 1].children.push(el);
      else root = el;
      if (s[p] === '>') { stack.push(el); at = p + 1; } else at = p + 2;
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1].name}> is never closed`, s.length);
  if (!root) fail('no root element', 0);
  return { root: root!, instructions };
}

/** Character data or an attribute value with its entities replaced (the text must already have parsed). */
export function decodeXmlText(raw: string): string {
  return decodeEntities(raw, 0, (why) => { throw new ImageCheckError('corrupt', `Not well-formed XML: ${why}`); });
}

function decodeEntities(raw: string, at: number, fail: (why: string, at: number) => never): string {
  return raw.replace(/&([^;\s&]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) fail('a bare "&"', at);
    if (name in PREDEFINED) return PREDEFINED[name];
    const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(name);
    if (!num) fail(`unknown entity &${name};`, at);
    const code = num![1].startsWith('x') ? parseInt(num![1].slice(1), 16) : parseInt(num![1], 10);
    if (code === 0 || code > 0x10ffff) fail(`invalid character reference &${name};`, at);
    return String.fromCodePoint(code);
  });
}

/** The name without its namespace prefix: `xlink:href` → `href`. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
