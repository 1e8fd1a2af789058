// <ps-mask-editor>: paint the region to change over the first reference (brush, eraser, clear), and add margins
// for outpainting. Strokes are kept in image pixels, so the mask is rebuilt exactly after a reload.
import { LitElement, html, type PropertyValues, type TemplateResult } from 'lit';
import type { ReferenceImage } from '../../src/protocol';
import { drawStrokes } from './maskRender';
import type { Extend, Stroke } from './state';

export class PsMaskEditor extends LitElement {
  static override properties = {
    reference: { attribute: false }, src: { attribute: false }, strokes: { attribute: false }, extend: { attribute: false },
    brush: { state: true }, erasing: { state: true },
  };
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
  }

  protected override createRenderRoot(): HTMLElement { return this; }

  private get canvas(): HTMLCanvasElement | null { return this.querySelector('canvas.mask-canvas'); }

  protected override updated(_changed: PropertyValues): void {
    this.layout();
    this.redraw();
  }

  /** Place the image inside the grown canvas. Through CSSOM: the CSP blocks style attributes (and Lit's styleMap sets one first). */
  private layout(): void {
    const r = this.reference;
    const e = this.extend;
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
    const e = this.extend;
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.fillStyle = ctx.strokeStyle = 'rgb(255, 64, 160)';
    // The margins always change.
    ctx.fillRect(0, 0, c.width, e.top);
    ctx.fillRect(0, c.height - e.bottom, c.width, e.bottom);
    ctx.fillRect(0, 0, e.left, c.height);
    ctx.fillRect(c.width - e.right, 0, e.right, c.height);
    const all = this.current ? [...this.strokes, { erase: this.erasing, size: this.brush, points: this.current }] : this.strokes;
    drawStrokes(ctx, all, e.left, e.top, 'source-over', 'destination-out');
  }

  private point(ev: PointerEvent): [number, number] {
    const c = this.canvas!;
    const r = c.getBoundingClientRect();
    const x = ((ev.clientX - r.left) / r.width) * c.width - this.extend.left;
    const y = ((ev.clientY - r.top) / r.height) * c.height - this.extend.top;
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
    const stroke: Stroke = { erase: this.erasing, size: this.brush, points: this.current };
    this.current = undefined;
    this.fire('mask-change', [...this.strokes, stroke]);
  };

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

  override render(): TemplateResult {
    const r = this.reference;
    const e = this.extend;
    const w = r.width + e.left + e.right;
    const h = r.height + e.top + e.bottom;
    return html`<div class="mask-tools" role="toolbar" aria-label="Mask tools">
        <label>Brush <input type="range" min="8" max="256" .value=${String(this.brush)} aria-label="Brush size"
          @input=${(ev: Event) => { this.brush = Number((ev.target as HTMLInputElement).value); }}> ${this.brush}px</label>
        <vscode-checkbox id="mask-erase" .checked=${this.erasing} @change=${(ev: Event) => { this.erasing = (ev.target as HTMLInputElement).checked; }}>Eraser</vscode-checkbox>
        <vscode-button secondary id="mask-clear" @click=${() => this.fire('mask-change', [])}>Clear mask</vscode-button>
      </div>
      <p class="help">Paint over the area to change (shown in pink). Areas added by extending the canvas are always generated.</p>
      <div class="mask-stage checkerboard">
        <img class="mask-image" alt=${`Reference ${r.name}`} src=${this.src} draggable="false" @load=${() => this.redraw()}>
        <canvas class="mask-canvas" width=${w} height=${h} aria-label="Mask painting area"
          @pointerdown=${this.down} @pointermove=${this.move} @pointerup=${this.up} @pointercancel=${this.up}></canvas>
      </div>
      <div class="extend" role="group" aria-label="Extend the canvas for outpainting">
        <span>Extend canvas (px):</span>${this.margin('top', 'Top')}${this.margin('right', 'Right')}${this.margin('bottom', 'Bottom')}${this.margin('left', 'Left')}
      </div>
`;
  }
}

customElements.define('ps-mask-editor', PsMaskEditor);
