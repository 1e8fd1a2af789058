// <ps-compare>: Compare Models in the Generate panel. Choose two to four models from the configured providers, run
// the form's prompt (and references) on all of them, and see the results side by side: each column with its model,
// time to first image, total time and actual cost; pick images from any column (Save picked saves them).
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { COMPARE_MODELS, getModel, modelsFor } from '../../src/core/catalogue';
import { formatUsd } from '../../src/core/cost';
import type { CompareModel, ProviderChoice } from '../../src/protocol';
import type { CompareColumnView, CompareState, ComparisonView } from './compareState';
import { pickKey, type RunView } from './state';

const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);

export class PsCompare extends LitElement {
  static override properties = { state: { attribute: false }, providers: { attribute: false }, runs: { attribute: false }, picked: { attribute: false }, base: { attribute: false }, busy: { attribute: false }, error: { attribute: false } };
  declare state: CompareState;
  declare providers: readonly ProviderChoice[];
  declare runs: readonly RunView[];
  declare picked: readonly string[];
  declare base: string;
  declare busy: boolean;
  declare error: string | undefined;

  protected override createRenderRoot(): HTMLElement { return this; }

  private fire(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  private setModels(models: readonly CompareModel[]): void {
    this.fire('compare-models', models);
  }

  private row(m: CompareModel, i: number): TemplateResult {
    const models = this.state.models;
    const providerOptions = this.providers.map((p) => ({ value: p.id, label: p.label }));
    if (!providerOptions.some((o) => o.value === m.provider)) providerOptions.push({ value: m.provider, label: `${m.provider} (not configured)` });
    const modelOptions = modelsFor(m.provider).map((x) => ({ value: x.id, label: x.label }));
    if (!modelOptions.some((o) => o.value === m.model)) modelOptions.push({ value: m.model, label: m.model });
    const change = (next: CompareModel) => this.setModels(models.map((x, j) => (j === i ? next : x)));
    return html`<div class="compare-row" role="group" aria-label=${`Model ${i + 1}`}>
      <vscode-single-select id=${`compare-provider-${i}`} aria-label=${`Provider ${i + 1}`} .value=${m.provider}
        @change=${(e: Event) => { const provider = (e.target as HTMLElement & { value: string }).value as CompareModel['provider']; change({ provider, model: modelsFor(provider)[0]?.id ?? m.model }); }}>
        ${repeat(providerOptions, (o) => o.value, (o) => html`<vscode-option value=${o.value} ?selected=${o.value === m.provider}>${o.label}</vscode-option>`)}
      </vscode-single-select>
      <vscode-single-select id=${`compare-model-${i}`} aria-label=${`Model ${i + 1}`} .value=${m.model}
        @change=${(e: Event) => change({ provider: m.provider, model: (e.target as HTMLElement & { value: string }).value })}>
        ${repeat(modelOptions, (o) => `${m.provider}\u0000${o.value}`, (o) => html`<vscode-option value=${o.value} ?selected=${o.value === m.model}>${o.label}</vscode-option>`)}
      </vscode-single-select>
      ${models.length > COMPARE_MODELS.min ? html`<vscode-button secondary icon="close" class="compare-remove" aria-label=${`Remove model ${i + 1}`} title="Remove"
        @click=${() => this.setModels(models.filter((_, j) => j !== i))}></vscode-button>` : nothing}
    </div>`;
  }

  private column(v: ComparisonView, col: CompareColumnView, i: number): TemplateResult {
    const run = col.generationId ? this.runs.find((r) => r.generationId === col.generationId) : undefined;
    const running = !col.ended && run?.status === 'running';
    const cost = run?.costUsd ?? null;
    const label = getModel(col.model).label;
    return html`<section class="compare-column" data-column=${i} data-model=${col.model} data-status=${col.ended ? run?.status ?? 'failed' : 'running'} aria-label=${`${label} (${col.provider})`}>
      <header class="compare-head">
        <strong class="compare-model">${label}</strong>
        <span class="muted">${this.providers.find((p) => p.id === col.provider)?.label ?? col.provider}</span>
        <p class="compare-stats" aria-live="polite">
          <span class="first-image">First image ${running && col.firstImageMs === undefined ? '…' : seconds(col.firstImageMs)}</span> ·
          <span class="total">Total ${running ? '…' : seconds(col.totalMs)}</span> ·
          <span class="cost">${cost === null ? (running ? 'cost …' : 'cost unknown') : formatUsd(cost)}</span>
        </p>
        ${running && col.generationId ? html`<vscode-button secondary class="cancel" @click=${() => this.fire('cancel', col.generationId)}>Cancel</vscode-button>` : nothing}
      </header>
      ${col.error ? html`<p class="field-error" role="alert">${col.error.message}</p>` : nothing}
      ${run?.errors.filter((e) => e.error.code !== 'cancelled').map((e) => html`<p class="field-error" role="alert">${e.error.message}</p>`) ?? nothing}
      <div class="compare-images">${run ? run.images.map((img) => {
        const key = pickKey(run.generationId, img.index);
        const picked = this.picked.includes(key);
        return html`<figure class=${`cell result${picked ? ' picked' : ''}`} data-index=${img.index}>
          <img class="checkerboard" src=${`${this.base}/${run.generationId}/${img.file}`} alt=${`${v.prompt.slice(0, 120)} (${label}, image ${img.index + 1})`}>
          <figcaption>
            <vscode-checkbox class="pick" .checked=${picked} aria-label=${`Pick ${label} image ${img.index + 1}`}
              @change=${(e: Event) => this.fire('pick', { key, on: (e.target as HTMLInputElement).checked })}>${img.index + 1}</vscode-checkbox>
            <span class="dims">${img.width}×${img.height} ${img.format.toUpperCase()}</span>
          </figcaption>
        </figure>`;
      }) : nothing}
      ${running && run && run.images.length < run.total ? html`<div class="cell pending" aria-busy="true"><vscode-progress-ring aria-label=${`${label} in progress`}></vscode-progress-ring></div>` : nothing}
      </div>
    </section>`;
  }

  override render(): TemplateResult {
    const c = this.state;
    return html`<section class="compare" aria-label="Compare models">
      <div class="section-head"><h2>Compare models</h2>
        <span class="help">The prompt and references above, on ${COMPARE_MODELS.min}–${COMPARE_MODELS.max} models at once; one cost confirmation for the sum.</span></div>
      <div class="compare-rows">${c.models.map((m, i) => this.row(m, i))}</div>
      <div class="run-bar">
        ${c.models.length < COMPARE_MODELS.max ? html`<vscode-button secondary id="compare-add" icon="add"
          @click=${() => this.setModels([...c.models, c.models[c.models.length - 1] ?? { provider: 'offline', model: 'gpt-image-2' }])}>Add model</vscode-button>` : nothing}
        <vscode-button id="compare-run" ?disabled=${this.busy || c.models.length < COMPARE_MODELS.min} @click=${() => this.fire('compare-run')}>Compare ${c.models.length} models</vscode-button>
      </div>
      ${this.error ? html`<p class="field-error" role="alert" id="compare-error">${this.error}</p>` : nothing}
      ${c.comparisons.map((v) => html`<div class="comparison" data-compare=${v.compareId}>
        <p class="run-prompt" title=${v.prompt}>${v.prompt}</p>
        <div class=${`compare-grid cols-${v.columns.length}`}>${v.columns.map((col, i) => this.column(v, col, i))}</div>
      </div>`)}
    </section>`;
  }
}

customElements.define('ps-compare', PsCompare);
