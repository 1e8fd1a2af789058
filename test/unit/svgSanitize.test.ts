// The sanitized copy of a refused SVG: every hazard svgHazards names is gone, everything else is kept as it was.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspectSvg } from '../../src/core/imaging/inspect-svg';
import { svgHazards } from '../../src/core/imaging/svg-safety';
import { sanitizeSvg } from '../../src/core/imaging/svg-sanitize';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const svg = (body: string, rootAttrs = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="32"${rootAttrs}>${body}</svg>`;

function clean(text: string): string {
  assert.ok(svgHazards(enc(text)).length > 0, 'the input is hostile');
  const r = sanitizeSvg(enc(text));
  assert.deepEqual(svgHazards(r.bytes), [], 'the copy is safe');
  assert.deepEqual([inspectSvg(r.bytes).width, inspectSvg(r.bytes).height], [64, 32], 'and still an SVG of the same size');
  assert.ok(r.removed.length > 0, 'says what it removed');
  return dec(r.bytes);
}

describe('sanitizeSvg', () => {
  it('removes scripts, also nested ones and ones inside CDATA, and keeps the drawing', () => {
    const out = clean(svg('<g id="a"><circle r="4" fill="red"/><g><script><![CDATA[ if (a < b) alert(1) ]]></script><script xlink:href="x.js"/></g></g><rect width="3" height="2"/>'));
    assert.doesNotMatch(out, /script|alert/);
    assert.match(out, /<g id="a"><circle r="4" fill="red"\/><g><\/g><\/g><rect width="3" height="2"\/>/);
  });

  it('removes <foreignObject> with the HTML inside it, whatever its case or prefix', () => {
    const out = clean(svg('<svg:foreignObject xmlns:svg="http://www.w3.org/2000/svg"><div xmlns="http://www.w3.org/1999/xhtml"><foreignObject/><img src="x" onerror="alert(1)"/></div></svg:foreignObject><path d="M0 0"/>'));
    assert.doesNotMatch(out, /foreignObject|onerror|img/i);
    assert.match(out, /<path d="M0 0"\/>/);
  });

  it('removes event handlers in any case, and animations that set a handler or a link', () => {
    const out = clean(svg('<rect OnClick="x()" width="1" height="1"/><a><set attributeName="onmouseover" to="alert(1)"/><animate attributeName="xlink:href" values="javascript:alert(1)"/></a>', ' onload="alert(1)"'));
    assert.doesNotMatch(out, /onload|OnClick|alert|<set|<animate/i);
    assert.match(out, /<rect width="1" height="1"\/>/);
  });

  it('removes href and xlink:href that leave the file, also when spelt with entities, and keeps #ids and inline rasters', () => {
    const out = clean(svg([
      '<use href="#a"/><use xlink:href="https://evil.example/s.svg#x"/>',
      '<a href="&#x6a;avascript:alert(1)"><text>hi &amp; bye</text></a>',
      '<image href=" data:image/svg+xml;base64,PHN2Zy8+"/><image xlink:href="data:image/png;base64,iVBOR"/>',
      '<a ns1:href="//evil.example" xmlns:ns1="http://www.w3.org/1999/xlink"/>',
    ].join('')));
    assert.doesNotMatch(out, /evil|javascript|&#x6a;|svg\+xml/);
    assert.match(out, /<use href="#a"\/>/);
    assert.match(out, /<text>hi &amp; bye<\/text>/, 'text and its entities kept as they were');
    assert.match(out, /xlink:href="data:image\/png;base64,iVBOR"/);
  });

  it('replaces CSS url() to outside and @import in <style> and in attributes, and keeps local url(#id)', () => {
    const out = clean(svg([
      '<style>@import url(https://evil.example/a.css); .a { fill: url(#g); background: url( "https://evil.example/t.png" ) }</style>',
      '<style><![CDATA[ .b { filter: url(http://evil.example/f.svg#f) } ]]></style>',
      `<rect style="fill:url('//evil.example/p')" fill="url(#g)" width="1" height="1"/>`,
      '<rect mask="url(&#104;ttps://evil.example/m)" width="2" height="2"/>',
    ].join('')));
    assert.doesNotMatch(out, /evil|@import|&#104;/);
    assert.match(out, /fill: url\(#g\)/);
    assert.match(out, /fill="url\(#g\)"/);
    assert.match(out, /style="fill:none"/);
  });

  it('drops stylesheet processing instructions and keeps the XML declaration and comments', () => {
    const out = clean(`<?xml version="1.0"?>\n<?xml-stylesheet href="https://evil.example/s.css"?>\n<!-- made by a model -->\n${svg('<circle r="1"/>')}`);
    assert.match(out, /^<\?xml version="1.0"\?>\n\n<!-- made by a model -->/);
    assert.doesNotMatch(out, /stylesheet/);
  });

  it('leaves a safe SVG byte for byte and refuses what is not a well-formed SVG', () => {
    const safe = svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="1" height="1"/>');
    assert.equal(dec(sanitizeSvg(enc(safe)).bytes), safe);
    assert.deepEqual(sanitizeSvg(enc(safe)).removed, []);
    assert.throws(() => sanitizeSvg(enc('<svg><script>')), /Not well-formed XML/);
    assert.throws(() => sanitizeSvg(enc('<!DOCTYPE svg [<!ENTITY x "y">]><svg/>')), /internal subset/);
  });
});
