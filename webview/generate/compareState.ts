// The comparison's part of the page state: the models chosen, and each comparison's columns (their generations'
// images live in the page's runs, marked with the comparison's id). Pure functions, no DOM.
import { COMPARE_MODELS, modelsFor } from '../../src/core/catalogue';
import type { CompareColumnMessage, CompareModel, CompareStart, ProviderChoice } from '../../src/protocol';

export interface CompareColumnView extends CompareStart {
  readonly firstImageMs?: number | null;
  readonly totalMs?: number | null;
  readonly ended?: boolean;
}

export interface ComparisonView {
  readonly compareId: string;
  readonly prompt: string;
  readonly columns: readonly CompareColumnView[];
}

export interface CompareState {
  readonly open: boolean;
  readonly models: readonly CompareModel[];
  /** Newest first. */
  readonly comparisons: readonly ComparisonView[];
}

export const MAX_COMPARISONS = 3;

/** Three models to start from: the first model of each configured provider (the offline placeholder last). */
export function defaultModels(providers: readonly ProviderChoice[]): CompareModel[] {
  const ordered = [...providers.filter((p) => p.id !== 'offline'), ...providers.filter((p) => p.id === 'offline')];
  const out: CompareModel[] = [];
  for (const p of ordered) {
    for (const m of modelsFor(p.id)) {
      if (out.length >= 3) return out;
      out.push({ provider: p.id, model: m.id });
      if (ordered.length >= 3) break;
    }
  }
  return out;
}

export function withComparison(c: CompareState, compareId: string, prompt: string, columns: readonly CompareStart[]): CompareState {
  return { ...c, comparisons: [{ compareId, prompt, columns: columns.map((x) => ({ ...x, ...(x.generationId ? {} : { ended: true }) })) }, ...c.comparisons].slice(0, MAX_COMPARISONS) };
}

export function applyCompareColumn(c: CompareState, m: CompareColumnMessage): CompareState {
  return {
    ...c,
    comparisons: c.comparisons.map((v) => v.compareId !== m.compareId ? v : {
      ...v, columns: v.columns.map((col, i) => (i === m.column ? { ...col, firstImageMs: m.firstImageMs, totalMs: m.totalMs, ended: true } : col)),
    }),
  };
}

export function canAdd(c: CompareState): boolean {
  return c.models.length < COMPARE_MODELS.max;
}
