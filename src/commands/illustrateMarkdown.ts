// Pixelsmith: Illustrate Markdown…: from the explorer (a Uri), a markdown editor (with or without a selection) or the
// palette, draft a prompt from the document and open the Generate panel on the Illustration preset. With
// `{ uri, prompt?, n?, save?, position?, selection? }` it runs headless: generate, save, link, and return what it inserted.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseGenerateArgs } from '../core/generateArgs';
import { refuseUnknownArgs } from '../core/params';
import { PixelsmithError, ValidationError } from '../core/errors';
import { draftFromMarkdown, type MarkdownDraft, type TextPosition, type TextRange } from '../core/markdown';
import { GeneratePanel } from '../panels/generatePanel';
import { resolveLocation } from '../platform/files';
import { illustrateInsertSetting, illustrationSource, insertIllustration, markdownLinker, type InsertedLink, type MarkdownTarget, type WebCopier } from '../platform/illustrate';
import type { Services } from '../platform/services';
import { generateHeadless, type GenerateResult } from './generate';
import { saveWebCopy } from './iconSet';

export interface IllustrateResult extends GenerateResult {
  readonly document: vscode.Uri;
  readonly prompt: string;
  readonly inserted: InsertedLink[];
}

const OWN_KEYS = ['uri', 'position', 'selection'] as const;

export function registerIllustrateMarkdown(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand('pixelsmith.illustrateMarkdown', (arg?: unknown) => {
    if (arg === undefined || arg instanceof vscode.Uri) return illustrateInteractive(s, arg);
    return illustrateHeadless(s, arg);
  });
}

/** The editor showing `uri` (or the active markdown editor when no uri is given). */
function editorFor(uri: vscode.Uri | undefined): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (!uri) return active?.document.languageId === 'markdown' ? active : undefined;
  if (active && active.document.uri.toString() === uri.toString()) return active;
  return undefined;
}

function toRange(sel: vscode.Selection): TextRange {
  return { start: { line: sel.start.line, character: sel.start.character }, end: { line: sel.end.line, character: sel.end.character } };
}

/** Web copies for pixelsmith.illustrate.insert: Save Web Copy's own path, beside the saved image. */
const webCopier = (s: Services): WebCopier => async (image) => {
  const r = await saveWebCopy(s, { uri: image });
  return { uri: vscode.Uri.joinPath(vscode.workspace.getWorkspaceFolder(image)!.uri, r.file), format: r.format };
};

function targetOf(document: vscode.Uri, draft: MarkdownDraft, cursor?: TextPosition, selection?: TextRange): MarkdownTarget {
  const nonEmpty = selection && !(selection.start.line === selection.end.line && selection.start.character === selection.end.character);
  return {
    document,
    ...(cursor ? { position: cursor } : {}),
    ...(nonEmpty && draft.anchor.source === 'selection' ? { selection } : {}),
    ...(draft.heading ? { heading: draft.heading } : {}),
  };
}

async function openMarkdown(uri: vscode.Uri): Promise<vscode.TextDocument> {
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch {
    throw new PixelsmithError('not-found', `Cannot open ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}.`, { field: 'uri' });
  }
  if (doc.languageId !== 'markdown' && !/\.(md|markdown|mdx)$/i.test(uri.path)) {
    throw new ValidationError('uri', `${path.posix.basename(uri.path)} is not a markdown document.`);
  }
  return doc;
}

async function illustrateInteractive(s: Services, uri: vscode.Uri | undefined): Promise<void> {
  const editor = editorFor(uri);
  const documentUri = uri ?? editor?.document.uri;
  if (!documentUri) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Pixelsmith: open a markdown document (or right-click one in the Explorer) to illustrate it.'));
    return;
  }
  const doc = await openMarkdown(documentUri);
  illustrateInsertSetting(documentUri); // a bad value is said now, not after the images are paid for
  const cursor = editor ? { line: editor.selection.active.line, character: editor.selection.active.character } : undefined;
  const selection = editor ? toRange(editor.selection) : undefined;
  const draft = draftFromMarkdown(doc.getText(), { ...(selection ? { selection } : {}), ...(cursor ? { cursor } : {}), fallback: fileTitle(documentUri) });
  const target = targetOf(documentUri, draft, cursor, selection);
  await GeneratePanel.show(s, { preset: 'illustration', prompt: draft.prompt, markdownTarget: markdownLinker(s, target, webCopier(s)) });
}

function fileTitle(uri: vscode.Uri): string {
  return path.posix.basename(uri.path).replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ');
}

function parsePosition(v: unknown, field: string): TextPosition {
  const p = v as { line?: unknown; character?: unknown } | null;
  if (!p || typeof p !== 'object' || !Number.isInteger(p.line) || (p.line as number) < 0 || (p.character !== undefined && (!Number.isInteger(p.character) || (p.character as number) < 0))) {
    throw new ValidationError(field, `${field} must be { line, character } with 0-based whole numbers.`);
  }
  return { line: p.line as number, character: (p.character as number | undefined) ?? 0 };
}

async function illustrateHeadless(s: Services, raw: unknown): Promise<IllustrateResult> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ValidationError('args', 'pixelsmith.illustrateMarkdown takes a vscode.Uri or { uri, prompt?, n?, save?, position?, selection? }.');
  }
  const a = raw as Record<string, unknown>;
  refuseUnknownArgs(a, OWN_KEYS);
  if (a.uri === undefined) throw new ValidationError('uri', 'uri is required: the markdown document to illustrate (a vscode.Uri or a path).');
  if (typeof a.uri !== 'string' && !(a.uri instanceof vscode.Uri)) throw new ValidationError('uri', 'uri must be a vscode.Uri or a path string.');
  const documentUri = resolveLocation(a.uri);
  const doc = await openMarkdown(documentUri);
  illustrateInsertSetting(documentUri); // a bad value is refused before generating
  const editor = editorFor(documentUri);
  const position = a.position !== undefined ? parsePosition(a.position, 'position') : editor ? parsePosition(editor.selection.active, 'position') : undefined;
  let selection: TextRange | undefined;
  if (a.selection !== undefined) {
    const r = a.selection as { start?: unknown; end?: unknown } | null;
    if (!r || typeof r !== 'object') throw new ValidationError('selection', 'selection must be { start, end } positions.');
    selection = { start: parsePosition(r.start, 'selection.start'), end: parsePosition(r.end, 'selection.end') };
  } else if (editor && a.position === undefined) selection = toRange(editor.selection);
  const draft = draftFromMarkdown(doc.getText(), { ...(selection ? { selection } : {}), ...(position ? { cursor: position } : {}), fallback: fileTitle(documentUri) });
  if (a.prompt !== undefined && (typeof a.prompt !== 'string' || a.prompt.trim() === '')) throw new ValidationError('prompt', 'prompt must be a non-empty string.');
  const prompt = (a.prompt as string | undefined) ?? draft.prompt;
  if (prompt.trim() === '') throw new ValidationError('prompt', `${fileTitle(documentUri)} has no text to draft a prompt from; pass prompt.`);
  const rest = Object.fromEntries(Object.entries(a).filter(([k]) => !(OWN_KEYS as readonly string[]).includes(k)));
  const parsed = parseGenerateArgs({ ...rest, prompt, preset: a.preset ?? 'illustration', save: a.save ?? 'all' });
  const target = targetOf(documentUri, draft, position, selection);
  const { saved, ...result } = await generateHeadless(s, parsed, { origin: 'markdown', source: illustrationSource(target) });
  const inserted = await insertIllustration(s, target, saved, prompt, webCopier(s));
  return { ...result, document: documentUri, prompt, inserted };
}
