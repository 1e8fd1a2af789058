// Generate Image… / Icon… / UI Mockup…: without arguments they open the panel; with arguments they run
// headless (progress notification only) and resolve to what was generated and saved.
import * as vscode from 'vscode';
import { TRANSPARENT_FALLBACK_MODEL, parseGenerateArgs, presetDefaults, type GenerateArgs } from '../core/automation';
import { getModel } from '../core/catalogue';
import { PixelsmithError, ValidationError } from '../core/errors';
import type { GenerationRecord } from '../core/history';
import type { ImageRequest, Preset, ProviderId } from '../core/types';
import { validateRequest } from '../core/validate';
import { GeneratePanel } from '../panels/generatePanel';
import { confirmCost } from '../platform/confirmCost';
import { readImageInput, resolveLocation } from '../platform/files';
import { containingFolder, saveFromHistory } from '../platform/saveAssets';
import type { Services } from '../platform/services';
import { setting } from '../platform/settings';

export interface GenerateResult {
  readonly generationId: string;
  readonly status: GenerationRecord['status'];
  readonly costUsd: number | null;
  readonly images: { uri: vscode.Uri; savedUri?: vscode.Uri; sidecarUri?: vscode.Uri; index: number; width: number; height: number; format: string; sha256: string }[];
  readonly errors: { index?: number; code: string; message: string }[];
}

export function registerGenerateCommands(s: Services): vscode.Disposable {
  const command = (id: string, preset: Preset | undefined) => vscode.commands.registerCommand(id, (args?: unknown) => {
    if (args === undefined || args instanceof vscode.Uri) return GeneratePanel.show(s, { ...(preset ? { preset } : {}) });
    const parsed = parseGenerateArgs(args);
    return generateHeadless(s, preset && !parsed.preset ? { ...parsed, preset } : parsed);
  });
  return vscode.Disposable.from(
    command('pixelsmith.generate', undefined),
    command('pixelsmith.generateIcon', 'icon'),
    command('pixelsmith.generateMockup', 'mockup'),
    vscode.commands.registerCommand('pixelsmith.cancelGeneration', (args?: unknown) => cancelGenerations(args)),
  );
}

/** Headless generations in flight, by generation id, so `pixelsmith.cancelGeneration` can stop them. */
const running = new Map<string, AbortController>();

function setRunning(id: string, ctl: AbortController | undefined): void {
  if (ctl) running.set(id, ctl); else running.delete(id);
  void vscode.commands.executeCommand('setContext', 'pixelsmith.generationRunning', running.size > 0);
}

/**
 * `pixelsmith.cancelGeneration`: `{ generationId }` (or the id as a string) cancels that generation; no
 * argument cancels every headless one. Resolves to the ids cancelled (none when it had already finished).
 * Images received before the cancel stay in the history, like the progress notification's Cancel.
 */
function cancelGenerations(raw: unknown): { cancelled: string[] } {
  const id = typeof raw === 'string' ? raw : raw && typeof raw === 'object' ? (raw as { generationId?: unknown }).generationId : undefined;
  if (id !== undefined && typeof id !== 'string') throw new ValidationError('generationId', 'generationId must be the string id that pixelsmith.generate returns.');
  const ids = id !== undefined ? (running.has(id) ? [id] : []) : [...running.keys()];
  for (const x of ids) running.get(x)?.abort();
  return { cancelled: ids };
}

/** Build the full request from arguments, preset defaults and settings. */
export async function buildRequest(s: Services, a: Omit<GenerateArgs, 'save'>): Promise<ImageRequest> {
  const d: { -readonly [K in keyof ReturnType<typeof presetDefaults>]: ReturnType<typeof presetDefaults>[K] } = { ...presetDefaults(a.preset) };
  let model = a.model ?? setting('model');
  // gpt-image-2 cannot make transparent backgrounds; an icon asks for one unless the caller chose otherwise.
  if (d.background === 'transparent' && !a.background && !getModel(model).backgrounds.includes('transparent')) {
    if (a.model) delete d.background; else model = TRANSPARENT_FALLBACK_MODEL;
  }
  const references = a.references ? await Promise.all(a.references.map((r, i) => readImageInput(resolveLocation(r, undefined, `references[${i}]`), `references[${i}]`))) : undefined;
  const mask = a.mask ? await readImageInput(resolveLocation(a.mask, undefined, 'mask'), 'mask') : undefined;
  return {
    prompt: a.prompt,
    provider: (await s.providers.resolve(a.provider)) as ProviderId,
    model,
    n: a.n ?? 1,
    size: a.size ?? d.size ?? 'auto',
    quality: a.quality ?? d.quality ?? setting('defaults.quality'),
    background: a.background ?? d.background ?? 'auto',
    outputFormat: a.outputFormat ?? d.outputFormat ?? setting('defaults.outputFormat'),
    ...(a.outputCompression !== undefined ? { outputCompression: a.outputCompression } : {}),
    ...(a.preset ? { preset: a.preset } : {}),
    ...(a.partialImages !== undefined ? { partialImages: a.partialImages } : {}),
    ...(a.frames !== undefined ? { frames: a.frames } : {}),
    ...(references ? { references } : {}),
    ...(mask ? { mask } : {}),
  };
}

export async function generateHeadless(s: Services, a: GenerateArgs): Promise<GenerateResult> {
  // A destination outside the workspace is refused before anything is paid for.
  if (a.folder && a.save !== 'none') containingFolder(resolveLocation(a.folder));
  const req = await buildRequest(s, a);
  // Validate before the cost confirmation: the estimate needs a valid request, and bad input must name its field.
  validateRequest(req);
  if (!a.skipCostConfirmation && !(await confirmCost(req))) throw new PixelsmithError('cancelled', 'Generation cancelled at the cost confirmation.');
  const record = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification, title: 'Pixelsmith', cancellable: true,
  }, async (progress, token) => {
    const ctl = new AbortController();
    const sub = token.onCancellationRequested(() => ctl.abort());
    let id: string | undefined;
    let done = 0;
    const total = req.frames ?? req.n;
    try {
      return await s.engine.generate(req, {
        signal: ctl.signal,
        onEvent: (e) => {
          if (e.kind === 'started') {
            id = e.record.id;
            setRunning(id, ctl);
            progress.report({ message: `generating ${total} image(s) with ${req.provider}…` });
          }
          if (e.kind === 'image' || e.kind === 'image-error') progress.report({ increment: 100 / total, message: `${++done}/${total}` });
          if (e.kind === 'queued') progress.report({ message: `queued, position ${e.position}` });
          if (e.kind === 'retry') progress.report({ message: `retrying (${e.attempt}): ${e.reason}` });
        },
      });
    } finally {
      sub.dispose();
      if (id) setRunning(id, undefined);
    }
  });
  if (record.images.length === 0 && record.errors.length > 0) {
    const first = record.errors[0]!;
    throw new PixelsmithError(first.code, first.message, { ...(first.hint ? { hint: first.hint } : {}), ...(first.requestId ? { requestId: first.requestId } : {}) });
  }
  const indices = a.save === 'all' ? record.images.map((i) => i.index) : a.save === 'none' ? [] : [...a.save];
  const saved = indices.length
    ? await saveFromHistory(s, { generationId: record.id, indices, ...(a.folder ? { folder: resolveLocation(a.folder) } : {}), ...(req.preset ? { preset: req.preset } : {}) })
    : [];
  return {
    generationId: record.id, status: record.status, costUsd: record.costUsd,
    images: record.images.map((img) => {
      const sv = saved.find((x) => x.index === img.index);
      return {
        uri: vscode.Uri.file(s.history.imagePath(record.id, img.file)), index: img.index,
        width: img.width, height: img.height, format: img.format, sha256: img.sha256,
        ...(sv ? { savedUri: sv.uri, sidecarUri: sv.sidecarUri } : {}),
      };
    }),
    errors: record.errors.map((e) => ({ ...(e.index !== undefined ? { index: e.index } : {}), code: e.code, message: e.message })),
  };
}
