// Pixelsmith: Localize… — the image's text redrawn in other languages, one edit per language, saved beside the
// original as <name>.<lang>.<ext>. Without arguments (or with a Uri from the explorer or the gallery) it asks;
// with an object it runs headless and resolves to each language's result. The work is the LocalizeService's.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { relativeTo } from '../core/savePlan';
import { PixelsmithError, toErrorInfo } from '../core/errors';
import { sha256 } from '../core/history';
import { parseLocalizeArgs, type LocalizeArgs } from '../core/localize/args';
import { languageFor, orderForPicker, updateRecent } from '../core/localize/languages';
import { localizedBaseName, parseStringTableText, type StringTable } from '../core/localize/plan';
import { parseSidecar } from '../core/sidecar';
import { expectedFor } from '../core/textCheck/expected';
import type { ImageFormat, ImageRequest } from '../core/types';
import { validateRequest } from '../core/validate';
import { confirmCost } from '../platform/confirmCost';
import { readImageInput, resolveLocation } from '../platform/files';
import { requestSources } from '../platform/requestSources';
import { containingFolder } from '../platform/saveAssets';
import type { Services } from '../platform/services';
import { setting } from '../platform/settings';
import { requestFromArgs } from '../services/requestBuilder';
import { localize, type LocalizeJob, type LocalizeOutcome } from '../services/localizeService';
import type { SavedAsset } from '../platform/saveAssets';
import { resultOf, type GenerateResult } from './generate';
import { checkTextAt, offerRegenerate, type CheckTextResult } from './checkText';
import { chosenReader } from '../services/textCheckReaders';
import { userOnlySetting } from '../platform/settings';

export interface LocalizeResult {
  readonly results: (Omit<GenerateResult, 'generationId' | 'status' | 'costUsd'> & {
    readonly language: string;
    readonly generationId: string | null;
    readonly status: GenerateResult['status'] | 'failed';
    readonly costUsd: number | null;
    /** With pixelsmith.textCheck.afterLocalize: the text check of the saved translation, or why it could not run. */
    readonly textCheck?: Omit<CheckTextResult, 'recorded'> | { readonly error: { readonly code: string; readonly message: string } };
  })[];
}

const RECENT_KEY = 'pixelsmith.localize.recentLanguages';
const FORMAT: Record<string, ImageFormat> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp' };

export function registerLocalize(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand('pixelsmith.localize', (args?: unknown) => {
    if (args === undefined || args instanceof vscode.Uri) return localizeInteractive(s, args);
    return localizeHeadless(s, parseLocalizeArgs(args));
  });
}

/** Headless: every language in parallel (within the concurrency setting), the batch confirmed once. */
export async function localizeHeadless(s: Services, a: LocalizeArgs): Promise<LocalizeResult> {
  const outcomes = await runWithProgress(s, a);
  const checks = await checkAfterLocalize(s, outcomes);
  return { results: outcomes.map((o) => withCheck(resultFor(s, o), checks.get(o.language))) };
}

type AfterCheck = Awaited<ReturnType<typeof checkTextAt>> | { error: { code: string; message: string } };

/**
 * With pixelsmith.textCheck.afterLocalize (and a reader chosen), each saved translation's text is checked, in
 * parallel, against its localize table (recorded in its sidecar). A translation the model translated freely has no
 * expected strings: it is not sent to be read.
 */
async function checkAfterLocalize(s: Services, outcomes: readonly LocalizeOutcome<SavedAsset>[]): Promise<Map<string, AfterCheck>> {
  const out = new Map<string, AfterCheck>();
  if (userOnlySetting('textCheck.afterLocalize') !== true || !chosenReader()) return out;
  const todo = outcomes.filter((o) => o.saved[0] && o.saved[0].sidecar && expectedFor(o.saved[0].sidecar).strings.length > 0);
  if (todo.length === 0) return out;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pixelsmith: checking the text of ${todo.map((o) => o.language).join(', ')}…` }, () =>
    Promise.all(todo.map(async (o) => {
      try {
        out.set(o.language, await checkTextAt(s, o.saved[0]!.uri));
      } catch (e) {
        const info = toErrorInfo(e);
        s.log.warn(`Check Text after Localize (${o.language}): ${info.message}`);
        out.set(o.language, { error: { code: info.code, message: info.message } });
      }
    })));
  return out;
}

function withCheck(r: LocalizeResult['results'][number], c: AfterCheck | undefined): LocalizeResult['results'][number] {
  if (!c) return r;
  if ('error' in c) return { ...r, textCheck: { error: c.error } };
  const { reader, model, strings, unexpected, expectedFrom } = c.result;
  return { ...r, textCheck: { reader, model, strings, unexpected, expectedFrom } };
}

async function runWithProgress(s: Services, a: LocalizeArgs): Promise<LocalizeOutcome<SavedAsset>[]> {
  const job = await buildJob(s, a);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pixelsmith: Localize'), cancellable: true }, async (progress, token) => {
    const ctl = new AbortController();
    const sub = token.onCancellationRequested(() => ctl.abort());
    let done = 0;
    progress.report({ message: `${a.languages.join(', ')}…` });
    try {
      return await localize(s.generation, job, {
        origin: 'command', signal: ctl.signal, confirmBatch: (req) => confirmCost(req),
        ...(a.skipCostConfirmation ? { skipCostConfirmation: true } : {}),
        onEvent: (language, e) => {
          if (e.kind === 'finished') progress.report({ increment: 100 / a.languages.length, message: e.record.images.length ? vscode.l10n.t('{0} done ({1}/{2})', language, ++done, a.languages.length) : vscode.l10n.t('{0} failed ({1}/{2})', language, ++done, a.languages.length) });
        },
      });
    } finally {
      sub.dispose();
    }
  });
}

function resultFor(s: Services, o: LocalizeOutcome<SavedAsset>): LocalizeResult['results'][number] {
  if (o.record) return { language: o.language, ...resultOf(s, o.record, o.saved) };
  return { language: o.language, generationId: null, status: 'failed', costUsd: null, images: [], errors: o.error ? [{ code: o.error.code, message: o.error.message }] : [] };
}

/** The original read once: its bytes go to every edit; its sidecar (when there is one) gives the size it was made at. */
async function buildJob(s: Services, a: LocalizeArgs): Promise<LocalizeJob<vscode.Uri>> {
  const uri = resolveLocation(a.uri, undefined, 'uri');
  const folder = uri.with({ path: path.posix.dirname(uri.path) });
  if (!vscode.workspace.getWorkspaceFolder(uri)) {
    throw new PixelsmithError('outside-workspace', `uri: ${uri.scheme === 'file' ? uri.fsPath : uri.toString()} is outside the workspace; Localize saves its copies beside the original, so the original must be in the workspace.`, { field: 'uri', retryable: false });
  }
  const root = await containingFolder(folder);
  const original = await readImageInput(uri, 'uri');
  const sidecar = await readSidecar(uri);
  const outputFormat = FORMAT[original.mimeType]!;
  const base = await requestFromArgs({
    prompt: 'localize', outputFormat,
    ...(a.provider ? { provider: a.provider } : {}), ...(a.model ? { model: a.model } : {}), ...(a.quality ? { quality: a.quality } : {}),
  }, requestSources(s));
  const { prompt: _p, n: _n, ...shared } = { ...base, references: [original] };
  const size = sidecar?.parameters.size;
  const withSize = size && size !== 'auto' && fits({ ...shared, size, prompt: 'localize', n: 1 }) ? { ...shared, size } : shared;
  const fileName = path.posix.basename(uri.path);
  let originalBase = fileName.replace(/\.[^.]+$/, '');
  // A translation localized again is named after its original: hero.ko.png → hero.ja.png.
  if (sidecar?.language && originalBase.toLowerCase().endsWith(`.${sidecar.language.toLowerCase()}`)) originalBase = originalBase.slice(0, -sidecar.language.length - 1);
  const pattern = setting('naming.pattern', folder) || '{slug}';
  const now = new Date();
  return {
    base: withSize, languages: a.languages, strings: a.strings, save: a.save, folder,
    parent: { file: relativeTo(root.uri.path, uri.path), sha256: sha256(original.bytes) },
    baseName: (language) => localizedBaseName(originalBase, language, pattern, now),
  };
}

/** Whether the model takes this request (the original's size may not suit the model chosen now). */
function fits(req: ImageRequest): boolean {
  try {
    validateRequest(req);
    return true;
  } catch {
    return false;
  }
}

async function readSidecar(uri: vscode.Uri): Promise<ReturnType<typeof parseSidecar> | undefined> {
  try {
    return parseSidecar(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri.with({ path: `${uri.path}.json` }))));
  } catch {
    return undefined;
  }
}

/** The command from the palette, the explorer or the gallery: pick the image, the languages, maybe exact strings. */
async function localizeInteractive(s: Services, given: vscode.Uri | undefined): Promise<LocalizeResult | undefined> {
  const uri = given ?? (await pickImage());
  if (!uri) return undefined;
  const languages = await pickLanguages(s);
  if (!languages?.length) return undefined;
  const strings = await askStrings(languages);
  if (!strings) return undefined;
  await s.context.workspaceState.update(RECENT_KEY, updateRecent(recentLanguages(s), languages));
  return runAndReport(s, { uri, languages, strings, save: 'all' });
}

async function runAndReport(s: Services, a: LocalizeArgs): Promise<LocalizeResult | undefined> {
  let outcomes: LocalizeOutcome<SavedAsset>[];
  try {
    outcomes = await runWithProgress(s, a);
  } catch (e) {
    const info = toErrorInfo(e);
    if (info.code !== 'cancelled') void vscode.window.showErrorMessage(vscode.l10n.t('Pixelsmith: Localize: {0}', info.message));
    return undefined;
  }
  const failed = outcomes.filter((o) => o.error);
  const saved = outcomes.flatMap((o) => o.saved);
  const checks = await checkAfterLocalize(s, outcomes);
  for (const [language, c] of checks) {
    const uri = outcomes.find((o) => o.language === language)?.saved[0]?.uri;
    if (uri && !('error' in c)) void offerRegenerate(uri, c.result, c.sidecar);
  }
  if (failed.length === 0) {
    const open = vscode.l10n.t('Open');
    void vscode.window.showInformationMessage(vscode.l10n.t('Pixelsmith: saved {0}.', saved.map((x) => path.posix.basename(x.uri.path)).join(', ')), open).then((c) => {
      if (c === open) for (const x of saved) void vscode.commands.executeCommand('vscode.open', x.uri, { preview: false });
    });
  } else {
    const retry = failed.length === 1 ? vscode.l10n.t('Retry {0}', failed[0]!.language) : vscode.l10n.t('Retry {0} languages', failed.length);
    const why = failed.map((o) => `${o.language}: ${o.error!.message}`).join('\n');
    const choice = await vscode.window.showWarningMessage(
      saved.length
        ? vscode.l10n.t('Pixelsmith: Localize: {0} of {1} languages failed; saved {2}.', failed.length, outcomes.length, saved.length)
        : vscode.l10n.t('Pixelsmith: Localize: {0} of {1} languages failed.', failed.length, outcomes.length),
      { detail: why }, retry);
    if (choice === retry) {
      const langs = failed.map((o) => o.language);
      const strings = Object.fromEntries(Object.entries(a.strings).filter(([k]) => langs.includes(k)));
      return runAndReport(s, { ...a, languages: langs, strings });
    }
  }
  return { results: outcomes.map((o) => withCheck(resultFor(s, o), checks.get(o.language))) };
}

function recentLanguages(s: Services): string[] {
  const v = s.context.workspaceState.get<unknown>(RECENT_KEY);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 12) : [];
}

async function pickImage(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri ?? (vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: vscode.Uri } | undefined)?.uri;
  if (active && /\.(png|jpe?g|webp)$/i.test(active.path)) return active;
  const [picked] = await vscode.window.showOpenDialog({
    canSelectMany: false, openLabel: vscode.l10n.t('Localize'), title: vscode.l10n.t('Pixelsmith: the image to localize'),
    filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp'] }, ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  }) ?? [];
  return picked;
}

interface LanguageItem extends vscode.QuickPickItem { readonly tag?: string }

/** A searchable multi-select of the languages (name, native name or tag), the workspace's recent choices first. */
async function pickLanguages(s: Services): Promise<string[] | undefined> {
  const { recent, others } = orderForPicker(recentLanguages(s));
  const item = (l: ReturnType<typeof languageFor>): LanguageItem => ({ label: l.name, description: `${l.native} · ${l.tag}${l.rtl ? ` · ${vscode.l10n.t('right to left')}` : ''}`, tag: l.tag });
  const items: LanguageItem[] = [
    ...(recent.length ? [{ label: vscode.l10n.t('Recent'), kind: vscode.QuickPickItemKind.Separator }, ...recent.map(item)] : []),
    { label: vscode.l10n.t('All languages'), kind: vscode.QuickPickItemKind.Separator }, ...others.map(item),
  ];
  const qp = vscode.window.createQuickPick<LanguageItem>();
  qp.title = vscode.l10n.t('Pixelsmith: Localize into…');
  qp.placeholder = vscode.l10n.t('Type to search by name or tag (ko, ar, zh-Hans); a BCP 47 tag not listed can be typed and added');
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.items = items;
  qp.ignoreFocusOut = true;
  return new Promise((resolve) => {
    const subs = [
      qp.onDidChangeValue((v) => {
        const t = v.trim();
        const known = items.some((i) => i.tag?.toLowerCase() === t.toLowerCase());
        const custom = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(t) && !known ? [{ label: languageFor(t).name, description: `${t} · ${vscode.l10n.t('custom tag')}`, tag: t, alwaysShow: true }] : [];
        const selected = qp.selectedItems;
        qp.items = [...custom, ...items];
        qp.selectedItems = selected.filter((i) => items.includes(i));
      }),
      qp.onDidAccept(() => { resolve(qp.selectedItems.map((i) => i.tag!).filter(Boolean)); qp.hide(); }),
      qp.onDidHide(() => { resolve(undefined); for (const d of subs) d.dispose(); qp.dispose(); }),
    ];
    qp.show();
  });
}

/** Optionally the exact strings, per language, as `Source = Translation; …`; undefined when the user gave up. */
async function askStrings(languages: readonly string[]): Promise<Record<string, StringTable> | undefined> {
  const translate = vscode.l10n.t('Let the model translate');
  const exact = vscode.l10n.t('Give the exact strings…');
  const how = await vscode.window.showQuickPick([translate, exact], { title: vscode.l10n.t('Pixelsmith: Localize — the text'), ignoreFocusOut: true });
  if (how === undefined) return undefined;
  if (how === translate) return {};
  const out: Record<string, StringTable> = {};
  for (const tag of languages) {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Exact strings for {0} ({1})', languageFor(tag).name, tag), ignoreFocusOut: true,
      prompt: vscode.l10n.t('Source = Translation, separated by ";" — leave empty to let the model translate this language'),
      validateInput: (v) => { try { parseStringTableText(v); return undefined; } catch (e) { return toErrorInfo(e).message; } },
    });
    if (text === undefined) return undefined;
    const table = parseStringTableText(text);
    if (Object.keys(table).length) out[tag] = table;
  }
  return out;
}
