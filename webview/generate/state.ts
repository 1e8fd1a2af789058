// The page's state: what survives hiding, moving and reloading (through getState/setState), and how each
// message from the host changes it. Pure functions, no DOM.
import type { GenerateForm, GenerateInitData, ReferenceImage, RunSnapshot, SavedFile, ToGenerateWebview } from '../../src/protocol';

/** One brush stroke on the mask or the markup, in the reference image's pixels; markup strokes have a colour. */
export interface Stroke { readonly erase: boolean; readonly size: number; readonly points: readonly number[]; readonly color?: string }
/** Transparent margins added around the first reference for outpainting, in pixels. */
export interface Extend { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number }
export const NO_EXTEND: Extend = { top: 0, right: 0, bottom: 0, left: 0 };

export interface RunView extends RunSnapshot {
  /** What it was asked with, for Regenerate and Variations. */
  readonly form: GenerateForm;
  readonly references: readonly ReferenceImage[];
  /** It was sent with a mask or markup (kept in the history; Regenerate sends it again). */
  readonly masked?: boolean;
  readonly startedAt: number;
  readonly finishedAt?: number;
  readonly progress?: string;
}

export interface PageState {
  readonly version: 1;
  readonly form: GenerateForm;
  /** The user picked a provider; until then the configured default is used. */
  readonly providerChosen: boolean;
  readonly references: readonly ReferenceImage[];
  readonly maskOn: boolean;
  readonly strokes: readonly Stroke[];
  /** Markup painting over the first reference (models that take markup); never on together with the mask. */
  readonly markupOn: boolean;
  readonly markupStrokes: readonly Stroke[];
  readonly extend: Extend;
  /** Newest first. */
  readonly runs: readonly RunView[];
  /** `<generationId>:<index>` of the picked results. */
  readonly picked: readonly string[];
  readonly saved: readonly SavedFile[];
  readonly markdownTarget?: string;
  /** The id of the last `generate/apply` taken, so one the host sends again after a reload is not applied twice. */
  readonly appliedId?: string;
}

export const MAX_RUNS = 12;

export function initialState(init: GenerateInitData, restored: unknown): PageState {
  const base: PageState = {
    version: 1, form: init.defaults, providerChosen: false, references: [], maskOn: false, strokes: [], markupOn: false, markupStrokes: [], extend: NO_EXTEND,
    runs: [], picked: [], saved: [], ...(init.markdownTarget ? { markdownTarget: init.markdownTarget } : {}),
  };
  const r = restored as Partial<PageState> | undefined;
  const merged = r && r.version === 1 ? { ...base, ...r, form: { ...init.defaults, ...r.form } } : base;
  // Runs that were running when the page went away are brought up to date by the host (generate/snapshot).
  return merged;
}

export const pickKey = (generationId: string, index: number) => `${generationId}:${index}`;

export function applyHostMessage(s: PageState, m: ToGenerateWebview): PageState {
  switch (m.type) {
    case 'generate/started':
      return updateRun(s, m.generationId, (r) => ({ ...r, total: m.total }));
    case 'generate/partial':
      return updateRun(s, m.generationId, (r) => ({ ...r, partials: [...r.partials.filter((p) => p.index !== m.index), { index: m.index, file: m.file }] }));
    case 'generate/image':
      return updateRun(s, m.generationId, (r) => ({
        ...r, images: [...r.images.filter((i) => i.index !== m.image.index), m.image].sort((a, b) => a.index - b.index),
        partials: r.partials.filter((p) => p.index !== m.image.index),
      }));
    case 'generate/imageError':
      return updateRun(s, m.generationId, (r) => ({ ...r, errors: [...r.errors.filter((e) => e.index !== m.index), { index: m.index, error: m.error }] }));
    case 'generate/progress':
      return updateRun(s, m.generationId, (r) => ({ ...r, progress: m.message }));
    case 'generate/finished':
      return updateRun(s, m.generationId, (r) => {
        const { progress: _p, ...rest } = r;
        return { ...rest, status: m.status, costUsd: m.costUsd, finishedAt: Date.now(), partials: m.status === 'complete' ? [] : r.partials };
      });
    case 'generate/snapshot':
      return updateRun(s, m.run.generationId, (r) => fromSnapshot(r, m.run));
    default:
      return s;
  }
}

/** A new run at the top of the results, before the host's first event. */
export function addRun(s: PageState, generationId: string, form: GenerateForm, references: readonly ReferenceImage[], masked = false): PageState {
  const run: RunView = {
    generationId, form, references, ...(masked ? { masked } : {}), status: 'running', total: form.preset === 'sequence' ? form.frames : form.n,
    images: [], errors: [], partials: [], costUsd: null, startedAt: Date.now(),
  };
  return { ...s, runs: [run, ...s.runs.filter((r) => r.generationId !== generationId)].slice(0, MAX_RUNS) };
}

function fromSnapshot(r: RunView, snap: RunSnapshot): RunView {
  const finished = snap.status !== 'running';
  return {
    ...r, status: snap.status, total: snap.total, images: snap.images, errors: snap.errors, partials: snap.partials, costUsd: snap.costUsd,
    ...(finished && r.finishedAt === undefined ? { finishedAt: Date.now() } : {}),
  };
}

function updateRun(s: PageState, id: string, change: (r: RunView) => RunView): PageState {
  if (!s.runs.some((r) => r.generationId === id)) return s;
  return { ...s, runs: s.runs.map((r) => (r.generationId === id ? change(r) : r)) };
}

/** References handed over by a command (gallery: use as reference, edit, variations). An edit replaces the
 *  references with the image and opens the mask editor; otherwise they are added after the current ones. */
export function withReferences(s: PageState, refs: readonly ReferenceImage[], edit: boolean): PageState {
  if (edit) return { ...s, references: refs.slice(0, 16), maskOn: true, strokes: [], markupOn: false, markupStrokes: [] };
  const known = new Set(s.references.map((r) => r.key));
  return { ...s, references: [...s.references, ...refs.filter((r) => !known.has(r.key))].slice(0, 16) };
}

/** Turn the mask or the markup on or off over the first reference: they are never sent together, so one turns the other off. */
export function withOverlay(s: PageState, overlay: 'mask' | 'markup', on: boolean): PageState {
  if (overlay === 'mask') return { ...s, maskOn: on, ...(on ? { markupOn: false } : {}) };
  return { ...s, markupOn: on, ...(on ? { maskOn: false } : {}) };
}
