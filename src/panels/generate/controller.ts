// The Generate panel's message handler: one `switch` over the validated messages from the page, each request
// answered with a typed reply (the value, or an error naming the field and what to do).
import { UPLOAD_EXTENSIONS } from '../../core/imaging/formats';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { PixelsmithError, toErrorInfo } from '../../core/errors';
import { translationOf, type TranslationOf } from '../../core/localize/plan';
import { saveSanitizedSvg } from '../../commands/saveSanitizedSvg';
import { workspaceRelative } from '../../platform/files';
import type { Services } from '../../platform/services';
import { workspaceFolderOf } from '../../platform/workspaceUri';
import { messageIdOf, replyTo, validateGenerateMessage, type FromGenerateWebview, type GenerateRequests, type ReferenceImage, type ResultExport, type SaveResult, type ToGenerateWebview } from '../../protocol';
import type { ReferenceStage } from '../referenceStage';
import { startComparison } from './compareRuns';
import { providersMessage } from './initData';
import { requestFromForm } from './request';
import type { RunTracker } from './runs';
import { chooseFolder, markdownLink, saveResults, savedOrSave, toSavedFile } from './save';
import type { MarkdownLinker } from './markdownLinker';

type Request = Extract<FromGenerateWebview, { messageId: number }>;

/** The command each export of a result runs on its saved file (a Uri: each asks, shows progress and reports itself). */
const EXPORT_COMMANDS: Readonly<Record<ResultExport, string>> = { iconSet: 'pixelsmith.exportIconSet', webCopy: 'pixelsmith.saveWebCopy', checkText: 'pixelsmith.checkText' };
type Reply<T extends Request['type']> = T extends keyof GenerateRequests ? GenerateRequests[T]['reply'] : never;

export interface ControllerDeps {
  readonly services: Services;
  readonly stage: ReferenceStage;
  readonly runs: RunTracker;
  readonly post: (m: ToGenerateWebview) => void;
  /** When the panel was opened to illustrate a markdown document. */
  readonly linker: () => MarkdownLinker | undefined;
  /** When the panel was opened to remix a translation: the language and original its generations keep. */
  readonly translation: () => TranslationOf | undefined;
  /** What the host handed the page last (a preset, a drafted prompt), sent again whenever the page (re)loads. */
  readonly pendingApply: () => ToGenerateWebview | undefined;
  /** Epoch ms of the command that opened the panel, for the first-paint figure; taken once (later pages are restores). */
  readonly takeShownAt: () => number | undefined;
}

export class GenerateController {
  constructor(private readonly d: ControllerDeps) {}

  /** Entry point for every message from the page: malformed ones are logged and ignored (or answered with an error). */
  async receive(raw: unknown): Promise<void> {
    const checked = validateGenerateMessage(raw);
    if (!checked.ok) {
      this.d.services.log.warn(`Generate panel: ignored a malformed message: ${checked.problem}`);
      const id = messageIdOf(raw);
      if (id !== undefined) this.d.post(replyTo({ messageId: id }, { ok: false, error: { code: 'invalid-request', message: `The panel sent a malformed request (${checked.problem}).`, retryable: false } }));
      return;
    }
    const m = checked.message;
    if (!('messageId' in m)) {
      await this.notify(m).catch((e: unknown) => this.d.services.log.error(`Generate panel: ${m.type} failed: ${(e as Error).stack ?? String(e)}`));
      return;
    }
    try {
      const value = await this.request(m);
      this.d.post(replyTo(m, { ok: true, value }));
    } catch (e) {
      const error = toErrorInfo(e);
      if (error.code !== 'cancelled') this.d.services.log.warn(`Generate panel: ${m.type} failed: ${error.code}: ${error.message}`);
      this.d.post(replyTo(m, { ok: false, error }));
    }
  }

  /** Keys or settings changed: tell the page which providers it may offer now. */
  async refreshProviders(): Promise<void> {
    this.d.post(await providersMessage(this.d.services));
  }

  private async notify(m: Exclude<FromGenerateWebview, Request>): Promise<void> {
    const s = this.d.services;
    switch (m.type) {
      case 'generate/ready': {
        const shownAt = m.paintedAt !== undefined ? this.d.takeShownAt() : undefined;
        if (m.paintedAt !== undefined && shownAt !== undefined) s.log.info(`Generate panel: first paint ${m.paintedAt - shownAt} ms after the command`);
        this.d.post(await providersMessage(s));
        const apply = this.d.pendingApply();
        if (apply) this.d.post(apply);
        for (const id of m.generations) {
          const run = await this.d.runs.snapshot(id);
          if (run) this.d.post({ type: 'generate/snapshot', run });
        }
        return;
      }
      case 'generate/cancel': this.d.runs.cancel(m.generationId); return;
      case 'generate/openFile': {
        const uri = vscode.Uri.parse(m.uri, true);
        if (!(await workspaceFolderOf(uri))) { s.log.warn('Generate panel: refused to open a file outside the workspace'); return; }
        await vscode.commands.executeCommand('vscode.open', uri);
        return;
      }
      case 'generate/checkSetup':
        await vscode.commands.executeCommand('pixelsmith.checkSetup');
        return;
      case 'generate/saveSanitized': {
        try {
          const r = await saveSanitizedSvg(s, { generationId: m.generationId, index: m.index });
          void vscode.window.showInformationMessage(r.removed.length
            ? vscode.l10n.t('Pixelsmith: saved a sanitized copy as {0} (removed {1}).', workspaceRelative(r.savedUri), r.removed.join('; '))
            : vscode.l10n.t('Pixelsmith: saved a sanitized copy as {0} (nothing removed).', workspaceRelative(r.savedUri)));
        } catch (e) {
          void vscode.window.showErrorMessage(`Pixelsmith: ${toErrorInfo(e).message}`);
        }
        const run = await this.d.runs.snapshot(m.generationId);
        if (run) this.d.post({ type: 'generate/snapshot', run });
        return;
      }
      case 'generate/setApiKey':
        await vscode.commands.executeCommand('pixelsmith.setApiKey', m.provider && m.provider !== 'offline' ? { provider: m.provider } : undefined);
        this.d.post(await providersMessage(s));
        return;
    }
  }

  /** The mask or markup an earlier generation was sent with, for Regenerate. */
  private async recordedOverlays(generationId: string): Promise<{ mask?: Uint8Array; markup?: Uint8Array }> {
    const record = await this.d.services.history.get(generationId);
    const read = async (file: string) => new Uint8Array(await fs.readFile(this.d.services.history.imagePath(generationId, file)));
    const mask = record?.request.mask?.file;
    const markup = record?.request.markup?.file;
    if (!mask && !markup) throw new PixelsmithError('not-found', vscode.l10n.t('The mask or markup of that generation is no longer in the history; paint it again.'), { field: 'references' });
    return { ...(mask ? { mask: await read(mask) } : {}), ...(markup ? { markup: await read(markup) } : {}) };
  }

  private async request<M extends Request>(m: M): Promise<Reply<M['type']>> {
    return (await this.handle(m)) as Reply<M['type']>;
  }

  private async handle(m: Request): Promise<unknown> {
    const s = this.d.services;
    switch (m.type) {
      case 'generate/run': {
        const refs = await Promise.all(m.references.map((r) => this.d.stage.input(r)));
        const recorded = m.maskOf && !m.mask && !m.markup ? await this.recordedOverlays(m.maskOf) : {};
        const req = requestFromForm(m.form, refs, m.mask ?? recorded.mask, m.markup ?? recorded.markup);
        const linker = this.d.linker();
        // Regenerate keeps what the earlier generation was a translation of; a remix of a translation, the panel's.
        const translation = m.regenerateOf ? translationOf((await s.history.get(m.regenerateOf))?.context) : this.d.translation();
        const context = linker || translation ? { ...linker?.context(), ...translation } : undefined;
        const generationId = await this.d.runs.start(req, context);
        return { generationId };
      }
      case 'generate/compare': {
        const refs = await Promise.all(m.references.map((r) => this.d.stage.input(r)));
        return startComparison(s, this.d.runs, this.d.post, m, refs);
      }
      case 'generate/pickReferences': {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: true, canSelectFiles: true, canSelectFolders: false, openLabel: vscode.l10n.t('Use as Reference'),
          title: vscode.l10n.t('Pixelsmith: reference images'), filters: { [vscode.l10n.t('Images')]: [...UPLOAD_EXTENSIONS] },
          ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
        });
        const out: ReferenceImage[] = [];
        for (const uri of picked ?? []) out.push(await this.d.stage.fromUri(uri));
        return out;
      }
      case 'generate/addReference': return this.d.stage.stage(m.bytes, m.name);
      case 'generate/referenceFromUri': {
        const uri = vscode.Uri.parse(m.uri, true);
        if (!(await workspaceFolderOf(uri))) {
          throw new PixelsmithError('outside-workspace', vscode.l10n.t('Only files from the open workspace can be dropped here.'), { field: 'references', hint: vscode.l10n.t('Use "Add from file…" for other files.') });
        }
        return this.d.stage.fromUri(uri);
      }
      case 'generate/referenceFromResult': return this.d.stage.fromHistory(s.history, m.generationId, m.index);
      // A plain Uint8Array: a Node Buffer would be posted through its toJSON() as { type, data } instead of bytes.
      case 'generate/referenceBytes': return new Uint8Array(await this.d.stage.bytes(m.key));
      case 'generate/save': {
        const folder = m.destination === 'choose' ? await chooseFolder(m.preset) : undefined;
        if (m.destination === 'choose' && !folder) throw new PixelsmithError('cancelled', vscode.l10n.t('No folder chosen; nothing was saved.'));
        const linker = this.d.linker();
        const saved = await saveResults(s, {
          generationId: m.generationId, indices: m.indices, preset: m.preset, ...(folder ? { folder } : {}),
          ...(linker ? { source: linker.source() } : {}),
        });
        const result: SaveResult = { files: saved.map((a) => toSavedFile(m.generationId, a)) };
        if (!linker) return result;
        const inserted = await linker.insert(saved, m.generationId);
        return { ...result, ...(inserted ? { insertedInto: workspaceRelative(inserted) } : {}) };
      }
      case 'generate/copyMarkdown': {
        const uri = await savedOrSave(s, m.generationId, m.index, m.preset);
        const link = markdownLink(uri, m.alt);
        await vscode.env.clipboard.writeText(link);
        return { generationId: m.generationId, index: m.index, path: workspaceRelative(uri), uri: uri.toString() };
      }
      case 'generate/exportResult': {
        const uri = await savedOrSave(s, m.generationId, m.index, m.preset);
        // The command asks its own questions and reports its own errors; the page hears about the saved file at once.
        void vscode.commands.executeCommand(EXPORT_COMMANDS[m.export], uri);
        return { generationId: m.generationId, index: m.index, path: workspaceRelative(uri), uri: uri.toString() };
      }
    }
  }
}
