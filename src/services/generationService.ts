// The one way a generation runs, whoever asks: validate → confirm the cost (injected: each caller decides how to
// ask, or not) → engine → save (injected) → result. Every run is in one RunRegistry. No `vscode`: the commands,
// the panel and (next) the agent tools and the MCP server all go through here.
import type { GenerationEvent, GenerationEngine } from '../core/engine';
import { PixelsmithError } from '../core/errors';
import type { GenerationRecord } from '../core/history';
import type { Logger } from '../core/log';
import type { ImageRequest, Preset } from '../core/types';
import { validateRequest } from '../core/validate';
import { RunRegistry, type RunOrigin } from './runRegistry';

/** What images of a generation to save into the workspace: none, all, or 0-based indices. */
export type SaveChoice = 'none' | 'all' | readonly number[];

export interface SaveRequest<Location> {
  readonly generationId: string;
  readonly indices: readonly number[];
  readonly preset?: Preset;
  readonly folder?: Location;
  readonly source?: { readonly document: Location; readonly heading?: string };
  /** The file base name to save under (no extension) instead of the naming pattern's; a taken name still gets a suffix. */
  readonly baseName?: string;
}

export interface GenerationServiceDeps<Location, Saved> {
  readonly engine: GenerationEngine;
  readonly log: Logger;
  /** Asks the user (or a policy) whether to spend what `req` is estimated to cost; false stops before anything is sent. */
  readonly confirmCost: (req: ImageRequest) => Promise<boolean>;
  /** Copies images from the history into the workspace, with their sidecars. */
  readonly save: (o: SaveRequest<Location>) => Promise<Saved[]>;
  /** The workspace folder a generation is for, recorded with it when the caller names none (the spend ledger counts by it). */
  readonly workspace?: () => string | undefined;
}

/** A generation starting or finishing, whoever started it. */
export type RunEvent = Extract<GenerationEvent, { kind: 'started' | 'finished' }>;

export interface StartOptions {
  readonly origin: RunOrigin;
  readonly onEvent?: (e: GenerationEvent) => void;
  readonly context?: GenerationRecord['context'];
  /** An outside signal (a progress notification's Cancel); the registry's cancel works either way. */
  readonly signal?: AbortSignal;
  /** For callers that confirmed the cost themselves. */
  readonly skipCostConfirmation?: boolean;
}

export interface Started {
  readonly generationId: string;
  /** Settles when the generation has finished (complete, partial, cancelled or failed). */
  readonly done: Promise<GenerationRecord>;
}

export interface GenerateOptions<Location> extends StartOptions {
  readonly save: SaveChoice;
  readonly folder?: Location;
  readonly source?: SaveRequest<Location>['source'];
  readonly baseName?: string;
}

export class GenerationService<Location, Saved> {
  readonly runs = new RunRegistry();
  private readonly watchers = new Set<(e: RunEvent) => void>();

  constructor(private readonly d: GenerationServiceDeps<Location, Saved>) {}

  /** Called when any generation starts and when it finishes (the spend ledger and the status bar listen). */
  onDidRun(listener: (e: RunEvent) => void): { dispose(): void } {
    this.watchers.add(listener);
    return { dispose: () => this.watchers.delete(listener) };
  }

  /**
   * Start a generation; resolves once it is in the history (with its id), rejects when the request is invalid
   * or the cost was declined — before anything is stored or sent.
   */
  async start(req: ImageRequest, o: StartOptions): Promise<Started> {
    const checked = validateRequest(req);
    if (!o.skipCostConfirmation && !(await this.d.confirmCost(checked))) throw declinedAtConfirmation();
    const ctl = new AbortController();
    const outer = o.signal;
    const onOuterAbort = () => ctl.abort();
    if (outer?.aborted) ctl.abort(); else outer?.addEventListener('abort', onOuterAbort, { once: true });
    let id: string | undefined;
    let resolveStarted!: (s: Started) => void;
    const started = new Promise<Started>((r) => { resolveStarted = r; });
    const workspace = o.context?.workspace ?? this.d.workspace?.();
    const context = workspace !== undefined ? { ...o.context, workspace } : o.context;
    const done = this.d.engine.generate(checked, {
      signal: ctl.signal, ...(context ? { context } : {}),
      onEvent: (e) => {
        if (e.kind === 'started') {
          id = e.record.id;
          this.runs.add(id, ctl, o.origin);
        }
        if (e.kind === 'started' || e.kind === 'finished') this.notify(e);
        o.onEvent?.(e);
        if (e.kind === 'started') resolveStarted({ generationId: e.record.id, done });
      },
    }).finally(() => {
      outer?.removeEventListener('abort', onOuterAbort);
      if (id) this.runs.remove(id);
    });
    // A refusal before the record exists (validation, no provider) rejects `start` itself.
    return Promise.race([started, done.then(() => started)]);
  }

  /** Generate to the end, then save what was asked; an all-failed generation rejects with its first error. */
  async generate(req: ImageRequest, o: GenerateOptions<Location>): Promise<{ record: GenerationRecord; saved: Saved[] }> {
    const { done } = await this.start(req, o);
    const record = await done;
    if (record.images.length === 0 && record.errors.length > 0) {
      const first = record.errors[0]!;
      throw new PixelsmithError(first.code, first.message, {
        ...(first.hint ? { hint: first.hint } : {}), ...(first.requestId ? { requestId: first.requestId } : {}),
        generationId: record.id, ...(first.file?.endsWith('.svg') ? { sanitizable: true as const } : {}),
      });
    }
    const indices = o.save === 'all' ? record.images.map((i) => i.index) : o.save === 'none' ? [] : [...o.save];
    const saved = indices.length
      ? await this.d.save({
        generationId: record.id, indices,
        ...(record.request.preset ? { preset: record.request.preset } : {}),
        ...(o.folder !== undefined ? { folder: o.folder } : {}), ...(o.source ? { source: o.source } : {}),
        ...(o.baseName !== undefined ? { baseName: o.baseName } : {}),
      })
      : [];
    return { record, saved };
  }

  /** `pixelsmith.cancelGeneration`: one run or all of them, wherever they were started. */
  cancel(generationId?: string): string[] {
    const ids = this.runs.cancel(generationId);
    if (ids.length) this.d.log.info(`cancelled ${ids.map((i) => `${i} (${this.runs.list().find((r) => r.generationId === i)?.origin ?? 'finished'})`).join(', ')}`);
    return ids;
  }

  dispose(): void {
    this.runs.dispose();
    this.watchers.clear();
  }

  private notify(e: RunEvent): void {
    for (const w of this.watchers) {
      try { w(e); } catch (err) { this.d.log.warn(`a generation listener failed: ${String(err)}`); }
    }
  }
}

/** A refusal at the cost confirmation, reported like any other error. */
export function declinedAtConfirmation(): PixelsmithError {
  return new PixelsmithError('cancelled', 'Not generated: you chose not to go ahead at the cost confirmation (above your threshold, an unknown price, over your monthly budget, or settings from the workspace).', {
    hint: 'Lower the number of images or the quality, or raise pixelsmith.costConfirmationThreshold or pixelsmith.monthlyBudget.',
  });
}
