// The spend as people read it: the status bar's text and tooltip, and the Show Spend report (markdown).
import { formatUsd } from '../core/cost';
import { NO_WORKSPACE } from './spendEntry';
import type { SpendSummary } from './spendLedger';

const PROVIDER_NAMES: Readonly<Record<string, string>> = { openai: 'OpenAI', azure: 'Azure OpenAI', fal: 'fal.ai', offline: 'Offline placeholder' };

/** A workspace folder's path as a short name: its last segment (the full path is in the report). */
export function folderLabel(folder: string): string {
  if (folder === NO_WORKSPACE) return 'no folder recorded';
  return folder.split(/[\\/]/).filter(Boolean).pop() ?? folder;
}

export function providerLabel(id: string): string {
  return Object.hasOwn(PROVIDER_NAMES, id) ? PROVIDER_NAMES[id]! : id;
}

/** `$1.20`, or `$1.20 / $10.00` with a budget. */
export function statusText(s: SpendSummary, budgetUsd: number): string {
  return budgetUsd > 0 ? `${formatUsd(s.thisMonth)} / ${formatUsd(budgetUsd)}` : formatUsd(s.thisMonth);
}

/** The share of the budget spent this month, 0 without one. */
export function budgetShare(s: SpendSummary, budgetUsd: number): number {
  return budgetUsd > 0 ? s.thisMonth / budgetUsd : 0;
}

/** Markdown: this month, then tables by month (newest first, at most `months`), workspace folder and provider. */
export function spendMarkdown(s: SpendSummary, budgetUsd: number, o: { months?: number; title?: string; fullPaths?: boolean } = {}): string {
  const lines: string[] = [];
  if (o.title) lines.push(`# ${o.title}`, '');
  const budget = budgetUsd > 0 ? ` of a ${formatUsd(budgetUsd)} budget (${Math.round(budgetShare(s, budgetUsd) * 100)}%)` : '';
  lines.push(`**${formatUsd(s.thisMonth)}** spent in ${s.month} (UTC)${budget}.`);
  if (s.runningUsd > 0) lines.push('', `${formatUsd(s.runningUsd)} more estimated for the generations running now.`);
  if (s.unpriced > 0) lines.push('', `${s.unpriced} ${s.unpriced === 1 ? 'generation has' : 'generations have'} an unknown price and ${s.unpriced === 1 ? 'is' : 'are'} counted as $0.`);
  const months = Object.entries(s.byMonth).sort(([a], [b]) => b.localeCompare(a));
  const shown = months.slice(0, o.months ?? months.length);
  lines.push('', ...table('Month', shown.map(([m, usd]) => [m, usd])));
  if (shown.length < months.length) lines.push('', `…and ${months.length - shown.length} earlier ${months.length - shown.length === 1 ? 'month' : 'months'} (Pixelsmith: Show Spend).`);
  const folders = sortByAmount(s.byWorkspace).map(([f, usd]): [string, number] => [o.fullPaths && f !== NO_WORKSPACE ? `${folderLabel(f)} (${f})` : folderLabel(f), usd]);
  lines.push('', ...table('Workspace folder', folders));
  lines.push('', ...table('Provider', sortByAmount(s.byProvider).map(([p, usd]) => [providerLabel(p), usd])));
  lines.push('', 'All time, from the generation history; amounts are what the providers reported (or the estimate where they reported no usage).');
  return lines.join('\n') + '\n';
}

function sortByAmount(m: Record<string, number>): [string, number][] {
  return Object.entries(m).sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb));
}

function table(what: string, rows: readonly (readonly [string, number])[]): string[] {
  return [`| ${what} | Spend |`, '| --- | ---: |', ...rows.map(([k, usd]) => `| ${escapeCell(k)} | ${formatUsd(usd)} |`)];
}

function escapeCell(s: string): string {
  return s.replace(/[|\\<>[\]*_`]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
