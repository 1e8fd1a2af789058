// Linking saved illustrations into a markdown document: after the selection or the section's heading (never inside
// a paragraph or a code block), relative to the document, encoded, as one WorkspaceEdit so one undo removes it.
// `pixelsmith.illustrate.insert` chooses what is linked: the original, a web copy of it, or a <picture> with both.
import * as vscode from 'vscode';
import { PixelsmithError } from '../core/errors';
import type { GenerationRecord } from '../core/history';
import { WEB_COPY_MIME, type WebCopyFormat } from '../core/iconset/webCopy';
import { altFromPrompt, ILLUSTRATE_INSERTS, imageLink, insertionLine, markdownLinkPath, pictureElement, planInsertion, type IllustrateInsert, type MarkdownAnchor } from '../core/markdown';
import { workspaceRelative } from './files';
import type { SavedAsset } from './saveAssets';
import type { Services } from './services';
import { setting } from './settings';

/** Makes a web copy of a saved image beside it (Save Web Copy, with the webCopy settings of its folder). */
export type WebCopier = (image: vscode.Uri) => Promise<{ readonly uri: vscode.Uri; readonly format: WebCopyFormat }>;

/** Only these get a web copy: an SVG is already small and sharp at any width, a GIF's frames would be lost. */
const COPYABLE = /\.(png|jpe?g|webp)$/i;

/** `pixelsmith.illustrate.insert` for the document's folder; a value this version does not know is refused, naming it. */
export function illustrateInsertSetting(document: vscode.Uri): IllustrateInsert {
  const v: unknown = setting('illustrate.insert', document) ?? 'original';
  if ((ILLUSTRATE_INSERTS as readonly unknown[]).includes(v)) return v as IllustrateInsert;
  throw new PixelsmithError('invalid-request', `pixelsmith.illustrate.insert must be ${ILLUSTRATE_INSERTS.join(', ')} (got ${JSON.stringify(v)?.slice(0, 40)}).`, { field: 'pixelsmith.illustrate.insert' });
}

/** The markdown document an illustration is for, and where in it (as when Illustrate Markdown… was run). */
export interface MarkdownTarget {
  readonly document: vscode.Uri;
  /** The cursor: the link goes after the heading of its section. */
  readonly position?: { readonly line: number; readonly character: number };
  /** A non-empty selection: the link goes after the block that ends it. */
  readonly selection?: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } };
  /** The heading of the section the illustration belongs to (recorded in the sidecar). */
  readonly heading?: string;
}

/** One link written into the document. */
export interface InsertedLink {
  readonly document: vscode.Uri;
  /** The generation image index and the saved file it links to. */
  readonly index: number;
  readonly image: vscode.Uri;
  readonly sidecarUri: vscode.Uri;
  /** The whole `![alt](path)` (or `<picture>…</picture>`) text, its alt text and the (encoded, document-relative) path it links or shows as `<img>`. */
  readonly markdown: string;
  readonly alt: string;
  readonly path: string;
  /** 0-based line of the link in the document right after the insertion. */
  readonly line: number;
  /** The web copy written for it (pixelsmith.illustrate.insert `webCopy` or `picture`) and its link path. */
  readonly webCopy?: { readonly uri: vscode.Uri; readonly path: string; readonly format: WebCopyFormat };
  /** Why the original is linked although a web copy was asked for. */
  readonly note?: string;
}

function isEmptySelection(sel: NonNullable<MarkdownTarget['selection']>): boolean {
  return sel.start.line === sel.end.line && sel.start.character === sel.end.character;
}

/** Where the link goes, as an anchor that is re-resolved against the document's text at insertion time. */
export function anchorFor(target: MarkdownTarget): MarkdownAnchor {
  const sel = target.selection;
  if (sel && !isEmptySelection(sel)) {
    const last = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
    return { source: 'selection', line: last };
  }
  if (target.position) return { source: 'section', line: target.position.line };
  if (sel) return { source: 'section', line: sel.start.line };
  return { source: 'document', line: 0 };
}

/** What a sidecar records as the source of an illustration. */
export function illustrationSource(target: MarkdownTarget): { document: vscode.Uri; heading?: string } {
  return { document: target.document, ...(target.heading ? { heading: target.heading } : {}) };
}

/** The web copy of each saved image when the setting asks for one; a copy that cannot be made leaves a note instead. */
async function webCopies(s: Services, mode: IllustrateInsert, saved: readonly SavedAsset[], copier: WebCopier): Promise<({ uri: vscode.Uri; format: WebCopyFormat } | { note: string } | undefined)[]> {
  if (mode === 'original') return saved.map(() => undefined);
  const out: ({ uri: vscode.Uri; format: WebCopyFormat } | { note: string } | undefined)[] = [];
  for (const a of saved) {
    if (!COPYABLE.test(a.uri.path)) {
      out.push({ note: `${workspaceRelative(a.uri)} is linked as it is: only PNG, JPEG and WebP images get a web copy.` });
      continue;
    }
    try {
      out.push(await copier(a.uri));
    } catch (e) {
      const note = `No web copy of ${workspaceRelative(a.uri)} (${e instanceof Error ? e.message : String(e)}); the original is linked.`;
      s.log.warn(`illustrate: ${note}`);
      out.push({ note });
    }
  }
  return out;
}

/**
 * Insert a link for each saved image into the target document, in a single WorkspaceEdit: `![alt](path)` to the
 * original or (pixelsmith.illustrate.insert) to a web copy `copier` makes, or a `<picture>` with both. The alt text
 * is a short description from `prompt`. Resolves to what was inserted.
 */
export async function insertIllustration(s: Services, target: MarkdownTarget, saved: readonly SavedAsset[], prompt: string, copier: WebCopier): Promise<InsertedLink[]> {
  if (saved.length === 0) return [];
  const mode = illustrateInsertSetting(target.document);
  const doc = await vscode.workspace.openTextDocument(target.document);
  for (const a of saved) {
    if (a.uri.scheme !== doc.uri.scheme || a.uri.authority !== doc.uri.authority) {
      throw new PixelsmithError('invalid-request', `Cannot link ${a.uri.toString()} from ${doc.uri.toString()}: they are on different file systems.`, { field: 'document' });
    }
  }
  const alt = altFromPrompt(prompt) || 'illustration';
  const copies = await webCopies(s, mode, saved, copier);
  const entries = saved.map((a, k) => {
    const original = markdownLinkPath(doc.uri.path, a.uri.path);
    const made = copies[k];
    if (!made || 'note' in made) return { asset: a, linkPath: original, markdown: imageLink(alt, original), ...(made ? { note: made.note } : {}) };
    const webCopy = { uri: made.uri, path: markdownLinkPath(doc.uri.path, made.uri.path), format: made.format };
    return mode === 'picture'
      ? { asset: a, linkPath: original, markdown: pictureElement(alt, { path: webCopy.path, type: WEB_COPY_MIME[made.format] }, original), webCopy }
      : { asset: a, linkPath: webCopy.path, markdown: imageLink(alt, webCopy.path), webCopy };
  });
  const text = doc.getText();
  const afterLine = insertionLine(text, anchorFor(target));
  const plan = planInsertion(text, afterLine, entries.map((e) => e.markdown), doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, new vscode.Position(plan.line, plan.character), plan.text, { label: 'Pixelsmith: insert illustration', needsConfirmation: false });
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new PixelsmithError('server', `Could not insert the image link into ${workspaceRelative(doc.uri)} (the edit was refused; the image is saved).`);
  }
  return entries.map((e, k) => ({
    document: doc.uri, index: e.asset.index, image: e.asset.uri, sidecarUri: e.asset.sidecarUri,
    markdown: e.markdown, alt, path: e.linkPath, line: plan.linkLines[k]!,
    ...('webCopy' in e ? { webCopy: e.webCopy } : {}), ...('note' in e && e.note ? { note: e.note } : {}),
  }));
}

/**
 * What the Generate panel holds while it illustrates a document: the label it shows, the context recorded with
 * each generation and sidecar, and the insertion of links once the user saves (with the prompt actually used).
 */
export function markdownLinker(s: Services, target: MarkdownTarget, copier: WebCopier): {
  readonly label: string;
  context(): NonNullable<GenerationRecord['context']>;
  source(): { document: vscode.Uri; heading?: string };
  insert(saved: readonly SavedAsset[], generationId: string): Promise<vscode.Uri | undefined>;
} {
  const label = workspaceRelative(target.document);
  return {
    label,
    context: () => ({ document: label, ...(target.heading ? { heading: target.heading } : {}) }),
    source: () => illustrationSource(target),
    insert: async (saved, generationId) => {
      const record = await s.history.get(generationId);
      const inserted = await insertIllustration(s, target, saved, record?.request.prompt ?? target.heading ?? '', copier);
      if (inserted.length === 0) return undefined;
      s.log.info(`illustrate: linked ${inserted.map((l) => l.webCopy?.path ?? l.path).join(', ')} into ${label}`);
      const notes = inserted.flatMap((l) => (l.note ? [l.note] : []));
      if (notes.length > 0) void vscode.window.showWarningMessage(notes.join(' '));
      return target.document;
    },
  };
}
