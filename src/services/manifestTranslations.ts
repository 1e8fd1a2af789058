// A manifest entry's translation (`hero@ko`), made the way Localize makes one: one edit of the entry's built output
// with Localize's prompt, through the LocalizeService (so the GenerationService, its run registry and the history
// apply). The build writes the result with the entry's mark; the sidecar records the language and the parent.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { PixelsmithError } from '../core/errors';
import type { GenerationRecord } from '../core/history';
import { localizePrompt } from '../core/localize/plan';
import type { ResolvedEntry } from '../core/manifest/parse';
import type { PlanItem } from '../core/manifest/plan';
import { MANIFEST_FILE } from '../core/manifest/schema';
import { getModel } from '../core/catalogue';
import { providers } from '../core/providers/registry';
import type { ImageRequest } from '../core/types';
import type { GenerationService } from './generationService';
import { localize } from './localizeService';

export interface TranslationDeps<Location, Saved> {
  readonly generation: GenerationService<Location, Saved>;
  /** The request an entry stands for; its `references` are workspace-relative paths read as images. */
  readonly requestFor: (entry: ResolvedEntry) => Promise<ImageRequest>;
}

/**
 * The translation's request as planned, before the entry's output exists to be read: the entry's parameters with
 * Localize's prompt, for the estimate and the checks. Refused, naming the entry, when the model cannot edit.
 */
export async function plannedTranslationRequest<L, S>(d: TranslationDeps<L, S>, item: PlanItem): Promise<ImageRequest> {
  const t = item.translation!;
  const req = await d.requestFor({ ...t.base, references: [] });
  if (!(providers.get(req.provider).capabilities.edit && getModel(req.model).supportsEdit)) {
    throw new PixelsmithError('invalid-request', `${MANIFEST_FILE}: ${t.base.id}.languages: a translation is an edit of the image, and ${req.model} on ${providers.label(req.provider)} cannot edit images.`, { field: 'languages' });
  }
  const { references: _r, ...rest } = req;
  return { ...rest, prompt: localizePrompt(t.language), n: 1 };
}

/** Edits the entry's output (as it is now) into the item's language; resolves to the generation, which has one image. */
export async function generateTranslation<L, S>(d: TranslationDeps<L, S>, item: PlanItem, signal?: AbortSignal): Promise<GenerationRecord> {
  const t = item.translation!;
  // The entry's output is the only reference, as Localize sends the original.
  const { prompt: _p, n: _n, ...base } = await d.requestFor({ ...t.base, references: [t.base.output] });
  const original = base.references![0]!;
  const [outcome] = await localize(d.generation, {
    base, languages: [t.language], strings: {}, save: 'none',
    parent: { file: t.base.output, sha256: createHash('sha256').update(original.bytes).digest('hex') },
    baseName: () => path.posix.basename(item.entry.output, path.posix.extname(item.entry.output)),
  }, { origin: 'manifest', confirmBatch: async () => true, skipCostConfirmation: true, ...(signal ? { signal } : {}) });
  if (!outcome?.record || outcome.error) throw outcome?.error ?? new PixelsmithError('server', `No image came back for ${item.entry.id}.`);
  return outcome.record;
}
