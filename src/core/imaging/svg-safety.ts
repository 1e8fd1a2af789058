// What makes an SVG unsafe to put into a workspace, where editors, previews and browsers may render it as a
// document: scripts, event handlers, embedded HTML, and references to anything outside the file itself.
import { parseSvg } from './inspect-svg';
import { localName, type XmlElement } from './xml';

/** The reasons an SVG must not be written into the workspace as it is; empty when it is self-contained and inert. */
export function svgHazards(bytes: Uint8Array): string[] {
  const doc = parseSvg(bytes);
  const reasons = new Set<string>();
  for (const pi of doc.instructions) reasons.add(`it has a processing instruction <?${pi.split(/\s/)[0]}?> that may load a stylesheet`);
  visit(doc.root, (el) => {
    const name = localName(el.name);
    if (name.toLowerCase() === 'script') reasons.add('it contains a <script> element');
    if (name.toLowerCase() === 'foreignobject') reasons.add('it contains a <foreignObject> element (embedded HTML)');
    if (name === 'style') for (const r of cssHazards(el.text)) reasons.add(`its <style> ${r}`);
    for (const a of el.attributes) {
      const attr = localName(a.name);
      if (/^on/i.test(attr)) reasons.add(`it has an event-handler attribute ${a.name} on <${el.name}>`);
      else if (attr === 'href' && !isLocalRef(a.value)) reasons.add(`<${el.name}> ${a.name} refers outside the file (${short(a.value)})`);
      else for (const r of cssHazards(a.value)) reasons.add(`the ${a.name} of <${el.name}> ${r}`);
    }
    const target = el.attributes.find((a) => a.name === 'attributeName')?.value;
    if (target !== undefined && /^(on|(xlink:)?href$)/i.test(target)) reasons.add(`<${el.name}> animates ${target}`);
  });
  return [...reasons];
}

function visit(el: XmlElement, f: (el: XmlElement) => void): void {
  f(el);
  for (const c of el.children) visit(c, f);
}

/** `#id` inside this file, or a raster image carried inline. */
export function isLocalRef(value: string): boolean {
  const v = value.trim();
  return v.startsWith('#') || /^data:image\/(png|jpeg|jpg|gif|webp)[;,]/i.test(v);
}

export function cssHazards(css: string): string[] {
  const out: string[] = [];
  if (/@import/i.test(css)) out.push('imports a stylesheet (@import)');
  for (const m of css.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/gi)) {
    if (!isLocalRef(m[2])) out.push(`refers outside the file with url(${short(m[2])})`);
  }
  return out;
}

function short(v: string): string {
  const t = v.trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
