// Builds a manifest's assets incrementally: plan (what is missing or changed), estimate the total, ask once, then
// generate each entry through the GenerationService and write its output with a sidecar that remembers the spec.
// No `vscode`: the file system, the cost question and the writing of outputs are injected.
import { estimateCost } from '../core/cost';
import { PixelsmithError, toErrorInfo } from '../core/errors';
import type { Logger } from '../core/log';
import type { ParsedManifest, ResolvedEntry } from '../core/manifest/parse';
import { needsBuild, planBuild, type PlanItem, type PlanSources } from '../core/manifest/plan';
import { MANIFEST_FILE } from '../core/manifest/schema';
import { entriesFor, outputsOf, selectPlan } from '../core/manifest/translations';
import type { ImageRequest } from '../core/types';
import { validateRequest } from '../core/validate';
import { batchEstimate } from './batchBuild';
import { BATCH_PRICE_FACTOR, isBatchable } from '../core/batch/backend';
import { declinedAtConfirmation, type GenerationService } from './generationService';
import { generateTranslation, plannedTranslationRequest } from './manifestTranslations';

export interface AssetBuildDeps<Location, Saved> {
  readonly generation: GenerationService<Location, Saved>;
  readonly plan: PlanSources;
  /** The request an entry stands for (settings fill what the manifest leaves out). */
  readonly requestFor: (entry: ResolvedEntry) => Promise<ImageRequest>;
  /** Asks once for the total (false stops before anything is sent); a request that goes into a batch carries the batch's priceFactor. */
  readonly confirm: (requests: readonly (ImageRequest & { readonly priceFactor?: number })[]) => Promise<boolean>;
  /** Writes image 0 of the generation to the entry's output, with its sidecar (replacing only this manifest's own output). */
  readonly write: (item: PlanItem, generationId: string) => Promise<void>;
  readonly log: Logger;
  /** Batch mode: submits OpenAI and Gemini text-to-image entries as batches; resolves to their ids (results arrive later). */
  readonly batch?: (items: readonly { item: PlanItem; request: ImageRequest }[]) => Promise<readonly string[]>;
  /** Entries already waiting in a batch that has not ended (entry id → batch id): left out, never paid for twice. */
  readonly waiting?: () => Promise<ReadonlyMap<string, string>>;
}

export interface BuildOptions {
  /** Only these entries (by id); unknown ids are an error. */
  readonly ids?: readonly string[];
  readonly dryRun?: boolean;
  readonly skipCostConfirmation?: boolean;
  /** OpenAI and Gemini text-to-image entries go to their batch APIs (half price, within 24 h); others run directly. */
  readonly batch?: boolean;
  readonly signal?: AbortSignal;
  /** Per plan item: an entry id, or a translation's `<id>@<lang>`. */
  readonly onProgress?: (entryId: string, state: 'started' | 'built' | 'failed') => void;
  /** The plan and its estimate, before anything is asked or sent. */
  readonly onPlan?: (plan: readonly PlanItem[], estimateUsd: number | null) => void;
}

export interface BuildResult {
  readonly planned: string[];
  readonly built: string[];
  readonly skipped: string[];
  readonly conflicts: string[];
  readonly failed: { id: string; error: string }[];
  /** Actual cost of what was built (dry run: 0); null when a price was unknown. */
  readonly costUsd: number | null;
  /** The estimate for what was planned; null when a price is unknown. */
  readonly estimateUsd: number | null;
  /** The batch the batchable entries went into (their results are saved when it completes); the first when there are several. */
  readonly batchId?: string;
  /** Every batch of this build (one per provider; Gemini: one per model, split when large). */
  readonly batchIds?: string[];
  /** Entries submitted in the batch (not yet built). */
  readonly batched?: string[];
  /** Why each entry is built, skipped or left alone, for people. */
  readonly reasons: Record<string, string>;
}

export async function buildAssets<L, S>(parsed: ParsedManifest, d: AssetBuildDeps<L, S>, o: BuildOptions = {}): Promise<BuildResult> {
  const entries = pick(parsed.entries, o.ids);
  const plan = selectPlan(await planBuild(entries, d.plan), o.ids);
  const waiting = (await d.waiting?.()) ?? new Map<string, string>();
  const isWaiting = (i: PlanItem) => needsBuild(i) && waiting.has(i.entry.id);
  const todo = plan.filter((i) => needsBuild(i) && !isWaiting(i));
  // Every request is built and checked before anything is asked or sent: one bad entry stops the build, naming it.
  const requests = await Promise.all(todo.map(async (item) => {
    try {
      return validateRequest(item.translation ? await plannedTranslationRequest(d, item) : await d.requestFor(item.entry));
    } catch (e) {
      const info = toErrorInfo(e);
      throw new PixelsmithError(info.code, `${MANIFEST_FILE}: ${item.entry.id}: ${info.message}`, { ...(info.field ? { field: info.field } : {}), ...(info.allowed ? { allowed: info.allowed } : {}) });
    }
  }));
  // An entry with languages runs directly: its translations are edits of its output, made once it is written.
  const inBatch = todo.map((item, i) => o.batch === true && d.batch !== undefined && isBatchable(requests[i]!) && !item.entry.languages?.length && !item.translation);
  const estimates = requests.map((r, i) => (inBatch[i] ? batchEstimate(r) : estimateCost(r).usd));
  const estimateUsd = estimates.some((x) => x === null) ? null : round6(estimates.reduce<number>((a, b) => a + (b ?? 0), 0));
  const result = {
    planned: todo.map((i) => i.entry.id),
    built: [] as string[], failed: [] as { id: string; error: string }[],
    skipped: plan.filter((i) => i.status === 'up-to-date' || isWaiting(i)).map((i) => i.entry.id),
    conflicts: plan.filter((i) => i.status === 'conflict').map((i) => i.entry.id),
    reasons: Object.fromEntries(plan.map((i) => [i.entry.id, isWaiting(i)
      ? `waiting in batch ${waiting.get(i.entry.id)!}: its result is saved when the batch ends (a later change is built after that)` : i.reason])),
    estimateUsd,
  };
  o.onPlan?.(plan, estimateUsd);
  if (o.dryRun || todo.length === 0) return { ...result, costUsd: 0 };
  const priced = requests.map((r, i) => (inBatch[i] ? { ...r, priceFactor: BATCH_PRICE_FACTOR } : r));
  if (!o.skipCostConfirmation && !(await d.confirm(priced))) throw declinedAtConfirmation();
  let cost: number | null = 0;
  const batchItems = todo.map((item, i) => ({ item, request: requests[i]! })).filter((_, i) => inBatch[i]);
  const batchIds = batchItems.length ? [...await d.batch!(batchItems)] : [];
  // A translation waits for its entry's build (when planned) and edits what was written.
  const runs = new Map<string, Promise<boolean>>();
  const runOne = async (item: PlanItem, i: number): Promise<boolean> => {
    if (inBatch[i]) return false;
    const base = item.translation ? runs.get(item.translation.base.id) : undefined;
    if (base && !(await base)) {
      result.failed.push({ id: item.entry.id, error: `not translated: ${item.translation!.base.id} was not built` });
      return false;
    }
    o.onProgress?.(item.entry.id, 'started');
    try {
      const record = item.translation ? await generateTranslation(d, item, o.signal) : (await d.generation.generate(requests[i]!, {
        origin: 'manifest', save: 'none', skipCostConfirmation: true, ...(o.signal ? { signal: o.signal } : {}),
      })).record;
      if (record.images.length === 0) throw new PixelsmithError('server', record.errors[0]?.message ?? `no image arrived (${record.status})`);
      cost = cost === null || record.costUsd === null ? null : cost + record.costUsd;
      await d.write(item, record.id);
      result.built.push(item.entry.id);
      o.onProgress?.(item.entry.id, 'built');
      return true;
    } catch (e) {
      const error = toErrorInfo(e).message;
      d.log.warn(`build ${item.entry.id}: ${error}`);
      result.failed.push({ id: item.entry.id, error });
      o.onProgress?.(item.entry.id, 'failed');
      return false;
    }
  };
  // Entries come before their translations in the plan, so each entry's run is registered before a translation looks for it.
  await Promise.all(todo.map((item, i) => {
    const run = runOne(item, i);
    runs.set(item.entry.id, run);
    return run;
  }));
  // Report in plan order (manifest order, each entry before its translations), whatever order the generations finished in.
  const at = (id: string) => plan.findIndex((i) => i.entry.id === id);
  result.built.sort((a, b) => at(a) - at(b));
  result.failed.sort((a, b) => at(a.id) - at(b.id));
  return { ...result, costUsd: cost === null ? null : round6(cost), ...(batchIds.length ? { batchId: batchIds[0]!, batchIds, batched: batchItems.map((x) => x.item.entry.id) } : {}) };
}

function pick(all: readonly ResolvedEntry[], ids: readonly string[] | undefined): readonly ResolvedEntry[] {
  if (!ids) return all;
  const { entries, unknown } = entriesFor(all, ids);
  if (unknown.length) {
    throw new PixelsmithError('invalid-request', `${MANIFEST_FILE} has no entry ${unknown.map((x) => JSON.stringify(x)).join(', ')}.`, { field: 'ids', allowed: outputsOf(all).map((o) => o.id) });
  }
  return entries;
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
