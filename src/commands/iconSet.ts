// Export Icon Set… and Save Web Copy…: derived files from an image asset, drawn in the image worker, written beside it
// (never over anything, inside the workspace only); the original keeps its bytes. With an object argument they run
// headless for automation and resolve to what was written.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { relativeTo, resolveFolderSetting } from '../core/savePlan';
import { PixelsmithError } from '../core/errors';
import { sha256 } from '../core/history';
import { exportIconSetArgs, parseCommandArgs, saveWebCopyArgs, WEB_COPY_DEFAULTS, WEB_COPY_LIMITS, type ExportIconSetArgs, type SaveWebCopyArgs } from '../core/iconset/args';
import { parseHexColour } from '../core/iconset/canvas';
import { ICON_SETS, type IconSetName } from '../core/iconset/iconSet';
import { formatBytes, ICON_SET_SIDECAR_NAME, iconSetSidecarText, LINK_TAGS_NAME, linkTags, WEB_MANIFEST_NAME, webManifestFragment, type IconSetSidecar } from '../core/iconset/manifest';
import { WEB_COPY_FORMATS, type WebCopyFormat } from '../core/iconset/webCopy';
import { formatFromFileName, isIconSourceFormat } from '../core/imaging/formats';
import { webCopySidecar } from '../core/iconset/webCopySidecar';
import { nextFreeName } from '../core/naming';
import { parseSidecar, serializeSidecar, type SidecarParent } from '../core/sidecar';
import { resolveLocation } from '../platform/files';
import type { Services } from '../platform/services';
import { setting } from '../platform/settings';
import { workspaceFolderOf } from '../platform/workspaceUri';
import { listNames, writeNewFileAtomic } from '../platform/workspaceWrite';

export interface IconSetResult { readonly files: string[]; readonly links: string; readonly folder: string }
export interface WebCopyResult { readonly file: string; readonly format: WebCopyFormat; readonly bytes: number; readonly originalBytes: number; readonly width: number; readonly height: number; readonly sidecar?: string }

/** Export Icon Set's sources, by file name (one declaration: isIconSourceFormat). */
const isSource = (uri: vscode.Uri): boolean => { const f = formatFromFileName(uri.path); return f !== undefined && isIconSourceFormat(f); };
const SET_LABELS: Record<IconSetName, string> = {
  web: 'Web: favicon.ico (16, 32, 48), favicon PNGs, icon.svg for an SVG source',
  apple: 'Apple: apple-touch-icon.png, 180×180, opaque',
  pwa: 'PWA: icon-192, icon-512 and a maskable 512 with site.webmanifest',
  android: 'Android adaptive: 432² foreground and background layers, 512 px store icon',
};

export function registerIconSetCommands(s: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('pixelsmith.exportIconSet', async (arg?: unknown) => {
      if (isAutomation(arg)) return exportIconSet(s, parseCommandArgs('pixelsmith.exportIconSet', exportIconSetArgs(), arg));
      return interactive(() => exportIconSetInteractive(s, arg));
    }),
    vscode.commands.registerCommand('pixelsmith.saveWebCopy', async (arg?: unknown) => {
      if (isAutomation(arg)) return saveWebCopy(s, parseCommandArgs('pixelsmith.saveWebCopy', saveWebCopyArgs(), arg));
      return interactive(() => saveWebCopyInteractive(s, arg));
    }),
  );
}

/** An argument object from executeCommand, as opposed to the Uri the explorer passes (or nothing, from the palette). */
function isAutomation(arg: unknown): boolean {
  return arg !== undefined && !(arg instanceof vscode.Uri);
}

async function interactive(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof PixelsmithError && e.code === 'cancelled') return;
    void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
  }
}

/** The image the command is for: the explorer's, else the active editor tab's, else one the user picks. */
async function sourceImage(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: unknown } | undefined;
  if (input?.uri instanceof vscode.Uri && isSource(input.uri)) return input.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false, filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp', 'svg'] }, openLabel: vscode.l10n.t('Use This Image'),
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0];
}

/** The source's bytes and workspace folder; an image outside the workspace is refused (nothing is written beside it). */
async function readSource(uri: vscode.Uri): Promise<{ root: vscode.WorkspaceFolder; bytes: Uint8Array; rel: string }> {
  const root = await workspaceFolderOf(uri);
  const shown = uri.scheme === 'file' ? uri.fsPath : uri.toString();
  if (!root) throw new PixelsmithError('outside-workspace', `uri: ${shown} is not inside an open workspace folder; Pixelsmith only writes inside the workspace.`, { field: 'uri' });
  if (!isSource(uri)) throw new PixelsmithError('invalid-request', `uri: ${path.posix.basename(uri.path)} is not a PNG, JPEG, WebP or SVG image.`, { field: 'uri' });
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    throw new PixelsmithError('not-found', `uri: cannot read ${shown}.`, { field: 'uri' });
  }
  return { root, bytes, rel: relativeTo(root.uri.path, uri.path) };
}

const stem = (uri: vscode.Uri) => path.posix.basename(uri.path).replace(/\.[^.]+$/, '');

export async function exportIconSet(s: Services, a: ExportIconSetArgs): Promise<IconSetResult> {
  const uri = resolveLocation(a.uri, undefined, 'uri');
  const src = await readSource(uri);
  const sets = ICON_SETS.filter((x) => (a.sets ?? ICON_SETS).includes(x));
  const background = a.background !== undefined ? parseHexColour(a.background) : undefined;
  const made = await s.images.run({ kind: 'iconSet', bytes: src.bytes, sets, ...(background ? { background } : {}), monochrome: a.monochrome ?? false });
  const names = made.files.map((f) => f.name);
  if (sets.includes('pwa')) names.push(WEB_MANIFEST_NAME);
  const links = linkTags(names);
  const extra: { name: string; bytes: Uint8Array }[] = [
    ...(sets.includes('pwa') ? [{ name: WEB_MANIFEST_NAME, bytes: new TextEncoder().encode(webManifestFragment(names, made.background)) }] : []),
    ...(sets.includes('web') || sets.includes('apple') || sets.includes('pwa') ? [{ name: LINK_TAGS_NAME, bytes: new TextEncoder().encode(links) }] : []),
  ];
  const folder = await setFolder(src.root, uri, a.folder, [...names, ...extra.map((e) => e.name), ICON_SET_SIDECAR_NAME]);
  await vscode.workspace.fs.createDirectory(folder);
  const rel = (name: string) => relativeTo(src.root.uri.path, vscode.Uri.joinPath(folder, name).path);
  const written: string[] = [];
  const write = async (name: string, bytes: Uint8Array) => {
    if (!await writeNewFileAtomic(folder, name, bytes)) {
      throw new PixelsmithError('exists', `${rel(name)} appeared while the icon set was being written; nothing was overwritten.`, { field: 'folder' });
    }
    written.push(rel(name));
  };
  for (const f of [...made.files, ...extra]) await write(f.name, f.bytes);
  const sidecar: IconSetSidecar = {
    kind: 'pixelsmith-icon-set', schemaVersion: 1, parent: src.rel, parentSha256: sha256(src.bytes), createdAt: new Date().toISOString(),
    sets: [...sets], background: made.background,
    files: [...made.files.map((f) => ({ path: rel(f.name), bytes: f.bytes.length, ...(f.width ? { width: f.width, height: f.height } : {}) })),
      ...extra.map((e) => ({ path: rel(e.name), bytes: e.bytes.length }))],
  };
  await write(ICON_SET_SIDECAR_NAME, new TextEncoder().encode(iconSetSidecarText(sidecar)));
  return { files: written, links, folder: relativeTo(src.root.uri.path, folder.path) };
}

/**
 * Where the set goes: `folder` (argument, else the `pixelsmith.iconSet.folder` setting; `${name}` is the source's name),
 * relative to the workspace folder; by default `<asset folder>/<name>-icons/`, or `-icons-2/`… when that one is taken.
 * A chosen folder that already holds one of the set's names is refused: nothing is overwritten.
 */
async function setFolder(root: vscode.WorkspaceFolder, source: vscode.Uri, folderArg: string | undefined, names: readonly string[]): Promise<vscode.Uri> {
  const configured = folderArg ?? setting('iconSet.folder', source)?.trim();
  if (configured) {
    const field = folderArg !== undefined ? 'folder' : 'pixelsmith.iconSet.folder';
    const folder = root.uri.with({ path: resolveFolderSetting(root.uri.path, configured.replace(/\$\{name\}/g, stem(source)), field) });
    const present = new Set((await listNames(folder)).map((n) => n.toLowerCase()));
    const clash = names.find((n) => present.has(n.toLowerCase()));
    if (clash) {
      throw new PixelsmithError('exists', `${field}: ${relativeTo(root.uri.path, folder.path) || '.'} already has ${clash}; Pixelsmith never overwrites. Choose another folder.`, { field });
    }
    return folder;
  }
  const parent = vscode.Uri.joinPath(source, '..');
  const taken = new Set((await listNames(parent)).map((n) => n.toLowerCase()));
  return vscode.Uri.joinPath(parent, await nextFreeName(`${stem(source)}-icons`, '', (n) => taken.has(n.toLowerCase())));
}

async function exportIconSetInteractive(s: Services, arg: unknown): Promise<void> {
  const uri = await sourceImage(arg);
  if (!uri) return;
  const picked = await vscode.window.showQuickPick(ICON_SETS.map((set) => ({ label: set, description: SET_LABELS[set], picked: true, set })), {
    title: vscode.l10n.t('Export Icon Set from {0}', path.posix.basename(uri.path)), canPickMany: true, ignoreFocusOut: true, placeHolder: vscode.l10n.t('Sets to export'),
  });
  if (!picked || picked.length === 0) return;
  const background = await vscode.window.showInputBox({
    title: vscode.l10n.t('Background of the opaque icons (Apple, maskable, Android)'), prompt: vscode.l10n.t('A colour as #rrggbb; empty: taken from the image\'s top-left corner.'),
    ignoreFocusOut: true, validateInput: (v) => (v.trim() === '' || parseHexColour(v) ? undefined : vscode.l10n.t('Enter a colour as #rrggbb, or leave it empty.')),
  });
  if (background === undefined) return;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pixelsmith: exporting the icon set…') },
    () => exportIconSet(s, { uri, sets: picked.map((p) => p.set), ...(background.trim() ? { background: background.trim() } : {}) }));
  const copy = vscode.l10n.t('Copy <link> Tags');
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0} files to {1}/.', result.files.length, result.folder), { detail: result.links }, copy, reveal);
  const root = vscode.workspace.getWorkspaceFolder(uri)!;
  if (answer === copy) await vscode.env.clipboard.writeText(result.links);
  if (answer === reveal) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.joinPath(root.uri, result.files[0]!));
}

export async function saveWebCopy(s: Services, a: SaveWebCopyArgs): Promise<WebCopyResult> {
  const uri = resolveLocation(a.uri, undefined, 'uri');
  const src = await readSource(uri);
  const format = a.format ?? webCopyFormatSetting(uri);
  const quality = a.quality ?? clampSetting(setting('webCopy.quality', uri), WEB_COPY_LIMITS.quality, WEB_COPY_DEFAULTS.quality);
  const maxWidth = a.maxWidth ?? clampSetting(setting('webCopy.maxWidth', uri), WEB_COPY_LIMITS.maxWidth, WEB_COPY_DEFAULTS.maxWidth);
  const made = await s.images.run({ kind: 'webCopy', bytes: src.bytes, format, quality, maxWidth });
  const dir = vscode.Uri.joinPath(uri, '..');
  const taken = new Set((await listNames(dir)).map((n) => n.toLowerCase()));
  const name = await nextFreeName(`${stem(uri)}.${made.width}w`, format, (n) => taken.has(n.toLowerCase()) || taken.has(`${n}.json`.toLowerCase()));
  const sidecar = await derivedSidecar(uri, { file: src.rel, sha256: sha256(src.bytes) }, { sha256: sha256(made.bytes), width: made.width, height: made.height, bytes: made.bytes.length, format });
  if (!await writeNewFileAtomic(dir, name, made.bytes)) throw new PixelsmithError('exists', `${name} appeared while the copy was being written; nothing was overwritten.`);
  const file = relativeTo(src.root.uri.path, vscode.Uri.joinPath(dir, name).path);
  let sidecarPath: string | undefined;
  if (sidecar && await writeNewFileAtomic(dir, `${name}.json`, new TextEncoder().encode(sidecar))) sidecarPath = `${file}.json`;
  return { file, format, bytes: made.bytes.length, originalBytes: src.bytes.length, width: made.width, height: made.height, ...(sidecarPath ? { sidecar: sidecarPath } : {}) };
}

/** The copy's sidecar text, from the original's sidecar; none when the original has no readable one. */
async function derivedSidecar(uri: vscode.Uri, parentRef: SidecarParent, copy: Parameters<typeof webCopySidecar>[2]): Promise<string | undefined> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri.with({ path: `${uri.path}.json` })));
  } catch {
    return undefined;
  }
  try {
    const made = webCopySidecar(parseSidecar(text), parentRef, copy);
    return made ? serializeSidecar(made) : undefined;
  } catch {
    return undefined; // An unreadable parent sidecar vouches for nothing: the copy goes without one.
  }
}

/** `pixelsmith.webCopy.format` for the image's folder; a value this version does not encode is refused, naming the setting. */
function webCopyFormatSetting(uri: vscode.Uri): WebCopyFormat {
  const v: unknown = setting('webCopy.format', uri) ?? WEB_COPY_DEFAULTS.format;
  if ((WEB_COPY_FORMATS as readonly unknown[]).includes(v)) return v as WebCopyFormat;
  throw new PixelsmithError('invalid-request', `pixelsmith.webCopy.format must be ${WEB_COPY_FORMATS.join(' or ')} (got ${JSON.stringify(v)?.slice(0, 40)}).`, { field: 'pixelsmith.webCopy.format' });
}

function clampSetting(v: unknown, [min, max]: readonly [number, number], fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}

async function saveWebCopyInteractive(s: Services, arg: unknown): Promise<void> {
  const uri = await sourceImage(arg);
  if (!uri) return;
  const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pixelsmith: saving a web copy of {0}…', path.posix.basename(uri.path)) },
    () => saveWebCopy(s, { uri }));
  const open = vscode.l10n.t('Open');
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Saved {0} ({1}×{2}): {3} → {4}.', path.posix.basename(r.file), r.width, r.height, formatBytes(r.originalBytes), formatBytes(r.bytes)), open);
  if (answer === open) await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(vscode.workspace.getWorkspaceFolder(uri)!.uri, r.file));
}
