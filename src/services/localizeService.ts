// Localize: one edit of the original per language, all through the GenerationService (so the run registry, the
// concurrency limit and the history apply), the whole batch's cost confirmed once, each language failing alone.
import { PixelsmithError } from '../core/errors';
import type { GenerationEvent } from '../core/engine';
import type { GenerationRecord } from '../core/history';
import { localizePrompt, type StringTable } from '../core/localize/plan';
import type { ImageRequest } from '../core/types';
import { validateRequest } from '../core/validate';
import { declinedAtConfirmation, type GenerationService } from './generationService';
import type { RunOrigin } from './runRegistry';

export interface LocalizeJob<Location> {
  /** The request every language shares: provider, model, size, quality, format, and the original as the only reference. */
  readonly base: Omit<ImageRequest, 'prompt' | 'n'>;
  readonly languages: readonly string[];
  readonly strings: Readonly<Record<string, StringTable>>;
  /** The original, recorded as each translation's parent. */
  readonly parent: { readonly file: string; readonly sha256: string };
  readonly save: 'none' | 'all';
  /** Where the translations go (beside the original); not needed when nothing is saved. */
  readonly folder?: Location;
  /** The base name (no extension) of the translation into `language`. */
  readonly baseName: (language: string) => string;
}

export interface LocalizeOptions {
  readonly origin?: RunOrigin;
  /** Asks once for the whole batch: `req` with `n` = the number of languages. False stops before anything is sent. */
  readonly confirmBatch: (req: ImageRequest) => Promise<boolean>;
  readonly skipCostConfirmation?: boolean;
  readonly signal?: AbortSignal;
  readonly onEvent?: (language: string, e: GenerationEvent) => void;
}

export interface LocalizeOutcome<Saved> {
  readonly language: string;
  readonly record?: GenerationRecord;
  readonly saved: readonly Saved[];
  /** Why this language has no image (the others are not affected). */
  readonly error?: PixelsmithError;
}

/** One request per language, checked before anything is asked or sent. */
export function localizeRequests(job: Pick<LocalizeJob<unknown>, 'base' | 'languages' | 'strings'>): { language: string; req: ImageRequest }[] {
  if (!job.base.references?.length) throw new PixelsmithError('invalid-request', 'Localize needs the original image as the reference.', { field: 'uri' });
  return job.languages.map((language) => {
    const req: ImageRequest = { ...job.base, prompt: localizePrompt(language, job.strings[language]), n: 1 };
    validateRequest(req);
    return { language, req };
  });
}

export async function localize<Location, Saved>(
  gen: GenerationService<Location, Saved>, job: LocalizeJob<Location>, o: LocalizeOptions,
): Promise<LocalizeOutcome<Saved>[]> {
  const requests = localizeRequests(job);
  if (!o.skipCostConfirmation && !(await o.confirmBatch({ ...requests[0]!.req, n: requests.length }))) throw declinedAtConfirmation();
  return Promise.all(requests.map(async ({ language, req }): Promise<LocalizeOutcome<Saved>> => {
    try {
      const { record, saved } = await gen.generate(req, {
        origin: o.origin ?? 'command', skipCostConfirmation: true, save: job.save, ...(job.folder !== undefined ? { folder: job.folder } : {}), baseName: job.baseName(language),
        context: { parent: { file: job.parent.file, sha256: job.parent.sha256 }, language },
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.onEvent ? { onEvent: (e: GenerationEvent) => o.onEvent!(language, e) } : {}),
      });
      const first = record.errors[0];
      const error = record.images.length === 0 ? new PixelsmithError(first?.code ?? 'server', first?.message ?? `No image came back for ${language}.`) : undefined;
      return { language, record, saved, ...(error ? { error } : {}) };
    } catch (e) {
      return { language, saved: [], error: e instanceof PixelsmithError ? e : new PixelsmithError('server', e instanceof Error ? e.message : String(e)) };
    }
  }));
}
