// Build Assets: the manifest's missing and changed entries, asked for once, with progress per entry; CodeLens above each
// entry says whether it is built, what it would cost, and opens the output. Automation: `pixelsmith.buildAssets`.
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { estimateCost, formatUsd } from '../core/cost';
import { ValidationError } from '../core/errors';
import { once } from '../core/once';
import type { ParsedManifest } from '../core/manifest/parse';
import { planBuild } from '../core/manifest/plan';
import { MANIFEST_FILE } from '../core/manifest/schema';
import { describeArgIssue } from '../core/params';
import { resolveLocation } from '../platform/files';
import { confirmBatchCost } from '../platform/confirmCost';
import { locateManifest, outputUri, planSources, readManifest, writeOutput, type ManifestAt } from '../platform/manifest';
import { requestSources } from '../platform/requestSources';
import type { SavedAsset } from '../platform/saveAssets';
import type { Services } from '../platform/services';
import { submitBatch, waitingEntries } from '../services/batchBuild';
import { registerBatches, type Batches } from './batches';
import { buildAssets, type AssetBuildDeps, type BuildResult } from '../services/assetBuild';
import { requestFromArgs } from '../services/requestBuilder';

const buildArgs = once(() => z.strictObject({
  manifest: z.optional(z.union([z.string().check(z.minLength(1)), z.custom<vscode.Uri>((v) => v instanceof vscode.Uri)])),
  ids: z.optional(z.array(z.string())),
  dryRun: z.optional(z.boolean()),
  skipCostConfirmation: z.optional(z.boolean()),
  batch: z.optional(z.boolean()),
}));

export function registerBuildAssets(s: Services): vscode.Disposable {
  const lenses = new ManifestLenses(s);
  const batches = registerBatches(s);
  return vscode.Disposable.from(
    lenses, batches,
    vscode.languages.registerCodeLensProvider({ pattern: `**/${MANIFEST_FILE}` }, lenses),
    vscode.commands.registerCommand('pixelsmith.buildAssets', async (raw?: unknown) => {
      const interactive = raw === undefined || raw instanceof vscode.Uri;
      const args = interactive ? { ...(raw instanceof vscode.Uri ? { manifest: raw } : {}) } : parseArgs(raw);
      try {
        const result = await runBuild(s, batches, args);
        if (interactive) void report(result, args.dryRun === true);
        return result;
      } finally {
        lenses.refresh();
      }
    }),
  );
}

function parseArgs(raw: unknown): z.output<ReturnType<typeof buildArgs>> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError('args', 'pixelsmith.buildAssets takes one object argument, e.g. { dryRun: true }.');
  const result = buildArgs().safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const allowed = Object.keys(buildArgs().shape);
    throw new ValidationError(issue.keys[0]!, `Unknown argument "${issue.keys[0]}". Allowed: ${allowed.join(', ')}.`, { allowed });
  }
  const { field, message } = describeArgIssue(issue, raw);
  throw new ValidationError(field, message);
}

async function runBuild(s: Services, batches: Batches, a: z.output<ReturnType<typeof buildArgs>>): Promise<BuildResult> {
  // Unsaved edits to the manifest are saved first: a build follows what the editor shows.
  const at = await locateManifest(typeof a.manifest === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(a.manifest) ? a.manifest : a.manifest ? resolveLocation(a.manifest) : undefined);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === at.uri.toString());
  if (open?.isDirty) await open.save();
  const parsed = await readManifest(at);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pixelsmith: building {0}', MANIFEST_FILE), cancellable: true }, (progress, token) => {
    const ctl = new AbortController();
    const sub = token.onCancellationRequested(() => ctl.abort());
    let done = 0;
    return buildAssets(parsed, deps(s, at, batches), {
      ...(a.ids ? { ids: a.ids } : {}), ...((a.batch ?? parsed.manifest.defaults?.batch) ? { batch: true } : {}), ...(a.dryRun ? { dryRun: true } : {}), ...(a.skipCostConfirmation ? { skipCostConfirmation: true } : {}),
      signal: ctl.signal,
      onProgress: (id, state) => { if (state !== 'started') progress.report({ message: vscode.l10n.t('{0} done, last: {1} {2}', ++done, id, state) }); },
    }).finally(() => sub.dispose());
  });
}

function deps(s: Services, at: ManifestAt, batches: Batches): AssetBuildDeps<vscode.Uri, SavedAsset> {
  const sources = requestSources(s);
  return {
    generation: s.generation, log: s.log, plan: planSources(at.root),
    requestFor: async (e) => requestFromArgs({ ...e, references: e.references ? await Promise.all(e.references.map((r) => outputUri(at.root, r))) : undefined, n: 1 }, sources),
    confirm: (reqs) => confirmBatchCost(reqs, `Build ${reqs.length} asset(s) from ${MANIFEST_FILE}`, () => s.spend.monthSpend()),
    write: (item, generationId) => writeOutput(s, at.root, item, generationId),
    batch: async (items) => {
      const sent = await submitBatch(batches.deps, at.root.uri.toString(), items);
      void batches.check();
      return sent.map((b) => b.id);
    },
    waiting: () => waitingEntries(batches.deps.store, at.root.uri.toString()),
  };
}

async function report(r: BuildResult, dryRun: boolean): Promise<void> {
  const cost = r.estimateUsd === null ? vscode.l10n.t('unknown price') : formatUsd(r.estimateUsd);
  const parts = dryRun
    ? [vscode.l10n.t('would build {0} ({1})', r.planned.length, cost), vscode.l10n.t('{0} up to date', r.skipped.length)]
    : [vscode.l10n.t('built {0}', r.built.length), ...(r.batchId ? [vscode.l10n.t('{0} sent as batch {1} (saved when it completes, within 24 h)', r.batched?.length ?? 0, (r.batchIds ?? []).join(', '))] : []), vscode.l10n.t('{0} up to date', r.skipped.length), ...(r.failed.length ? [vscode.l10n.t('{0} failed', r.failed.length)] : [])];
  if (r.conflicts.length) parts.push(vscode.l10n.t('{0} left untouched ({1}: a file without this manifest\'s sidecar is there)', r.conflicts.length, r.conflicts.join(', ')));
  const text = vscode.l10n.t('Pixelsmith: {0}.', parts.join(', '));
  if (r.failed.length) void vscode.window.showWarningMessage(text, { detail: r.failed.map((f) => `${f.id}: ${f.error}`).join('\n') });
  else void vscode.window.showInformationMessage(text);
}

/** Above each entry: Build / Rebuild / Up to date, its estimate, and Open when the output exists. */
class ManifestLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly s: Services) {
    this.subs = [vscode.workspace.onDidSaveTextDocument((d) => { if (d.uri.path.endsWith(MANIFEST_FILE)) this.refresh(); })];
  }

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const root = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!root) return [];
    let parsed: ParsedManifest;
    try {
      parsed = await readManifest({ root, uri: doc.uri }, doc.getText());
    } catch {
      return []; // The JSON language service shows what is wrong, from the schema.
    }
    const plan = await planBuild(parsed.entries, planSources(root)).catch(() => []);
    const sources = requestSources(this.s);
    const lenses: vscode.CodeLens[] = [];
    for (const item of plan) {
      const range = new vscode.Range(doc.positionAt(item.entry.offset), doc.positionAt(item.entry.offset));
      const build = { command: 'pixelsmith.buildAssets', arguments: [{ manifest: doc.uri, ids: [item.entry.id] }] };
      const estimate = await requestFromArgs({ ...item.entry, references: [], n: 1 }, sources).then((r) => estimateCost(r).usd, () => null);
      const price = estimate === null ? vscode.l10n.t('price unknown') : `~${formatUsd(estimate)}`;
      // A translation's lenses sit on its entry's line, after the entry's own, named by their language.
      const lang = item.translation ? `${item.translation.language}: ` : '';
      if (item.status === 'missing') lenses.push(new vscode.CodeLens(range, { ...build, title: `$(play) ${lang}${vscode.l10n.t('Build ({0})', price)}` }));
      if (item.status === 'changed') lenses.push(new vscode.CodeLens(range, { ...build, title: `$(refresh) ${lang}${vscode.l10n.t('Rebuild: spec changed ({0})', price)}` }));
      if (item.status === 'up-to-date') lenses.push(new vscode.CodeLens(range, { title: `$(check) ${lang}${vscode.l10n.t('Up to date')}`, command: '' }));
      if (item.status === 'conflict') lenses.push(new vscode.CodeLens(range, { title: `$(warning) ${lang}${vscode.l10n.t('Output exists without this manifest\'s sidecar')}`, command: '' }));
      if (item.status !== 'missing') lenses.push(new vscode.CodeLens(range, { title: `${lang}${vscode.l10n.t('Open')}`, command: 'vscode.open', arguments: [vscode.Uri.joinPath(root.uri, item.entry.output)] }));
    }
    return lenses;
  }

  dispose(): void {
    this.subs.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}
