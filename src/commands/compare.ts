// Pixelsmith: Compare Models…: without arguments it opens the Generate panel's comparison; with arguments
// (`pixelsmith.compare`) it runs headless and resolves to one result per model, in the order asked.
import * as vscode from 'vscode';
import type { ErrorInfo } from '../core/errors';
import { GeneratePanel } from '../panels/generatePanel';
import { confirmBatchCost } from '../platform/confirmCost';
import { resolveLocation } from '../platform/files';
import { requestSources } from '../platform/requestSources';
import { containingFolder, saveFromHistory, type SavedAsset } from '../platform/saveAssets';
import type { Services } from '../platform/services';
import { parseCompareArgs, type CompareArgs } from '../services/compareArgs';
import { fitColumn } from '../services/compareFit';
import { CompareService, type CompareColumn } from '../services/compareService';
import { requestFromArgs } from '../services/requestBuilder';
import { resultOf, type GenerateResult } from './generate';

export interface CompareModelResult extends Omit<GenerateResult, 'generationId'> {
  readonly provider: string;
  readonly model: string;
  /** Null when the model was refused before it started (no key, for one). */
  readonly generationId: string | null;
  readonly firstImageMs: number | null;
  readonly totalMs: number | null;
}

export interface CompareResult { readonly results: readonly CompareModelResult[] }

export function registerCompareCommand(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand('pixelsmith.compare', (args?: unknown) => {
    if (args === undefined || args instanceof vscode.Uri) return GeneratePanel.show(s, { compare: true });
    return compareHeadless(s, parseCompareArgs(args));
  });
}

/** The comparison service over the extension's GenerationService, asking one cost question for the sum. */
export function compareService(s: Services): CompareService {
  return new CompareService({
    generation: s.generation,
    confirmBatch: (reqs) => confirmBatchCost(reqs, `Compare ${reqs.length} models`, () => s.spend.monthSpend()),
  });
}

export async function compareHeadless(s: Services, a: CompareArgs): Promise<CompareResult> {
  // A destination outside the workspace is refused before anything is paid for.
  const folder = a.folder && a.save !== 'none' ? resolveLocation(a.folder) : undefined;
  if (folder) await containingFolder(folder);
  const src = requestSources(s);
  const reqs = await Promise.all(a.models.map(async (m) => fitColumn(await requestFromArgs({
    prompt: a.prompt, provider: m.provider, model: m.model, ...(a.n !== undefined ? { n: a.n } : {}), ...(a.references ? { references: a.references } : {}),
  }, src))));
  const columns = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification, title: `Pixelsmith: comparing ${reqs.length} models`, cancellable: true,
  }, (progress, token) => {
    const ctl = new AbortController();
    const sub = token.onCancellationRequested(() => ctl.abort());
    let done = 0;
    return compareService(s).run(reqs, {
      origin: 'command', signal: ctl.signal, ...(a.skipCostConfirmation ? { skipCostConfirmation: true } : {}),
      onColumn: (_c, r) => progress.report({ increment: 100 / reqs.length, message: `${++done}/${reqs.length}: ${r.model} ${r.status}` }),
    }).finally(() => sub.dispose());
  });
  const results: CompareModelResult[] = [];
  for (const c of columns) results.push(await columnResult(s, c, a, folder));
  return { results };
}

async function columnResult(s: Services, c: CompareColumn, a: CompareArgs, folder: vscode.Uri | undefined): Promise<CompareModelResult> {
  const times = { provider: c.provider, model: c.model, firstImageMs: c.firstImageMs, totalMs: c.totalMs };
  if (!c.record) return { ...times, generationId: c.generationId, status: c.status, costUsd: c.costUsd, images: [], errors: c.error ? [errorOf(c.error)] : [] };
  const have = c.record.images.map((i) => i.index);
  const indices = a.save === 'all' ? have : a.save === 'none' ? [] : a.save.filter((i) => have.includes(i));
  const saved: SavedAsset[] = indices.length ? await saveFromHistory(s, { generationId: c.record.id, indices, ...(folder ? { folder } : {}) }) : [];
  return { ...times, ...resultOf(s, c.record, saved) };
}

function errorOf(e: ErrorInfo): { code: string; message: string } {
  return { code: e.code, message: e.hint && !e.message.includes(e.hint) ? `${e.message} ${e.hint}` : e.message };
}
