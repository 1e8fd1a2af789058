// Display helpers for sizes, dates and money, in the page's locale.
import * as l10n from '@vscode/l10n';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDate(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

export function formatCost(usd: number | null | undefined): string {
  if (usd === undefined) return '';
  return usd === null ? l10n.t('cost unknown') : `$${usd.toFixed(usd < 0.1 ? 3 : 2)}`;
}
