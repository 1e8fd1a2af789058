// <ps-viewer>: one result large, or two side by side: fit or actual pixels, zoom, transparency checkerboard,
// dimensions, format and file size. A modal <dialog>, closed with Escape.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { StoredImage } from '../../src/core/types';

export interface ViewerItem { readonly url: string; readonly alt: string; readonly image: StoredImage; readonly label: string }

export class PsViewer extends LitElement {
  static override properties = { items: { attribute: false }, zoom: { state: true }, checker: { state: true } };
  declare items: readonly ViewerItem[];
  /** 0 = fit to the panel; otherwise the scale (1 = actual pixels). */
  declare zoom: number;
  declare checker: boolean;

  constructor() {
    super();
    this.items = [];
    this.zoom = 0;
    this.checker = true;
  }

  protected override createRenderRoot(): HTMLElement { return this; }

  open(items: readonly ViewerItem[]): void {
    this.items = items;
    this.zoom = 0;
    void this.updateComplete.then(() => {
      const d = this.querySelector('dialog');
      if (d && !d.open) d.showModal();
    });
  }

  close(): void {
    this.querySelector('dialog')?.close();
  }

  /** Zoom through CSSOM: the CSP blocks style attributes. At 1:1 one image pixel is one screen pixel. */
  protected override updated(): void {
    for (const img of this.querySelectorAll<HTMLImageElement>('.viewer-canvas img')) {
      img.style.width = this.zoom === 0 ? '' : `${(Number(img.dataset.width) * this.zoom) / devicePixelRatio}px`;
    }
  }

  private zoomBy(f: number): void {
    const current = this.zoom === 0 ? 1 : this.zoom;
    this.zoom = Math.min(8, Math.max(0.125, current * f));
  }

  private figure(item: ViewerItem): TemplateResult {
    const i = item.image;
    return html`<figure class="viewer-item">
      <div class=${`viewer-canvas${this.checker ? ' checkerboard' : ''}${this.zoom === 0 ? ' fit' : ''}`}>
        <img src=${item.url} alt=${item.alt} data-width=${i.width}>
      </div>
      <figcaption>${item.label}: ${i.width}×${i.height} · ${i.format.toUpperCase()} · ${formatBytes(i.bytes)}${i.contentCredentials ? ' · content credentials' : ''}</figcaption>
    </figure>`;
  }

  override render(): TemplateResult {
    const zoomLabel = this.zoom === 0 ? 'Fit' : `${Math.round(this.zoom * 100)}%`;
    return html`<dialog class="viewer" aria-label=${this.items.length > 1 ? 'Compare images' : 'Image'} @close=${() => { this.items = []; }}>
      <div class="viewer-bar" role="toolbar" aria-label="View">
        <vscode-button secondary id="zoom-fit" @click=${() => { this.zoom = 0; }}>Fit</vscode-button>
        <vscode-button secondary id="zoom-actual" title="Actual pixels" @click=${() => { this.zoom = 1; }}>1:1</vscode-button>
        <vscode-button secondary icon="zoom-out" aria-label="Zoom out" @click=${() => this.zoomBy(0.5)}></vscode-button>
        <span class="zoom" aria-live="polite">${zoomLabel}</span>
        <vscode-button secondary icon="zoom-in" aria-label="Zoom in" @click=${() => this.zoomBy(2)}></vscode-button>
        <vscode-checkbox .checked=${this.checker} @change=${(e: Event) => { this.checker = (e.target as HTMLInputElement).checked; }}>Checkerboard</vscode-checkbox>
        <span class="spacer"></span>
        <vscode-button id="viewer-close" icon="close" aria-label="Close" @click=${() => this.close()}></vscode-button>
      </div>
      <div class=${`viewer-body${this.items.length > 1 ? ' compare' : ''}`}>${this.items.length ? this.items.map((it) => this.figure(it)) : nothing}</div>
    </dialog>`;
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

customElements.define('ps-viewer', PsViewer);
