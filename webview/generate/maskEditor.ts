// <ps-mask-editor>: paint over the first reference with a brush, an eraser and clear. In `mask` mode it paints the
// region to change and adds margins for outpainting; in `markup` mode it draws coloured marks that guide the edit
// (sent as a transparent overlay). Strokes are kept in image pixels, so either is rebuilt exactly after a reload.
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { ReferenceImage } from '../../src/protocol';
import { MARKUP_COLORS, drawStrokes } from './maskRender';
import type { Extend, Stroke } from './state';

export class PsMaskEditor extends LitElement {
  static override properties = {
    reference: { attribute: false }, src: { attribute: false }, strokes: { attribute: false }, extend: { attribute: false },
    mode: { attribute: false }, brush: { state: true }, erasing: { state: true }, color: { state: true },
  };
  /** `mask`: the region to change; `markup`: coloured marks over the image. */
  declare mode: 'mask' | 'markup';
  declare color: string;
  declare reference: ReferenceImage;
  declare src: string;
  declare strokes: readonly Stroke[];
  declare extend: Extend;
  declare brush: number;
  declare erasing: boolean;
  private current: number[] | undefined;

  constructor() {
    super();
    this.strokes = [];
    this.extend = { top: 0, right: 0, bottom: 0, left: 0 };
    this.brush = 64;
    this.erasing = false;
    this.mode = 'mask';
    this.color = MARKUP_COLORS[0];
  }

  private get markup(): boolean { return this.mode === 'markup'; }
  /** Markup draws over the image as it is: no outpainting margins. */
  private get margins(): Extend { return this.markup ? { top: 0, right: 0, bottom: 0, left: 0 } : this.extend; }

  protected override createRenderRoot(): HTMLElement { return this; }

  private get canvas(): HTMLCanvasElement | null { return this.querySelector('canvas.mask-canvas'); }

  protected override updated(_changed: PropertyValues): void {
    this.layout();
    this.redraw();
  }

  /** Place the image inside the grown canvas. Through CSSOM: the CSP blocks style attributes (and Lit's styleMap sets one first). */
  private layout(): void {
    const r = this.reference;
    const e = this.margins;
    const w = r.width + e.left + e.right;
    const h = r.height + e.top + e.bottom;
    const pct = (v: number, of: number) => `${(v / of) * 100}%`;
    const stage = this.querySelector<HTMLElement>('.mask-stage');
    const img = this.querySelector<HTMLElement>('.mask-image');
    if (stage) stage.style.aspectRatio = `${w} / ${h}`;
    if (img) Object.assign(img.style, { left: pct(e.left, w), top: pct(e.top, h), width: pct(r.width, w) });
  }

  private redraw(): void {
    const c = this.canvas;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const e = this.margins;
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.fillStyle = ctx.strokeStyle = 'rgb(255, 64, 160)';
    // The margins always change.
    ctx.fillRect(0, 0, c.width, e.top);
    ctx.fillRect(0, c.height - e.bottom, c.width, e.bottom);
    ctx.fillRect(0, 0, e.left, c.height);
    ctx.fillRect(c.width - e.right, 0, e.right, c.height);
    const all = this.current ? [...this.strokes, this.stroke(this.current)] : this.strokes;
    drawStrokes(ctx, all, e.left, e.top, 'source-over', 'destination-out');
  }

  private point(ev: PointerEvent): [number, number] {
    const c = this.canvas!;
    const r = c.getBoundingClientRect();
    const x = ((ev.clientX - r.left) / r.width) * c.width - this.margins.left;
    const y = ((ev.clientY - r.top) / r.height) * c.height - this.margins.top;
    return [Math.round(x), Math.round(y)];
  }

  private down = (ev: PointerEvent) => {
    if (ev.button !== 0) return;
    this.canvas?.setPointerCapture(ev.pointerId);
    this.current = [...this.point(ev)];
    this.redraw();
  };

  private move = (ev: PointerEvent) => {
    if (!this.current) return;
    this.current.push(...this.point(ev));
    this.redraw();
  };

  private up = () => {
    if (!this.current) return;
    const stroke = this.stroke(this.current);
    this.current = undefined;
    this.fire(`${this.mode}-change`, [...this.strokes, stroke]);
  };

  private stroke(points: number[]): Stroke {
    return { erase: this.erasing, size: this.brush, points, ...(this.markup && !this.erasing ? { color: this.color } : {}) };
  }

  private fire(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  private margin(side: keyof Extend, label: string): TemplateResult {
    return html`<label class="margin">${label}
      <vscode-textfield type="number" min="0" step="16" .value=${String(this.extend[side])} aria-label=${`Extend ${label.toLowerCase()} by pixels`}
        @change=${(ev: Event) => {
          const v = Math.max(0, Math.min(2048, Math.round(Number((ev.target as HTMLElement & { value: string }).value) / 16) * 16 || 0));
          this.fire('extend-change', { ...this.extend, [side]: v });
        }}></vscode-textfield></label>`;
  }

  private pens(): TemplateResult {
    return html`<span class="markup-pens" role="radiogroup" aria-label="Markup colour">${MARKUP_COLORS.map((c) => html`<button type="button" role="radio"
      class=${`pen pen-${c.slice(1)}`} aria-checked=${String(this.color === c && !this.erasing)} aria-label=${`Colour ${c}`} title=${c}
      @click=${() => { this.color = c; this.erasing = false; }}></button>`)}</span>`;
  }

  override render(): TemplateResult {
    const r = this.reference;
    const e = this.margins;
    const what = this.markup ? 'markup' : 'mask';
    const w = r.width + e.left + e.right;
    const h = r.height + e.top + e.bottom;
    return html`<div class="mask-tools" role="toolbar" aria-label=${this.markup ? 'Markup tools' : 'Mask tools'}>
        <label>Brush <input type="range" min="8" max="256" .value=${String(this.brush)} aria-label="Brush size"
          @input=${(ev: Event) => { this.brush = Number((ev.target as HTMLInputElement).value); }}> ${this.brush}px</label>
        ${this.markup ? this.pens() : nothing}
        <vscode-checkbox id=${`${what}-erase`} .checked=${this.erasing} @change=${(ev: Event) => { this.erasing = (ev.target as HTMLInputElement).checked; }}>Eraser</vscode-checkbox>
        <vscode-button secondary id=${`${what}-clear`} @click=${() => this.fire(`${this.mode}-change`, [])}>Clear ${what}</vscode-button>
      </div>
      <p class="help">${this.markup
        ? 'Draw on the image to show the model what to change: circle things, add arrows, sketch shapes. The marks are sent as a transparent overlay, not painted into the image.'
        : 'Paint over the area to change (shown in pink). Areas added by extending the canvas are always generated.'}</p>
      <div class=${this.markup ? 'mask-stage markup-stage checkerboard' : 'mask-stage checkerboard'}>
        <img class="mask-image" alt=${`Reference ${r.name}`} src=${this.src} draggable="false" @load=${() => this.redraw()}>
        <canvas class="mask-canvas" width=${w} height=${h} aria-label=${this.markup ? 'Markup drawing area' : 'Mask painting area'}
          @pointerdown=${this.down} @pointermove=${this.move} @pointerup=${this.up} @pointercancel=${this.up}></canvas>
      </div>
      ${this.markup ? nothing : html`<div class="extend" role="group" aria-label="Extend the canvas for outpainting">
        <span>Extend canvas (px):</span>${this.margin('top', 'Top')}${this.margin('right', 'Right')}${this.margin('bottom', 'Bottom')}${this.margin('left', 'Left')}
      </div>`}
`;
  }
}

customElements.define('ps-mask-editor', PsMaskEditor);
