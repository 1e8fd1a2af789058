// Pixelsmith: Check Text — a vision model reads the text in an image and Pixelsmith compares it with what was expected
// (the caller's strings, a translation's localize table, or the prompt's quoted strings). From the explorer or the
// gallery (a Uri) it shows a report and, for a translation that failed, offers to regenerate that language; with an
// object it runs headless and resolves to the verdicts. The result is recorded in the image's sidecar (`textCheck`).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PixelsmithError, toErrorInfo, ValidationError } from '../core/errors';
import { stringTableFromPrompt } from '../core/localize/plan';
import type { Location } from '../core/params';
import { parseSidecar, withTextCheck, type Sidecar } from '../core/sidecar';
import type { StringVerdict } from '../core/textCheck/compare';
import { expectedFor } from '../core/textCheck/expected';
import type { TextReaderId } from '../core/textCheck/reader';
import { readImageInput, resolveLocation } from '../platform/files';
import type { Services } from '../platform/services';
import { replaceFileAtomic } from '../platform/workspaceWrite';
import { configuredReader } from '../services/textCheckReaders';
import { checkFailed, reportMarkdown, runTextCheck, sidecarRecord, summaryLines, type TextCheckResult } from '../services/textCheckService';

/** What `pixelsmith.checkText` resolves to. */
export interface CheckTextResult {
  readonly reader: TextReaderId;
  readonly model: string;
  readonly strings: readonly StringVerdict[];
  readonly unexpected: readonly string[];
  /** Where the expected strings came from: argument, localize table, prompt or none. */
  readonly expectedFrom: TextCheckResult['expectedFrom'];
  /** Whether the result was written into the image's sidecar (images without one are checked but not recorded). */
  readonly recorded: boolean;
}

const ARG_NAMES = ['uri', 'expected'];

export function registerCheckText(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand('pixelsmith.checkText', (args?: unknown) => {
    if (args === undefined || args instanceof vscode.Uri) return checkInteractive(s, args);
    const a = parseArgs(args);
    return checkTextAt(s, resolveLocation(a.uri, undefined, 'uri'), a.expected).then(({ result, recorded }) => toResult(result, recorded));
  });
}

function parseArgs(raw: unknown): { uri: Location; expected?: unknown } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ValidationError('args', 'pixelsmith.checkText takes one object argument, e.g. { uri: "assets/hero.ko.png", expected: ["시작"] }.');
  }
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as { uri?: unknown; expected?: unknown };
  const unknown = Object.keys(given).find((k) => !ARG_NAMES.includes(k));
  if (unknown !== undefined) throw new ValidationError(unknown, `Unknown argument "${unknown}". Allowed: ${ARG_NAMES.join(', ')}.`, { allowed: ARG_NAMES });
  const uri = given.uri;
  const isUri = uri instanceof vscode.Uri || (typeof uri === 'object' && uri !== null && 'scheme' in uri && 'path' in uri);
  if (!(typeof uri === 'string' && uri.trim() !== '') && !isUri) throw new ValidationError('uri', 'uri must be a vscode.Uri or a path string (workspace-relative or absolute).');
  return { uri: uri as Location, ...(given.expected !== undefined ? { expected: given.expected } : {}) };
}

function toResult(r: TextCheckResult, recorded: boolean): CheckTextResult {
  return { reader: r.reader, model: r.model, strings: r.strings, unexpected: r.unexpected, expectedFrom: r.expectedFrom, recorded };
}

const sidecarOf = (uri: vscode.Uri) => uri.with({ path: `${uri.path}.json` });

async function readSidecarText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(sidecarOf(uri)));
  } catch {
    return undefined;
  }
}

/**
 * Check one image and record the result in its sidecar. A sidecar that does not parse is not rewritten (the check
 * still runs, against `expected` only): Pixelsmith never replaces a file it cannot read.
 */
export async function checkTextAt(s: Services, uri: vscode.Uri, expected?: unknown, signal?: AbortSignal): Promise<{ result: TextCheckResult; recorded: boolean; sidecar?: Sidecar }> {
  const want = expected !== undefined ? expectedFor(undefined, expected) : undefined; // bad arguments fail before anything is read or sent
  const image = await readImageInput(uri, 'uri');
  const text = await readSidecarText(uri);
  let sidecar: Sidecar | undefined;
  try {
    sidecar = text === undefined ? undefined : parseSidecar(text);
  } catch (e) {
    s.log.warn(`Check Text: ${path.posix.basename(uri.path)}.json is not a valid sidecar (${toErrorInfo(e).message}); the result is not recorded.`);
  }
  const reader = await configuredReader(s.keys);
  const result = await runTextCheck(reader, image, want ?? expectedFor(sidecar), signal);
  let recorded = false;
  if (sidecar && text !== undefined && vscode.workspace.getWorkspaceFolder(uri)) {
    await replaceFileAtomic(uri.with({ path: path.posix.dirname(uri.path) }), `${path.posix.basename(uri.path)}.json`, new TextEncoder().encode(withTextCheck(text, sidecarRecord(result))));
    recorded = true;
  }
  s.log.info(`Check Text: ${path.posix.basename(uri.path)} read by ${result.model}: ${result.strings.filter((x) => x.verdict === 'match').length}/${result.strings.length} matched, ${result.unexpected.length} unexpected.`);
  return { result, recorded, ...(sidecar ? { sidecar } : {}) };
}

async function checkInteractive(s: Services, given: vscode.Uri | undefined): Promise<CheckTextResult | undefined> {
  const uri = given ?? await pickImage();
  if (!uri) return undefined;
  const name = path.posix.basename(uri.path);
  let out: Awaited<ReturnType<typeof checkTextAt>>;
  try {
    out = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pixelsmith: reading the text in {0}…', name), cancellable: true }, (_p, token) => {
      const ctl = new AbortController();
      token.onCancellationRequested(() => ctl.abort());
      return checkTextAt(s, uri, undefined, ctl.signal);
    });
  } catch (e) {
    const info = toErrorInfo(e);
    if (info.code === 'cancelled') return undefined;
    const open = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Pixelsmith: Check Text: {0}', info.message), ...(info.code === 'config' ? [open] : []));
    if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'pixelsmith.textCheck');
    return undefined;
  }
  await s.reports.show(`Text check — ${name}.md`, reportMarkdown(name, out.result, out.recorded));
  await offerRegenerate(uri, out.result, out.sidecar);
  return toResult(out.result, out.recorded);
}

/** After a failed check of a translation: "Regenerate this language" localizes the original into it again. */
export async function offerRegenerate(uri: vscode.Uri, r: TextCheckResult, sidecar: Sidecar | undefined): Promise<void> {
  const name = path.posix.basename(uri.path);
  if (!checkFailed(r)) {
    if (r.strings.length) void vscode.window.showInformationMessage(r.strings.length === 1 ? vscode.l10n.t('Pixelsmith: the expected string in {0} reads as written.', name) : vscode.l10n.t('Pixelsmith: all {0} expected strings in {1} read as written.', r.strings.length, name));
    return;
  }
  const detail = summaryLines(r).join('\n');
  const bad = r.strings.filter((x) => x.verdict !== 'match').length;
  const parent = sidecar?.language && sidecar.parent ? parentUri(uri, sidecar.parent.file) : undefined;
  const regenerate = vscode.l10n.t('Regenerate this language');
  const choice = await vscode.window.showWarningMessage(r.strings.length === 1 ? vscode.l10n.t('Pixelsmith: the expected string in {0} did not read as written.', name) : vscode.l10n.t('Pixelsmith: {0} of {1} expected strings in {2} did not read as written.', bad, r.strings.length, name), { detail }, ...(parent ? [regenerate] : []));
  if (choice !== regenerate || !parent || !sidecar?.language) return;
  const table = stringTableFromPrompt(sidecar.prompt);
  await vscode.commands.executeCommand('pixelsmith.localize', {
    uri: parent, languages: [sidecar.language], ...(Object.keys(table).length ? { strings: { [sidecar.language]: table } } : {}),
  }).then((res) => {
    const saved = (res as { results?: { images?: { savedUri?: vscode.Uri }[] }[] } | undefined)?.results?.flatMap((x) => x.images ?? []).flatMap((i) => i.savedUri ? [i.savedUri] : []) ?? [];
    if (saved.length) void vscode.window.showInformationMessage(vscode.l10n.t('Pixelsmith: regenerated {0}: {1}.', sidecar.language ?? '', saved.map((u) => path.posix.basename(u.path)).join(', ')));
  }, (e: unknown) => {
    const info = toErrorInfo(e);
    if (info.code !== 'cancelled') void vscode.window.showErrorMessage(vscode.l10n.t('Pixelsmith: Regenerate {0}: {1}', sidecar.language ?? '', info.message));
  });
}

function parentUri(uri: vscode.Uri, file: string): vscode.Uri | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const target = vscode.Uri.joinPath(folder.uri, ...file.split('/'));
  // The sidecar is checked (no "..", no absolute path), so this stays in the folder; said again for the reader.
  if (!target.path.startsWith(`${folder.uri.path.replace(/\/$/, '')}/`)) throw new PixelsmithError('outside-workspace', `parent: ${file} is outside the workspace folder.`, { field: 'parent' });
  return target;
}

async function pickImage(): Promise<vscode.Uri | undefined> {
  const active = (vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: vscode.Uri } | undefined)?.uri;
  if (active && /\.(png|jpe?g|webp)$/i.test(active.path)) return active;
  const [picked] = await vscode.window.showOpenDialog({
    canSelectMany: false, openLabel: 'Check Text', title: 'Pixelsmith: the image whose text to check',
    filters: { Images: ['png', 'jpg', 'jpeg', 'webp'] }, ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  }) ?? [];
  return picked;
}
