// SVG and GIF as outputs: structure checks (well-formed SVG with its size, GIF through its trailer with its frames),
// the one format table, and the SVG safety check that keeps scripts and outside references out of the workspace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extensionForFormat, formatFromFileName, formatFromMime, mimeForFormat, sniffFormat } from '../../src/core/imaging/formats';
import { checkImage, ImageCheckError, inspectImage, inspectRasterImage } from '../../src/core/imaging/inspect';
import { svgHazards } from '../../src/core/imaging/svg-safety';
import { encodeGif, makeSvg } from '../fake-provider/gif-svg';

const utf8 = (s: string) => new TextEncoder().encode(s);
const svg = (attrs: string, body = '') => utf8(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}>${body}</svg>`);

function refused(f: () => unknown, code: string, message?: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof ImageCheckError, `expected ImageCheckError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** The classic 1x1 GIF89a, byte by byte: independent of the test encoder. */
const TINY_GIF = Uint8Array.from([
  0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, // header, screen 1x1, 2-colour table
  0xff, 0xff, 0xff, 0x00, 0x00, 0x00, // colour table
  0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, // graphic control: transparent index 0
  0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, // image descriptor 1x1
  0x02, 0x02, 0x44, 0x01, 0x00, // LZW min size 2, one sub-block, terminator
  0x3b,
]);

describe('format table', () => {
  it('maps GIF and SVG to their MIME types and extensions, both ways', () => {
    assert.equal(mimeForFormat('svg'), 'image/svg+xml');
    assert.equal(mimeForFormat('gif'), 'image/gif');
    assert.equal(extensionForFormat('svg'), 'svg');
    assert.equal(extensionForFormat('jpeg'), 'jpg');
    assert.equal(formatFromMime('image/svg+xml; charset=utf-8'), 'svg');
    assert.equal(formatFromMime('image/pjpeg'), 'jpeg');
    assert.equal(formatFromFileName('icons/star.SVG'), 'svg');
    assert.equal(formatFromFileName('anim.gif?x=1'), 'gif');
    assert.equal(formatFromFileName('notes.txt'), undefined);
  });

  it('sniffs GIF87a, GIF89a and SVG text, and nothing else', () => {
    assert.equal(sniffFormat(TINY_GIF), 'gif');
    const gif87 = TINY_GIF.slice(); gif87[4] = 0x37;
    assert.equal(sniffFormat(gif87), 'gif');
    assert.equal(sniffFormat(utf8('\uFEFF<?xml version="1.0"?>\n<svg width="1" height="1"/>')), 'svg');
    assert.equal(sniffFormat(utf8('<html><body>svg</body></html>')), undefined);
    assert.equal(sniffFormat(utf8('{"svg": true}')), undefined);
  });
});

describe('GIF check', () => {
  it('reads the size, frames and transparency of a hand-built GIF', () => {
    assert.deepEqual(inspectImage(TINY_GIF), { format: 'gif', width: 1, height: 1, hasAlpha: true, contentCredentials: false, frames: 1 });
  });

  it('counts the frames of a 6-frame animation and accepts GIF87a', () => {
    const gif = encodeGif({ width: 40, height: 24, frames: 6, frameDurationMs: 120, seed: 'six' });
    const info = checkImage(gif, { format: 'gif', width: 40, height: 24, frames: 6 });
    assert.equal(info.frames, 6);
    assert.equal(info.hasAlpha, false);
    const gif87 = gif.slice(); gif87[4] = 0x37;
    assert.equal(inspectImage(gif87).frames, 6);
  });

  it('refuses a GIF cut short anywhere before its trailer', () => {
    const gif = encodeGif({ width: 16, height: 16, frames: 3, seed: 'cut' });
    refused(() => inspectImage(gif.subarray(0, gif.length - 1)), 'truncated', /trailer/);
    for (const at of [8, 13, 400, 800, gif.length - 10]) refused(() => inspectImage(gif.subarray(0, at)), 'truncated');
  });

  it('refuses garbage blocks, empty screens and frameless files', () => {
    const bad = TINY_GIF.slice(); bad[27] = 0x99; // the image separator
    refused(() => inspectImage(bad), 'corrupt', /unknown block 0x99/);
    const empty = TINY_GIF.slice(); empty[6] = 0;
    refused(() => inspectImage(empty), 'corrupt', /0x1/);
    refused(() => inspectImage(Uint8Array.from([...TINY_GIF.subarray(0, 19), 0x3b])), 'corrupt', /no frames/);
  });

  it('checkImage names a wrong frame count and the size of a GIF', () => {
    const gif = encodeGif({ width: 20, height: 10, frames: 4, seed: 'four' });
    refused(() => checkImage(gif, { frames: 6 }), 'mismatch', /Expected 6 frames but the GIF has 4/);
    refused(() => checkImage(gif, { width: 20, height: 20 }), 'mismatch', /20x20.*20x10/);
    refused(() => checkImage(gif, { format: 'png' }), 'mismatch', /PNG.*GIF/);
  });

  it('is no reference image: inspectRasterImage refuses GIF and SVG', () => {
    refused(() => inspectRasterImage(TINY_GIF), 'unsupported', /GIF cannot be used here/);
    refused(() => inspectRasterImage(makeSvg(8, 8, 'x')), 'unsupported', /SVG/);
  });
});

describe('SVG check', () => {
  it('reads width and height in pixels', () => {
    const info = checkImage(makeSvg(1024, 512, 'icon'), { format: 'svg', width: 1024, height: 512 });
    assert.equal(info.hasAlpha, true);
  });

  it('reads the size from the viewBox, and completes a missing dimension by its ratio', () => {
    assert.deepEqual([inspectImage(svg('viewBox="0 0 24 16"')).width, inspectImage(svg('viewBox="0 0 24 16"')).height], [24, 16]);
    const half = inspectImage(svg('width="48" viewBox="0,0,24,12"'));
    assert.deepEqual([half.width, half.height], [48, 24]);
    const pct = inspectImage(svg('width="100%" height="100%" viewBox="0 0 300 200"'));
    assert.deepEqual([pct.width, pct.height], [300, 200]);
    const px = inspectImage(svg('width="64px" height="32.4"'));
    assert.deepEqual([px.width, px.height], [64, 32]);
  });

  it('refuses documents that are not well-formed, with where and why', () => {
    refused(() => inspectImage(utf8('<svg width="1" height="1"><g></svg>')), 'corrupt', /<\/svg> closes <g>/);
    refused(() => inspectImage(utf8('<svg width="1" height="1">')), 'corrupt', /never closed/);
    refused(() => inspectImage(utf8('<svg width=1 height="1"/>')), 'corrupt', /no quoted value/);
    refused(() => inspectImage(utf8('<svg width="1" width="2" height="1"/>')), 'corrupt', /duplicate attribute width/);
    refused(() => inspectImage(utf8('<svg width="1" height="1"><title>a &nbsp; b</title></svg>')), 'corrupt', /unknown entity &nbsp;/);
    refused(() => inspectImage(utf8('<svg width="1" height="1"/><svg width="1" height="1"/>')), 'corrupt', /second root/);
    refused(() => inspectImage(utf8('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg width="1" height="1">&a;</svg>')), 'corrupt', /internal subset/);
    refused(() => inspectImage(Uint8Array.from([...utf8('<svg width="1" height="1">'), 0xff, ...utf8('</svg>')])), 'corrupt', /UTF-8/);
  });

  it('refuses an XML document whose root is not <svg>, and an SVG without a size', () => {
    refused(() => inspectImage(utf8('<?xml version="1.0"?><html><svg width="1" height="1"/></html>')), 'corrupt', /root is <html>/);
    refused(() => inspectImage(svg('width="50%"')), 'corrupt', /no size/);
    refused(() => inspectImage(svg('viewBox="0 0 0 10"')), 'corrupt', /no area/);
  });

  it('decodes entities and character references in text and attributes', () => {
    const doc = svg('width="2" height="2"', '<title>a &lt; b &#x263A; &#65;</title>');
    assert.equal(inspectImage(doc).width, 2);
    assert.deepEqual(svgHazards(doc), []);
  });
});

describe('SVG safety', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['script', makeSvg(16, 16, 's', true), /<script> element/],
    ['prefixed script', svg('width="1" height="1" xmlns:s="http://www.w3.org/2000/svg"', '<s:script>alert(1)</s:script>'), /<script> element/],
    ['event handler', svg('width="1" height="1" onload="alert(1)"'), /event-handler attribute onload on <svg>/],
    ['event handler, any case', svg('width="1" height="1"', '<rect ONclick="x()"/>'), /event-handler attribute ONclick on <rect>/],
    ['foreignObject', svg('width="1" height="1"', '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>'), /<foreignObject> element/],
    ['external href', svg('width="1" height="1"', '<a href="https://example.com"><rect/></a>'), /<a> href refers outside the file \(https:\/\/example.com\)/],
    ['external xlink:href image', svg('width="1" height="1"', '<image xlink:href="file:///etc/passwd"/>'), /<image> xlink:href refers outside/],
    ['javascript: href', svg('width="1" height="1"', '<a href=" javascript:alert(1)"><rect/></a>'), /refers outside the file \(javascript:alert\(1\)\)/],
    ['SVG data: image', svg('width="1" height="1"', '<image href="data:image/svg+xml;base64,PHN2Zy8+"/>'), /refers outside the file \(data:image\/svg\+xml/],
    ['url() in an attribute', svg('width="1" height="1"', '<rect fill="url(https://evil.example/p.svg#x)"/>'), /the fill of <rect> refers outside the file with url\(https:\/\/evil.example/],
    ['url() in a style attribute', svg('width="1" height="1"', `<rect style="background:url('//evil.example/a.png')"/>`), /the style of <rect> refers outside/],
    ['url() in <style>', svg('width="1" height="1"', '<style><![CDATA[rect { fill: url("http://x.example/f") }]]></style>'), /its <style> refers outside the file/],
    ['@import', svg('width="1" height="1"', '<style>@import "https://x.example/a.css";</style>'), /@import/],
    ['animated href', svg('width="1" height="1"', '<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>'), /<set> animates href/],
    ['stylesheet instruction', utf8('<?xml version="1.0"?><?xml-stylesheet href="https://x.example/s.css"?><svg width="1" height="1"/>'), /<\?xml-stylesheet\?>/],
  ];
  for (const [name, bytes, reason] of cases) {
    it(`refuses ${name}`, () => {
      const reasons = svgHazards(bytes);
      assert.ok(reasons.some((r) => reason.test(r)), `${reason} not in ${JSON.stringify(reasons)}`);
    });
  }

  it('passes a clean, self-contained SVG: local references and raster data: images', () => {
    assert.deepEqual(svgHazards(makeSvg(64, 64, 'clean')), []);
    const local = svg('width="4" height="4"',
      '<defs><clipPath id="c"><rect width="4" height="4"/></clipPath></defs><use href="#c"/><use xlink:href="#c"/>' +
      '<rect fill="url(#c)" style="clip-path: url( \'#c\' )"/><image href="data:image/png;base64,iVBORw0KGgo="/>' +
      '<style>.a { fill: url(#c) }</style><text>onload is just a word</text>');
    assert.deepEqual(svgHazards(local), []);
  });
});
