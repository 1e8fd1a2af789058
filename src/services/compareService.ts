// Compare Models: one prompt (and references) on two to four models at once, each a generation of its own in the
// GenerationService (one run registry, so Cancel reaches every column), with one cost question for the sum.
// Times are measured here: from the start of the comparison to each column's first image and to its end.
// No `vscode`: the command and the panel drive it.
import type { GenerationEvent } from '../core/engine';
import { PixelsmithError, toErrorInfo, ValidationError } from '../core/errors';
import type { GenerationRecord } from '../core/history';
import type { ImageRequest } from '../core/types';
import { validateRequest } from '../core/validate';
import { declinedAtConfirmation, type GenerationService, type Started } from './generationService';
import type { RunOrigin } from './runRegistry';


export interface CompareColumnEvent {
  /** The column (the model's position in the list asked). */
  readonly column: number;
  readonly event: GenerationEvent;
}

export interface CompareColumn {
  readonly provider: ImageRequest['provider'];
  readonly model: string;
  /** Null when the column was refused before it started. */
  readonly generationId: string | null;
  readonly status: GenerationRecord['status'];
  readonly costUsd: number | null;
  /** From the start of the comparison to this column's first image; null when none arrived. */
  readonly firstImageMs: number | null;
  /** From the start of the comparison to this column's end; null when it never started. */
  readonly totalMs: number | null;
  readonly record?: GenerationRecord;
  /** Why the column failed as a whole (refused, or every image failed). */
  readonly error?: ReturnType<typeof toErrorInfo>;
}

export interface CompareOptions {
  readonly origin: RunOrigin;
  readonly signal?: AbortSignal;
  readonly skipCostConfirmation?: boolean;
  readonly onEvent?: (e: CompareColumnEvent) => void;
  /** Called once every column has started: its generation id, or why it was refused. */
  readonly onStarted?: (columns: readonly ({ readonly generationId: string } | { readonly error: ReturnType<typeof toErrorInfo> })[]) => void;
  /** Called as each column ends, with its times. */
  readonly onColumn?: (column: number, result: CompareColumn) => void;
}

export interface CompareDeps {
  readonly generation: Pick<GenerationService<unknown, unknown>, 'start'>;
  /** One question for the sum of every column's estimate; false stops before anything is sent. */
  readonly confirmBatch: (reqs: readonly ImageRequest[]) => Promise<boolean>;
  readonly now?: () => number;
}

/** Check every column first (an error names `models[i]` and the field), so nothing runs when one is wrong. */
export function validateColumns(reqs: readonly ImageRequest[]): void {
  reqs.forEach((req, i) => {
    try {
      validateRequest(req);
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(`models[${i}].${e.field}`, `models[${i}] (${req.provider} ${req.model}): ${e.message}`, { ...(e.allowed ? { allowed: e.allowed } : {}), ...(e.hint ? { hint: e.hint } : {}) });
      throw e;
    }
  });
}

export class CompareService {
  constructor(private readonly d: CompareDeps) {}

  async run(reqs: readonly ImageRequest[], o: CompareOptions): Promise<CompareColumn[]> {
    validateColumns(reqs);
    if (!o.skipCostConfirmation && !(await this.d.confirmBatch(reqs))) throw declinedAtConfirmation();
    const now = this.d.now ?? Date.now;
    const t0 = now();
    const first: (number | null)[] = reqs.map(() => null);
    const starts = reqs.map((req, column) => this.d.generation.start(req, {
      origin: o.origin, skipCostConfirmation: true, ...(o.signal ? { signal: o.signal } : {}),
      onEvent: (event) => {
        if (event.kind === 'image' && first[column] === null) first[column] = now() - t0;
        o.onEvent?.({ column, event });
      },
    }));
    const started = await Promise.allSettled(starts);
    o.onStarted?.(started.map((s) => (s.status === 'fulfilled' ? { generationId: s.value.generationId } : { error: toErrorInfo(s.reason) })));
    return Promise.all(started.map(async (s, column) => {
      const result = await this.column(reqs[column]!, s, () => first[column] ?? null, () => now() - t0);
      o.onColumn?.(column, result);
      return result;
    }));
  }

  private async column(req: ImageRequest, s: PromiseSettledResult<Started>, firstImageMs: () => number | null, elapsed: () => number): Promise<CompareColumn> {
    const base = { provider: req.provider, model: req.model };
    if (s.status === 'rejected') {
      return { ...base, generationId: null, status: 'failed', costUsd: null, firstImageMs: null, totalMs: null, error: toErrorInfo(s.reason) };
    }
    try {
      const record = await s.value.done;
      const totalMs = elapsed();
      const firstError = record.images.length === 0 ? record.errors[0] : undefined;
      return {
        ...base, generationId: record.id, status: record.status, costUsd: record.costUsd, firstImageMs: firstImageMs(), totalMs, record,
        ...(firstError ? { error: toErrorInfo(new PixelsmithError(firstError.code, firstError.message, firstError.hint ? { hint: firstError.hint } : {})) } : {}),
      };
    } catch (e) {
      return { ...base, generationId: s.value.generationId, status: 'failed', costUsd: null, firstImageMs: firstImageMs(), totalMs: elapsed(), error: toErrorInfo(e) };
    }
  }
}
