// Asks before a generation that costs above the user's threshold, whose price is unknown, or whose provider
// or model a workspace setting chose; the question itself is decided in core (costConfirmation.ts).
import * as vscode from 'vscode';
import { batchCostQuestion, costQuestion, workspaceOverrides, type CostQuestion } from '../core/costConfirmation';
import type { ImageRequest } from '../core/types';
import { choiceSettings, costThreshold } from './settings';

/** Shows the question and says whether to go on; tests pass their own to read it. */
export type AskCost = (question: CostQuestion) => Thenable<boolean>;

export async function confirmCost(req: ImageRequest, ask: AskCost = askModal): Promise<boolean> {
  const question = costQuestion(req, costThreshold(), workspaceOverrides(req, choiceSettings()));
  return question ? ask(question) : true;
}

/** One question for many requests: `what` names the batch, e.g. "Build 5 assets". */
export async function confirmBatchCost(reqs: readonly ImageRequest[], what: string, ask: AskCost = askModal): Promise<boolean> {
  const question = batchCostQuestion(reqs, costThreshold(), what);
  return question ? ask(question) : true;
}

async function askModal(q: CostQuestion): Promise<boolean> {
  const go = 'Generate';
  return (await vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, go)) === go;
}
