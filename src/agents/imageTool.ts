// The Copilot tools pixelsmith_generateImage and pixelsmith_editImage: prepareInvocation asks about the cost
// once (prepare.ts), invoke runs through the GenerationService with the token as the abort signal and answers
// text (paths, links, cost, ids) and image previews; errors come back as text the model can act on.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError, describeGeneration, markdownImageLink, type ToolImage } from '../core/toolResult';
import { parseToolInput, toolSave, toRequestArgs, locationText } from '../core/toolArgs';
import { previewOf } from '../core/toolPreview';
import type { GenerationRecord } from '../core/history';
import { resolveLocation, workspaceRelative } from '../platform/files';
import { requestSources } from '../platform/requestSources';
import { containingFolder, type SavedAsset } from '../platform/saveAssets';
import type { Services } from '../platform/services';
import { choiceSettings, costThreshold } from '../platform/settings';
import { requestFromArgs } from '../services/requestBuilder';
import { dataPartClass } from './lmApi';
import { prepareImageTool } from './prepare';

type ImageToolKind = 'generateImage' | 'editImage';

/** How long a prepared (confirmed) invocation stays valid for its invoke. */
const PREPARED_TTL_MS = 10 * 60_000;

export class ImageTool implements vscode.LanguageModelTool<Record<string, unknown>> {
  /** Inputs whose cost question prepareInvocation has settled (asked, or found unnecessary), so invoke does not ask again. */
  private readonly prepared = new Map<string, number>();

  constructor(private readonly s: Services, private readonly kind: ImageToolKind) {}

  async prepareInvocation(o: vscode.LanguageModelToolInvocationPrepareOptions<Record<string, unknown>>): Promise<vscode.PreparedToolInvocation> {
    const p = await prepareImageTool(this.kind, o.input, { sources: requestSources(this.s), threshold: costThreshold, choices: choiceSettings });
    this.remember(o.input);
    return {
      invocationMessage: p.invocationMessage,
      ...(p.confirmation ? { confirmationMessages: { title: p.confirmation.title, message: new vscode.MarkdownString(p.confirmation.message) } } : {}),
    };
  }

  async invoke(o: vscode.LanguageModelToolInvocationOptions<Record<string, unknown>>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const confirmed = this.consume(o.input);
    const ctl = new AbortController();
    const sub = token.onCancellationRequested(() => ctl.abort());
    try {
      if (token.isCancellationRequested) ctl.abort();
      const input = parseToolInput(this.kind, o.input);
      const save = toolSave(input.save);
      // A destination outside the workspace is refused before anything is paid for.
      const folder = input.folder !== undefined && save !== 'none' ? resolveLocation(locationText(input.folder), undefined, 'folder') : undefined;
      if (folder) await containingFolder(folder);
      const req = await requestFromArgs(toRequestArgs(input), requestSources(this.s));
      const { record, saved } = await this.s.generation.generate(req, {
        origin: 'agent', signal: ctl.signal, save, ...(folder ? { folder } : {}), ...(confirmed ? { skipCostConfirmation: true } : {}),
      });
      return await this.result(record, saved, save === 'none', ctl.signal);
    } catch (e) {
      this.s.log.warn(`agent tool ${this.kind}: ${describeError(e)}`);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(describeError(e))]);
    } finally {
      sub.dispose();
    }
  }

  private async result(record: GenerationRecord, saved: readonly SavedAsset[], saveNone: boolean, signal: AbortSignal): Promise<vscode.LanguageModelToolResult> {
    const base = markdownBase();
    const images: ToolImage[] = record.images.map((img) => {
      const sv = saved.find((x) => x.index === img.index);
      const rel = sv ? workspaceRelative(sv.uri) : undefined;
      return {
        index: img.index, width: img.width, height: img.height, format: img.format, sha256: img.sha256,
        ...(sv && rel ? { path: rel, markdown: markdownImageLink(record.request.prompt, linkTarget(sv.uri, base) ?? rel) } : {}),
      };
    });
    const parts: unknown[] = [new vscode.LanguageModelTextPart(describeGeneration(record, images, saveNone))];
    const DataPart = dataPartClass();
    if (DataPart) {
      for (const img of record.images) {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(this.s.history.imagePath(record.id, img.file)));
        const preview = await previewOf(this.s.images, { bytes, format: img.format, width: img.width, height: img.height }, signal).catch(() => undefined);
        if (preview) parts.push(DataPart.image(preview.data, preview.mimeType));
      }
    }
    // The 1.96 types list text and prompt-tsx parts only; VS Code 1.106+ takes data parts in the same array.
    return new vscode.LanguageModelToolResult(parts as vscode.LanguageModelTextPart[]);
  }

  private remember(input: unknown): void {
    const now = Date.now();
    for (const [k, at] of this.prepared) if (now - at > PREPARED_TTL_MS) this.prepared.delete(k);
    this.prepared.set(JSON.stringify(input), now);
  }

  private consume(input: unknown): boolean {
    const key = JSON.stringify(input);
    const at = this.prepared.get(key);
    this.prepared.delete(key);
    return at !== undefined && Date.now() - at <= PREPARED_TTL_MS;
  }
}

/** The folder links are relative to: the active markdown document's, else none (workspace-relative). */
function markdownBase(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === 'markdown' && doc.uri.scheme !== 'untitled' ? doc.uri : undefined;
}

/** `uri` relative to the markdown document `base`, when both are in the same workspace folder. */
export function linkTarget(uri: vscode.Uri, base: vscode.Uri | undefined): string | undefined {
  if (!base || base.scheme !== uri.scheme || base.authority !== uri.authority) return undefined;
  const a = vscode.workspace.getWorkspaceFolder(base);
  const b = vscode.workspace.getWorkspaceFolder(uri);
  if (!a || !b || a.uri.toString() !== b.uri.toString()) return undefined;
  return path.posix.relative(path.posix.dirname(base.path), uri.path);
}
