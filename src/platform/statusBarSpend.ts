// This month's spend in the status bar: hidden until a generation has cost money (never for the offline
// placeholder alone); the tooltip breaks it down by month, workspace folder and provider; a click opens the
// full report. Kept current by the spend ledger (generations finishing here, other windows' on focus).
import * as vscode from 'vscode';
import { monthlyBudget } from './confirmCost';
import type { SpendLedger } from '../services/spendLedger';
import { budgetShare, spendMarkdown, statusText } from '../services/spendReport';

export function registerSpendStatusBar(ledger: SpendLedger): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('pixelsmith.spend', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Pixelsmith Spend');
  item.command = 'pixelsmith.showSpend';
  const update = () => {
    const s = ledger.summary();
    if (!s.paid) { item.hide(); return; }
    const budget = monthlyBudget();
    const share = budgetShare(s, budget);
    item.text = `$(credit-card) ${statusText(s, budget)}`;
    item.accessibilityInformation = { label: vscode.l10n.t('Pixelsmith: {0} spent this month', spokenAmount(statusText(s, budget))), role: 'button' };
    item.backgroundColor = share >= 1 ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : share >= 0.8 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tip = new vscode.MarkdownString(`**${vscode.l10n.t('Pixelsmith spend')}**\n\n${spendMarkdown(s, budget, { months: 6 })}\n\n${vscode.l10n.t('Click for the full report.')}`);
    tip.supportThemeIcons = true;
    item.tooltip = tip;
    item.show();
  };
  update();
  return vscode.Disposable.from(
    item,
    ledger.onDidChange(update),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('pixelsmith.monthlyBudget')) update(); }),
    // Other windows' generations, and a new month, show when this window is used again.
    vscode.window.onDidChangeWindowState((w) => { if (w.focused) { update(); void ledger.refresh(); } }),
  );
}

/** `$4.20 / $10.00` as a screen reader says it: `$4.20 of $10.00`. */
function spokenAmount(text: string): string {
  const [spent, budget] = text.split(' / ');
  return budget === undefined ? text : vscode.l10n.t('{0} of {1}', spent!, budget);
}
