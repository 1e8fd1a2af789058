// VS Code's own menus for the gallery: the asset context menu (`webview/context`, fed by the tiles'
// `data-vscode-context`), the view's title actions (search, filter, sort, refresh) as quick picks, and the
// explorer's Open in Gallery / Remix on images with a sidecar (`resource in pixelsmith.galleryAssets`).
import * as vscode from 'vscode';
import { PixelsmithError } from '../../core/errors';
import type { GalleryEntry } from '../../core/gallery/types';
import { contextId, idsFor } from './contextArgs';
import {
  DATE_RANGES, GALLERY_ACTIONS, GALLERY_FACETS, type GalleryAction, type GalleryApplyMessage, type GalleryFacet,
  type GalleryQueryMsg, type GalleryResultsMessage,
} from '../../protocolGallery';

/** The command behind each asset action of the context menu: `pixelsmith.gallery.<action>`. */
export const assetCommand = (action: GalleryAction): string => `pixelsmith.gallery.${action}`;

/** What the gallery host gives the menus. */
export interface GalleryMenuHost {
  selection(): readonly number[];
  entry(id: number): GalleryEntry | undefined;
  run(action: GalleryAction, entries: readonly GalleryEntry[]): Promise<string | undefined>;
  status(text: string): void;
  query(): GalleryQueryMsg;
  facets(): GalleryResultsMessage['facets'];
  apply(change: Omit<GalleryApplyMessage, 'type'>): void;
  focusSearch(): Promise<void>;
  refresh(): void;
}

export function registerGalleryMenus(host: GalleryMenuHost): vscode.Disposable {
  return vscode.Disposable.from(
    ...GALLERY_ACTIONS.map((action) => vscode.commands.registerCommand(assetCommand(action), async (arg?: unknown) => {
      const id = contextId(arg);
      if (id === undefined) throw new PixelsmithError('invalid-request', `Pixelsmith: ${action} is run from the gallery's context menu, on an asset.`);
      const entries = idsFor(action, id, host.selection()).flatMap((x) => host.entry(x) ?? []);
      try {
        const message = await host.run(action, entries);
        if (message) host.status(message);
      } catch (e) {
        void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      }
    })),
    vscode.commands.registerCommand('pixelsmith.gallery.search', () => host.focusSearch()),
    vscode.commands.registerCommand('pixelsmith.gallery.refresh', () => host.refresh()),
    vscode.commands.registerCommand('pixelsmith.gallery.sort', async () => {
      const picked = await pickSort(host.query());
      if (picked) host.apply({ sort: picked });
    }),
    vscode.commands.registerCommand('pixelsmith.gallery.filter', async () => {
      const change = await pickFilter(host.query(), host.facets());
      if (change) host.apply(change);
    }),
  );
}

const sorts = () => [
  { sort: 'date', reverse: false, label: vscode.l10n.t('Newest first') }, { sort: 'date', reverse: true, label: vscode.l10n.t('Oldest first') },
  { sort: 'name', reverse: false, label: vscode.l10n.t('Name A→Z') }, { sort: 'name', reverse: true, label: vscode.l10n.t('Name Z→A') },
  { sort: 'size', reverse: false, label: vscode.l10n.t('Largest first') }, { sort: 'size', reverse: true, label: vscode.l10n.t('Smallest first') },
] as const;

/** The facet and date-range names in the user's language (the page shows the same words from the same bundle). */
const facetLabel = (key: GalleryFacet): string => ({
  model: vscode.l10n.t('Model'), provider: vscode.l10n.t('Provider'), preset: vscode.l10n.t('Preset'), folder: vscode.l10n.t('Folder'), language: vscode.l10n.t('Language'),
})[key];
const rangeLabel = (days: number): string => ({
  0: vscode.l10n.t('Any time'), 1: vscode.l10n.t('Last 24 hours'), 7: vscode.l10n.t('Last 7 days'), 30: vscode.l10n.t('Last 30 days'), 365: vscode.l10n.t('Last year'),
} as Record<number, string>)[days] ?? String(days);

async function pickSort(q: GalleryQueryMsg): Promise<{ sort: GalleryQueryMsg['sort']; reverse: boolean } | undefined> {
  const items = sorts().map((s) => ({ ...s, description: s.sort === q.sort && s.reverse === q.reverse ? vscode.l10n.t('current') : '' }));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Sort the gallery'), placeHolder: vscode.l10n.t('Sort by') });
  return picked ? { sort: picked.sort, reverse: picked.reverse } : undefined;
}

type FilterItem = vscode.QuickPickItem & { readonly change?: Omit<GalleryApplyMessage, 'type'> };

/** The filter menu's rows: every value of every facet (the active one checked), the date ranges, and "clear". */
export function filterItems(q: GalleryQueryMsg, facets: GalleryResultsMessage['facets']): FilterItem[] {
  const items: FilterItem[] = [];
  const lists: Record<GalleryFacet, readonly string[]> = {
    model: facets.models, provider: facets.providers, preset: facets.presets, folder: facets.folders, language: facets.languages,
  };
  for (const { key } of GALLERY_FACETS) {
    const values = lists[key];
    if (!values.length && q[key] === undefined) continue;
    items.push({ label: facetLabel(key), kind: vscode.QuickPickItemKind.Separator });
    for (const v of values) {
      const on = q[key] === v;
      items.push({
        label: `${on ? '$(check)' : '$(blank)'} ${v || vscode.l10n.t('(workspace root)')}`, description: on ? vscode.l10n.t('click to clear') : '',
        change: { facet: { key, value: on ? null : v } },
      });
    }
  }
  items.push({ label: vscode.l10n.t('Date'), kind: vscode.QuickPickItemKind.Separator });
  for (const d of DATE_RANGES) {
    items.push({ label: `${(q.days ?? 0) === d.days ? '$(check)' : '$(blank)'} ${rangeLabel(d.days)}`, change: { days: d.days } });
  }
  return items;
}

async function pickFilter(q: GalleryQueryMsg, facets: GalleryResultsMessage['facets']): Promise<Omit<GalleryApplyMessage, 'type'> | undefined> {
  const picked = await vscode.window.showQuickPick(filterItems(q, facets), { title: vscode.l10n.t('Filter the gallery'), placeHolder: vscode.l10n.t('Show only assets of…'), matchOnDescription: true });
  return picked?.change;
}
