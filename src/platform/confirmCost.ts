// Asks before a generation whose estimate is above the user's threshold.
import * as vscode from 'vscode';
import { estimateCost, formatUsd } from '../core/cost';
import type { ImageRequest } from '../core/types';
import { setting } from './settings';

export async function confirmCost(req: ImageRequest): Promise<boolean> {
  const est = estimateCost(req);
  const threshold = setting('costConfirmationThreshold');
  if (est.usd === null || est.usd <= threshold) return true;
  const go = 'Generate';
  const answer = await vscode.window.showWarningMessage(
    `This generation is estimated at ${formatUsd(est.usd)} (threshold ${formatUsd(threshold)}).`,
    { modal: true, detail: `${req.frames ?? req.n} image(s), ${req.model}, ${req.quality}, ${req.size}. Prices as of ${est.asOf}.` }, go);
  return answer === go;
}
