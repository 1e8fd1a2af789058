// Pieces of the gallery page that only draw: the details pane, the action menu and a candidate tile.
import { html, nothing, type TemplateResult } from 'lit';
import type { GalleryAction, GalleryCandidate, GalleryDetails, GalleryTile } from '../../src/protocolGallery';
import { formatBytes, formatCost, formatDate } from './format';

/** A thumbnail's source, or that the image is too large to show one. */
export interface Shown { readonly src?: string; readonly tooLarge?: true }

/** In place of a picture the host refused to decode (a decompression bomb, or just huge). */
export function tooLargeView(): TemplateResult {
  return html`<span class="too-large" title="Too large to preview: the image declares more pixels than Pixelsmith decodes"><span class="codicon codicon-warning" aria-hidden="true"></span>Too large</span>`;
}

export interface MenuItem { readonly action: GalleryAction; readonly label: string; readonly icon: string; readonly key?: string; readonly multi?: boolean }

export const MENU: readonly MenuItem[] = [
  { action: 'open', label: 'Open', icon: 'go-to-file', key: 'Enter', multi: true },
  { action: 'reveal', label: 'Reveal in Explorer', icon: 'folder-opened' },
  { action: 'copyLink', label: 'Copy Markdown Link', icon: 'link', key: 'Ctrl+C', multi: true },
  { action: 'insert', label: 'Insert into Markdown Editor', icon: 'insert', key: 'I', multi: true },
  { action: 'remix', label: 'Remix', icon: 'sparkle', key: 'R' },
  { action: 'reference', label: 'Use as Reference', icon: 'references' },
  { action: 'edit', label: 'Edit with Mask', icon: 'edit' },
  { action: 'variations', label: 'Variations', icon: 'copy' },
  { action: 'iconSet', label: 'Export Icon Set…', icon: 'symbol-misc' },
  { action: 'webCopy', label: 'Save Web Copy…', icon: 'globe' },
  { action: 'localize', label: 'Localize…', icon: 'symbol-key' },
  { action: 'checkText', label: 'Check Text', icon: 'eye' },
  { action: 'rename', label: 'Rename…', icon: 'whole-word', key: 'F2' },
  { action: 'delete', label: 'Delete…', icon: 'trash', key: 'Delete', multi: true },
];

/** One line for the native tooltip: prompt, model, size, cost, date. */
export function tooltip(t: GalleryTile): string {
  const facts = [t.model, t.width && t.height ? `${t.width}×${t.height}` : undefined, formatBytes(t.bytes), formatCost(t.costUsd), formatDate(t.time)];
  return `${t.prompt ?? t.relPath}\n${facts.filter(Boolean).join(' · ')}`;
}

export function menuView(
  at: { x: number; y: number }, count: number, run: (a: GalleryAction) => void, close: () => void,
): TemplateResult {
  const items = count > 1 ? MENU.filter((m) => m.multi) : MENU;
  const onKey = (e: KeyboardEvent) => {
    const buttons = [...(e.currentTarget as HTMLElement).querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') { e.preventDefault(); close(); }
    else if (e.key === 'ArrowDown') { e.preventDefault(); buttons[(i + 1) % buttons.length]?.focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); buttons[(i - 1 + buttons.length) % buttons.length]?.focus(); }
  };
  return html`<div class="menu" role="menu" aria-label="Asset actions" data-x=${at.x} data-y=${at.y} @keydown=${onKey}>
    ${items.map((m) => html`<button role="menuitem" class="menu-item" data-action=${m.action} @click=${() => run(m.action)}>
      <span class="codicon codicon-${m.icon}" aria-hidden="true"></span><span class="label">${m.label}${count > 1 && m.multi ? ` (${count})` : ''}</span>
      <span class="key">${m.key ?? ''}</span></button>`)}
  </div>`;
}

export function detailsView(d: GalleryDetails, close: () => void, run: (a: GalleryAction) => void): TemplateResult {
  const s = d.sidecar;
  const t = d.tile;
  const row = (label: string, value: unknown) => (value === undefined || value === '' ? nothing : html`<dt>${label}</dt><dd>${String(value)}</dd>`);
  return html`<section class="details" aria-label="Details of ${t.name}">
    <header><strong title=${t.relPath}>${t.name}</strong>
      <vscode-icon name="close" action-icon label="Close details" @click=${close}></vscode-icon></header>
    <img class="full" src=${d.full} alt=${s?.prompt.slice(0, 200) ?? t.name}>
    <div class="actions">${MENU.slice(0, 5).map((m) => html`<vscode-icon name=${m.icon} action-icon label=${m.label} title=${m.label} @click=${() => run(m.action)}></vscode-icon>`)}</div>
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
