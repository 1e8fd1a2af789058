// <ps-results>: each generation's images in a grid as they arrive (partial previews first), with progress,
// elapsed time, errors in place, picking, and the per-result actions.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { formatUsd } from '../../src/core/cost';
import type { ErrorInfo } from '../../src/core/errors';
import type { StoredImage } from '../../src/core/types';
import * as l10n from '@vscode/l10n';
import { pickKey, type RunView } from './state';

export type ResultAction = 'view' | 'compare' | 'copy-markdown' | 'reference' | 'edit' | 'variations' | 'icon-set' | 'web-copy' | 'check-text';

export class PsResults extends LitElement {
  static override properties = { runs: { attribute: false }, picked: { attribute: false }, base: { attribute: false }, compareKey: { attribute: false }, now: { state: true } };
  declare runs: readonly RunView[];
  declare picked: readonly string[];
  declare base: string;
  declare compareKey: string | undefined;
  declare now: number;
  private timer: number | undefined;

  constructor() {
    super();
    this.runs = [];
    this.picked = [];
    this.base = '';
    this.now = Date.now();
  }

  protected override createRenderRoot(): HTMLElement { return this; }

  protected override updated(): void {
    const running = this.runs.some((r) => r.status === 'running');
    if (running && this.timer === undefined) this.timer = window.setInterval(() => { this.now = Date.now(); }, 1000);
    if (!running && this.timer !== undefined) { window.clearInterval(this.timer); this.timer = undefined; }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer !== undefined) window.clearInterval(this.timer);
    this.timer = undefined;
  }

  private fire(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  url(generationId: string, file: string): string {
    return `${this.base}/${generationId}/${file}`;
  }

  private errorCell(run: RunView, index: number, error: ErrorInfo): TemplateResult {
    return html`<div class="cell error-cell" role="group" aria-label=${l10n.t('Image {0} failed', index + 1)}>
      <vscode-icon name="error" aria-hidden="true"></vscode-icon>
      <p class="error-message">${error.message}</p>
      ${error.hint ? html`<p class="help">${error.hint}</p>` : nothing}
      ${error.code === 'auth' || error.code === 'forbidden'
        ? html`<vscode-button class="set-key" @click=${() => this.fire('set-key', run.form.provider)}>${l10n.t('Set API key…')}</vscode-button>
          <vscode-button class="check-setup" secondary @click=${() => this.fire('check-setup', run.form.provider)}>${l10n.t('Check setup')}</vscode-button>` : nothing}
      ${error.retryable || error.code === 'timeout' || error.code === 'server' || error.code === 'network'
        ? html`<vscode-button secondary @click=${() => this.fire('regenerate', run.generationId)}>${l10n.t('Try again')}</vscode-button>` : nothing}
      ${error.sanitizable
        ? html`<vscode-button secondary class="save-sanitized" @click=${() => this.fire('save-sanitized', { generationId: run.generationId, index })}>${l10n.t('Save sanitized copy')}</vscode-button>` : nothing}
    </div>`;
  }

  private imageCell(run: RunView, img: StoredImage): TemplateResult {
    const key = pickKey(run.generationId, img.index);
    const picked = this.picked.includes(key);
    const alt = l10n.t('{0} (image {1})', run.form.prompt.slice(0, 140), img.index + 1);
    const act = (action: ResultAction) => this.fire('result-action', { action, generationId: run.generationId, index: img.index });
    const btn = (icon: string, label: string, action: ResultAction) =>
      html`<vscode-button icon=${icon} secondary class=${`act-${action}`} aria-label=${l10n.t('{0}, image {1}', label, img.index + 1)} title=${label} @click=${() => act(action)}></vscode-button>`;
    return html`<figure class=${`cell result${picked ? ' picked' : ''}${this.compareKey === key ? ' comparing' : ''}`} data-index=${img.index}>
      <button class="image-button" aria-label=${l10n.t('Open image {0} large', img.index + 1)} @click=${() => act('view')}>
        <img class="checkerboard" src=${this.url(run.generationId, img.file)} alt=${alt} loading="lazy">
      </button>
      <figcaption>
        <vscode-checkbox class="pick" .checked=${picked} aria-label=${l10n.t('Pick image {0}', img.index + 1)}
          @change=${(e: Event) => this.fire('pick', { key, on: (e.target as HTMLInputElement).checked })}>${img.index + 1}</vscode-checkbox>
        <span class="dims">${img.width}×${img.height} ${img.format.toUpperCase()}</span>
        <span class="actions">
          ${btn('copy', l10n.t('Copy markdown link'), 'copy-markdown')}${btn('references', l10n.t('Use as reference'), 'reference')}
          ${btn('edit', l10n.t('Edit with a mask'), 'edit')}${btn('versions', l10n.t('Variations'), 'variations')}${btn('split-horizontal', l10n.t('Compare'), 'compare')}
          ${img.format === 'gif' ? nothing : html`${btn('symbol-color', l10n.t('Export icon set'), 'icon-set')}${btn('globe', l10n.t('Save web copy'), 'web-copy')}`}
          ${img.format === 'gif' || img.format === 'svg' ? nothing : btn('whole-word', l10n.t('Check text'), 'check-text')}
        </span>
      </figcaption>
    </figure>`;
  }

  private cell(run: RunView, index: number): TemplateResult {
    const img = run.images.find((i) => i.index === index);
    if (img) return this.imageCell(run, img);
    const err = run.errors.find((e) => e.index === index);
    if (err && err.error.code !== 'cancelled') return this.errorCell(run, index, err.error);
    const partial = run.partials.find((p) => p.index === index);
    const waiting = run.status === 'running' && !err;
    return html`<div class="cell pending" aria-busy=${waiting ? 'true' : 'false'}>
      ${partial ? html`<img class="partial" src=${this.url(run.generationId, partial.file)} alt=${l10n.t('Preview of image {0}', index + 1)}>` : nothing}
      <span class="pending-label">${waiting ? html`<vscode-progress-ring aria-label=${l10n.t('Image {0} in progress', index + 1)}></vscode-progress-ring>${partial ? l10n.t('preview…') : l10n.t('image {0}…', index + 1)}` : run.status === 'cancelled' || err ? l10n.t('cancelled') : l10n.t('not received')}</span>
    </div>`;
  }

  private run(run: RunView): TemplateResult {
    const end = run.finishedAt ?? (run.status === 'running' ? this.now : run.startedAt);
    const elapsed = Math.max(0, Math.round((end - run.startedAt) / 1000));
    const received = run.images.length;
    const statusText = run.status === 'running' ? l10n.t('{0} of {1} received', received, run.total) : run.status === 'interrupted'
      ? l10n.t('interrupted (the window was closed): {0} of {1} kept', received, run.total) : l10n.t('{0}: {1} of {2}', statusName(run.status), received, run.total);
    return html`<section class="run" data-generation=${run.generationId} data-status=${run.status} aria-label=${l10n.t('Generation: {0}', run.form.prompt.slice(0, 60))}>
      <header class="run-head">
        <span class="run-prompt" title=${run.form.prompt}>${run.form.prompt}</span>
        <span class="run-status" aria-live="polite">${statusText} · ${elapsed}s${run.costUsd !== null ? ` · ${formatUsd(run.costUsd)}` : ''}</span>
        ${run.progress && run.status === 'running' ? html`<span class="run-progress">${run.progress}</span>` : nothing}
        ${run.status === 'running'
          ? html`<vscode-button secondary class="cancel" @click=${() => this.fire('cancel', run.generationId)}>${l10n.t('Cancel')}</vscode-button>`
          : html`<vscode-button secondary icon="refresh" class="regenerate" @click=${() => this.fire('regenerate', run.generationId)}>${l10n.t('Regenerate')}</vscode-button>`}
      </header>
      <div class="grid-results">${Array.from({ length: run.total }, (_, i) => this.cell(run, i))}</div>
    </section>`;
  }

  override render(): TemplateResult {
    if (this.runs.length === 0) return html`<p class="help empty">${l10n.t('Results appear here. Write a prompt and press Generate.')}</p>`;
    return html`${this.runs.map((r) => this.run(r))}`;
  }
}

customElements.define('ps-results', PsResults);

/** A finished generation's status in the user's language. */
function statusName(status: RunView['status']): string {
  switch (status) {
    case 'complete': return l10n.t('complete');
    case 'partial': return l10n.t('partial');
    case 'failed': return l10n.t('failed');
    case 'cancelled': return l10n.t('cancelled');
    default: return status;
  }
}
