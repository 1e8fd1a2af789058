// Linking saved illustrations into a markdown document: after the selection or the section's heading (never inside
// a paragraph or a code block), relative to the document, encoded, as one WorkspaceEdit so one undo removes it.
import * as vscode from 'vscode';
import { PixelsmithError } from '../core/errors';
import type { GenerationRecord } from '../core/history';
import { altFromPrompt, imageLink, insertionLine, markdownLinkPath, planInsertion, type MarkdownAnchor } from '../core/markdown';
import { workspaceRelative } from './files';
import type { SavedAsset } from './saveAssets';
import type { Services } from './services';

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
  /** The whole `![alt](path)` text, its alt text and its (encoded, document-relative) path. */
  readonly markdown: string;
  readonly alt: string;
  readonly path: string;
  /** 0-based line of the link in the document right after the insertion. */
  readonly line: number;
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

/**
 * Insert `![alt](path)` for each saved image into the target document, in a single WorkspaceEdit.
 * The alt text is a short description from `prompt`. Resolves to what was inserted.
 */
export async function insertIllustration(_s: Services, target: MarkdownTarget, saved: readonly SavedAsset[], prompt: string): Promise<InsertedLink[]> {
  if (saved.length === 0) return [];
  const doc = await vscode.workspace.openTextDocument(target.document);
  for (const a of saved) {
    if (a.uri.scheme !== doc.uri.scheme || a.uri.authority !== doc.uri.authority) {
      throw new PixelsmithError('invalid-request', `Cannot link ${a.uri.toString()} from ${doc.uri.toString()}: they are on different file systems.`, { field: 'document' });
    }
  }
  const alt = altFromPrompt(prompt) || 'illustration';
  const entries = saved.map((a) => {
    const linkPath = markdownLinkPath(doc.uri.path, a.uri.path);
    return { asset: a, linkPath, markdown: imageLink(alt, linkPath) };
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
  }));
}

/**
 * What the Generate panel holds while it illustrates a document: the label it shows, the context recorded with
 * each generation and sidecar, and the insertion of links once the user saves (with the prompt actually used).
 */
export function markdownLinker(s: Services, target: MarkdownTarget): {
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
      const inserted = await insertIllustration(s, target, saved, record?.request.prompt ?? target.heading ?? '');
      if (inserted.length === 0) return undefined;
      s.log.info(`illustrate: linked ${inserted.map((l) => l.path).join(', ')} into ${label}`);
      return target.document;
    },
  };
}
