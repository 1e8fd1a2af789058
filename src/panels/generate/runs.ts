// Generations started from the Generate panel: each runs with its own AbortController and reports its events
// to whichever Generate panel is open now (a panel closed and reopened mid-run picks the run up again).
import type { GenerationEvent } from '../../core/engine';
import { PixelsmithError } from '../../core/errors';
import type { GenerationRecord } from '../../core/history';
import type { ImageRequest } from '../../core/types';
import type { RunSnapshot, ToGenerateWebview } from '../../protocol';
import type { Services } from '../../platform/services';

export class RunTracker {
  private readonly live = new Map<string, AbortController>();

  constructor(private readonly s: Services, private readonly post: (m: ToGenerateWebview) => void) {}

  /** Start a generation; resolves with its id once it is in the history, rejects when the request is refused. */
  start(req: ImageRequest, context?: GenerationRecord['context']): Promise<string> {
    const ctl = new AbortController();
    return new Promise<string>((resolve, reject) => {
      let id: string | undefined;
      const onEvent = (e: GenerationEvent) => {
        if (e.kind === 'started') {
          id = e.record.id;
          this.live.set(id, ctl);
          resolve(id);
        }
        const m = toMessage(e);
        if (m) this.post(m);
      };
      this.s.engine.generate(req, { signal: ctl.signal, onEvent, ...(context ? { context } : {}) }).then(
        () => { if (id) this.live.delete(id); },
        (err: unknown) => {
          if (!id) { reject(err); return; }
          this.live.delete(id);
          this.s.log.error(`generation ${id}: ${(err as Error).message}`);
          this.post({ type: 'generate/finished', generationId: id, status: 'failed', costUsd: null });
        },
      );
    });
  }

  /** Stop a running generation; what already arrived stays in the history and on the page. */
  cancel(generationId: string): void {
    const ctl = this.live.get(generationId);
    if (ctl) {
      this.s.log.info(`generation ${generationId}: cancelled from the Generate panel`);
      ctl.abort();
    }
  }

  isRunning(generationId: string): boolean {
    return this.live.has(generationId);
  }

  /** The generation as the history has it now; `interrupted` when it was left running by an earlier window. */
  async snapshot(generationId: string): Promise<RunSnapshot | undefined> {
    const r = await this.s.history.get(generationId);
    if (!r) return undefined;
    const latest = new Map<number, { index: number; partialIndex: number; file: string }>();
    for (const p of r.partials) if ((latest.get(p.index)?.partialIndex ?? -1) < p.partialIndex) latest.set(p.index, p);
    const status = r.status === 'running' && !this.live.has(r.id) ? 'interrupted' : r.status;
    return {
      generationId: r.id, status, total: r.request.frames ?? r.request.n, images: r.images,
      errors: r.errors.filter((e) => e.index !== undefined).map(({ index, ...error }) => ({ index: index!, error })),
      partials: [...latest.values()].map(({ index, file }) => ({ index, file })), costUsd: r.costUsd,
    };
  }

  dispose(): void {
    // The panel host goes away with the extension; running generations stop, and what arrived stays in the history.
    for (const ctl of this.live.values()) ctl.abort();
    this.live.clear();
  }
}

function toMessage(e: GenerationEvent): ToGenerateWebview | undefined {
  switch (e.kind) {
    case 'started': return { type: 'generate/started', generationId: e.record.id, total: e.total };
    case 'partial': return { type: 'generate/partial', generationId: e.generationId, index: e.index, file: e.file };
    case 'image': return { type: 'generate/image', generationId: e.generationId, image: e.image };
    case 'image-error': return { type: 'generate/imageError', generationId: e.generationId, index: e.index, error: e.error };
    case 'queued': return { type: 'generate/progress', generationId: e.generationId, message: `Queued at position ${e.position}.` };
    case 'retry': return { type: 'generate/progress', generationId: e.generationId, message: `Retrying (attempt ${e.attempt}) in ${Math.round(e.waitMs / 1000)} s: ${e.reason}` };
    case 'finished': return { type: 'generate/finished', generationId: e.record.id, status: e.record.status, costUsd: e.record.costUsd };
  }
}

/** A refusal at the cost confirmation, shown on the page like any other error. */
export function declinedAtConfirmation(): PixelsmithError {
  return new PixelsmithError('cancelled', 'Not generated: the estimate is above your confirmation threshold and you chose not to go ahead.', {
    hint: 'Lower the number of images or the quality, or raise pixelsmith.costConfirmationThreshold.',
  });
}
