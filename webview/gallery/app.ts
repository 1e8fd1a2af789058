// <ps-gallery>: search, filters (behind one button, active ones as chips) and sort over a virtualized grid (only
// visible tiles are in the DOM), the recent candidates and a details pane. The asset menu is VS Code's own: each
// tile carries `data-vscode-context` for the `webview/context` menu. Query, scroll and selection survive hiding.
import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import {
  DATE_RANGES, GALLERY_FACETS, type GalleryAction, type GalleryApplyMessage, type GalleryFacet, type GalleryCandidate, type GalleryDetails, type GalleryInitData,
  type GalleryQueryMsg, type GalleryResultsMessage, type GalleryThumb, type GalleryTile, type GalleryTileContext, type ToGalleryWebview,
} from '../../src/protocolGallery';
import { tileFormatContext } from '../../src/core/gallery/types';
import { layoutFor, positionOf, visibleRange, type GridLayout } from './layout';
import type { HostLink } from './link';
import { candidateView, detailsView, tooLargeView, tooltip, type Shown } from './views';

interface SavedState { query: GalleryQueryMsg; dateRange: string; scrollTop: number; selected: number[]; details?: number; candidatesOpen: boolean }

/** How long the page waits for its first tiles' images before it tells the host the first screen is shown. */
const SHOWN_WAIT_MS = 3000;
const EMPTY: GalleryResultsMessage = { type: 'gallery/results', seq: 0, total: 0, ids: [], tiles: [], facets: { models: [], providers: [], presets: [], folders: [], languages: [] }, assets: 0, loading: true };

export class PsGallery extends LitElement {
  static override properties = { results: { state: true }, range: { state: true }, details: { state: true }, status: { state: true }, candidates: { state: true }, width: { state: true } };
  declare results: GalleryResultsMessage;
  declare range: [number, number];
  declare details: GalleryDetails | undefined;
  declare status: string;
  declare candidates: readonly GalleryCandidate[];
  declare width: number;

  link!: HostLink;
  init!: GalleryInitData;
  private state: SavedState = { query: { text: '', sort: 'date', reverse: false }, dateRange: '', scrollTop: 0, selected: [], candidatesOpen: true };
  private readonly tiles = new Map<number, GalleryTile>();
  private readonly thumbs = new Map<string, GalleryThumb>();
  private readonly selected = new Set<number>();
  private focusIndex = 0;
  private anchor = 0;
  private fetching = false;
  private restoredScroll = false;
  private shownReported = false;
  private sentSelection = '';
  /** An asset to show once the results hold it (Open in Gallery while a filter hid it). */
  private pendingReveal: number | undefined;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly resize = new ResizeObserver(() => this.measure());

  constructor() {
    super();
    this.results = EMPTY;
    this.range = [0, 0];
    this.status = '';
    this.candidates = [];
    this.width = 0;
  }

  protected override createRenderRoot(): HTMLElement { return this; }

  start(): void {
    const saved = this.link.getState() as Partial<SavedState> | undefined;
    if (saved?.query) this.state = { ...this.state, ...saved } as SavedState;
    for (const id of this.state.selected) this.selected.add(id);
    window.addEventListener('message', (e: MessageEvent<ToGalleryWebview>) => this.onMessage(e.data));
    this.link.post({ type: 'gallery/ready', query: this.currentQuery() });
    if (this.state.details !== undefined) void this.openDetails(this.state.details);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  private get scroller(): HTMLElement | null { return this.querySelector('.scroller'); }
  private get layout(): GridLayout { return layoutFor(this.width, this.results.total); }

  private save(): void {
    this.state.selected = [...this.selected].slice(0, 1000);
    this.link.setState(this.state);
    // The host keeps the selection: the native context menu's commands act on it.
    const ids = [...this.selected].slice(0, 10_000);
    const key = ids.join(',');
    if (key !== this.sentSelection) { this.sentSelection = key; this.link.post({ type: 'gallery/selection', ids }); }
  }

  private currentQuery(): GalleryQueryMsg {
    const days = Number(this.state.dateRange) || 0;
    const q = { ...this.state.query };
    delete (q as { since?: number }).since;
    delete (q as { days?: number }).days;
    return days ? { ...q, since: Date.now() - days * 86_400_000, days } : q;
  }

  private onMessage(m: ToGalleryWebview): void {
    if (m.type === 'reply') { this.link.requests.settle(m); return; }
    if (m.type === 'gallery/results') {
      // For the gallery-open benchmark: when the first non-empty results arrived.
      if (m.total && !performance.getEntriesByName('pixelsmith-gallery-first-results').length) performance.mark('pixelsmith-gallery-first-results');
      this.tiles.clear();
      for (const t of m.tiles) this.tiles.set(t.id, t);
      const present = new Set(m.ids);
      for (const id of [...this.selected]) if (!present.has(id)) this.selected.delete(id);
      this.results = m;
      if (this.details && !present.has(this.details.tile.id)) this.closeDetails();
      this.focusIndex = Math.min(this.focusIndex, Math.max(0, m.total - 1));
      void this.updateComplete.then(() => this.afterResults());
      if (this.pendingReveal !== undefined && present.has(this.pendingReveal)) void this.updateComplete.then(() => this.reveal(this.pendingReveal!));
    } else if (m.type === 'gallery/thumbs') {
      for (const t of m.thumbs) this.thumbs.set(t.pending, t);
      this.requestUpdate();
    } else if (m.type === 'gallery/candidates') {
      this.candidates = m.candidates;
    } else if (m.type === 'gallery/apply') {
      this.apply(m);
    } else if (m.type === 'gallery/status') {
      this.status = m.text;
    } else if (m.type === 'gallery/focusSearch') {
      this.querySelector<HTMLElement>('vscode-textfield.search')?.focus();
    } else if (m.type === 'gallery/reveal') {
      this.reveal(m.id);
    }
  }

  /** A change from the host's filter or sort menu. */
  private apply(m: GalleryApplyMessage): void {
    const change: Partial<Record<string, unknown>> = {};
    if (m.facet) change[m.facet.key] = m.facet.value ?? undefined;
    if (m.sort) Object.assign(change, m.sort);
    this.setQuery(change as Partial<GalleryQueryMsg>, m.days !== undefined ? (m.days ? String(m.days) : '') : undefined);
  }

  private reveal(id: number): void {
    const index = this.results.ids.indexOf(id);
    if (index < 0) {
      // Hidden by the search or a filter: show everything, then reveal it when the results come.
      this.pendingReveal = id;
      const q = this.state.query;
      this.setQuery({ text: '', model: undefined, provider: undefined, preset: undefined, folder: undefined, language: undefined, sort: q.sort, reverse: q.reverse }, '');
      return;
    }
    this.pendingReveal = undefined;
    this.selected.clear();
    this.selected.add(id);
    this.anchor = this.focusIndex = index;
    this.revealTile(index);
    this.save();
    this.requestUpdate();
    void this.openDetails(id);
  }

  private afterResults(): void {
    const sc = this.scroller;
    if (sc && !this.restoredScroll && this.results.total > 0) {
      this.restoredScroll = true;
      sc.scrollTop = this.state.scrollTop;
    }
    this.measure();
    void this.reportShown();
  }

  /**
   * Once: tell the host the first screen is on show — its tiles' images loaded (or failed), or SHOWN_WAIT_MS passed —
   * so that it indexes the rest of the workspace now, not while the page was still being built.
   */
  private async reportShown(): Promise<void> {
    if (this.shownReported || (this.results.total === 0 && this.results.loading)) return;
    this.shownReported = true;
    const until = performance.now() + SHOWN_WAIT_MS;
    await this.updateComplete;
    while (performance.now() < until && [...this.querySelectorAll<HTMLImageElement>('.tile img')].some((i) => !i.complete)) {
      await new Promise((r) => setTimeout(r, 50)); // timers, not frames: a hidden page draws no frames
    }
    this.link.post({ type: 'gallery/shown' });
  }

  private measure(): void {
    const sc = this.scroller;
    if (!sc) return;
    this.width = sc.clientWidth - 12;
    const range = visibleRange(this.layout, sc.scrollTop, sc.clientHeight, this.results.total);
    if (range[0] !== this.range[0] || range[1] !== this.range[1]) this.range = range;
    void this.fetchMissing();
  }

  private onScroll(): void {
    this.state.scrollTop = this.scroller?.scrollTop ?? 0;
    this.save();
    this.measure();
  }

  private async fetchMissing(): Promise<void> {
    if (this.fetching) return;
    const missing = this.results.ids.slice(this.range[0], this.range[1]).filter((id) => !this.tiles.has(id));
    if (!missing.length) return;
    this.fetching = true;
    const seq = this.results.seq;
    try {
      const tiles = await this.link.requests.request({ type: 'gallery/tiles', ids: missing.slice(0, 500) });
      if (seq === this.results.seq) { for (const t of tiles) this.tiles.set(t.id, t); this.requestUpdate(); }
    } catch (e) {
      this.status = e instanceof Error ? e.message : String(e);
    } finally {
      this.fetching = false;
    }
    if (seq === this.results.seq) void this.fetchMissing();
  }

  private setQuery(change: Partial<GalleryQueryMsg>, dateRange?: string): void {
    const next: Record<string, unknown> = { ...this.state.query, ...change };
    for (const [k, v] of Object.entries(change)) if (k !== 'text' && (v === undefined || v === '')) delete next[k];
    this.state.query = { ...(next as unknown as GalleryQueryMsg), text: String(next.text ?? '') };
    if (dateRange !== undefined) this.state.dateRange = dateRange;
    this.state.scrollTop = 0;
    if (this.scroller) this.scroller.scrollTop = 0;
    this.save();
    this.link.post({ type: 'gallery/query', query: this.currentQuery() });
  }

  private onSearch(e: Event): void {
    const text = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.setQuery({ text: text.slice(0, 500) }), 120);
  }

  // Selection, focus and actions.

  private idsForAction(): number[] {
    const focused = this.results.ids[this.focusIndex];
    return this.selected.size ? [...this.selected] : focused !== undefined ? [focused] : [];
  }

  async run(action: GalleryAction, ids = this.idsForAction()): Promise<void> {
    if (!ids.length) return;
    try {
      const reply = await this.link.requests.request({ type: 'gallery/action', action, ids });
      this.status = reply.message ?? '';
    } catch (e) {
      this.status = e instanceof Error ? e.message : String(e);
    }
  }

  private select(index: number, e: MouseEvent | KeyboardEvent): void {
    const id = this.results.ids[index];
    if (id === undefined) return;
    if (e.shiftKey) {
      const [a, b] = [Math.min(this.anchor, index), Math.max(this.anchor, index)];
      if (!(e.ctrlKey || e.metaKey)) this.selected.clear();
      for (const x of this.results.ids.slice(a, b + 1)) this.selected.add(x);
    } else if (e.ctrlKey || e.metaKey) {
      if (this.selected.has(id)) this.selected.delete(id); else this.selected.add(id);
      this.anchor = index;
    } else {
      this.selected.clear();
      this.selected.add(id);
      this.anchor = index;
      // A plain click shows the details (Space does too, from the keyboard).
      if (e instanceof MouseEvent) void this.openDetails(id);
    }
    this.focusIndex = index;
    this.save();
    this.requestUpdate();
  }

  /** Right-click: the tile joins the selection (unless it is in it), before VS Code reads its context. */
  private onTileContextMenu(e: MouseEvent, index: number): void {
    const id = this.results.ids[index];
    if (id === undefined) return;
    if (!this.selected.has(id)) { this.selected.clear(); this.selected.add(id); this.anchor = index; }
    this.focusIndex = index;
    this.save();
    // VS Code's listener runs after this one (on the window) and reads the attribute now, not after Lit renders.
    (e.currentTarget as HTMLElement).dataset.vscodeContext = JSON.stringify(this.tileContext(id));
    this.requestUpdate();
  }

  private tileContext(id: number): GalleryTileContext {
    return {
      webviewSection: 'asset', id, pixelsmithKind: this.tiles.get(id)?.kind ?? 'untracked',
      pixelsmithMulti: this.selected.size > 1 && this.selected.has(id), ...tileFormatContext(this.tiles.get(id)?.format),
      preventDefaultContextMenuItems: true,
    };
  }

  private async openDetails(id: number): Promise<void> {
    try {
      this.details = await this.link.requests.request({ type: 'gallery/details', id });
      this.state.details = id;
      this.save();
    } catch (e) {
      this.status = e instanceof Error ? e.message : String(e);
    }
  }

  private closeDetails(): void {
    this.details = undefined;
    delete this.state.details;
    this.save();
  }

  private onGridKey(e: KeyboardEvent): void {
    const n = this.results.total;
    if (!n) return;
    const cols = this.layout.columns;
    const mod = e.ctrlKey || e.metaKey;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols, PageDown: cols * 4, PageUp: -cols * 4 };
    if (e.key in moves || e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const to = e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : Math.max(0, Math.min(n - 1, this.focusIndex + moves[e.key]!));
      if (e.shiftKey) this.select(to, e); else { this.focusIndex = to; if (!mod) { this.selected.clear(); this.selected.add(this.results.ids[to]!); this.anchor = to; } }
      this.revealTile(to);
      this.save();
      this.requestUpdate();
      return;
    }
    const id = this.results.ids[this.focusIndex];
    const key = e.key.toLowerCase();
    if (e.key === 'Enter') { e.preventDefault(); void this.run(e.altKey ? 'reveal' : 'open'); }
    else if (e.key === ' ') { e.preventDefault(); if (id !== undefined) void this.openDetails(id); }
    else if (e.key === 'Delete' || (e.key === 'Backspace' && e.metaKey)) { e.preventDefault(); void this.run('delete'); }
    else if (e.key === 'F2') { e.preventDefault(); void this.run('rename'); }
    else if (mod && key === 'c') { e.preventDefault(); void this.run('copyLink'); }
    else if (mod && key === 'a') { e.preventDefault(); for (const x of this.results.ids) this.selected.add(x); this.requestUpdate(); }
    else if (!mod && key === 'i') { e.preventDefault(); void this.run('insert'); }
    else if (!mod && key === 'r') { e.preventDefault(); void this.run('remix'); }
    else if (e.key === 'Escape') { this.selected.clear(); this.save(); this.requestUpdate(); }
    // ContextMenu and Shift+F10 open VS Code's menu for the focused tile: the grid carries its context.
  }

  private revealTile(index: number): void {
    const sc = this.scroller;
    if (!sc) return;
    const { y } = positionOf(this.layout, index);
    if (y < sc.scrollTop) sc.scrollTop = y;
    else if (y + this.layout.row > sc.scrollTop + sc.clientHeight) sc.scrollTop = y + this.layout.row - sc.clientHeight;
  }

  private onDragStart(e: DragEvent, t: GalleryTile): void {
    if (!e.dataTransfer) return;
    // VS Code's markdown editor turns a dropped uri-list into a link relative to the document.
    e.dataTransfer.setData('text/uri-list', t.uri);
    e.dataTransfer.setData('text/plain', t.uri);
    e.dataTransfer.effectAllowed = 'copyLink';
  }

  private async candidateAction(c: GalleryCandidate, action: 'save' | 'open' | 'remix' | 'copyLink'): Promise<void> {
    try {
      const r = await this.link.requests.request({ type: 'gallery/candidate', action, generationId: c.generationId, index: c.index });
      this.status = r.message ?? '';
    } catch (e) {
      this.status = e instanceof Error ? e.message : String(e);
    }
  }

  // Rendering.

  protected override updated(): void {
    const grid = this.querySelector<HTMLElement>('.grid');
    if (!grid) return;
    const l = this.layout;
    grid.style.height = `${l.height}px`;
    for (const el of grid.querySelectorAll<HTMLElement>('.tile')) {
      const p = positionOf(l, Number(el.dataset.index));
      el.style.transform = `translate(${p.x}px, ${p.y}px)`;
      el.style.width = `${l.tile}px`;
      const thumb = el.querySelector<HTMLElement>('.thumb');
      if (thumb) thumb.style.height = `${l.tile}px`;
    }
  }

  override render() {
    if (this.init.noWorkspace) return html`<p class="empty">${l10n.t('Open a folder to see its Pixelsmith assets.')}</p>`;
    const r = this.results;
    const q = this.state.query;
    const [from, to] = this.range;
    const chips = [
      ...GALLERY_FACETS.filter((f) => q[f.key] !== undefined).map((f) => ({
        label: facetChip(f.key, q[f.key] || l10n.t('(workspace root)')), clear: () => this.setQuery({ [f.key]: undefined }),
      })),
      ...DATE_RANGES.filter((d) => d.days && String(d.days) === this.state.dateRange).map((d) => ({ label: dateRangeLabel(d.days), clear: () => this.setQuery({}, '') })),
    ];
    return html`
      <div class="toolbar">
        <vscode-textfield class="search" placeholder=${l10n.t('Search prompts')} aria-label=${l10n.t('Search prompts')} .value=${q.text} @input=${(e: Event) => this.onSearch(e)}>
          <vscode-icon slot="content-before" name="search"></vscode-icon>
          <vscode-icon slot="content-after" class="filter-button" name=${chips.length ? 'filter-filled' : 'filter'} action-icon
            label=${chips.length ? l10n.t('Filter ({0} active)', chips.length) : l10n.t('Filter')} title=${l10n.t('Filter by model, provider, preset, folder, language or date')}
            @click=${() => this.link.post({ type: 'gallery/filterMenu' })}></vscode-icon>
        </vscode-textfield>
        ${chips.length ? html`<div class="chips" role="list" aria-label=${l10n.t('Active filters')}>${chips.map((c) => html`<button class="chip" role="listitem"
          title=${l10n.t('Remove this filter')} aria-label=${l10n.t('Remove filter {0}', c.label)} @click=${c.clear}><span class="label">${c.label}</span><span class="codicon codicon-close" aria-hidden="true"></span></button>`)}</div>` : nothing}
        <div class="count" role="status" aria-live="polite">${r.loading && r.total === 0 ? l10n.t('Indexing the workspace…') : countText(r.total, r.assets, this.selected.size)}</div>
        ${this.status ? html`<div class="status" role="alert">${this.status}</div>` : nothing}
      </div>
      <div class="scroller" @scroll=${() => this.onScroll()}>
        ${r.total === 0 && !r.loading ? html`<p class="empty">${r.assets ? l10n.t('No asset matches.') : l10n.t('No Pixelsmith assets in this workspace yet. Generate an image and save it: it appears here.')}</p>` : nothing}
        <div class="grid" role="listbox" aria-label=${l10n.t('Assets')} aria-multiselectable="true" tabindex="0"
          data-vscode-context=${r.ids[this.focusIndex] !== undefined ? JSON.stringify(this.tileContext(r.ids[this.focusIndex]!)) : '{"preventDefaultContextMenuItems": true}'}
          aria-activedescendant=${r.ids[this.focusIndex] !== undefined ? `tile-${r.ids[this.focusIndex]}` : nothing}
          @keydown=${(e: KeyboardEvent) => this.onGridKey(e)}>
          ${r.ids.slice(from, to).map((id, i) => this.tileView(id, from + i))}
        </div>
        ${this.candidates.length ? html`<vscode-collapsible class="candidates" heading=${l10n.t('Recent candidates (not saved)')} ?open=${this.state.candidatesOpen}
            @vsc-collapsible-toggle=${(e: CustomEvent<{ open: boolean }>) => { this.state.candidatesOpen = e.detail.open; this.save(); }}>
            <div class="candidate-grid" role="list">${this.candidates.map((c) => candidateView(c, this.shown(c), (cc, a) => void this.candidateAction(cc, a)))}</div>
          </vscode-collapsible>` : nothing}
      </div>
      ${this.details ? detailsView(this.details, () => this.closeDetails(), (a) => void this.run(a, [this.details!.tile.id])) : nothing}`;
  }

  /** What a tile or candidate shows: its finished thumbnail when one came, else what the host sent first. */
  private shown(p: { pending?: string; src?: string; tooLarge?: true }): Shown {
    const done = p.pending ? this.thumbs.get(p.pending) : undefined;
    if (done) return 'tooLarge' in done ? { tooLarge: true } : { src: done.src };
    return p.tooLarge ? { tooLarge: true } : p.src ? { src: p.src } : {};
  }

  private tileView(id: number, index: number) {
    const t = this.tiles.get(id);
    const selected = this.selected.has(id);
    const { src, tooLarge } = t ? this.shown(t) : {};
    return html`<div class="tile ${selected ? 'selected' : ''} ${index === this.focusIndex ? 'focused' : ''}" id="tile-${id}" role="option"
      aria-selected=${selected ? 'true' : 'false'} aria-label=${t ? `${t.name}: ${t.prompt ?? ''}`.slice(0, 200) : l10n.t('Loading')} data-index=${index} data-id=${id}
      title=${t ? tooltip(t) : ''} draggable="true" data-vscode-context=${JSON.stringify(this.tileContext(id))}
      @click=${(e: MouseEvent) => this.select(index, e)} @dblclick=${() => void this.run('open', [id])}
      @contextmenu=${(e: MouseEvent) => this.onTileContextMenu(e, index)}
      @dragstart=${(e: DragEvent) => t && this.onDragStart(e, t)}>
      <div class="thumb">${tooLarge ? tooLargeView() : src ? html`<img src=${src} alt="" loading="lazy" decoding="async" draggable="false">` : html`<span class="codicon codicon-file-media" aria-hidden="true"></span>`}</div>
      <div class="caption">${t?.language ? html`<span class="lang-chip" title=${l10n.t('Localized: {0}', t.language)}>${t.language}</span>` : nothing}${t?.textCheck ? textCheckBadge(t.textCheck) : nothing}${t?.name ?? ''}</div>
    </div>`;
  }
}

/** The tile's Check Text badge: ✓ when every expected string read as written, else matched/expected; dimmed when stale. */
function textCheckBadge(c: NonNullable<GalleryTile['textCheck']>) {
  const ok = c.matched === c.expected;
  const title = c.expected === 1
    ? (c.stale ? l10n.t('Check Text: {0} of 1 expected string read as written (the image changed since the check)', c.matched) : l10n.t('Check Text: {0} of 1 expected string read as written', c.matched))
    : (c.stale ? l10n.t('Check Text: {0} of {1} expected strings read as written (the image changed since the check)', c.matched, c.expected) : l10n.t('Check Text: {0} of {1} expected strings read as written', c.matched, c.expected));
  return html`<span class="text-check ${ok ? 'ok' : 'fail'} ${c.stale ? 'stale' : ''}" title=${title} aria-label=${title}>${ok ? '✓' : `${c.matched}/${c.expected}`}</span>`;
}

/** A filter chip: the facet's name and its value, one message per facet so each language words it whole. */
function facetChip(key: GalleryFacet, value: string): string {
  switch (key) {
    case 'model': return l10n.t('Model: {0}', value);
    case 'provider': return l10n.t('Provider: {0}', value);
    case 'preset': return l10n.t('Preset: {0}', value);
    case 'folder': return l10n.t('Folder: {0}', value);
    case 'language': return l10n.t('Language: {0}', value);
  }
}

/** A date range's chip, in the page's language (DATE_RANGES' labels are the English the host's filter menu shows). */
function dateRangeLabel(days: (typeof DATE_RANGES)[number]['days']): string {
  switch (days) {
    case 0: return l10n.t('Any time');
    case 1: return l10n.t('Last 24 hours');
    case 7: return l10n.t('Last 7 days');
    case 30: return l10n.t('Last 30 days');
    case 365: return l10n.t('Last year');
  }
}

/** The count line: how many assets show (of how many), and how many are selected when more than one. */
function countText(total: number, assets: number, selected: number): string {
  if (selected > 1) return total === assets ? l10n.t('{0} assets · {1} selected', total, selected) : l10n.t('{0} of {1} · {2} selected', total, assets, selected);
  if (total === assets) return total === 1 ? l10n.t('1 asset') : l10n.t('{0} assets', total);
  return l10n.t('{0} of {1}', total, assets);
}
