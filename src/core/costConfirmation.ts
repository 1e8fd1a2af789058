// Whether to ask before money is spent, and what to say: above the user's threshold, when the price is
// unknown, when the provider or model comes from a workspace setting (a cloned repository can set them), and
// when it would cross the user's monthly budget.
import { estimateCost, formatUsd } from './cost';
import type { ImageRequest } from './types';

/** A setting whose value the workspace (`.vscode/settings.json` or the workspace file) overrides. */
export interface WorkspaceOverride {
  /** e.g. `pixelsmith.model` */
  readonly setting: string;
  readonly value: string;
  /** The user's own value (or the default), which the workspace replaced. */
  readonly userValue: string;
}

/** The provider and model settings as the user and the workspace have them. */
export interface ChoiceSettings {
  readonly provider: { readonly user: string; readonly workspace?: string };
  readonly model: { readonly user: string; readonly workspace?: string };
}

export interface CostQuestion {
  readonly message: string;
  readonly detail: string;
}

/** The user's monthly budget and what this month (UTC) has cost so far; `limitUsd` 0 (or less) is no budget. */
export interface BudgetState {
  readonly limitUsd: number;
  /** Finished generations this month. */
  readonly spentUsd: number;
  /** Estimates of the generations still running. */
  readonly runningUsd?: number;
}

type AskInput = Pick<ImageRequest, 'provider' | 'model' | 'n' | 'size' | 'quality' | 'prompt' | 'frames' | 'references'> & {
  /** Of the list price (the Batch API's 0.5 for a request that goes into a batch); 1 when absent. */
  readonly priceFactor?: number;
};

/** A request's estimate at the price it will be billed (its priceFactor applied); null when the price is unknown. */
export function billedEstimate(r: AskInput): number | null {
  const usd = estimateCost(r).usd;
  return usd === null ? null : Math.round(usd * (r.priceFactor ?? 1) * 1e6) / 1e6;
}

/** The workspace settings that chose this request's provider or model; `auto` chooses whichever provider it resolved to. */
export function workspaceOverrides(req: Pick<ImageRequest, 'provider' | 'model'>, s: ChoiceSettings): WorkspaceOverride[] {
  const out: WorkspaceOverride[] = [];
  const p = s.provider.workspace;
  if (p !== undefined && p !== s.provider.user && (p === req.provider || p === 'auto')) {
    out.push({ setting: 'pixelsmith.provider', value: p, userValue: s.provider.user });
  }
  const m = s.model.workspace;
  if (m !== undefined && m !== s.model.user && m === req.model) out.push({ setting: 'pixelsmith.model', value: m, userValue: s.model.user });
  return out;
}

/**
 * Why `req` would cross the budget, or undefined when it stays within it. An unknown estimate crosses it only
 * when the budget is already used up (that price is asked about anyway).
 */
export function budgetReason(estimateUsd: number | null, budget: BudgetState | undefined): string | undefined {
  if (!budget || !(budget.limitUsd > 0)) return undefined;
  const running = budget.runningUsd ?? 0;
  const before = budget.spentUsd + running;
  // Amounts are rounded to a millionth of a dollar, as the ledger keeps them: landing exactly on the budget is within it.
  const after = Math.round((before + (estimateUsd ?? 0)) * 1e6) / 1e6;
  if (estimateUsd === null ? after < budget.limitUsd : after <= budget.limitUsd) return undefined;
  const spent = `${formatUsd(budget.spentUsd)} spent this month (UTC)${running > 0 ? ` and ${formatUsd(running)} in generations still running` : ''}`;
  const cost = estimateUsd === null ? 'this one\'s price is unknown' : `this one is estimated at ${formatUsd(estimateUsd)}`;
  return `Your monthly budget is ${formatUsd(budget.limitUsd)}: ${spent}; ${cost}.`;
}

/** The question to ask before `req` is sent, or undefined when it may go without one. The offline placeholder costs nothing. */
export function costQuestion(req: AskInput, threshold: number, overrides: readonly WorkspaceOverride[] = [], budget?: BudgetState): CostQuestion | undefined {
  if (req.provider === 'offline') return undefined;
  const est = estimateCost(req);
  const count = req.frames ?? req.n;
  const what = `${count} image(s) of ${req.size}, ${req.quality} quality, with ${req.model} on ${req.provider}`;
  const reasons: string[] = [];
  if (overrides.length > 0) {
    reasons.push(`This workspace chose ${overrides.map((o) => `${o.setting} = ${JSON.stringify(o.value)} (yours: ${JSON.stringify(o.userValue)})`).join(' and ')} in its .vscode/settings.json.`);
  }
  const overBudget = budgetReason(est.usd, budget);
  if (overBudget) reasons.push(overBudget);
  if (est.usd === null) reasons.push(`The price of ${req.model} is unknown: Pixelsmith cannot estimate what ${what} will cost.`);
  else if (est.usd > threshold) reasons.push(`Estimated at ${formatUsd(est.usd)}, above your threshold of ${formatUsd(threshold)}.`);
  if (reasons.length === 0) return undefined;
  const message = overrides.length > 0 ? `Generate with settings from this workspace? ${what}.`
    : overBudget && budget ? `This generation would go over your monthly budget of ${formatUsd(budget.limitUsd)} (${formatUsd(budget.spentUsd)} spent this month).`
      : est.usd === null ? `Generate ${what}? The price is unknown.`
        : `This generation is estimated at ${formatUsd(est.usd)} (threshold ${formatUsd(threshold)}).`;
  const priced = est.usd !== null ? ` ${formatUsd(est.usd)} estimated; prices as of ${est.asOf}.` : '';
  return { message, detail: `${reasons.join('\n')}\n${what}.${priced}` };
}

/** The one question for a batch of requests (a manifest build, a localization): the total against the threshold and the monthly budget. */
export function batchCostQuestion(reqs: readonly AskInput[], threshold: number, what: string, budget?: BudgetState): CostQuestion | undefined {
  const paid = reqs.filter((r) => r.provider !== 'offline');
  if (paid.length === 0) return undefined;
  const estimates = paid.map(billedEstimate);
  const unknown = paid.filter((_, i) => estimates[i] === null).map((r) => r.model);
  const total = estimates.reduce<number>((a, b) => a + (b ?? 0), 0);
  const committed = budget ? budget.spentUsd + (budget.runningUsd ?? 0) : 0;
  const crossesBudget = budget !== undefined && committed + total > budget.limitUsd;
  if (unknown.length === 0 && total <= threshold && !crossesBudget) return undefined;
  const models = [...new Set(paid.map((r) => `${r.model} on ${r.provider}`))].join(', ');
  const message = unknown.length ? `${what}? The price of ${[...new Set(unknown)].join(', ')} is unknown.`
    : crossesBudget ? `${what} would take this month's spend past your budget of ${formatUsd(budget.limitUsd)}.`
      : `${what} is estimated at ${formatUsd(total)} (threshold ${formatUsd(threshold)}).`;
  const known = unknown.length ? ` The requests with a known price come to ${formatUsd(total)}.` : ` Estimated ${formatUsd(total)}.`;
  const spent = crossesBudget ? ` Spent this month: ${formatUsd(committed)} of ${formatUsd(budget.limitUsd)}.` : '';
  return { message, detail: `${paid.length} paid request(s) with ${models}.${known}${spent}` };
}
