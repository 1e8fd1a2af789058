// What the page asks of the host: generate (with the mask, markup and outpainting canvas made here), references,
// saving, copying links. Each returns the new state, or an error for the place it concerns.
import { RequestError, type GenerateForm, type ReferenceImage, type SaveResult } from '../../src/protocol';
import { checkForm } from './check';
import { formControls } from '../../src/panels/generate/formControls';
import { extendedCanvasPng, hasExtend, hasMarks, markupPng, maskPng } from './maskRender';
import { addRun, NO_EXTEND, type PageState } from './state';
import type { HostLink } from './vscodeApi';

export type Outcome = { readonly state?: PageState; readonly errors?: Record<string, string> };

function errorsOf(e: unknown, fallbackField = 'form'): Record<string, string> {
  if (e instanceof RequestError) {
    if (e.info.code === 'cancelled' && !e.info.hint) return {};
    const text = e.info.hint && !e.info.message.includes(e.info.hint) ? `${e.info.message} ${e.info.hint}` : e.info.message;
    const field = e.info.field?.replace(/\[\d+\]$/, '') ?? fallbackField;
    return { [field === 'mask' || field === 'markup' ? 'references' : field]: text };
  }
  return { [fallbackField]: e instanceof Error ? e.message : String(e) };
}

/** Bytes from the host as postMessage delivers them (a typed array, an ArrayBuffer, or a Node Buffer's JSON form). */
function toBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  const data = (v as { data?: unknown } | null)?.data;
  if (Array.isArray(data)) return Uint8Array.from(data as number[]);
  throw new Error('The host sent the reference image in a form the page cannot read.');
}

export class Actions {
  constructor(private readonly host: HostLink) {}

  /** The references and overlay to send: with a mask on, the mask PNG (and a grown canvas when extending); with markup on, the markup PNG. */
  private async maskAndRefs(s: PageState): Promise<{ references: readonly ReferenceImage[]; mask?: Uint8Array; markup?: Uint8Array }> {
    const first = s.references[0];
    if (first && s.markupOn && formControls(s.form).markup) {
      if (!hasMarks(s.markupStrokes)) throw new RequestError({ code: 'invalid-request', field: 'references', retryable: false, message: 'The markup is empty: draw on the image, or turn off "Draw markup".' });
      return { references: s.references, markup: await markupPng(first.width, first.height, s.markupStrokes) };
    }
    if (!s.maskOn || !first) return { references: s.references };
    const painted = s.strokes.some((st) => !st.erase);
    if (!painted && !hasExtend(s.extend)) throw new RequestError({ code: 'invalid-request', field: 'references', retryable: false, message: 'The mask is empty: paint the area to change, extend the canvas, or turn off "Edit with a mask".' });
    let references = s.references;
    if (hasExtend(s.extend)) {
      const bytes = await this.host.requests.request({ type: 'generate/referenceBytes', key: first.key });
      const bitmap = await createImageBitmap(new Blob([toBytes(bytes).slice().buffer as ArrayBuffer]));
      const grown = await this.host.requests.request({ type: 'generate/addReference', name: `${first.name.replace(/\.[^.]*$/, '')}-extended.png`, bytes: await extendedCanvasPng(bitmap, s.extend) });
      references = [grown, ...s.references.slice(1)];
    }
    return { references, mask: await maskPng(first.width, first.height, s.strokes, s.extend) };
  }

  /** Generate from the form (with its references and mask), or again with `again`'s settings, references and recorded mask. */
  async generate(s: PageState, again?: { form: GenerateForm; references: readonly ReferenceImage[]; maskOf?: string; regenerateOf?: string }): Promise<Outcome & { generationId?: string }> {
    const form = again?.form ?? s.form;
    const problems = checkForm(form);
    if (Object.keys(problems).length) return { errors: problems };
    try {
      const { references, mask, markup } = again ? { references: again.references } : await this.maskAndRefs(s);
      const maskOf = again?.maskOf;
      const regenerateOf = again?.regenerateOf;
      const { generationId } = await this.host.requests.request({
        type: 'generate/run', form, references: [...references], ...(mask ? { mask } : {}), ...(markup ? { markup } : {}), ...(maskOf ? { maskOf } : {}), ...(regenerateOf ? { regenerateOf } : {}),
      });
      return { generationId, state: addRun(s, generationId, form, references, !!(mask ?? markup ?? maskOf)), errors: {} };
    } catch (e) {
      return { errors: errorsOf(e) };
    }
  }

  async addReferences(s: PageState, get: () => Promise<ReferenceImage | readonly ReferenceImage[]>): Promise<Outcome> {
    try {
      const got = await get();
      const list = Array.isArray(got) ? got : [got as ReferenceImage];
      const merged = [...s.references, ...list.filter((r) => !s.references.some((x) => x.key === r.key))].slice(0, 16);
      return { state: { ...s, references: merged }, errors: {} };
    } catch (e) {
      return { errors: errorsOf(e, 'references') };
    }
  }

  fromResult(generationId: string, index: number): Promise<ReferenceImage> {
    return this.host.requests.request({ type: 'generate/referenceFromResult', generationId, index });
  }

  async editResult(s: PageState, generationId: string, index: number): Promise<Outcome> {
    try {
      const ref = await this.fromResult(generationId, index);
      return { state: { ...s, references: [ref, ...s.references.filter((r) => r.key !== ref.key)].slice(0, 16), maskOn: true, strokes: [], markupOn: false, markupStrokes: [], extend: NO_EXTEND }, errors: {} };
    } catch (e) {
      return { errors: errorsOf(e, 'references') };
    }
  }

  async save(s: PageState, destination: 'preset' | 'choose'): Promise<Outcome & { result?: SaveResult }> {
    const byRun = new Map<string, number[]>();
    for (const key of s.picked) {
      const [id, i] = key.split(':');
      if (id && i !== undefined) byRun.set(id, [...(byRun.get(id) ?? []), Number(i)]);
    }
    let state = s;
    const files: SaveResult['files'][number][] = [];
    let insertedInto: string | undefined;
    try {
      for (const [generationId, indices] of byRun) {
        const preset = s.runs.find((r) => r.generationId === generationId)?.form.preset ?? s.form.preset;
        const r = await this.host.requests.request({ type: 'generate/save', generationId, indices, preset, destination });
        files.push(...r.files);
        insertedInto = r.insertedInto ?? insertedInto;
        state = { ...state, saved: [...r.files, ...state.saved].slice(0, 50) };
      }
      return { state: { ...state, picked: [] }, errors: {}, result: { files, ...(insertedInto ? { insertedInto } : {}) } };
    } catch (e) {
      return { state, errors: errorsOf(e, 'save') };
    }
  }
}
