// Pieces of the gallery page that only draw: the details pane and a candidate tile.
import * as l10n from '@vscode/l10n';
import { html, nothing, type TemplateResult } from 'lit';
import type { GalleryAction, GalleryCandidate, GalleryDetails, GalleryTile } from '../../src/protocolGallery';
import { formatBytes, formatCost, formatDate } from './format';

/** A thumbnail's source, or that the image is too large to show one. */
export interface Shown { readonly src?: string; readonly tooLarge?: true }

/** In place of a picture the host refused to decode (a decompression bomb, or just huge). */
export function tooLargeView(): TemplateResult {
  return html`<span class="too-large" title=${l10n.t('Too large to preview: the image declares more pixels than Pixelsmith decodes')}><span class="codicon codicon-warning" aria-hidden="true"></span>${l10n.t('Too large')}</span>`;
}

/** The details pane's action buttons (the rest are in the tile's context menu, VS Code's own), labelled when drawn. */
const detailActions = (): readonly { readonly action: GalleryAction; readonly label: string; readonly icon: string }[] => [
  { action: 'open', label: l10n.t('Open'), icon: 'go-to-file' },
  { action: 'reveal', label: l10n.t('Reveal in Explorer'), icon: 'folder-opened' },
  { action: 'copyLink', label: l10n.t('Copy Markdown Link'), icon: 'link' },
  { action: 'insert', label: l10n.t('Insert into Markdown Editor'), icon: 'insert' },
  { action: 'remix', label: l10n.t('Remix'), icon: 'sparkle' },
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
  return html`<section class="details" aria-label=${l10n.t('Details of {0}', t.name)}>
    <header><strong title=${t.relPath}>${t.name}</strong>
      <vscode-icon name="close" action-icon label=${l10n.t('Close details')} @click=${close}></vscode-icon></header>
    <img class="full" src=${d.full} alt=${s?.prompt.slice(0, 200) ?? t.name}>
    <div class="actions">${detailActions().map((m) => html`<vscode-icon name=${m.icon} action-icon label=${m.label} title=${m.label} @click=${() => run(m.action)}></vscode-icon>`)}</div>
    ${s ? html`<p class="prompt">${s.prompt}</p>${s.revisedPrompt ? html`<p class="revised"><em>${l10n.t('Revised:')}</em> ${s.revisedPrompt}</p>` : nothing}` : html`<p class="muted">${l10n.t('No sidecar: this image was not made by Pixelsmith (or its sidecar is missing).')}</p>`}
    <dl>
      ${row(l10n.t('Path'), t.relPath)}
      ${row(l10n.t('Provider'), s?.provider)}${row(l10n.t('Model'), s?.model)}${row(l10n.t('Preset'), s?.preset)}
      ${s ? row(l10n.t('Parameters'), l10n.t('{0}, quality {1}, background {2}, {3}, n={4}', s.parameters.size, s.parameters.quality, s.parameters.background,
        `${s.parameters.outputFormat}${s.parameters.outputCompression !== undefined ? ` ${s.parameters.outputCompression}%` : ''}`, s.parameters.n)) : nothing}
      ${row(l10n.t('Dimensions'), s ? `${s.width}×${s.height}` : undefined)}${row(l10n.t('File size'), formatBytes(t.bytes))}
      ${row(l10n.t('Cost'), s ? formatCost(s.costUsd) : undefined)}${row(l10n.t('Created'), formatDate(t.time))}
      ${row(l10n.t('Source document'), s?.source ? `${s.source.document}${s.source.heading ? ` § ${s.source.heading}` : ''}` : undefined)}
      ${row(l10n.t('Language'), s?.language)}${row(l10n.t('Parent'), s?.parent?.file)}${row(l10n.t('References'), s?.references.length ? s.references.join(', ') : undefined)}${row(l10n.t('Mask'), s?.mask)}
      ${row(l10n.t('Content credentials'), s ? (s.contentCredentials ? l10n.t('present (C2PA)') : l10n.t('none')) : undefined)}
      ${row(l10n.t('Generation'), s?.generationId)}
    </dl>
  </section>`;
}

export function candidateView(c: GalleryCandidate, { src, tooLarge }: Shown, act: (c: GalleryCandidate, a: 'save' | 'open' | 'remix' | 'copyLink') => void): TemplateResult {
  return html`<div class="candidate" role="listitem" title=${`${c.prompt}\n${c.model} · ${c.width}×${c.height} · ${formatBytes(c.bytes)} · ${formatDate(c.time)}`}>
    <div class="thumb">${tooLarge ? tooLargeView() : src ? html`<img src=${src} alt=${c.prompt.slice(0, 120)} loading="lazy" decoding="async">` : html`<span class="codicon codicon-loading codicon-modifier-spin"></span>`}</div>
    <div class="candidate-actions">
      <vscode-icon name="save" action-icon label=${l10n.t('Save into the workspace')} title=${l10n.t('Save into the workspace')} @click=${() => act(c, 'save')}></vscode-icon>
      <vscode-icon name="go-to-file" action-icon label=${l10n.t('Open')} title=${l10n.t('Open')} @click=${() => act(c, 'open')}></vscode-icon>
      <vscode-icon name="sparkle" action-icon label=${l10n.t('Remix')} title=${l10n.t('Remix')} @click=${() => act(c, 'remix')}></vscode-icon>
    </div>
  </div>`;
}
