// Asks before a generation that costs above the user's threshold, whose price is unknown, whose provider
// or model a workspace setting chose, or that would cross the user's monthly budget; the question itself is
// decided in core (costConfirmation.ts).
import * as vscode from 'vscode';
import { batchCostQuestion, costQuestion, workspaceOverrides, type BudgetState, type CostQuestion } from '../core/costConfirmation';
import type { ImageRequest } from '../core/types';
import { choiceSettings, costThreshold, userOnlySetting } from './settings';

/** Shows the question and says whether to go on; tests pass their own to read it. */
export type AskCost = (question: CostQuestion) => Thenable<boolean>;

/** This month's spend and the running generations' estimates (the spend ledger's), for the budget. */
export type MonthSpend = () => Promise<{ spentUsd: number; runningUsd: number }>;

export async function confirmCost(req: ImageRequest, ask: AskCost = askModal, spend?: MonthSpend): Promise<boolean> {
  const question = costQuestion(req, costThreshold(), workspaceOverrides(req, choiceSettings()), await budgetState(req, spend));
  return question ? ask(question) : true;
}

/** One question for many requests: `what` names the batch, e.g. "Build 5 assets". */
export async function confirmBatchCost(reqs: readonly (ImageRequest & { readonly priceFactor?: number })[], what: string, spend?: MonthSpend, ask: AskCost = askModal): Promise<boolean> {
  const paid = reqs.find((r) => r.provider !== 'offline');
  const question = batchCostQuestion(reqs, costThreshold(), what, paid ? await budgetState(paid, spend) : undefined);
  return question ? ask(question) : true;
}

/** The user's budget (user settings only: a workspace cannot raise it) with what is spent; none when it is off. */
async function budgetState(req: ImageRequest, spend: MonthSpend | undefined): Promise<BudgetState | undefined> {
  const limitUsd = monthlyBudget();
  if (!spend || !(limitUsd > 0) || req.provider === 'offline') return undefined;
  return { limitUsd, ...(await spend()) };
}

/** `pixelsmith.monthlyBudget`: the user's value only, like the threshold; 0 is off. */
export function monthlyBudget(): number {
  const v = userOnlySetting('monthlyBudget');
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

async function askModal(q: CostQuestion): Promise<boolean> {
  const go = vscode.l10n.t('Generate');
  return (await vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, go)) === go;
}
