// <ps-references>: reference images as removable thumbnails (add from a file, drop or paste onto the panel, or
// "Use as reference" on a result), and the mask editor (or, for models that take it, markup drawing) over the first one.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { ReferenceImage } from '../../src/protocol';
import './maskEditor';
import * as l10n from '@vscode/l10n';
import type { Extend, Stroke } from './state';

export class PsReferences extends LitElement {
  static override properties = {
    references: { attribute: false }, base: { attribute: false }, maskOn: { attribute: false }, strokes: { attribute: false },
    extend: { attribute: false }, error: { attribute: false }, busy: { attribute: false },
    markupAllowed: { attribute: false }, markupOn: { attribute: false }, markupStrokes: { attribute: false },
  };
  /** The model takes markup: the "Draw markup" switch shows. */
  declare markupAllowed: boolean;
  declare markupOn: boolean;
  declare markupStrokes: readonly Stroke[];
  declare references: readonly ReferenceImage[];
  /** asWebviewUri of the history folder; staged references are under references/. */
  declare base: string;
  declare maskOn: boolean;
  declare strokes: readonly Stroke[];
  declare extend: Extend;
  declare error: string | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.references = [];
    this.base = '';
    this.maskOn = false;
    this.strokes = [];
    this.extend = { top: 0, right: 0, bottom: 0, left: 0 };
    this.busy = false;
    this.markupAllowed = false;
    this.markupOn = false;
    this.markupStrokes = [];
  }

  protected override createRenderRoot(): HTMLElement { return this; }

  private fire(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  src(r: ReferenceImage): string {
    return `${this.base}/references/${r.key}`;
  }

  override render(): TemplateResult {
    const refs = this.references;
    const first = refs[0];
    return html`<section class="references" aria-labelledby="refs-title">
      <div class="section-head">
        <h2 id="refs-title">${l10n.t('Reference images')} <span class="muted">(${refs.length}/16)</span></h2>
        <vscode-button secondary id="add-reference" ?disabled=${this.busy || refs.length >= 16} @click=${() => this.fire('pick-references')}>
          <vscode-icon name="add" slot="content-before"></vscode-icon>${l10n.t('Add from file…')}</vscode-button>
        ${first ? html`<vscode-checkbox id="mask-toggle" .checked=${this.maskOn} @change=${(e: Event) => this.fire('mask-toggle', (e.target as HTMLInputElement).checked)}>
          ${l10n.t('Edit with a mask')}</vscode-checkbox>` : nothing}
        ${first && this.markupAllowed ? html`<vscode-checkbox id="markup-toggle" .checked=${this.markupOn} @change=${(e: Event) => this.fire('markup-toggle', (e.target as HTMLInputElement).checked)}>
          ${l10n.t('Draw markup')}</vscode-checkbox>` : nothing}
      </div>
      ${refs.length === 0 ? html`<p class="help drop-hint">${l10n.t('Drop or paste images here, or add them from a file, to edit them or guide the style.')}</p>` : nothing}
      ${this.error ? html`<p class="field-error" role="alert" id="references-error">${this.error}</p>` : nothing}
      <ul class="thumbs">
        ${refs.map((r, i) => html`<li class="thumb">
          <img src=${this.src(r)} alt=${l10n.t('Reference {0}: {1}', i + 1, r.name)} title=${`${r.name} — ${r.width}×${r.height}`}>
          ${i === 0 && this.maskOn ? html`<span class="badge">${l10n.t('mask')}</span>` : nothing}
          ${i === 0 && this.markupOn && this.markupAllowed ? html`<span class="badge">${l10n.t('markup')}</span>` : nothing}
          <vscode-button icon="close" secondary class="remove" aria-label=${l10n.t('Remove reference {0}', r.name)} title=${l10n.t('Remove')}
            @click=${() => this.fire('remove-reference', i)}></vscode-button>
        </li>`)}
      </ul>
      ${first && this.maskOn ? html`<ps-mask-editor .reference=${first} .src=${this.src(first)} .strokes=${this.strokes} .extend=${this.extend}></ps-mask-editor>` : nothing}
      ${first && this.markupOn && this.markupAllowed ? html`<ps-mask-editor id="markup-editor" .mode=${'markup'} .reference=${first} .src=${this.src(first)}
        .strokes=${this.markupStrokes}></ps-mask-editor>` : nothing}
    </section>`;
  }
}

customElements.define('ps-references', PsReferences);
