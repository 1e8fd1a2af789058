// <ps-generate>: the Generate panel. Holds the page state (saved with setState on every change), routes the
// host's messages, and wires the form, references, results and viewer together.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { GenerateInitData, ProviderChoice, SaveResult, ToGenerateWebview } from '../../src/protocol';
import * as l10n from '@vscode/l10n';
import { Actions, type Outcome } from './actions';
import { costLine } from './check';
import { applyPreset } from './presets';
import { allowsCustomSize, switchModel } from './sizes';
import { formatSize, nearestValidSize } from '../../src/core/sizes';
import './formView';
import './compareView';
import { applyCompareColumn, defaultModels, withComparison, type CompareState } from './compareState';
import './referencesView';
import './resultsView';
import type { ResultAction } from './resultsView';
import { addRun, applyHostMessage, initialState, pickKey, withOverlay, withReferences, type PageState } from './state';
import { formControls } from '../../src/panels/generate/formControls';
import './viewer';
import type { PsViewer, ViewerItem } from './viewer';
import type { HostLink } from './vscodeApi';
import type { Preset } from '../../src/core/types';

/** A translated sentence with its `{0}` (given as MARK) shown in bold: the value is text, never markup. */
const MARK = '\u0000';
function strong(sentence: string, value: string): TemplateResult {
  const [before = '', after = ''] = sentence.split(MARK);
  return html`${before}<strong>${value}</strong>${after}`;
}

export class PsGenerate extends LitElement {
  static override properties = { s: { state: true }, providers: { state: true }, errors: { state: true }, busy: { state: true }, notice: { state: true } };
  declare s: PageState;
  declare providers: readonly ProviderChoice[];
  declare errors: Record<string, string>;
  declare busy: boolean;
  declare notice: string | undefined;
  /** What became of the size when the user switched models (said under the form). */
  private sizeNote: string | undefined;
  private compareKey: string | undefined;
  private compareError: string | undefined;
  /** Cost confirmation threshold (USD), kept current from the settings. */
  private threshold = 0;
  /** Events for generations whose run reply has not arrived yet (the host can be faster than its reply). */
  private readonly early = new Map<string, ToGenerateWebview[]>();
  private actions!: Actions;
  private host!: HostLink;
  private init!: GenerateInitData;

  constructor() {
    super();
    this.providers = [];
    this.errors = {};
    this.busy = false;
  }

  protected override createRenderRoot(): HTMLElement { return this; }

  start(host: HostLink, init: GenerateInitData): void {
    this.host = host;
    this.init = init;
    this.actions = new Actions(host);
    this.threshold = init.costThreshold;
    let s = initialState(init, host.getState());
    if (init.apply?.preset) s = { ...s, form: applyPreset(s.form, init.apply.preset, init.defaults.model) };
    if (init.apply?.prompt !== undefined) s = { ...s, form: { ...s.form, prompt: init.apply.prompt } };
    if (init.apply?.references?.length) s = withReferences(s, init.apply.references, !!init.apply.edit);
    if (init.apply?.compare) s = { ...s, compare: { ...this.compareState(s), open: true } };
    this.set(s);
    window.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data as ToGenerateWebview));
    window.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void this.generate(); } });
    window.addEventListener('paste', (e) => this.onPaste(e));
    window.addEventListener('dragover', (e) => { e.preventDefault(); });
    window.addEventListener('drop', (e) => this.onDrop(e));
  }

  /** Generations to bring up to date after a hide or reload. */
  knownGenerations(): string[] {
    return this.s.runs.map((r) => r.generationId);
  }

  private set(s: PageState): void {
    this.s = s;
    this.host.setState(s);
  }

  private apply(o: Outcome): void {
    if (o.state) this.set(o.state);
    if (o.errors) this.errors = o.errors;
  }

  private onMessage(m: ToGenerateWebview): void {
    if (m.type === 'reply') { this.host.requests.settle(m); return; }
    if (m.type === 'generate/providers') { this.providers = m.providers; this.threshold = m.costThreshold; if (!this.s.providerChosen && m.resolved !== this.s.form.provider) this.set({ ...this.s, form: { ...this.s.form, provider: m.resolved } }); return; }
    if (m.type === 'generate/savePicked') { if (this.s.picked.length && !this.busy) void this.save('preset'); return; }
    if (m.type === 'generate/compareColumn') { this.set({ ...this.s, compare: applyCompareColumn(this.compareState(this.s), m) }); return; }
    if (m.type === 'generate/apply') {
      if (m.applyId === this.s.appliedId) return;
      if (m.compare) this.set({ ...this.s, compare: { ...this.compareState(this.s), open: true } });
      let form = m.preset ? applyPreset(this.s.form, m.preset, this.init.defaults.model) : this.s.form;
      if (m.prompt !== undefined) form = { ...form, prompt: m.prompt };
      const target = m.markdownTarget === undefined ? this.s.markdownTarget : m.markdownTarget ?? undefined;
      const { markdownTarget: _t, ...rest } = this.s;
      const next = { ...rest, form, appliedId: m.applyId, ...(target ? { markdownTarget: target } : {}) };
      this.set(m.references ? withReferences(next, m.references, !!m.edit) : next);
      return;
    }
    const id = 'generationId' in m ? m.generationId : m.type === 'generate/snapshot' ? m.run.generationId : undefined;
    if (id && !this.s.runs.some((r) => r.generationId === id)) { this.early.set(id, [...(this.early.get(id) ?? []), m]); return; }
    this.set(applyHostMessage(this.s, m));
  }

  async generate(again?: Parameters<Actions['generate']>[1]): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const o = await this.actions.generate(this.s, again);
      this.apply(o);
      if (o.generationId) {
        let s = this.s;
        for (const m of this.early.get(o.generationId) ?? []) s = applyHostMessage(s, m);
        this.early.delete(o.generationId);
        this.set(s);
      }
    } finally {
      this.busy = false;
    }
  }

  /** The comparison's state, with three models of the configured providers until the user chooses. */
  private compareState(s: PageState): CompareState {
    const c = s.compare ?? { open: false, models: [], comparisons: [] };
    return c.models.length ? c : { ...c, models: defaultModels(this.providers) };
  }

  /** Compare Models: the form's prompt and references on each chosen model; each started column becomes a run. */
  private async compare(): Promise<void> {
    if (this.busy) return;
    const c = this.compareState(this.s);
    this.busy = true;
    this.compareError = undefined;
    try {
      const form = this.s.form;
      const r = await this.host.requests.request({ type: 'generate/compare', form, models: c.models, references: [...this.s.references] });
      let s: PageState = { ...this.s, compare: withComparison(c, r.compareId, form.prompt, r.columns) };
      for (const col of [...r.columns].reverse()) {
        if (!col.generationId) continue;
        s = addRun(s, col.generationId, { ...form, provider: col.provider, model: col.model }, this.s.references);
        s = { ...s, runs: s.runs.map((x) => (x.generationId === col.generationId ? { ...x, compare: r.compareId } : x)) };
        for (const m of this.early.get(col.generationId) ?? []) s = applyHostMessage(s, m);
        this.early.delete(col.generationId);
      }
      this.set(s);
    } catch (e) {
      this.compareError = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  private formChange(e: CustomEvent<{ change: Partial<PageState['form']>; preset?: Preset; providerChosen?: boolean }>): void {
    const d = e.detail;
    const switched = d.change.provider !== undefined || d.change.model !== undefined ? switchModel(this.s.form, d.change) : undefined;
    if (switched) this.sizeNote = switched.note;
    else if (d.change.size !== undefined) this.sizeNote = undefined;
    let form = { ...this.s.form, ...(switched?.change ?? d.change) };
    if (d.preset) form = applyPreset(form, d.preset, this.init.defaults.model);
    const { [Object.keys(d.change)[0] ?? '']: _cleared, ...errors } = this.errors;
    this.errors = errors;
    this.set({ ...this.s, form, providerChosen: this.s.providerChosen || !!d.providerChosen });
  }

  private async resultAction(e: CustomEvent<{ action: ResultAction; generationId: string; index: number }>): Promise<void> {
    const { action, generationId, index } = e.detail;
    const run = this.s.runs.find((r) => r.generationId === generationId);
    if (!run) return;
    switch (action) {
      case 'view': this.view([pickKey(generationId, index)]); return;
      case 'compare':
        if (this.compareKey && this.compareKey !== pickKey(generationId, index)) { this.view([this.compareKey, pickKey(generationId, index)]); this.compareKey = undefined; }
        else { this.compareKey = pickKey(generationId, index); this.notice = l10n.t('Choose Compare on a second image to see the two side by side.'); }
        this.requestUpdate();
        return;
      case 'reference': this.apply(await this.actions.addReferences(this.s, () => this.actions.fromResult(generationId, index))); return;
      case 'edit':
        this.apply(await this.actions.editResult(this.s, generationId, index));
        await this.updateComplete;
        this.querySelector('ps-mask-editor')?.scrollIntoView({ block: 'center' });
        return;
      case 'variations': {
        const ref = await this.actions.fromResult(generationId, index).catch(() => undefined);
        if (ref) await this.generate({ form: run.form, references: [ref] });
        return;
      }
      case 'icon-set':
      case 'web-copy':
      case 'check-text':
        try {
          const f = await this.host.requests.request({ type: 'generate/exportResult', generationId, index, preset: run.form.preset, export: action === 'icon-set' ? 'iconSet' : action === 'web-copy' ? 'webCopy' : 'checkText' });
          this.notice = action === 'check-text' ? l10n.t('Saved {0}; reading its text…', f.path)
            : action === 'icon-set' ? l10n.t('Saved {0}; choose the icon sets to export…', f.path) : l10n.t('Saved {0}; writing its web copy…', f.path);
          this.set({ ...this.s, saved: [f, ...this.s.saved.filter((x) => x.uri !== f.uri)] });
        } catch (err) { this.errors = { save: (err as Error).message }; }
        return;
      case 'copy-markdown':
        try {
          const f = await this.host.requests.request({ type: 'generate/copyMarkdown', generationId, index, preset: run.form.preset, alt: run.form.prompt.slice(0, 120) });
          this.notice = l10n.t('Copied a markdown link to {0}.', f.path);
          this.set({ ...this.s, saved: [f, ...this.s.saved.filter((x) => x.uri !== f.uri)] });
        } catch (err) { this.errors = { save: (err as Error).message }; }
    }
  }

  /** Outpainting: the output size follows the grown canvas where the model takes custom sizes. */
  private extendChange(extend: PageState['extend']): void {
    const first = this.s.references[0];
    const grown = first && allowsCustomSize(this.s.form.model)
      ? nearestValidSize(first.width + extend.left + extend.right, first.height + extend.top + extend.bottom, this.s.form.model) : null;
    this.set({ ...this.s, extend, ...(grown ? { form: { ...this.s.form, size: formatSize(grown) } } : {}) });
  }

  private view(keys: string[]): void {
    const items: ViewerItem[] = [];
    for (const key of keys) {
      const [id, i] = key.split(':');
      const run = this.s.runs.find((r) => r.generationId === id);
      const image = run?.images.find((x) => x.index === Number(i));
      if (run && image) items.push({ url: `${this.init.historyBase}/${run.generationId}/${image.file}`, alt: run.form.prompt.slice(0, 140), image, label: l10n.t('Image {0}', image.index + 1) });
    }
    if (items.length) this.querySelector<PsViewer>('ps-viewer')?.open(items);
  }

  private async save(destination: 'preset' | 'choose'): Promise<void> {
    this.busy = true;
    const o: Outcome & { result?: SaveResult } = await this.actions.save(this.s, destination).finally(() => { this.busy = false; });
    this.apply(o);
    if (o.result?.files.length) {
      const n = o.result.files.length;
      const into = o.result.insertedInto;
      this.notice = into
        ? (n === 1 ? l10n.t('Saved 1 image and linked it in {0}.', into) : l10n.t('Saved {0} images and linked them in {1}.', n, into))
        : (n === 1 ? l10n.t('Saved 1 image.') : l10n.t('Saved {0} images.', n));
    }
  }

  private onPaste(e: ClipboardEvent): void {
    const files = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    e.preventDefault();
    void this.addFiles(files);
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    const files = [...(e.dataTransfer?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (files.length) { void this.addFiles(files); return; }
    // Files dragged from VS Code's explorer (hold Shift to drop into a webview) come as a URI list.
    const list = e.dataTransfer?.getData('application/vnd.code.uri-list') || e.dataTransfer?.getData('text/uri-list') || '';
    const uris = list.split(/\r?\n/).map((u) => u.trim()).filter((u) => u && !u.startsWith('#'));
    for (const uri of uris) void this.actions.addReferences(this.s, () => this.host.requests.request({ type: 'generate/referenceFromUri', uri })).then((o) => this.apply(o));
  }

  private async addFiles(files: File[]): Promise<void> {
    for (const f of files) {
      const bytes = new Uint8Array(await f.arrayBuffer());
      this.apply(await this.actions.addReferences(this.s, () => this.host.requests.request({ type: 'generate/addReference', name: f.name || 'pasted.png', bytes })));
    }
  }

  override render(): TemplateResult {
    const s = this.s;
    const cost = costLine(s.form, s.references.length, this.threshold);
    const key = this.init.platform === 'mac' ? '⌘' : 'Ctrl';
    const folder = this.init.folders[s.form.preset];
    const picked = s.picked.length;
    return html`<main class="generate">
      ${s.markdownTarget ? html`<p class="target-banner" role="status"><vscode-icon name="markdown"></vscode-icon><span>${strong(l10n.t('Saving links the image into {0}.', MARK), s.markdownTarget)}</span></p>` : nothing}
      <ps-form .form=${s.form} .providers=${this.providers} .errors=${this.errors} @form-change=${this.formChange}
        @set-key=${() => this.host.post({ type: 'generate/setApiKey', ...(s.form.provider !== 'offline' ? { provider: s.form.provider } : {}) })}></ps-form>
      ${this.sizeNote ? html`<p class="help size-note" id="size-note" role="status">${this.sizeNote}</p>` : nothing}
      <ps-references .references=${s.references} .base=${this.init.historyBase} .maskOn=${s.maskOn} .strokes=${s.strokes} .extend=${s.extend}
        .error=${this.errors.references} .busy=${this.busy}
        .markupAllowed=${formControls(s.form).markup} .markupOn=${s.markupOn} .markupStrokes=${s.markupStrokes}
        @pick-references=${() => void this.actions.addReferences(s, () => this.host.requests.request({ type: 'generate/pickReferences' })).then((o) => this.apply(o))}
        @remove-reference=${(e: CustomEvent<number>) => this.set({ ...this.s, references: this.s.references.filter((_, i) => i !== e.detail), ...(e.detail === 0 ? { strokes: [], maskOn: false, markupStrokes: [], markupOn: false } : {}) })}
        @mask-toggle=${(e: CustomEvent<boolean>) => this.set(withOverlay(this.s, 'mask', e.detail))}
        @markup-toggle=${(e: CustomEvent<boolean>) => this.set(withOverlay(this.s, 'markup', e.detail))}
        @mask-change=${(e: CustomEvent<PageState['strokes']>) => this.set({ ...this.s, strokes: e.detail })}
        @markup-change=${(e: CustomEvent<PageState['markupStrokes']>) => this.set({ ...this.s, markupStrokes: e.detail })}
        @extend-change=${(e: CustomEvent<PageState['extend']>) => this.extendChange(e.detail)}></ps-references>
      <div class="run-bar">
        <vscode-button id="generate" ?disabled=${this.busy} @click=${() => void this.generate()}>
          ${s.form.preset === 'sequence' ? l10n.t('Generate sequence') : l10n.t('Generate')} <span class="shortcut">(${key}+Enter)</span></vscode-button>
        <vscode-button id="compare" secondary icon="split-horizontal" ?disabled=${this.busy}
          @click=${() => { const c = this.compareState(this.s); this.set({ ...this.s, compare: { ...c, open: !c.open } }); }}>${l10n.t('Compare…')}</vscode-button>
        <span class=${cost.aboveThreshold ? 'cost above' : 'cost'} id="cost" aria-live="polite">${cost.text}</span>
      </div>
      ${s.compare?.open ? html`<ps-compare .state=${this.compareState(s)} .providers=${this.providers} .runs=${s.runs} .picked=${s.picked} .base=${this.init.historyBase}
        .busy=${this.busy} .error=${this.compareError}
        @compare-models=${(e: CustomEvent<CompareState['models']>) => this.set({ ...this.s, compare: { ...this.compareState(this.s), models: e.detail } })}
        @compare-run=${() => void this.compare()}
        @pick=${(e: CustomEvent<{ key: string; on: boolean }>) => this.set({ ...this.s, picked: e.detail.on ? [...new Set([...this.s.picked, e.detail.key])] : this.s.picked.filter((k) => k !== e.detail.key) })}
        @cancel=${(e: CustomEvent<string>) => this.host.post({ type: 'generate/cancel', generationId: e.detail })}></ps-compare>` : nothing}
      ${this.errors.form ? html`<p class="field-error" role="alert" id="form-error">${this.errors.form}</p>` : nothing}
      <div class="save-bar" role="group" aria-label=${l10n.t('Save picked images')}>
        <vscode-button id="save" ?disabled=${picked === 0 || this.busy} @click=${() => void this.save('preset')}>${picked ? l10n.t('Save {0} picked to {1}', picked, folder) : l10n.t('Save picked to {0}', folder)}</vscode-button>
        <vscode-button id="save-to" secondary ?disabled=${picked === 0 || this.busy} @click=${() => void this.save('choose')}>${l10n.t('Save to…')}</vscode-button>
        ${this.notice ? html`<span class="notice" role="status">${this.notice}</span>` : nothing}
        ${this.errors.save ? html`<p class="field-error" role="alert" id="save-error">${this.errors.save}</p>` : nothing}
      </div>
      ${s.saved.length ? html`<ul class="saved" aria-label=${l10n.t('Saved files')}>${s.saved.slice(0, 8).map((f) => html`<li><a href="#" class="saved-link"
        @click=${(e: Event) => { e.preventDefault(); this.host.post({ type: 'generate/openFile', uri: f.uri }); }}>${f.path}</a></li>`)}</ul>` : nothing}
      <ps-results .runs=${s.runs.filter((r) => !r.compare)} .picked=${s.picked} .base=${this.init.historyBase} .compareKey=${this.compareKey}
        @pick=${(e: CustomEvent<{ key: string; on: boolean }>) => this.set({ ...this.s, picked: e.detail.on ? [...new Set([...this.s.picked, e.detail.key])] : this.s.picked.filter((k) => k !== e.detail.key) })}
        @cancel=${(e: CustomEvent<string>) => this.host.post({ type: 'generate/cancel', generationId: e.detail })}
        @regenerate=${(e: CustomEvent<string>) => { const r = this.s.runs.find((x) => x.generationId === e.detail); if (r) void this.generate({ form: r.form, references: r.references, regenerateOf: r.generationId, ...(r.masked ? { maskOf: r.generationId } : {}) }); }}
        @save-sanitized=${(e: CustomEvent<{ generationId: string; index: number }>) => this.host.post({ type: 'generate/saveSanitized', ...e.detail })}
        @set-key=${(e: CustomEvent<string>) => this.host.post({ type: 'generate/setApiKey', ...(e.detail !== 'offline' ? { provider: e.detail as 'openai' } : {}) })}
        @check-setup=${() => this.host.post({ type: 'generate/checkSetup' })}
        @result-action=${(e: CustomEvent<{ action: ResultAction; generationId: string; index: number }>) => void this.resultAction(e)}></ps-results>
      <ps-viewer></ps-viewer>
    </main>`;
  }
}

customElements.define('ps-generate', PsGenerate);
