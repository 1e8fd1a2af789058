// One generation end to end: validate, plan calls, call the provider with retries, check every image,
// and keep each one in the history store the moment it arrives.
import { actualCost, estimateCost } from './cost';
import { PixelsmithError, toErrorInfo, type ErrorInfo } from './errors';
import { HistoryStore, type GenerationRecord } from './history';
import { mimeForFormat } from './imaging/formats';
import { checkImage } from './imaging/inspect';
import { svgHazards } from './imaging/svg-safety';
import type { Logger } from './log';
import { continuationPrompt, planCalls, type PlannedCall } from './callPlan';
import { mapLimit } from './mapLimit';
import { cancelled, withRetry } from './providers/retry';
import { tryParseSize } from './sizes';
import type { ImageFormat, ImageInput, ImageProvider, ImageRequest, ProviderId, ProviderResult, RasterFormat, StoredImage, Usage } from './types';
import { validateRequest } from './validate';

export type GenerationEvent =
  | { readonly kind: 'started'; readonly record: GenerationRecord; readonly total: number }
  | { readonly kind: 'partial'; readonly generationId: string; readonly index: number; readonly partialIndex: number; readonly file: string }
  | { readonly kind: 'image'; readonly generationId: string; readonly image: StoredImage }
  | { readonly kind: 'image-error'; readonly generationId: string; readonly index: number; readonly error: ErrorInfo }
  | { readonly kind: 'queued'; readonly generationId: string; readonly position: number }
  | { readonly kind: 'retry'; readonly generationId: string; readonly attempt: number; readonly waitMs: number; readonly reason: string }
  | { readonly kind: 'finished'; readonly record: GenerationRecord };

export interface EngineDeps {
  readonly history: HistoryStore;
  readonly getProvider: (id: ProviderId) => Promise<ImageProvider>;
  readonly log: Logger;
  readonly maxConcurrency: () => number;
  readonly maxRetries: () => number;
  readonly retryBaseDelayMs?: number;
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: GenerationEvent) => void;
  readonly context?: GenerationRecord['context'];
}

export class GenerationEngine {
  constructor(private readonly deps: EngineDeps) {}

  /** Validates first (nothing is stored or sent for an invalid request), then generates. */
  async generate(input: ImageRequest, o: RunOptions = {}): Promise<GenerationRecord> {
    const req = validateRequest(input);
    const signal = o.signal ?? new AbortController().signal;
    if (signal.aborted) throw cancelled();
    const provider = await this.deps.getProvider(req.provider);
    const estimate = estimateCost(req);
    const record = await this.deps.history.create(newRecord(req, estimate, o.context), { references: req.references, mask: req.mask, markup: req.markup });
    const t0 = Date.now();
    const total = req.frames ?? req.n;
    const emit = (e: GenerationEvent) => { try { o.onEvent?.(e); } catch (err) { this.deps.log.warn(`event handler failed: ${String(err)}`); } };
    emit({ kind: 'started', record, total });
    this.deps.log.info(`generation ${record.id}: ${req.provider}/${req.model} ${total}× ${req.size} ${req.quality} ${req.outputFormat}`);

    const run = new Run(this.deps, provider, req, record, signal, emit, t0);
    let refs = req.references;
    let prompt = req.prompt;
    for (const batch of planCalls(req)) {
      if (signal.aborted) break;
      if (batch.frames && batch.frames.from > 1) {
        const last = run.lastImage(batch.frames.from - 2);
        if (!last) { run.failRest(batch.frames.from - 1, total, new PixelsmithError('server', 'The sequence stopped: the previous frame is missing, so the next batch has no reference.', { retryable: false })); break; }
        refs = [last, ...(req.references ?? [])].slice(0, 16);
        prompt = continuationPrompt(req.prompt, batch.frames);
      }
      const callReq = { ...req, prompt, ...(refs ? { references: refs } : {}) };
      await mapLimit(batch.calls, Math.max(1, this.deps.maxConcurrency()), (c) => run.call(callReq, c));
    }
    await this.deps.history.update(record, (r) => {
      r.finishedAt = new Date().toISOString();
      r.timings.totalMs = Date.now() - t0;
      r.status = signal.aborted ? 'cancelled' : r.images.length === total ? 'complete' : r.images.length > 0 ? 'partial' : 'failed';
      const actual = run.reportedCostUsd ?? (r.usage ? actualCost(req.model, r.usage, req.provider) : null);
      r.costUsd = actual ?? (estimate.perImage !== null ? round(estimate.perImage * r.images.length) : null);
    });
    this.deps.log.info(`generation ${record.id}: ${record.status}, ${record.images.length}/${total} images in ${record.timings.totalMs} ms`);
    emit({ kind: 'finished', record });
    return record;
  }
}

/** The state of one generation while its calls run. */
class Run {
  private readonly received = new Map<number, ImageInput>();
  /** Partial previews still being written; awaited before a call counts as done, so none lands after 'finished'. */
  private readonly partials = new Set<Promise<void>>();
  /** The sum of the costs the provider reported itself, when every successful call reported one. */
  reportedCostUsd: number | null = null;
  private unreportedCost = false;

  constructor(
    private readonly deps: EngineDeps, private readonly provider: ImageProvider, private readonly req: ImageRequest,
    private readonly record: GenerationRecord, private readonly signal: AbortSignal,
    private readonly emit: (e: GenerationEvent) => void, private readonly t0: number,
  ) {}

  async call(request: ImageRequest, c: PlannedCall): Promise<void> {
    const id = this.record.id;
    // A call still queued when the run is cancelled is never sent.
    if (this.signal.aborted) { this.failRest(c.start, c.start + c.n, cancelled()); return; }
    let result: ProviderResult;
    try {
      result = await withRetry(() => this.provider.call({
        request, n: c.n, signal: this.signal,
        onEvent: (e) => {
          if (e.kind === 'partial') this.track(this.partial(c.start + e.index, e.partialIndex, e.bytes));
          else if (e.kind === 'queued') this.emit({ kind: 'queued', generationId: id, position: e.position });
        },
      }), {
        maxRetries: this.deps.maxRetries(), signal: this.signal, ...(this.deps.retryBaseDelayMs !== undefined ? { baseDelayMs: this.deps.retryBaseDelayMs } : {}),
        onRetry: (attempt, waitMs, err) => {
          this.deps.log.warn(`generation ${id}: retry ${attempt} in ${Math.round(waitMs)} ms after ${err.code}${err.requestId ? ` (request ${err.requestId})` : ''}`);
          this.emit({ kind: 'retry', generationId: id, attempt, waitMs, reason: toErrorInfo(err).message });
        },
      });
    } catch (e) {
      await Promise.all(this.partials);
      const err = this.signal.aborted ? cancelled() : e;
      const info = toErrorInfo(err);
      this.deps.log.error(`generation ${id}: call for images ${c.start + 1}–${c.start + c.n} failed: ${info.code}: ${info.message}${info.requestId ? ` (request ${info.requestId})` : ''}`);
      this.failRest(c.start, c.start + c.n, err);
      return;
    }
    await Promise.all(this.partials);
    if (result.requestId) {
      this.deps.log.info(`generation ${id}: provider request ${result.requestId}`);
      await this.deps.history.update(this.record, (r) => { r.requestIds.push(result.requestId!); });
    }
    if (result.usage) await this.deps.history.update(this.record, (r) => { r.usage = addUsage(r.usage, result.usage!); });
    if (result.costUsd === undefined) { this.unreportedCost = true; this.reportedCostUsd = null; }
    else if (!this.unreportedCost) this.reportedCostUsd = round6((this.reportedCostUsd ?? 0) + result.costUsd);
    // Images are written in parallel: each one reaches the store as soon as it is checked.
    await Promise.all(result.images.slice(0, c.n).map((img, i) => this.keep(c.start + i, img.bytes, img.revisedPrompt)));
    if (result.images.length > c.n) this.deps.log.warn(`generation ${id}: provider returned ${result.images.length} images for ${c.n}; extra ones ignored`);
    if (result.images.length < c.n) {
      this.failRest(c.start + result.images.length, c.start + c.n, result.incomplete ?? new PixelsmithError('server', `The provider returned ${result.images.length} of ${c.n} images.`, { retryable: false }));
    }
  }

  private track(p: Promise<void>): void {
    this.partials.add(p);
    void p.finally(() => this.partials.delete(p));
  }

  lastImage(index: number): ImageInput | undefined {
    return this.received.get(index);
  }

  failRest(from: number, to: number, e: unknown, file?: string): void {
    const info = toErrorInfo(e);
    for (let index = from; index < to; index++) {
      void this.deps.history.update(this.record, (r) => { r.errors.push({ ...info, index, ...(file !== undefined ? { file } : {}) }); });
      this.emit({ kind: 'image-error', generationId: this.record.id, index, error: info });
    }
  }

  private async keep(index: number, bytes: Uint8Array, revisedPrompt: string | undefined): Promise<void> {
    const req = this.req;
    try {
      const dims = tryParseSize(req.size);
      // An SVG's width/height are nominal (any viewBox scales): its size is read, not required.
      const sized = dims && dims !== 'auto' && req.outputFormat !== 'svg';
      const info = checkImage(bytes, {
        format: req.outputFormat, alpha: req.background === 'transparent' ? true : undefined,
        ...(sized ? { width: dims.width, height: dims.height } : {}),
        ...(req.outputFormat === 'gif' && req.gifFrames !== undefined ? { frames: req.gifFrames } : {}),
      });
      if (info.format === 'svg' && (await this.refuseUnsafeSvg(index, bytes))) return;
      const image = await this.deps.history.addImage(this.record, index, bytes, { ...info, ...(revisedPrompt ? { revisedPrompt } : {}) });
      if (this.record.timings.firstImageMs === undefined) this.record.timings.firstImageMs = Date.now() - this.t0;
      if (isReferenceFormat(req.outputFormat)) {
        this.received.set(index, { name: `frame-${index + 1}.${image.file.split('.').pop()}`, mimeType: mimeForFormat(req.outputFormat), bytes });
      }
      this.emit({ kind: 'image', generationId: this.record.id, image });
    } catch (e) {
      const err = e instanceof PixelsmithError ? e : new PixelsmithError('bad-image', `Image ${index + 1} is not usable: ${(e as Error).message}`, { retryable: false });
      this.deps.log.error(`generation ${this.record.id}: image ${index + 1} rejected: ${err.message}`);
      this.failRest(index, index + 1, err);
    }
  }

  /** An SVG with scripts, handlers, embedded HTML or outside references stays in the history only, with its reason. */
  private async refuseUnsafeSvg(index: number, bytes: Uint8Array): Promise<boolean> {
    const reasons = svgHazards(bytes);
    if (reasons.length === 0) return false;
    const file = await this.deps.history.addRefused(this.record, index, bytes, 'svg');
    const err = new PixelsmithError('bad-image', `Image ${index + 1} (SVG) was not saved because ${reasons.join('; ')}. It is kept in the history only.`, {
      retryable: false, sanitizable: true, hint: 'Save a sanitized copy (scripts, handlers and outside references removed), generate it again, or ask for a PNG; an SVG that runs scripts or loads outside content is never written into the workspace.',
    });
    this.deps.log.error(`generation ${this.record.id}: image ${index + 1} refused: ${err.message}`);
    this.failRest(index, index + 1, err, file);
    return true;
  }

  private async partial(index: number, partialIndex: number, bytes: Uint8Array): Promise<void> {
    try {
      checkImage(bytes, { format: this.req.outputFormat });
      const file = await this.deps.history.addPartial(this.record, index, partialIndex, bytes, this.req.outputFormat);
      this.emit({ kind: 'partial', generationId: this.record.id, index, partialIndex, file });
    } catch (e) {
      this.deps.log.warn(`generation ${this.record.id}: partial ${partialIndex} of image ${index + 1} dropped: ${(e as Error).message}`);
    }
  }
}

function newRecord(req: ImageRequest, estimate: { usd: number | null; perImage: number | null }, context?: GenerationRecord['context']): GenerationRecord {
  const { references: _r, mask: _m, markup: _k, ...rest } = req;
  return {
    schemaVersion: 1, id: HistoryStore.newId(), createdAt: new Date().toISOString(), status: 'running',
    provider: req.provider, model: req.model, request: rest, ...(context ? { context } : {}),
    estimate: { usd: estimate.usd, perImage: estimate.perImage }, costUsd: null,
    images: [], partials: [], errors: [], requestIds: [], timings: {}, saved: [],
  };
}

function addUsage(a: Usage | undefined, b: Usage): Usage {
  const sum = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  return {
    inputTokens: sum(a?.inputTokens, b.inputTokens), outputTokens: sum(a?.outputTokens, b.outputTokens), totalTokens: sum(a?.totalTokens, b.totalTokens),
    inputTextTokens: sum(a?.inputTextTokens, b.inputTextTokens), inputImageTokens: sum(a?.inputImageTokens, b.inputImageTokens),
    outputImageTokens: sum(a?.outputImageTokens, b.outputImageTokens), outputTextTokens: sum(a?.outputTextTokens, b.outputTextTokens),
  };
}

/** Only raster frames can continue a sequence as the next batch's reference. */
function isReferenceFormat(f: ImageFormat): f is RasterFormat {
  return f === 'png' || f === 'jpeg' || f === 'webp';
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}
