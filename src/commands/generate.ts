// Generate Image… / Icon… / UI Mockup…: without arguments they open the panel; with arguments they run
// headless (progress notification only) and resolve to what was generated and saved. Cancel Generation stops any
// run, the panel's included. The work itself is the GenerationService's.
import * as vscode from 'vscode';
import { parseGenerateArgs, type GenerateArgs } from '../core/generateArgs';
import { ValidationError } from '../core/errors';
import type { GenerationEvent } from '../core/engine';
import type { GenerationRecord } from '../core/history';
import type { SentSize } from '../core/providers/declaration';
import { sentSizeOf } from '../core/sizes';
import type { ImageRequest, Preset } from '../core/types';
import { GeneratePanel } from '../panels/generatePanel';
import { resolveLocation } from '../platform/files';
import { requestSources } from '../platform/requestSources';
import type { SavedAsset } from '../platform/saveAssets';
import { containingFolder } from '../platform/saveAssets';
import type { Services } from '../platform/services';
import type { RunOrigin } from '../services/runRegistry';
import { requestFromArgs } from '../services/requestBuilder';

export interface GenerateResult {
  readonly generationId: string;
  readonly status: GenerationRecord['status'];
  readonly costUsd: number | null;
  /** The size as the provider's request carried it: `size`, `width`/`height`, or `aspectRatio` (+ `resolution`). */
  readonly sent?: SentSize;
  /** When the size asked for was in another language than the model's: what it became, in words. */
  readonly sizeNote?: string;
  readonly images: { uri: vscode.Uri; savedUri?: vscode.Uri; sidecarUri?: vscode.Uri; index: number; width: number; height: number; format: string; sha256: string }[];
  /** `sanitizable`: a refused SVG kept in the history; `pixelsmith.saveSanitizedSvg` with its generationId and index saves a safe copy. */
  readonly errors: { index?: number; code: string; message: string; sanitizable?: true }[];
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
    vscode.commands.registerCommand('pixelsmith.cancelGeneration', (args?: unknown) => ({ cancelled: s.generation.cancel(cancelTarget(args)) })),
  );
}

/**
 * `pixelsmith.cancelGeneration`: `{ generationId }` (or the id as a string) cancels that generation; no argument
 * cancels every one, wherever it was started. Resolves to the ids cancelled (none when it had already finished).
 */
function cancelTarget(raw: unknown): string | undefined {
  const id = typeof raw === 'string' ? raw : raw && typeof raw === 'object' ? (raw as { generationId?: unknown }).generationId : undefined;
  if (id !== undefined && typeof id !== 'string') throw new ValidationError('generationId', 'generationId must be the string id that pixelsmith.generate returns.');
  return id;
}

/** Headless: generate with a progress notification (its Cancel stops the run), save what `a.save` asks. */
export async function generateHeadless(
  s: Services, a: GenerateArgs,
  o: { origin?: RunOrigin; source?: { document: vscode.Uri; heading?: string } } = {},
): Promise<GenerateResult & { saved: SavedAsset[] }> {
  // A destination outside the workspace is refused before anything is paid for.
  const folder = a.folder && a.save !== 'none' ? resolveLocation(a.folder) : undefined;
  if (folder) await containingFolder(folder);
  const req = await requestFromArgs(a, requestSources(s));
  const { record, saved } = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification, title: 'Pixelsmith', cancellable: true,
  }, (progress, token) => {
    const ctl = new AbortController();
    const sub = token.onCancellationRequested(() => ctl.abort());
    return s.generation.generate(req, {
      origin: o.origin ?? 'command', signal: ctl.signal, save: a.save, onEvent: progressReporter(req, progress),
      ...(a.skipCostConfirmation ? { skipCostConfirmation: true } : {}), ...(folder ? { folder } : {}), ...(o.source ? { source: o.source } : {}),
    }).finally(() => sub.dispose());
  });
  return { ...resultOf(s, record, saved), saved };
}

/** What an automation caller gets for one generation: its images (in the history, and where saved) and errors. */
export function resultOf(s: Services, record: GenerationRecord, saved: readonly SavedAsset[]): GenerateResult {
  return {
    generationId: record.id, status: record.status, costUsd: record.costUsd,
    sent: sentSizeOf(record.request.provider, record.request.model, record.request.size),
    ...(record.request.sizeNote ? { sizeNote: record.request.sizeNote } : {}),
    images: record.images.map((img) => {
      const sv = saved.find((x) => x.index === img.index);
      return {
        uri: vscode.Uri.file(s.history.imagePath(record.id, img.file)), index: img.index,
        width: img.width, height: img.height, format: img.format, sha256: img.sha256,
        ...(sv ? { savedUri: sv.uri, sidecarUri: sv.sidecarUri } : {}),
      };
    }),
    errors: record.errors.map((e) => ({
      ...(e.index !== undefined ? { index: e.index } : {}), code: e.code, message: e.message, ...(e.file?.endsWith('.svg') ? { sanitizable: true as const } : {}),
    })),
  };
}

function progressReporter(req: ImageRequest, progress: vscode.Progress<{ message?: string; increment?: number }>): (e: GenerationEvent) => void {
  const total = req.frames ?? req.n;
  let done = 0;
  return (e) => {
    if (e.kind === 'started') progress.report({ message: total === 1 ? vscode.l10n.t('generating 1 image with {0}…', req.provider) : vscode.l10n.t('generating {0} images with {1}…', total, req.provider) });
    if (e.kind === 'image' || e.kind === 'image-error') progress.report({ increment: 100 / total, message: `${++done}/${total}` });
    if (e.kind === 'queued') progress.report({ message: vscode.l10n.t('queued, position {0}', e.position) });
    if (e.kind === 'retry') progress.report({ message: vscode.l10n.t('retrying ({0}): {1}', e.attempt, e.reason) });
  };
}
