// The gallery webview view in the Pixelsmith activity-bar container: routes the page's (validated) messages
// to the live index, thumbnails, candidates and actions, and pushes fresh results whenever the index changes.
import * as vscode from 'vscode';
import { toErrorInfo } from '../core/errors';
import type { GalleryQuery } from '../core/gallery/types';
import { GalleryService } from '../platform/gallery/service';
import { GalleryThumbnails } from '../platform/gallery/thumbnails';
import { saveFromHistory } from '../platform/saveAssets';
import type { Services } from '../platform/services';
import { replyTo, type RequestBase } from '../protocol';
import {
  validateGalleryMessage, type FromGalleryWebview, type GalleryCandidateRequest, type GalleryDetails, type GalleryInitData,
  type GalleryQueryMsg, type GalleryResultsMessage, type ToGalleryWebview,
} from '../protocolGallery';
import { MarkdownEditorTracker, markdownLink, runAction } from './gallery/actions';
import { registerGalleryMenus } from './gallery/menus';
import { registerCreateManifest } from '../commands/createManifest';
import { findCandidate, listCandidates, watchHistory } from './gallery/candidates';
import { TileMaker } from './gallery/tiles';
import { GeneratePanel } from './generatePanel';
import { escapeText, renderShell, webviewOptions } from './html';

/** Tiles sent with every result, so the first screen needs no round trip. */
const FIRST_TILES = 120;
/** Assets named in the `pixelsmith.galleryAssets` context key (the explorer's menu); beyond, the menu does not show. */
const MAX_CONTEXT_ASSETS = 20_000;

/** An explorer command's error as a notification written for people (not "running the command failed"). */
async function shown(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (e) {
    void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
  }
}

export class GalleryView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'pixelsmith.gallery';

  static register(s: Services): vscode.Disposable {
    const view = new GalleryView(s);
    return vscode.Disposable.from(
      view,
      vscode.window.registerWebviewViewProvider(GalleryView.viewId, view),
      vscode.commands.registerCommand('pixelsmith.openGallery', () => vscode.commands.executeCommand(`${GalleryView.viewId}.focus`)),
      vscode.commands.registerCommand('pixelsmith.findAssets', (args?: unknown) => view.findAssets(args)),
      vscode.commands.registerCommand('pixelsmith.openInGallery', (uri?: unknown) => shown(view.openInGallery(uri))),
      vscode.commands.registerCommand('pixelsmith.remix', (uri?: unknown) => shown(view.remixFile(uri))),
      registerCreateManifest(() => view.selection.flatMap((id) => view.gallery.index.get(id) ?? []).map((e) => vscode.Uri.parse(e.key, true))),
      registerGalleryMenus({
        selection: () => view.selection,
        entry: (id) => view.gallery.index.get(id),
        run: (action, entries) => runAction(s, view.md, action, entries),
        status: (text) => view.post({ type: 'gallery/status', text }),
        query: () => view.query,
        facets: () => view.facets(),
        apply: (change) => view.post({ type: 'gallery/apply', ...change }),
        focusSearch: async () => { await view.show(); view.post({ type: 'gallery/focusSearch' }); },
        refresh: () => view.gallery.reload(),
      }),
    );
  }

  /** Explorer: Open in Gallery — the gallery shows the image, selected, with its details. */
  async openInGallery(arg: unknown): Promise<void> {
    const entry = await this.entryOf(arg, 'Open in Gallery');
    await this.show();
    this.post({ type: 'gallery/reveal', id: entry.id });
  }

  /** Explorer: Remix — the Generate panel with the image's prompt and preset (from its sidecar). */
  async remixFile(arg: unknown): Promise<void> {
    const entry = await this.entryOf(arg, 'Remix');
    const message = await runAction(this.s, this.md, 'remix', [entry]);
    if (message) void vscode.window.showInformationMessage(message);
  }

  private async entryOf(arg: unknown, what: string) {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) throw new Error(`${what}: choose an image in the explorer.`);
    await this.gallery.ready();
    await this.gallery.settled();
    const entry = this.gallery.index.byKey(uri.toString());
    if (!entry?.sidecar) throw new Error(`${what}: ${uri.path.split('/').pop()} has no Pixelsmith sidecar (${uri.path.split('/').pop()}.json), so it is not in the gallery.`);
    return entry;
  }

  private async show(): Promise<void> {
    await vscode.commands.executeCommand(`${GalleryView.viewId}.focus`);
    for (let i = 0; i < 50 && !this.view; i++) await new Promise((r) => setTimeout(r, 100));
  }

  private facets(): GalleryResultsMessage['facets'] {
    const f = this.gallery.index.facets();
    const names = (list: readonly (readonly [string, number])[]) => list.map(([n]) => n);
    return { models: names(f.models), providers: names(f.providers), presets: names(f.presets), folders: names(f.folders), languages: names(f.languages) };
  }

  /** The explorer's Open in Gallery / Remix show on the images the index knows to have a sidecar. */
  private publishAssetContext(): void {
    clearTimeout(this.contextTimer);
    this.contextTimer = setTimeout(() => {
      const keys: Record<string, true> = {};
      let n = 0;
      for (const e of this.gallery.index.entries()) if (e.kind === 'asset' && n++ < MAX_CONTEXT_ASSETS) keys[e.key] = true;
      void vscode.commands.executeCommand('setContext', 'pixelsmith.galleryAssets', keys);
      void vscode.commands.executeCommand('setContext', 'pixelsmith.galleryIndexed', true);
    }, 500);
  }

  /**
   * Automation: `executeCommand('pixelsmith.findAssets', { text?, model?, provider?, preset?, folder?, limit? })` →
   * the matching assets, newest first: `{ uri, path, prompt?, model?, createdAt }[]`. Waits for the index to be current.
   */
  async findAssets(args: unknown = {}): Promise<{ uri: vscode.Uri; path: string; prompt?: string; model?: string; createdAt: string }[]> {
    const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
    const str = (k: string) => (typeof a[k] === 'string' ? { [k]: a[k] as string } : {});
    const limit = typeof a.limit === 'number' && a.limit > 0 ? Math.floor(a.limit) : 100;
    await this.gallery.ready();
    await this.gallery.reconcile();
    await this.gallery.settled();
    const ix = this.gallery.index;
    return ix.query({ ...str('text'), ...str('model'), ...str('provider'), ...str('preset'), ...str('folder') }).slice(0, limit).map((id) => {
      const e = ix.get(id)!;
      return {
        uri: vscode.Uri.parse(e.key, true), path: e.relPath, createdAt: new Date(e.time).toISOString(),
        ...(e.sidecar ? { prompt: e.sidecar.prompt, model: e.sidecar.model } : {}),
      };
    });
  }

  readonly gallery: GalleryService;
  private readonly thumbs: GalleryThumbnails;
  private readonly md = new MarkdownEditorTracker();
  private view: vscode.WebviewView | undefined;
  private tiles: TileMaker | undefined;
  private query: GalleryQueryMsg = { text: '', sort: 'date', reverse: false };
  /** The page's selection, as it last said: the context menu's commands act on it. */
  private selection: readonly number[] = [];
  private seq = 0;
  private contextTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly viewSubs: vscode.Disposable[] = [];
  private readonly indexSub: vscode.Disposable;

  constructor(private readonly s: Services) {
    this.gallery = new GalleryService(s.log, s.context.storageUri);
    this.thumbs = new GalleryThumbnails(vscode.Uri.joinPath(s.context.globalStorageUri, 'thumbnails'), s.images, s.log);
    this.indexSub = this.gallery.onDidChange(() => this.publishAssetContext());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    for (const d of this.viewSubs.splice(0)) d.dispose();
    this.tiles?.dispose();
    this.view = view;
    const { webview } = view;
    const roots = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri), this.thumbs.root, this.s.historyUri];
    webview.options = webviewOptions(this.s.context.extensionUri, roots);
    this.tiles = new TileMaker(webview, this.thumbs, (m) => this.post(m));
    const init: GalleryInitData = { platform: process.platform === 'darwin' ? 'mac' : 'other', noWorkspace: !vscode.workspace.workspaceFolders?.length };
    webview.html = renderShell({
      webview, extensionUri: this.s.context.extensionUri, entry: 'gallery', title: vscode.l10n.t('Pixelsmith Gallery'), data: { init },
      placeholder: `<p class="placeholder">${escapeText(vscode.l10n.t('Loading the gallery…'))}</p>`,
    });
    // Index (its first screen; the rest once the page has shown it) and list the thumbnail cache while the page loads.
    void this.gallery.loaded();
    void this.thumbs.prepare();
    this.viewSubs.push(
      webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      this.gallery.onDidChange(() => this.sendResults()),
      watchHistory(this.s, () => void this.sendCandidates()),
      view.onDidChangeVisibility(() => { if (view.visible) void this.gallery.reconcile(); }),
      view.onDidDispose(() => { if (this.view === view) this.view = undefined; }),
    );
  }

  dispose(): void {
    clearTimeout(this.contextTimer);
    this.indexSub.dispose();
    for (const d of this.viewSubs.splice(0)) d.dispose();
    this.tiles?.dispose();
    this.thumbs.dispose();
    this.md.dispose();
    this.gallery.dispose();
  }

  post(m: ToGalleryWebview): void {
    void this.view?.webview.postMessage(m);
  }

  private receive(raw: unknown): void {
    const checked = validateGalleryMessage(raw);
    if (!checked.ok) {
      this.s.log.warn(`gallery: ignored a malformed message from the webview: ${checked.problem}`);
      const id = typeof raw === 'object' && raw !== null ? (raw as { messageId?: unknown }).messageId : undefined;
      if (typeof id === 'number' && Number.isSafeInteger(id)) {
        this.post(replyTo({ messageId: id }, { ok: false, error: { code: 'invalid-request', message: `Malformed message: ${checked.problem}`, retryable: false } }));
      }
      return;
    }
    void this.handle(checked.message);
  }

  private async handle(m: FromGalleryWebview): Promise<void> {
    switch (m.type) {
      case 'gallery/ready':
        this.query = m.query;
        await this.thumbs.prepare();
        this.sendResults();
        void this.sendCandidates();
        void this.gallery.loaded().then(() => this.sendResults());
        return;
      case 'gallery/shown':
        this.gallery.firstScreenShown();
        return;
      case 'gallery/query':
        this.query = m.query;
        this.sendResults();
        return;
      case 'gallery/selection':
        this.selection = m.ids;
        return;
      case 'gallery/filterMenu':
        await vscode.commands.executeCommand('pixelsmith.gallery.filter');
        return;
      case 'gallery/tiles':
        return this.answer(m, async () => m.ids.flatMap((id) => {
          const e = this.gallery.index.get(id);
          return e && this.tiles ? [this.tiles.tile(e)] : [];
        }));
      case 'gallery/details':
        return this.answer(m, async () => this.details(m.id));
      case 'gallery/action':
        return this.answer(m, async () => {
          const entries = m.ids.flatMap((id) => this.gallery.index.get(id) ?? []);
          const message = await runAction(this.s, this.md, m.action, entries);
          return message ? { message } : {};
        });
      case 'gallery/candidate':
        return this.answer(m, () => this.candidateAction(m));
    }
  }

  private async answer(m: RequestBase, work: () => Promise<unknown>): Promise<void> {
    try {
      this.post(replyTo(m, { ok: true, value: await work() }));
    } catch (e) {
      this.post(replyTo(m, { ok: false, error: toErrorInfo(e) }));
    }
  }

  private sendResults(): void {
    if (!this.view || !this.tiles) return;
    const ix = this.gallery.index;
    const q = this.query;
    const query: GalleryQuery = {
      text: q.text, sort: q.sort, reverse: q.reverse,
      ...(q.model ? { model: q.model } : {}), ...(q.provider ? { provider: q.provider } : {}), ...(q.preset ? { preset: q.preset } : {}),
      ...(q.folder ? { folder: q.folder } : {}), ...(q.language ? { language: q.language } : {}), ...(q.since !== undefined ? { since: q.since } : {}),
    };
    const ids = ix.query(query);
    const tiles = this.tiles;
    const message: GalleryResultsMessage = {
      type: 'gallery/results', seq: ++this.seq, total: ids.length, ids,
      tiles: ids.slice(0, FIRST_TILES).map((id) => tiles.tile(ix.get(id)!)),
      facets: this.facets(),
      assets: ix.size, loading: this.gallery.isLoading,
    };
    this.post(message);
  }

  private async sendCandidates(): Promise<void> {
    if (!this.tiles) return;
    const tiles = this.tiles;
    try {
      const list = await listCandidates(this.s);
      this.post({ type: 'gallery/candidates', candidates: list.map((c) => tiles.candidate(c.record, c.image, c.file)) });
    } catch (e) {
      this.s.log.warn(`gallery: could not list recent candidates: ${String(e)}`);
    }
  }

  private async details(id: number): Promise<GalleryDetails> {
    const e = this.gallery.index.get(id);
    if (!e || !this.tiles) throw new Error(vscode.l10n.t('That image is no longer in the gallery; it was moved or deleted.'));
    const sidecar = e.sidecar ? (({ $schema: _s, schemaVersion: _v, ...rest }) => rest)(e.sidecar) : undefined;
    return { tile: this.tiles.tile(e), full: this.tiles.full(vscode.Uri.parse(e.key, true)), ...(sidecar ? { sidecar } : {}) };
  }

  private async candidateAction(m: GalleryCandidateRequest): Promise<{ message?: string }> {
    const c = await findCandidate(this.s, m.generationId, m.index);
    if (!c) throw new Error(vscode.l10n.t('That candidate is no longer in the history (it was pruned).'));
    switch (m.action) {
      case 'open':
        await vscode.commands.executeCommand('vscode.open', c.file);
        return {};
      case 'remix':
        await GeneratePanel.show(this.s, { prompt: c.record.request.prompt, ...(c.record.request.preset ? { preset: c.record.request.preset } : {}) });
        return {};
      case 'save':
      case 'copyLink': {
        const [saved] = await saveFromHistory(this.s, { generationId: c.record.id, indices: [c.image.index], ...(c.record.request.preset ? { preset: c.record.request.preset } : {}) });
        if (!saved) throw new Error(vscode.l10n.t('Nothing was saved.'));
        await this.gallery.settled();
        const name = saved.uri.path.split('/').pop() ?? '';
        if (m.action === 'save') return { message: vscode.l10n.t('Saved {0}.', name) };
        const entry = this.gallery.index.byKey(saved.uri.toString());
        if (entry) await vscode.env.clipboard.writeText(markdownLink(entry, this.md.editor?.document.uri));
        return { message: entry ? vscode.l10n.t('Saved {0} and copied its markdown link.', name) : vscode.l10n.t('Saved {0}.', name) };
      }
    }
  }
}
