// Pieces of the gallery page that only draw: the details pane and a candidate tile.
import { html, nothing, type TemplateResult } from 'lit';
import type { GalleryAction, GalleryCandidate, GalleryDetails, GalleryTile } from '../../src/protocolGallery';
import { formatBytes, formatCost, formatDate } from './format';

/** A thumbnail's source, or that the image is too large to show one. */
export interface Shown { readonly src?: string; readonly tooLarge?: true }

/** In place of a picture the host refused to decode (a decompression bomb, or just huge). */
export function tooLargeView(): TemplateResult {
  return html`<span class="too-large" title="Too large to preview: the image declares more pixels than Pixelsmith decodes"><span class="codicon codicon-warning" aria-hidden="true"></span>Too large</span>`;
}

/** The details pane's action buttons (the rest are in the tile's context menu, VS Code's own). */
const DETAIL_ACTIONS: readonly { readonly action: GalleryAction; readonly label: string; readonly icon: string }[] = [
  { action: 'open', label: 'Open', icon: 'go-to-file' },
  { action: 'reveal', label: 'Reveal in Explorer', icon: 'folder-opened' },
  { action: 'copyLink', label: 'Copy Markdown Link', icon: 'link' },
  { action: 'insert', label: 'Insert into Markdown Editor', icon: 'insert' },
  { action: 'remix', label: 'Remix', icon: 'sparkle' },
];

/** One line for the native tooltip: prompt, model, size, cost, date. */
export function tooltip(t: GalleryTile): string {
  const facts = [t.model, t.width && t.height ? `${t.width}×${t.height}` : undefined, formatBytes(t.bytes), formatCost(t.costUsd), formatDate(t.time)];
  return `${t.prompt ?? t.relPath}\n${facts.filter(Boolean).join(' · ')}`;
}

export function detailsView(d: GalleryDetails, close: () => void, run: (a: GalleryAction) => void): TemplateResult {
  const s = d.sidecar;
  const t = d.tile;
  const row = (label: string, value: unknown) => (value === undefined || value === '' ? nothing : html`<dt>${label}</dt><dd>${String(value)}</dd>`);
  return html`<section class="details" aria-label="Details of ${t.name}">
    <header><strong title=${t.relPath}>${t.name}</strong>
      <vscode-icon name="close" action-icon label="Close details" @click=${close}></vscode-icon></header>
    <img class="full" src=${d.full} alt=${s?.prompt.slice(0, 200) ?? t.name}>
    <div class="actions">${DETAIL_ACTIONS.map((m) => html`<vscode-icon name=${m.icon} action-icon label=${m.label} title=${m.label} @click=${() => run(m.action)}></vscode-icon>`)}</div>
    ${s ? html`<p class="prompt">${s.prompt}</p>${s.revisedPrompt ? html`<p class="revised"><em>Revised:</em> ${s.revisedPrompt}</p>` : nothing}` : html`<p class="muted">No sidecar: this image was not made by Pixelsmith (or its sidecar is missing).</p>`}
    <dl>
      ${row('Path', t.relPath)}
      ${row('Provider', s?.provider)}${row('Model', s?.model)}${row('Preset', s?.preset)}
      ${s ? row('Parameters', `${s.parameters.size}, quality ${s.parameters.quality}, background ${s.parameters.background}, ${s.parameters.outputFormat}${s.parameters.outputCompression !== undefined ? ` ${s.parameters.outputCompression}%` : ''}, n=${s.parameters.n}`) : nothing}
      ${row('Dimensions', s ? `${s.width}×${s.height}` : undefined)}${row('File size', formatBytes(t.bytes))}
      ${row('Cost', s ? formatCost(s.costUsd) : undefined)}${row('Created', formatDate(t.time))}
      ${row('Source document', s?.source ? `${s.source.document}${s.source.heading ? ` § ${s.source.heading}` : ''}` : undefined)}
      ${row('Language', s?.language)}${row('Parent', s?.parent?.file)}${row('References', s?.references.length ? s.references.join(', ') : undefined)}${row('Mask', s?.mask)}
      ${row('Content credentials', s ? (s.contentCredentials ? 'present (C2PA)' : 'none') : undefined)}
      ${row('Generation', s?.generationId)}
    </dl>
  </section>`;
}

export function candidateView(c: GalleryCandidate, { src, tooLarge }: Shown, act: (c: GalleryCandidate, a: 'save' | 'open' | 'remix' | 'copyLink') => void): TemplateResult {
  return html`<div class="candidate" role="listitem" title=${`${c.prompt}\n${c.model} · ${c.width}×${c.height} · ${formatBytes(c.bytes)} · ${formatDate(c.time)}`}>
    <div class="thumb">${tooLarge ? tooLargeView() : src ? html`<img src=${src} alt=${c.prompt.slice(0, 120)} loading="lazy" decoding="async">` : html`<span class="codicon codicon-loading codicon-modifier-spin"></span>`}</div>
    <div class="candidate-actions">
      <vscode-icon name="save" action-icon label="Save into the workspace" title="Save into the workspace" @click=${() => act(c, 'save')}></vscode-icon>
      <vscode-icon name="go-to-file" action-icon label="Open" title="Open" @click=${() => act(c, 'open')}></vscode-icon>
      <vscode-icon name="sparkle" action-icon label="Remix" title="Remix" @click=${() => act(c, 'remix')}></vscode-icon>
    </div>
  </div>`;
}
