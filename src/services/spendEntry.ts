// What one generation cost, where and when, as the spend ledger counts it: read from its history record.
import { monthOf } from '../core/cost';
import type { GenerationRecord } from '../core/history';

/** The workspace key of generations whose record names no workspace folder (made before it was recorded, or with none open). */
export const NO_WORKSPACE = '(no folder)';

/** One finished generation in the ledger. `usd` null: the price was unknown, so it is counted as 0 and said. */
export interface SpendEntry {
  readonly id: string;
  readonly month: string;
  readonly workspace: string;
  readonly provider: string;
  readonly usd: number | null;
}

type SpendFields = Pick<GenerationRecord, 'id' | 'createdAt' | 'status' | 'provider' | 'costUsd' | 'context'>;

/**
 * The ledger entry of a finished generation; undefined while it runs (its cost is not known yet) or when the
 * record is not one (a damaged file). Billed in the month it was started (UTC).
 */
export function spendEntryOf(record: SpendFields): SpendEntry | undefined {
  if (!record || typeof record !== 'object' || record.status === 'running') return undefined;
  const created = new Date(record.createdAt);
  if (typeof record.id !== 'string' || typeof record.provider !== 'string' || Number.isNaN(created.getTime())) return undefined;
  const cost = record.costUsd;
  const usd = typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : null;
  const workspace = typeof record.context?.workspace === 'string' && record.context.workspace !== '' ? record.context.workspace : NO_WORKSPACE;
  return { id: record.id, month: monthOf(created), workspace, provider: record.provider, usd: record.provider === 'offline' ? 0 : usd };
}

/** A paid generation: one that cost something on a provider other than the offline placeholder. */
export function isPaid(e: SpendEntry): boolean {
  return e.provider !== 'offline' && e.usd !== null && e.usd > 0;
}
