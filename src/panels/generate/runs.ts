// Generations started from the Generate panel: they run in the GenerationService (one registry for every run, so
// Cancel Generation reaches them too); their events go to whichever Generate panel is open now.
import * as vscode from 'vscode';
import type { GenerationEvent } from '../../core/engine';
import type { GenerationRecord } from '../../core/history';
import type { ImageRequest } from '../../core/types';
import type { RunSnapshot, ToGenerateWebview } from '../../protocol';
import type { Services } from '../../platform/services';

export class RunTracker {
  private readonly mine = new Set<string>();

  constructor(private readonly s: Services, private readonly post: (m: ToGenerateWebview) => void) {}

  /**
   * Start a generation through the GenerationService (cost confirmed there); resolves with its id once it is in
   * the history, rejects when the request is refused or the cost declined. Its events go to the panel.
   */
  async start(req: ImageRequest, context?: GenerationRecord['context']): Promise<string> {
    const onEvent = (e: GenerationEvent) => {
      const m = toMessage(e);
      if (m) this.post(m);
    };
    const { generationId, done } = await this.s.generation.start(req, { origin: 'panel', onEvent, ...(context ? { context } : {}) });
    this.mine.add(generationId);
    done.then(
      () => this.mine.delete(generationId),
      (err: unknown) => {
        this.mine.delete(generationId);
        this.s.log.error(`generation ${generationId}: ${(err as Error).message}`);
        this.post({ type: 'generate/finished', generationId, status: 'failed', costUsd: null });
      },
    );
    return generationId;
  }

  /** A generation started for this panel elsewhere (a comparison's column): its events come here, and it stops with the panel. */
  adopt(generationId: string, done: Promise<unknown>): void {
    this.mine.add(generationId);
    void done.finally(() => this.mine.delete(generationId)).catch(() => undefined);
  }

  /** Stop a running generation; what already arrived stays in the history and on the page. */
  cancel(generationId: string): void {
    if (this.s.generation.cancel(generationId).length) this.s.log.info(`generation ${generationId}: cancelled from the Generate panel`);
  }

  isRunning(generationId: string): boolean {
    return this.s.generation.runs.isRunning(generationId);
  }

  /** The generation as the history has it now; `interrupted` when it was left running by an earlier window. */
  async snapshot(generationId: string): Promise<RunSnapshot | undefined> {
    const r = await this.s.history.get(generationId);
    if (!r) return undefined;
    const latest = new Map<number, { index: number; partialIndex: number; file: string }>();
    for (const p of r.partials) if ((latest.get(p.index)?.partialIndex ?? -1) < p.partialIndex) latest.set(p.index, p);
    const status = r.status === 'running' && !this.isRunning(r.id) ? 'interrupted' : r.status;
    return {
      generationId: r.id, status, total: r.request.frames ?? r.request.n, images: r.images,
      errors: r.errors.filter((e) => e.index !== undefined).map(({ index, ...error }) => ({ index: index!, error })),
      partials: [...latest.values()].map(({ index, file }) => ({ index, file })), costUsd: r.costUsd,
    };
  }

  dispose(): void {
    // The panel host goes away with the extension; its running generations stop, and what arrived stays in the history.
    for (const id of this.mine) this.s.generation.cancel(id);
    this.mine.clear();
  }
}

export function toMessage(e: GenerationEvent): ToGenerateWebview | undefined {
  switch (e.kind) {
    case 'started': return { type: 'generate/started', generationId: e.record.id, total: e.total };
    case 'partial': return { type: 'generate/partial', generationId: e.generationId, index: e.index, file: e.file };
    case 'image': return { type: 'generate/image', generationId: e.generationId, image: e.image };
    case 'image-error': return { type: 'generate/imageError', generationId: e.generationId, index: e.index, error: e.error };
    case 'queued': return { type: 'generate/progress', generationId: e.generationId, message: vscode.l10n.t('Queued at position {0}.', e.position) };
    case 'retry': return { type: 'generate/progress', generationId: e.generationId, message: vscode.l10n.t('Retrying (attempt {0}) in {1} s: {2}', e.attempt, Math.round(e.waitMs / 1000), e.reason) };
    case 'finished': return { type: 'generate/finished', generationId: e.record.id, status: e.record.status, costUsd: e.record.costUsd };
  }
}
