// <ps-form>: prompt, preset, provider and model, size, quality, background, format, compression, count, and the
// model-specific options (complexity, GIF frames and frame duration, SVG author and effort) where the model takes them.
// Changes go up as `form-change` events; errors found by the app come down in `errors` (by field).
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import {
  BACKGROUNDS, COMPLEXITIES, COMPRESSIBLE_FORMATS, FORMATS, GIF_FRAME_DURATION_MS, GIF_FRAMES, MAX_FRAMES, PRODUCT_MAX_N, SVG_EFFORTS, getModel, groupDigits, modelsFor,
} from '../../src/core/catalogue';
import { formControls } from '../../src/panels/generate/formControls';
import type { GenerateForm, ProviderChoice } from '../../src/protocol';
import { PRESET_INFO, presetModelNote } from './presets';
import { allowsCustomSize, customSizeProblem, sizeChoices } from './sizes';
import * as l10n from '@vscode/l10n';

const CUSTOM = 'custom';
/** The select value for an option left to the model or the API. */
const DEFAULT = 'default';
type Option = { value: string; label: string };

export class PsForm extends LitElement {
  static override properties = { form: { attribute: false }, providers: { attribute: false }, errors: { attribute: false }, customOpen: { state: true } };
  declare form: GenerateForm;
  declare providers: readonly ProviderChoice[];
  declare errors: Readonly<Record<string, string>>;
  declare customOpen: boolean;

  constructor() {
    super();
    this.providers = [];
    this.errors = {};
    this.customOpen = false;
  }

  protected override createRenderRoot(): HTMLElement { return this; }

  private emit(change: Partial<GenerateForm>, extra: Record<string, unknown> = {}): void {
    this.dispatchEvent(new CustomEvent('form-change', { detail: { change, ...extra }, bubbles: true }));
  }

  private select(id: string, label: string, value: string, options: readonly Option[], onChange: (v: string) => void, help?: TemplateResult | typeof nothing): TemplateResult {
    const error = this.errors[id === 'format' ? 'outputFormat' : id === 'count' ? 'n' : id];
    return html`<div class="field">
      <vscode-label for=${id}>${label}</vscode-label>
      <vscode-single-select id=${id} .value=${value} aria-label=${label} ?invalid=${!!error}
        @change=${(e: Event) => onChange((e.target as HTMLElement & { value: string }).value)}>
        ${optionList(options, value)}
      </vscode-single-select>
      ${error ? html`<p class="field-error" role="alert" id=${`${id}-error`}>${error}</p>` : help ?? nothing}
    </div>`;
  }

  private promptField(): TemplateResult {
    const f = this.form;
    const limit = getModel(f.model).maxPromptChars;
    const chars = [...f.prompt].length;
    const near = chars > limit * 0.8;
    const error = this.errors.prompt;
    return html`<div class="field prompt-field">
      <vscode-label for="prompt">${l10n.t('Prompt')}</vscode-label>
      <vscode-textarea id="prompt" rows="5" resize="vertical" .value=${f.prompt} ?invalid=${!!error} aria-label=${l10n.t('Prompt')}
        placeholder=${f.preset === 'sequence' ? l10n.t('Describe the story, frame by frame…') : l10n.t('Describe the image you want, in any language…')}
        @input=${(e: Event) => this.emit({ prompt: (e.target as HTMLElement & { value: string }).value })}></vscode-textarea>
      <div class="field-foot">
        ${error ? html`<p class="field-error" role="alert" id="prompt-error">${error}</p>` : html`<span></span>`}
        ${near ? html`<span class=${chars > limit ? 'counter over' : 'counter'} aria-live="polite">${l10n.t('{0} / {1} characters', groupDigits(chars), groupDigits(limit))}</span>` : nothing}
      </div>
    </div>`;
  }

  private sizeField(): TemplateResult {
    const f = this.form;
    const choices = sizeChoices(f.model);
    const known = choices.some((c) => c.value === f.size);
    const custom = allowsCustomSize(f.model) && (this.customOpen || !known);
    const options: Option[] = [...choices, ...(allowsCustomSize(f.model) ? [{ value: CUSTOM, label: l10n.t('Custom width × height…') }] : [])];
    const [w = '', h = ''] = custom ? f.size.split(/[x×X]/) : [];
    const problem = custom ? customSizeProblem(w, h, f.model) : undefined;
    const error = this.errors.size ?? problem?.message;
    const setCustom = (nw: string, nh: string) => this.emit({ size: `${nw.trim()}x${nh.trim()}` });
    return html`<div class="field size-field">
      <vscode-label for="size">${l10n.t('Size')}</vscode-label>
      <vscode-single-select id="size" aria-label=${l10n.t('Size')} .value=${custom ? CUSTOM : f.size} ?invalid=${!!this.errors.size && !custom}
        @change=${(e: Event) => {
          const v = (e.target as HTMLElement & { value: string }).value;
          this.customOpen = v === CUSTOM;
          if (v !== CUSTOM) this.emit({ size: v }); else if (!custom) this.emit({ size: f.size === 'auto' ? '1024x1024' : f.size });
        }}>
        ${optionList(options, custom ? CUSTOM : f.size)}
      </vscode-single-select>
      ${custom ? html`<div class="custom-size" role="group" aria-label=${l10n.t('Custom size')}>
        <vscode-textfield id="width" type="number" min="16" step="16" .value=${w} aria-label=${l10n.t('Width in pixels')} ?invalid=${!!error}
          aria-describedby="size-error" @input=${(e: Event) => setCustom((e.target as HTMLElement & { value: string }).value, h)}></vscode-textfield>
        <span aria-hidden="true">×</span>
        <vscode-textfield id="height" type="number" min="16" step="16" .value=${h} aria-label=${l10n.t('Height in pixels')} ?invalid=${!!error}
          aria-describedby="size-error" @input=${(e: Event) => setCustom(w, (e.target as HTMLElement & { value: string }).value)}></vscode-textfield>
      </div>` : nothing}
      ${error ? html`<p class="field-error" role="alert" id="size-error">${error}
        ${problem?.nearest ? html`<vscode-button secondary id="use-nearest" @click=${() => this.emit({ size: problem.nearest })}>${l10n.t('Use {0}', problem.nearest.replace('x', '×'))}</vscode-button>` : nothing}</p>` : nothing}
    </div>`;
  }

  /** A whole-number field that emits only valid values (and `undefined` when emptied: the API's default). */
  private numberField(id: string, label: string, value: number | undefined, range: { min: number; max: number; default: number }, unit: string,
    onChange: (v: number | undefined) => void): TemplateResult {
    const error = this.errors[id];
    return html`<div class="field">
      <vscode-label for=${id}>${label}</vscode-label>
      <vscode-textfield id=${id} type="number" min=${range.min} max=${range.max} .value=${value === undefined ? '' : String(value)} aria-label=${label}
        placeholder=${`${range.default} (default)`} ?invalid=${!!error}
        @input=${(e: Event) => {
          const raw = (e.target as HTMLElement & { value: string }).value.trim();
          const v = Number(raw);
          if (raw === '') onChange(undefined); else if (Number.isInteger(v) && v >= range.min && v <= range.max) onChange(v);
        }}></vscode-textfield>
      ${error ? html`<p class="field-error" role="alert" id=${`${id}-error`}>${error}</p>` : html`<p class="help">${range.min}–${groupDigits(range.max)} ${unit}.</p>`}
    </div>`;
  }

  /** Complexity, GIF frames and duration, the SVG author and effort: each only where the model takes it. */
  private modelOptions(): TemplateResult {
    const f = this.form;
    const shown = formControls(f);
    const withDefault = (values: readonly string[]): Option[] => [{ value: DEFAULT, label: 'Model default' }, ...values.map((v) => ({ value: v, label: v }))];
    const orUndefined = <T extends string>(v: string): T | undefined => (v === DEFAULT ? undefined : v as T);
    return html`
      ${shown.complexity ? this.select('complexity', 'Complexity', f.complexity ?? DEFAULT, withDefault(COMPLEXITIES),
        (v) => this.emit({ complexity: orUndefined(v) }), html`<p class="help">How much the model plans the image, apart from quality.</p>`) : nothing}
      ${shown.gif ? this.numberField('gifFrames', 'GIF frames', f.gifFrames, GIF_FRAMES, 'frames', (v) => this.emit({ gifFrames: v })) : nothing}
      ${shown.gif ? this.numberField('gifFrameDurationMs', 'Frame duration (ms)', f.gifFrameDurationMs, GIF_FRAME_DURATION_MS, 'ms, rounded to 10 ms',
        (v) => this.emit({ gifFrameDurationMs: v })) : nothing}
      ${shown.svg ? html`<div class="field">
        <vscode-label for="svgModel">SVG author model</vscode-label>
        <vscode-textfield id="svgModel" .value=${f.svgModel ?? ''} aria-label="SVG author model" placeholder="Chosen by the API" ?invalid=${!!this.errors.svgModel}
          @input=${(e: Event) => { const v = (e.target as HTMLElement & { value: string }).value.trim(); this.emit({ svgModel: v || undefined }); }}></vscode-textfield>
        ${this.errors.svgModel ? html`<p class="field-error" role="alert" id="svgModel-error">${this.errors.svgModel}</p>` : html`<p class="help">Only where your account can choose the model that writes the SVG.</p>`}
      </div>` : nothing}
      ${shown.svg && f.svgModel ? this.select('svgEffort', 'SVG effort', f.svgEffort ?? DEFAULT, withDefault(SVG_EFFORTS), (v) => this.emit({ svgEffort: orUndefined(v) })) : nothing}`;
  }

  override render(): TemplateResult {
    const f = this.form;
    const model = getModel(f.model);
    const providerOptions: Option[] = this.providers.map((p) => ({ value: p.id, label: p.id === 'offline' ? l10n.t('{0} (no key, free)', p.label) : p.label }));
    if (!providerOptions.some((o) => o.value === f.provider)) providerOptions.push({ value: f.provider, label: l10n.t('{0} (not configured)', f.provider) });
    const models: Option[] = modelsFor(f.provider).map((m) => ({ value: m.id, label: m.label }));
    if (!models.some((m) => m.value === f.model)) models.push({ value: f.model, label: f.model });
    const sequence = f.preset === 'sequence';
    const count = sequence ? Array.from({ length: MAX_FRAMES - 1 }, (_, i) => i + 2) : Array.from({ length: PRODUCT_MAX_N }, (_, i) => i + 1);
    const keyLink = html`<p class="help"><a href="#" id="set-key" @click=${(e: Event) => { e.preventDefault(); this.dispatchEvent(new CustomEvent('set-key', { bubbles: true })); }}>${l10n.t('Set an API key…')}</a>
      ${f.provider === 'offline' ? html` ${l10n.t('The offline placeholder draws local stand-in images.')}` : nothing}</p>`;
    return html`
      ${this.promptField()}
      <div class="grid">
        ${this.select('preset', l10n.t('Preset'), f.preset, PRESET_INFO.map((p) => ({ value: p.id, label: p.label })), (v) => this.emit({}, { preset: v }),
          html`<p class="help">${PRESET_INFO.find((p) => p.id === f.preset)?.description ?? ''}</p>${presetModelNote(f) ? html`<p class="help" id="preset-model-note">${presetModelNote(f)}</p>` : nothing}`)}
        ${this.select('provider', l10n.t('Provider'), f.provider, providerOptions, (v) => this.emit({ provider: v as GenerateForm['provider'] }, { providerChosen: true }), keyLink)}
        ${this.select('model', l10n.t('Model'), f.model, models, (v) => this.emit({ model: v }))}
        ${this.sizeField()}
        ${this.select('quality', l10n.t('Quality'), f.quality, model.qualities.map((q) => ({ value: q, label: q })), (v) => this.emit({ quality: v as GenerateForm['quality'] }))}
        ${this.select('background', l10n.t('Background'), f.background, BACKGROUNDS.map((b) => ({ value: b, label: model.backgrounds.includes(b) ? b : l10n.t('{0} (not with {1})', b, model.id) })), (v) => this.emit({ background: v as GenerateForm['background'] }))}
        ${this.select('format', l10n.t('Format'), f.outputFormat, FORMATS.map((x) => ({ value: x, label: model.formats.includes(x) ? x.toUpperCase() : l10n.t('{0} (not with {1})', x.toUpperCase(), model.id) })), (v) => this.emit({ outputFormat: v as GenerateForm['outputFormat'] }))}
        ${COMPRESSIBLE_FORMATS.includes(f.outputFormat) ? html`<div class="field">
          <vscode-label for="compression">${l10n.t('Compression (0–100)')}</vscode-label>
          <vscode-textfield id="compression" type="number" min="0" max="100" .value=${String(f.outputCompression)} aria-label=${l10n.t('Compression')}
            @input=${(e: Event) => { const v = Number((e.target as HTMLElement & { value: string }).value); if (Number.isInteger(v) && v >= 0 && v <= 100) this.emit({ outputCompression: v }); }}></vscode-textfield>
        </div>` : nothing}
        ${this.select('count', sequence ? l10n.t('Frames') : l10n.t('Images'), String(sequence ? f.frames : f.n), count.map((c) => ({ value: String(c), label: String(c) })),
          (v) => this.emit(sequence ? { frames: Number(v) } : { n: Number(v) }))}
        ${this.modelOptions()}
      </div>`;
  }
}

/** Options keyed by value and label: a changed label is a new element, so the select notices it (slotchange). */
function optionList(options: readonly Option[], value: string): unknown {
  return repeat(options, (o) => `${o.value}\u0000${o.label}`, (o) => html`<vscode-option value=${o.value} ?selected=${o.value === value}>${o.label}</vscode-option>`);
}

customElements.define('ps-form', PsForm);
