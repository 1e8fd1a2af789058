// What the gallery does with assets: open, reveal, links, insert, remix, rename and delete (to the trash,
// sidecar with it). Each action returns a short message for the page, or throws an error written for people.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PixelsmithError } from '../../core/errors';
import { translationOf } from '../../core/localize/plan';
import type { GalleryEntry } from '../../core/gallery/types';
import type { Services } from '../../platform/services';
import { assertInWorkspace } from '../../platform/workspaceUri';
import { exists, removeFile, renameFile } from '../../platform/workspaceWrite';
import type { GalleryAction } from '../../protocolGallery';
import { createManifestInteractive } from '../../commands/createManifest';
import { GeneratePanel } from '../generatePanel';
import { markdownLinkTo } from '../markdownLink';

const MAX_OPEN = 10;

/** The markdown editor links are made for: the active one, else the last one that was active. */
export class MarkdownEditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined;
  private readonly sub = vscode.window.onDidChangeActiveTextEditor((e) => { if (e?.document.languageId === 'markdown') this.last = e; });

  constructor() {
    const e = vscode.window.activeTextEditor;
    if (e?.document.languageId === 'markdown') this.last = e;
  }

  get editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active?.document.languageId === 'markdown') return active;
    if (this.last && !this.last.document.isClosed) {
      return vscode.window.visibleTextEditors.find((e) => e.document === this.last!.document) ?? this.last;
    }
    return vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'markdown');
  }

  dispose(): void {
    this.sub.dispose();
  }
}

export function sidecarUri(image: vscode.Uri): vscode.Uri {
  return image.with({ path: `${image.path}.json` });
}

/** `![alt](path)`: relative to `doc` when given (and on the same file system), else workspace-relative. */
export function markdownLink(e: GalleryEntry, doc?: vscode.Uri): string {
  return markdownLinkTo(vscode.Uri.parse(e.key, true), e.sidecar?.prompt ?? e.name.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' '), doc);
}

export async function runAction(s: Services, md: MarkdownEditorTracker, action: GalleryAction, entries: readonly GalleryEntry[]): Promise<string | undefined> {
  if (entries.length === 0) throw new PixelsmithError('not-found', 'That image is no longer in the gallery; it was moved or deleted.');
  const first = entries[0]!;
  const uri = (e: GalleryEntry) => vscode.Uri.parse(e.key, true);
  switch (action) {
    case 'open':
      for (const e of entries.slice(0, MAX_OPEN)) await vscode.commands.executeCommand('vscode.open', uri(e), { preview: entries.length === 1 });
      return undefined;
    case 'reveal':
      await vscode.commands.executeCommand('revealInExplorer', uri(first));
      return undefined;
    case 'copyLink': {
      const doc = md.editor?.document.uri;
      await vscode.env.clipboard.writeText(entries.map((e) => markdownLink(e, doc)).join('\n'));
      return entries.length === 1 ? vscode.l10n.t('Copied the markdown link.') : vscode.l10n.t('Copied {0} markdown links.', entries.length);
    }
    case 'insert': {
      const editor = md.editor;
      if (!editor) throw new PixelsmithError('config', vscode.l10n.t('Open a markdown file in an editor first: the link is inserted at its cursor.'));
      const text = entries.map((e) => markdownLink(e, editor.document.uri)).join('\n');
      const ok = await editor.edit((b) => b.replace(editor.selection, text));
      if (!ok) throw new PixelsmithError('config', vscode.l10n.t('Could not insert into {0}: the editor is read-only or changed.', path.posix.basename(editor.document.uri.path)));
      return vscode.l10n.t('Inserted into {0}.', path.posix.basename(editor.document.uri.path));
    }
    case 'remix':
    case 'reference':
    case 'edit':
    case 'variations':
      return openInPanel(s, action, first);
    case 'iconSet':
    case 'webCopy': // The commands ask, show progress and report; a Uri argument runs them interactively.
      await vscode.commands.executeCommand(action === 'iconSet' ? 'pixelsmith.exportIconSet' : 'pixelsmith.saveWebCopy', uri(first));
      return undefined;
    case 'rename':
      return rename(first);
    case 'delete':
      return remove(entries);
    case 'checkText':
      // Not awaited, like Localize: the command shows its progress, its report and its errors.
      void vscode.commands.executeCommand('pixelsmith.checkText', uri(first));
      return undefined;
    case 'localize':
      // Not awaited: the pickers and the batch run on their own; the command reports its own errors.
      void vscode.commands.executeCommand('pixelsmith.localize', uri(first));
      return undefined;
    case 'createManifest':
      // Not awaited: the command reports what it added and skipped, with Open.
      void createManifestInteractive(entries.map(uri));
      return undefined;
  }
}

async function openInPanel(s: Services, action: GalleryAction, e: GalleryEntry): Promise<string | undefined> {
  const sc = e.sidecar;
  if (action === 'remix' && !sc) return 'This image has no sidecar, so there is no prompt to remix.';
  const image = vscode.Uri.parse(e.key, true);
  // Use as reference keeps the panel's prompt; remix, edit and variations start from the asset's own.
  const prompt = action !== 'reference' && sc?.prompt ? { prompt: sc.prompt } : {};
  const preset = action !== 'reference' && sc?.preset ? { preset: sc.preset } : {};
  const references = action === 'remix' ? {} : { references: [image], edit: action === 'edit' };
  // A remix of a translation stays a translation of the same original, in the same language.
  const translation = action === 'remix' ? translationOf(sc) : undefined;
  await GeneratePanel.show(s, { ...prompt, ...preset, ...references, ...(translation ? { translation } : {}) });
  return undefined;
}

async function rename(e: GalleryEntry): Promise<string | undefined> {
  const image = vscode.Uri.parse(e.key, true);
  await assertInWorkspace(image, 'rename');
  const ext = path.posix.extname(e.name);
  const stem = e.name.slice(0, e.name.length - ext.length);
  const dir = vscode.Uri.joinPath(image, '..');
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Rename {0}', e.name), value: stem, valueSelection: [0, stem.length], prompt: vscode.l10n.t('The sidecar {0} is renamed with it.', `${e.name}.json`),
    validateInput: async (v) => {
      const n = v.trim();
      if (!n) return vscode.l10n.t('Enter a name.');
      if (/[\\/:*?"<>|\p{Cc}]/u.test(n) || n === '.' || n === '..') return vscode.l10n.t('A file name cannot contain \\ / : * ? " < > | or control characters.');
      if (n !== stem && await exists(vscode.Uri.joinPath(dir, n + ext))) return vscode.l10n.t('{0} already exists.', n + ext);
      return undefined;
    },
  });
  if (name === undefined || name.trim() === stem) return undefined;
  const target = vscode.Uri.joinPath(dir, name.trim() + ext);
  const hasSidecar = await exists(sidecarUri(image));
  if (hasSidecar && await exists(sidecarUri(target))) throw new PixelsmithError('invalid-request', vscode.l10n.t('{0} already exists; nothing was renamed.', `${name.trim()}${ext}.json`));
  await renameFile(image, target);
  if (hasSidecar) {
    try {
      await renameFile(sidecarUri(image), sidecarUri(target));
    } catch (err) {
      await Promise.resolve(vscode.workspace.fs.rename(target, image, { overwrite: false })).catch(() => undefined);
      throw new PixelsmithError('invalid-request', vscode.l10n.t('Could not rename the sidecar, so the image kept its name: {0}', err instanceof Error ? err.message : String(err)));
    }
  }
  return vscode.l10n.t('Renamed to {0}.', name.trim() + ext);
}

async function remove(entries: readonly GalleryEntry[]): Promise<string | undefined> {
  // A file reached through a link that leads out of the workspace refuses the whole delete, before anything goes.
  for (const e of entries) await assertInWorkspace(vscode.Uri.parse(e.key, true), 'delete');
  const withSidecars = entries.some((e) => e.kind === 'asset');
  const question = entries.length === 1
    ? (withSidecars ? vscode.l10n.t('Delete "{0}" and its sidecar with the prompt?', entries[0]!.name) : vscode.l10n.t('Delete "{0}"?', entries[0]!.name))
    : (withSidecars ? vscode.l10n.t('Delete {0} images and their sidecars with the prompt?', entries.length) : vscode.l10n.t('Delete {0} images?', entries.length));
  const toTrash = vscode.l10n.t('Move to Trash');
  const answer = await vscode.window.showWarningMessage(question, { modal: true, detail: vscode.l10n.t('They are moved to the trash.') }, toTrash);
  if (answer !== toTrash) return undefined;
  let permanently: boolean | undefined;
  let done = 0;
  for (const e of entries) {
    const files = [vscode.Uri.parse(e.key, true)];
    if (e.kind === 'asset' || await exists(sidecarUri(files[0]!))) files.push(sidecarUri(files[0]!));
    for (const f of files) {
      try {
        await removeFile(f, true);
      } catch (err) {
        if (err instanceof PixelsmithError) throw err; // refused: not inside the workspace
        if (!await exists(f)) continue;
        // Some file systems (remote, virtual) have no trash: ask once before deleting for good.
        const forGood = vscode.l10n.t('Delete Permanently');
        permanently ??= (await vscode.window.showWarningMessage(
          vscode.l10n.t('The trash is not available here ({0}). Delete permanently?', err instanceof Error ? err.message : String(err)), { modal: true }, forGood,
        )) === forGood;
        if (!permanently) {
          if (!done) return vscode.l10n.t('Nothing was deleted.');
          return done === 1 ? vscode.l10n.t('Deleted 1 image; the rest were kept.') : vscode.l10n.t('Deleted {0} images; the rest were kept.', done);
        }
        await removeFile(f, false);
      }
    }
    done++;
  }
  return done === 1 ? vscode.l10n.t('Moved {0} to the trash.', entries[0]!.name) : vscode.l10n.t('Moved {0} images to the trash.', done);
}
