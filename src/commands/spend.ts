// Show Spend (the status bar item's click) and `pixelsmith.spend` for automation.
import * as vscode from 'vscode';
import { monthlyBudget } from '../platform/confirmCost';
import type { Services } from '../platform/services';
import { spendMarkdown } from '../services/spendReport';

/** What `pixelsmith.spend` resolves to: USD, months `YYYY-MM` (UTC), workspace folders by path, providers by id. */
export interface SpendResult {
  readonly currency: 'USD';
  readonly thisMonth: number;
  readonly byMonth: Record<string, number>;
  readonly byWorkspace: Record<string, number>;
  readonly byProvider: Record<string, number>;
}

export function registerSpendCommands(s: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('pixelsmith.spend', () => spend(s)),
    vscode.commands.registerCommand('pixelsmith.showSpend', () => showSpend(s)),
  );
}

async function spend(s: Services): Promise<SpendResult> {
  await s.spend.ready();
  await s.spend.refresh();
  const { currency, thisMonth, byMonth, byWorkspace, byProvider } = s.spend.summary();
  return { currency, thisMonth, byMonth, byWorkspace, byProvider };
}

async function showSpend(s: Services): Promise<vscode.Uri> {
  await s.spend.ready();
  await s.spend.refresh();
  return s.reports.show('Pixelsmith Spend.md', spendMarkdown(s.spend.summary(), monthlyBudget(), { title: 'Pixelsmith spend', fullPaths: true }));
}
