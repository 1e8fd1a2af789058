// `node dist/mcp.js build --workspace <folder> [--dry-run] [--check] [--batch [--wait]] [--ids a,b]`: the asset manifest built
// headless, for CI — the same plan and build as the extension's Build Assets (services/assetBuild), the same
// providers and history as the MCP server. Prints the plan and the results; the exit code says whether the manifest
// is satisfied: 0 yes, 1 an entry failed, was left alone (a file not this manifest's is at its output) or, with
// --check, is out of date; 2 a usage error. --batch: see buildBatch.ts (a batch still running is not a failure, unless
// --wait's deadline passed).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { batchCostQuestion, billedEstimate } from '../core/costConfirmation';
import { formatUsd } from '../core/cost';
import { PixelsmithError, toErrorInfo } from '../core/errors';
import type { Logger } from '../core/log';
import { planSourcesOf, writeFromHistory } from '../core/manifest/output';
import { parseManifest } from '../core/manifest/parse';
import type { PlanItem } from '../core/manifest/plan';
import { MANIFEST_FILE } from '../core/manifest/schema';
import type { ImageWorker } from '../core/work/imageWorkerClient';
import { buildAssets, type BuildResult } from '../services/assetBuild';
import { CliBatches, type CliBatchRound } from './buildBatch';
import { requestFromArgs } from '../services/requestBuilder';
import { nodeManifestFiles } from './manifestFiles';
import { optionsFrom, SERVER_FLAGS, type ServerOptions } from './options';
import { createHeadless } from './server';

export const BUILD_USAGE = 'usage: node mcp.js build --workspace <folder> [--dry-run] [--check] [--batch [--wait] [--deadline <minutes>]] [--ids <id>,<id>…] [--history <dir>] [--provider <id>] [--set <provider setting>=<value>]... [--max-cost <usd>] [--allow-unpriced]';

export interface BuildCommand {
  readonly options: ServerOptions;
  readonly dryRun: boolean;
  /** Plan only; exit 1 when an entry is out of date. */
  readonly check: boolean;
  readonly ids?: readonly string[];
  /** Batch mode: collect ended batches, send the batchable entries as new ones; with `wait`, poll until `deadlineMinutes`. */
  readonly batch?: { readonly wait: boolean; readonly deadlineMinutes: number };
}

export function parseBuildCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): BuildCommand {
  const { values } = parseArgs({
    args: [...argv], allowPositionals: false, strict: true,
    options: { ...SERVER_FLAGS, 'dry-run': { type: 'boolean' }, check: { type: 'boolean' }, ids: { type: 'string' }, ...BATCH_FLAGS },
  });
  const batch = batchOption(values);
  const ids = values.ids?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (values.ids !== undefined && (!ids || ids.length === 0)) throw new Error('--ids: expected entry ids separated by commas, e.g. --ids hero,logo.');
  if (batch && values.check) throw new Error('--batch and --check: --check plans only; leave out --batch.');
  return { options: optionsFrom(values, env), dryRun: values['dry-run'] ?? false, check: values.check ?? false, ...(ids ? { ids } : {}), ...(batch ? { batch } : {}) };
}

const BATCH_FLAGS = { batch: { type: 'boolean' }, wait: { type: 'boolean' }, deadline: { type: 'string' } } as const;

function batchOption(v: { batch?: boolean; wait?: boolean; deadline?: string }): BuildCommand['batch'] {
  if (!v.batch) {
    if (v.wait || v.deadline !== undefined) throw new Error('--wait and --deadline go with --batch.');
    return undefined;
  }
  const deadlineMinutes = v.deadline === undefined ? 60 : Number(v.deadline);
  if (!Number.isFinite(deadlineMinutes) || deadlineMinutes <= 0 || deadlineMinutes > 48 * 60) throw new Error('--deadline: minutes to wait for the batches, e.g. --deadline 90 (at most 2880).');
  return { wait: v.wait ?? false, deadlineMinutes };
}

/** Runs the build and prints to `out`; resolves to the exit code. */
export async function runBuildCommand(c: BuildCommand, env: Readonly<Record<string, string | undefined>>, log: Logger, images: ImageWorker,
  out: (line: string) => void, signal?: AbortSignal): Promise<number> {
  const o = c.options;
  let text: string;
  try {
    text = await fs.readFile(path.join(o.workspace, MANIFEST_FILE), 'utf8');
  } catch {
    out(`No ${MANIFEST_FILE} in ${o.workspace}.`);
    return 1;
  }
  const headless = createHeadless(o, env, log, images);
  const files = nodeManifestFiles(o.workspace);
  const batches = c.batch ? new CliBatches(o.workspace, headless, files, log) : undefined;
  try {
    const parsed = parseManifest(text);
    // Batch mode: what ended since the last run is saved first, and entries still waiting in a batch are not sent again.
    const collected = batches && !c.dryRun ? await batches.collect(out) : undefined;
    const waiting = batches ? await batches.pendingEntries() : new Set<string>();
    const ids = waiting.size ? (c.ids ?? parsed.entries.map((e) => e.id)).filter((id) => !waiting.has(id)) : c.ids;
    for (const id of waiting) if (!c.ids || c.ids.includes(id)) out(`  pending  ${id}: waiting in a batch`);
    const result = await buildAssets(parsed, {
      generation: headless.generation, log, plan: planSourcesOf(files),
      requestFor: (e) => requestFromArgs({ ...e, n: 1 }, headless.sources),
      confirm: async (reqs) => {
        // No one to ask in CI: the total is checked against --max-cost, and an unknown price needs --allow-unpriced.
        const estimates = reqs.filter((r) => r.provider !== 'offline').map(billedEstimate);
        const known = estimates.reduce<number>((a, b) => a + (b ?? 0), 0);
        if (known <= o.maxCostUsd && (o.allowUnpriced || !estimates.includes(null))) return true;
        const q = batchCostQuestion(reqs, o.maxCostUsd, `Build ${reqs.length} asset(s)`);
        throw new PixelsmithError('cancelled', `Not built: ${q?.message ?? ''} ${q?.detail ?? ''}`.trim(), { hint: 'Raise --max-cost (US dollars) or pass --allow-unpriced; --dry-run shows the plan and its estimate.' });
      },
      write: (item, generationId) => writeFromHistory(files, headless.history, item, generationId),
      ...(batches ? { batch: (items) => batches.submit(items, out) } : {}),
    }, { ...(ids ? { ids } : {}), dryRun: c.dryRun || c.check, ...(batches ? { batch: true } : {}), ...(signal ? { signal } : {}),
      onPlan: (plan, estimate) => printPlan(plan, estimate, out),
      onProgress: (id, state) => { if (state === 'built') out(`  built    ${id}`); } });
    printResult(result, c, out);
    if (!batches || c.dryRun) return exitCode(result, c);
    const waited = c.batch?.wait ? await batches.wait(Date.now() + c.batch.deadlineMinutes * 60_000, batchPollMs(env), out, signal) : undefined;
    return batchExitCode(result, collected, waited, batches && (await batches.pendingEntries()).size, out);
  } catch (e) {
    const info = toErrorInfo(e);
    out(`pixelsmith build: ${info.message}${info.hint ? `\n${info.hint}` : ''}`);
    return 1;
  } finally {
    headless.generation.dispose();
  }
}

/** Failed lines fail the run; batches still running do not, unless --wait was asked for and its deadline passed. */
function batchExitCode(r: BuildResult, collected: CliBatchRound | undefined, waited: CliBatchRound | undefined, pending: number, out: (line: string) => void): number {
  const failedLines = (collected?.failed ?? 0) + (waited?.failed ?? 0);
  if (pending) out(`${pending} image(s) waiting in batches (kept in .pixelsmith/batches.json): run build --batch again to collect them.`);
  if (waited && pending) out(`--wait: the deadline passed with ${pending} image(s) still waiting.`);
  if (failedLines) out(`${failedLines} batch line(s) failed.`);
  return failedLines > 0 || exitCode(r, { check: false }) !== 0 || (waited !== undefined && pending > 0) ? 1 : 0;
}

/** Between checks with --wait (the batch APIs answer within 24 h, mostly much sooner); PIXELSMITH_BATCH_POLL_MS for tests. */
function batchPollMs(env: Readonly<Record<string, string | undefined>>): number {
  return Number(env.PIXELSMITH_BATCH_POLL_MS) || 30_000;
}

export function exitCode(r: BuildResult, c: Pick<BuildCommand, 'check'>): number {
  if (r.failed.length > 0 || r.conflicts.length > 0) return 1;
  return c.check && r.planned.length > 0 ? 1 : 0;
}

function printPlan(plan: readonly PlanItem[], estimateUsd: number | null, out: (line: string) => void): void {
  const count = (st: PlanItem['status'][]) => plan.filter((i) => st.includes(i.status)).length;
  const price = estimateUsd === null ? 'price unknown' : formatUsd(estimateUsd);
  out(`${MANIFEST_FILE}: ${count(['missing', 'changed'])} to build (${price}), ${count(['up-to-date'])} up to date, ${count(['conflict'])} left untouched`);
  const label: Record<PlanItem['status'], string> = { missing: 'build   ', changed: 'build   ', 'up-to-date': 'ok      ', conflict: 'CONFLICT' };
  for (const i of plan) out(`  ${label[i.status]} ${i.entry.id}: ${i.reason}`);
}

function printResult(r: BuildResult, c: BuildCommand, out: (line: string) => void): void {
  if (c.check) {
    const stale = [...r.planned, ...r.conflicts];
    out(stale.length ? `check: out of date: ${stale.join(', ')}` : 'check: every asset is up to date');
    return;
  }
  if (c.dryRun) return;
  for (const f of r.failed) out(`  FAILED ${f.id}: ${f.error}`);
  out(`built ${r.built.length}, failed ${r.failed.length}, cost ${r.costUsd === null ? 'unknown' : formatUsd(r.costUsd)}${r.batchIds ? `; sent in batch(es) ${r.batchIds.join(', ')}: ${r.batched?.length ?? 0} image(s) at the batch price` : ''}`);
}
