// VS Code's own menus for the gallery and the walkthrough, as package.json declares them: every gallery action has
// a command and a `webview/context` entry (single-asset actions hidden for a multi-selection), every command a
// menu, keybinding or walkthrough link names is declared, the walkthrough's media exist and each step completes
// on an event; the context menu's commands read the tile's context and act on the selection only when they take many.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { contextId, idsFor } from '../../src/panels/gallery/contextArgs';
import { tileFormatContext } from '../../src/core/gallery/types';
import { FORMAT_ACTIONS, GALLERY_ACTIONS, MULTI_ACTIONS, validateGalleryMessage } from '../../src/protocolGallery';

const root = path.resolve(__dirname, '..', '..', '..');
interface MenuItem { command: string; when?: string; group?: string }
interface Step { id: string; description: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string }[];
    menus: Record<string, MenuItem[]>;
    keybindings: { command: string; key: string; mac?: string; when?: string }[];
    walkthroughs: { id: string; steps: Step[] }[];
  };
};
const c = manifest.contributes;
const declared = new Set(c.commands.map((x) => x.command));

describe('gallery context menu (webview/context)', () => {
  const menu = c.menus['webview/context'] ?? [];

  it('has one entry per gallery action, each a declared command kept out of the command palette', () => {
    const hidden = new Set((c.menus.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    for (const a of GALLERY_ACTIONS) {
      const id = `pixelsmith.gallery.${a}`;
      assert.ok(declared.has(id), `${id} is not declared`);
      assert.ok(hidden.has(id), `${id} shows in the command palette, where it has no asset`);
      const entry = menu.find((m) => m.command === id);
      assert.ok(entry, `${id} is not in webview/context`);
      assert.match(entry.when ?? '', /webviewId == 'pixelsmith\.gallery' && webviewSection == 'asset'/);
      assert.equal(/!pixelsmithMulti/.test(entry.when ?? ''), !MULTI_ACTIONS.includes(a), `${a}: hidden for a multi-selection exactly when it takes one asset`);
      assert.match(entry.group ?? '', /^\d_\w+@\d+$/);
    }
  });

  it('offers the actions that read the image only on tiles whose format they take (AVIF, GIF: none; SVG: an icon set)', () => {
    for (const a of GALLERY_ACTIONS) {
      const when = menu.find((m) => m.command === `pixelsmith.gallery.${a}`)!.when!;
      const key = FORMAT_ACTIONS[a];
      assert.equal(/pixelsmithUpload/.test(when), key === 'pixelsmithUpload', `${a}: ${when}`);
      assert.equal(/pixelsmithIconSource/.test(when), key === 'pixelsmithIconSource', `${a}: ${when}`);
    }
    assert.deepEqual(tileFormatContext('png'), { pixelsmithUpload: true, pixelsmithIconSource: true });
    assert.deepEqual(tileFormatContext('jpeg'), { pixelsmithUpload: true, pixelsmithIconSource: true });
    assert.deepEqual(tileFormatContext('webp'), { pixelsmithUpload: true, pixelsmithIconSource: true });
    assert.deepEqual(tileFormatContext('svg'), { pixelsmithUpload: false, pixelsmithIconSource: true });
    assert.deepEqual(tileFormatContext('gif'), { pixelsmithUpload: false, pixelsmithIconSource: false });
    assert.deepEqual(tileFormatContext('avif'), { pixelsmithUpload: false, pixelsmithIconSource: false });
    assert.deepEqual(tileFormatContext(undefined), { pixelsmithUpload: false, pixelsmithIconSource: false });
  });

  it('offers remix and variations only on an asset with a sidecar', () => {
    for (const a of ['remix', 'variations']) assert.match(menu.find((m) => m.command === `pixelsmith.gallery.${a}`)!.when!, /pixelsmithKind == 'asset'/);
  });

  it('reads the right-clicked tile from the context VS Code passes, and nothing else', () => {
    assert.equal(contextId({ webview: 'pixelsmith.gallery', webviewSection: 'asset', id: 7, preventDefaultContextMenuItems: true }), 7);
    assert.equal(contextId({ webviewSection: 'asset', id: 7 }), 7);
    for (const bad of [undefined, null, 7, 'x', { webview: 'other.view', webviewSection: 'asset', id: 7 }, { webviewSection: 'candidate', id: 7 },
      { webviewSection: 'asset', id: 0 }, { webviewSection: 'asset', id: 1.5 }, { webviewSection: 'asset', id: '7' }]) {
      assert.equal(contextId(bad), undefined, JSON.stringify(bad));
    }
  });

  it('acts on the selection when the right-clicked tile is part of it and the action takes many', () => {
    assert.deepEqual(idsFor('delete', 2, [1, 2, 3]), [1, 2, 3]);
    assert.deepEqual(idsFor('delete', 9, [1, 2, 3]), [9]);
    assert.deepEqual(idsFor('remix', 2, [1, 2, 3]), [2]);
    assert.deepEqual(idsFor('open', 2, []), [2]);
  });

  it('accepts the selection and filter-menu messages and refuses bad ids', () => {
    assert.equal(validateGalleryMessage({ type: 'gallery/selection', ids: [1, 2] }).ok, true);
    assert.equal(validateGalleryMessage({ type: 'gallery/filterMenu' }).ok, true);
    assert.equal(validateGalleryMessage({ type: 'gallery/selection', ids: [0] }).ok, false);
    assert.equal(validateGalleryMessage({ type: 'gallery/selection', ids: 'all' }).ok, false);
  });
});

describe('menus and keybindings', () => {
  it('name only declared commands', () => {
    for (const [where, items] of Object.entries(c.menus)) for (const m of items) assert.ok(declared.has(m.command), `${where}: ${m.command} is not declared`);
    for (const k of c.keybindings) assert.ok(declared.has(k.command), `keybinding: ${k.command} is not declared`);
  });

  it('puts generate, search, filter, sort and refresh on the gallery title bar', () => {
    const title = c.menus['view/title']!.filter((m) => m.when === 'view == pixelsmith.gallery' && m.group?.startsWith('navigation')).map((m) => m.command);
    assert.deepEqual(title, ['pixelsmith.generate', 'pixelsmith.gallery.search', 'pixelsmith.gallery.filter', 'pixelsmith.gallery.sort', 'pixelsmith.gallery.refresh']);
  });

  it('offers Open in Gallery and Remix in the explorer on images the gallery knows to have a sidecar', () => {
    for (const id of ['pixelsmith.openInGallery', 'pixelsmith.remix']) {
      const m = c.menus['explorer/context']!.find((x) => x.command === id);
      assert.ok(m, `${id} is not in explorer/context`);
      assert.match(m.when!, /resource in pixelsmith\.galleryAssets/);
    }
  });

  it('binds Generate outside the terminal and Save Picked only in the Generate panel', () => {
    const gen = c.keybindings.find((k) => k.command === 'pixelsmith.generate');
    assert.ok(gen?.when && /!terminalFocus/.test(gen.when), 'the Generate keybinding needs a when clause');
    const save = c.keybindings.find((k) => k.command === 'pixelsmith.savePicked');
    assert.equal(save?.when, "activeWebviewPanelId == 'pixelsmith.generatePanel'");
  });
});

describe('Getting Started walkthrough', () => {
  const w = c.walkthroughs.find((x) => x.id === 'pixelsmith.gettingStarted');

  it('has the six steps, each with media that exist and a completion event', () => {
    assert.ok(w, 'no pixelsmith.gettingStarted walkthrough');
    assert.deepEqual(w.steps.map((s) => s.id), ['tryOffline', 'setKey', 'makeIcon', 'illustrateMarkdown', 'gallery', 'agents']);
    for (const s of w.steps) {
      const media = s.media.markdown ?? s.media.image;
      assert.ok(media && existsSync(path.join(root, media)), `${s.id}: media ${media} is missing`);
      assert.ok(s.completionEvents?.length, `${s.id}: no completion event`);
    }
    assert.deepEqual(w.steps[0]!.completionEvents, ['onContext:pixelsmith.walkthrough.offlineGenerated']);
  });

  it('links only declared commands, with JSON arguments, and a key button per keyed provider — in every language', () => {
    // Descriptions are %keys% of package.nls*.json: each language's text must keep exactly the English links.
    const nlsFiles = readdirSync(root).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f));
    assert.ok(nlsFiles.length >= 9, `package.nls files: ${nlsFiles.join(', ')}`);
    const links = (text: string) => [...text.matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((m) => m[0]);
    const english = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const text = (nls: Record<string, string>, v: string) => v.replace(/^%(.+)%$/, (_, k: string) => nls[k] ?? english[k] ?? v);
    for (const file of nlsFiles) {
      const nls = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
      for (const s of w!.steps) {
        const d = text(nls, s.description);
        for (const [, id, args] of d.matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)) {
          assert.ok(declared.has(id!), `${file}: ${s.id}: links ${id}, which is not declared`);
          if (args) JSON.parse(decodeURIComponent(args));
        }
        assert.deepEqual(links(d), links(text(english, s.description)), `${file}: ${s.id} links other commands than the English`);
      }
      const key = text(nls, w!.steps.find((s) => s.id === 'setKey')!.description);
      for (const p of ['openai', 'azure', 'fal', 'gemini', 'openrouter', 'bfl']) assert.ok(key.includes(encodeURIComponent(JSON.stringify({ provider: p }))), `${file}: no key button for ${p}`);
    }
  });
});
