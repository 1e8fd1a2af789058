// Pixelsmith: Create Manifest from Gallery Selection — entries for images the workspace already has, from their
// sidecars, appended to pixelsmith.assets.json (created when missing; existing ids and entries are never touched).
// Each adopted asset's sidecar gets the entry's mark (the spec hash the build computes, from the manifest as
// written), so the next build skips it. Automation: `pixelsmith.createManifestFromSelection { uris }`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PixelsmithError, ValidationError, toErrorInfo } from '../core/errors';
import { adoptionEntry, appendEntries, idFromFileName, newManifestText, withManifestMark } from '../core/manifest/adopt';
import { planSourcesOf } from '../core/manifest/output';
import { parseManifest, type ParsedManifest } from '../core/manifest/parse';
import { specHashOf } from '../core/manifest/plan';
import { MANIFEST_FILE, type ManifestEntry } from '../core/manifest/schema';
import { outputsOf } from '../core/manifest/translations';
import { parseSidecar, type Sidecar } from '../core/sidecar';
import { manifestFiles } from '../platform/manifest';
import { resolveLocation } from '../platform/files';
import { exists, replaceFileAtomic, writeNewFileAtomic } from '../platform/workspaceWrite';

export interface CreateManifestResult {
  /** The manifest's URI, as a string. */
  readonly manifest: string;
  /** The ids of the entries added, in the order given. */
  readonly added: string[];
  readonly skipped: { uri: string; reason: string }[];
}

/** `selection` gives the gallery's selected assets, for the palette and the gallery's menu. */
export function registerCreateManifest(selection: () => readonly vscode.Uri[]): vscode.Disposable {
  return vscode.commands.registerCommand('pixelsmith.createManifestFromSelection', async (raw?: unknown) => {
    if (raw !== undefined) return createManifest(parseUris(raw));
    const uris = selection().length ? selection() : await pickImages();
    return uris?.length ? createManifestInteractive(uris) : undefined;
  });
}

/** From the gallery's menu or the palette: adds the entries, then says what was added and skipped, with Open. */
export async function createManifestInteractive(uris: readonly vscode.Uri[]): Promise<CreateManifestResult | undefined> {
  try {
    const r = await createManifest(uris);
    void report(r);
    return r;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Pixelsmith: Create Manifest: {0}', toErrorInfo(e).message));
    return undefined;
  }
}

function parseUris(raw: unknown): vscode.Uri[] {
  const uris = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { uris?: unknown }).uris : undefined;
  const unknown = raw !== null && typeof raw === 'object' ? Object.keys(raw).find((k) => k !== 'uris') : undefined;
  if (unknown !== undefined) throw new ValidationError(unknown, `Unknown argument "${unknown}". Allowed: uris.`, { allowed: ['uris'] });
  if (!Array.isArray(uris) || uris.length === 0 || uris.length > 1000) {
    throw new ValidationError('uris', 'pixelsmith.createManifestFromSelection takes { uris: [...] }: 1 to 1000 vscode.Uri or workspace-relative path strings.');
  }
  return uris.map((u, i) => {
    if (!(u instanceof vscode.Uri) && (typeof u !== 'string' || u === '')) throw new ValidationError(`uris[${i}]`, `uris[${i}] must be a vscode.Uri or a path string.`);
    return resolveLocation(u, undefined, `uris[${i}]`);
  });
}

export async function createManifest(uris: readonly vscode.Uri[]): Promise<CreateManifestResult> {
  const root = uris.map((u) => vscode.workspace.getWorkspaceFolder(u)).find((f) => f !== undefined);
  if (!root) throw new PixelsmithError('outside-workspace', 'uris: none of the assets is in a workspace folder; the manifest lives at a workspace folder\'s root.', { field: 'uris' });
  const manifestUri = vscode.Uri.joinPath(root.uri, MANIFEST_FILE);
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === manifestUri.toString() && d.isDirty)) {
    throw new PixelsmithError('invalid-request', `${MANIFEST_FILE} has unsaved changes: save it first, then create the entries again.`);
  }
  const existing = (await exists(manifestUri)) ? new TextDecoder().decode(await vscode.workspace.fs.readFile(manifestUri)) : undefined;
  const before: ParsedManifest | undefined = existing === undefined ? undefined : parseManifest(existing);
  const taken = new Set(before?.entries.map((e) => e.id) ?? []);
  const outputs = new Set(outputsOf(before?.entries ?? []).map((o) => o.output.toLowerCase()));
  const folder = before?.manifest.defaults?.folder;
  const skipped: CreateManifestResult['skipped'] = [];
  const adopted: { uri: vscode.Uri; file: string; sidecar: string; entry: ManifestEntry }[] = [];
  for (const uri of uris) {
    const skip = (reason: string) => skipped.push({ uri: uri.toString(), reason });
    if (vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() !== root.uri.toString()) { skip(`it is not in the workspace folder ${root.name}, where the manifest is`); continue; }
    const file = path.posix.relative(root.uri.path, uri.path);
    if (outputs.has(file.toLowerCase())) { skip(`it is already an output of ${MANIFEST_FILE}`); continue; }
    const read = await readSidecar(uri);
    if ('skip' in read) { skip(read.skip); continue; }
    const references = await workspaceReferences(root, read.sidecar.references);
    const id = idFromFileName(file, (x) => taken.has(x));
    const a = adoptionEntry(read.sidecar, { file, id, references, ...(folder !== undefined ? { folder } : {}) });
    if ('skip' in a) { skip(a.skip); continue; }
    taken.add(id);
    outputs.add(file.toLowerCase());
    adopted.push({ uri, file, sidecar: read.text, entry: a.entry });
  }
  const result = { manifest: manifestUri.toString(), added: adopted.map((a) => a.entry.id), skipped };
  if (adopted.length === 0) return result;
  const text = existing === undefined ? newManifestText(adopted.map((a) => a.entry)) : appendEntries(existing, adopted.map((a) => a.entry));
  // The hashes come from the manifest as it will be written, resolved and hashed exactly as a build does; anything
  // wrong with an entry stops here, before a file is written.
  const parsed = parseManifest(text);
  const sources = planSourcesOf(manifestFiles(root));
  const marked = await Promise.all(adopted.map(async (a) => {
    const entry = parsed.entries.find((e) => e.id === a.entry.id)!;
    return { ...a, text: withManifestMark(a.sidecar, { entry: entry.id, specHash: await specHashOf(entry, sources.referenceHash) }) };
  }));
  for (const m of marked) await replaceFileAtomic(vscode.Uri.joinPath(m.uri, '..'), `${path.posix.basename(m.uri.path)}.json`, new TextEncoder().encode(m.text));
  const bytes = new TextEncoder().encode(text);
  if (existing === undefined) {
    if (!(await writeNewFileAtomic(root.uri, MANIFEST_FILE, bytes))) throw new PixelsmithError('invalid-request', `${MANIFEST_FILE} appeared meanwhile; run the command again to add to it.`);
  } else {
    await replaceFileAtomic(root.uri, MANIFEST_FILE, bytes);
  }
  return result;
}

async function readSidecar(uri: vscode.Uri): Promise<{ sidecar: Sidecar; text: string } | { skip: string }> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri.with({ path: `${uri.path}.json` })));
  } catch {
    return { skip: 'it has no sidecar, so there is no prompt to build it from' };
  }
  try {
    return { sidecar: parseSidecar(text), text };
  } catch (e) {
    return { skip: `its sidecar cannot be read: ${toErrorInfo(e).message}` };
  }
}

/** The recorded references that are files in `root`, workspace-relative (a multi-root sidecar prefixes the folder's name). */
async function workspaceReferences(root: vscode.WorkspaceFolder, recorded: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of recorded) {
    if (/^https?:/i.test(r)) continue;
    const candidates = [r, ...(r.startsWith(`${root.name}/`) ? [r.slice(root.name.length + 1)] : [])];
    for (const c of candidates) {
      if (await exists(vscode.Uri.joinPath(root.uri, c))) { out.push(c); break; }
    }
  }
  return out;
}

async function pickImages(): Promise<vscode.Uri[] | undefined> {
  return vscode.window.showOpenDialog({
    canSelectMany: true, openLabel: vscode.l10n.t('Add to Manifest'), title: vscode.l10n.t('Pixelsmith: the assets to add to {0}', MANIFEST_FILE),
    filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp', 'gif', 'svg'] },
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
}

async function report(r: CreateManifestResult): Promise<void> {
  const open = vscode.l10n.t('Open');
  const text = r.skipped.length
    ? vscode.l10n.t('Pixelsmith: added {0} entries to {1}; {2} skipped.', r.added.length, MANIFEST_FILE, r.skipped.length)
    : vscode.l10n.t('Pixelsmith: added {0} entries to {1}.', r.added.length, MANIFEST_FILE);
  const detail = r.skipped.map((s) => `${path.posix.basename(vscode.Uri.parse(s.uri).path)}: ${s.reason}`).join('\n');
  const actions = r.added.length ? [open] : [];
  const choice = r.skipped.length ? await vscode.window.showWarningMessage(text, { detail }, ...actions) : await vscode.window.showInformationMessage(text, ...actions);
  if (choice === open) await vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(r.manifest));
}
