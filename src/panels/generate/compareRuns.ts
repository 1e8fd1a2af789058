// Compare Models from the Generate panel: the form's prompt and references on each chosen model (its size carried
// into the model's own language, settings it takes), run by the CompareService; each column's events reach the page
// like any run's, and its times and cost when it ends.
import { randomUUID } from 'node:crypto';
import { getModel } from '../../core/catalogue';
import { toErrorInfo } from '../../core/errors';
import { carrySize } from '../../core/sizes';
import type { ImageInput } from '../../core/types';
import { compareService } from '../../commands/compare';
import type { Services } from '../../platform/services';
import type { CompareRequest, CompareStart, ToGenerateWebview } from '../../protocol';
import { fitColumn } from '../../services/compareFit';
import { requestFromForm } from './request';
import { toMessage, type RunTracker } from './runs';

export async function startComparison(
  s: Services, runs: RunTracker, post: (m: ToGenerateWebview) => void, m: CompareRequest, references: readonly ImageInput[],
): Promise<{ compareId: string; columns: CompareStart[] }> {
  const from = getModel(m.form.model);
  const reqs = m.models.map((c) => fitColumn(requestFromForm({ ...m.form, provider: c.provider, model: c.model, size: carrySize(m.form.size, from, getModel(c.model)).size }, references)));
  const compareId = randomUUID();
  let onStarted!: (columns: Parameters<NonNullable<Parameters<ReturnType<typeof compareService>['run']>[1]['onStarted']>>[0]) => void;
  const started = new Promise<Parameters<typeof onStarted>[0]>((resolve) => { onStarted = resolve; });
  const done = compareService(s).run(reqs, {
    origin: 'panel', onStarted,
    onEvent: ({ event }) => { const msg = toMessage(event); if (msg) post(msg); },
    onColumn: (column, r) => post({
      type: 'generate/compareColumn', compareId, column, generationId: r.generationId, status: r.status, costUsd: r.costUsd,
      firstImageMs: r.firstImageMs, totalMs: r.totalMs,
    }),
  });
  done.catch((e: unknown) => s.log.warn(`comparison ${compareId}: ${toErrorInfo(e).message}`));
  // A refusal before any column started (a field, the cost question) rejects the request itself.
  const columns = await Promise.race([started, done.then(() => started)]);
  const out: CompareStart[] = columns.map((c, i) => ({
    provider: reqs[i]!.provider, model: reqs[i]!.model, ...('generationId' in c ? { generationId: c.generationId } : { generationId: null, error: c.error }),
  }));
  for (const c of out) if (c.generationId) runs.adopt(c.generationId, done);
  s.log.info(`comparison ${compareId}: ${out.map((c) => `${c.provider}/${c.model} ${c.generationId ?? 'refused'}`).join(', ')}`);
  return { compareId, columns: out };
}
