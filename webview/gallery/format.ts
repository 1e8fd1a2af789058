// Display helpers for sizes, dates and money, in the page's locale.

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
  return usd === null ? 'cost unknown' : `$${usd.toFixed(usd < 0.1 ? 3 : 2)}`;
}

export const DATE_RANGES = [
  { value: '', label: 'Any time', days: 0 },
  { value: '1', label: 'Last 24 hours', days: 1 },
  { value: '7', label: 'Last 7 days', days: 7 },
  { value: '30', label: 'Last 30 days', days: 30 },
  { value: '365', label: 'Last year', days: 365 },
] as const;
