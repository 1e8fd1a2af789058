// The MCP server's tools — generate_image, edit_image, find_assets — over the same core and GenerationService as
// the extension, with the same input schemas (core/toolArgs) and the same result text (core/toolResult).
// Nothing here imports `vscode`.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isInside } from '../core/savePlan';
import { costQuestion } from '../core/costConfirmation';
import { GenerationEngine } from '../core/engine';
import { PixelsmithError } from '../core/errors';
import { HistoryStore } from '../core/history';
import { mimeForFormat, sniffFormat } from '../core/imaging/formats';
import type { Logger } from '../core/log';
import { parseToolInput, toolSave, toRequestArgs, locationText, type ToolKind } from '../core/toolArgs';
import { previewOf } from '../core/toolPreview';
import { describeAsset, describeError, describeGeneration, markdownImageLink, type ToolImage } from '../core/toolResult';
import { toolInputSchema } from '../core/toolSchemas';
import type { ImageInput } from '../core/types';
import type { ImageWorker } from '../core/work/imageWorkerClient';
import { GenerationService } from '../services/generationService';
import { requestFromArgs, type RequestSources } from '../services/requestBuilder';
import { findAssets } from './findAssets';
import type { ServerOptions } from './options';
import { HeadlessProviders } from './providers';
import { destinationFolder, saveFromHistory, type SavedFile } from './saveFiles';

const TOOLS: readonly { name: string; kind: ToolKind; title: string; description: string }[] = [
  {
    name: 'generate_image', kind: 'generateImage', title: 'Generate image',
    description: 'Generate images from a text prompt with Pixelsmith (gpt-image-2 and other models) and save them into the workspace, each with a .json sidecar recording the prompt, model and cost. Use preset "icon" for transparent app icons, "mockup" for UI screens, "illustration" for docs. Models: gpt-image-2 (default, opaque only), gpt-image-2.5-sunburst/-flare (transparency, xhigh/max quality), gpt-image-2.6-* (SVG, animated GIF), gpt-image-1-mini (cheap drafts). Returns the saved workspace-relative paths, markdown links, size, format, model, cost, sha256, generation id, and the images.',
  },
  {
    name: 'edit_image', kind: 'editImage', title: 'Edit image',
    description: 'Edit workspace images with Pixelsmith: references[0] is the image to change (a workspace-relative path, file: URI or markdown image snippet), further references guide style or subject, an optional mask (PNG, transparent where to change) limits the edit. Saves the result as a new file (never overwriting) with its sidecar. Returns the same as generate_image.',
  },
  {
    name: 'find_assets', kind: 'findAssets', title: 'Find image assets',
    description: 'Search the image assets in the workspace (images with Pixelsmith sidecars) by words of the prompt that made them, file name, model, provider, preset or folder. Free and local. Use it to reuse an existing image or to find the path to pass to edit_image. Returns paths, markdown links, prompts, models and dates, newest first.',
  },
];

const DEFAULTS = { model: 'gpt-image-2', quality: 'auto', outputFormat: 'png' } as const;

export interface McpServices {
  readonly server: Server;
  dispose(): void;
}

/** The history, providers and GenerationService the server and the `build` command share. */
export interface Headless {
  readonly history: HistoryStore;
  readonly providers: HeadlessProviders;
  readonly generation: GenerationService<string, SavedFile>;
  readonly sources: RequestSources;
}

export function createHeadless(o: ServerOptions, env: Readonly<Record<string, string | undefined>>, log: Logger, images: ImageWorker): Headless {
  const history = new HistoryStore(o.history);
  const providers = new HeadlessProviders(env, o.settings, o.provider, log, images);
  const engine = new GenerationEngine({ history, log, getProvider: (id) => providers.create(id), maxConcurrency: () => 4, maxRetries: () => 2 });
  const generation = new GenerationService<string, SavedFile>({
    engine, log,
    // The cost is checked before the run (checkCost, or the build's one question): a headless process has no one to ask.
    confirmCost: async () => true,
    save: (s) => saveFromHistory({ history, log, workspace: o.workspace, folder: s.folder!, generationId: s.generationId, indices: s.indices }),
  });
  const sources: RequestSources = {
    defaults: () => DEFAULTS,
    resolveProvider: async (asked) => providers.resolve(asked),
    readImage: (location, field) => readWorkspaceImage(o.workspace, String(location), field),
  };
  return { history, providers, generation, sources };
}

export function createServer(o: ServerOptions, env: Readonly<Record<string, string | undefined>>, log: Logger, images: ImageWorker, version: string): McpServices {
  const { history, generation, sources } = createHeadless(o, env, log, images);

  const server = new Server({ name: 'pixelsmith', version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: toolInputSchema(t.kind) as { type: 'object' } })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
    const tool = TOOLS.find((t) => t.name === req.params.name);
    if (!tool) return { isError: true, content: [{ type: 'text', text: `Unknown tool ${JSON.stringify(req.params.name)}. Tools: ${TOOLS.map((t) => t.name).join(', ')}.` }] };
    try {
      if (tool.kind === 'findAssets') {
        const found = await findAssets(o.workspace, parseToolInput('findAssets', req.params.arguments ?? {}), log);
        const lines = found.map((a) => describeAsset({ ...a, path: a.relPath, markdown: markdownImageLink(a.prompt ?? a.relPath, a.relPath) }));
        return { content: [{ type: 'text', text: [found.length ? `${found.length} asset(s), newest first:` : 'No image assets match. Try fewer or other words, or generate one with generate_image.', ...lines].join('\n') }] };
      }
      const input = parseToolInput(tool.kind, req.params.arguments ?? {});
      const save = toolSave(input.save);
      // The destination is checked (inside the workspace, links resolved) before anything is paid for.
      const folder = save !== 'none' ? await destinationFolder(o.workspace, input.folder === undefined ? undefined : locationText(input.folder), input.preset) : undefined;
      const request = await requestFromArgs(toRequestArgs(input), sources);
      checkCost(request, o);
      const { record, saved } = await generation.generate(request, {
        origin: 'agent', signal: extra.signal, save, skipCostConfirmation: true, ...(folder ? { folder } : {}),
      });
      const described: ToolImage[] = record.images.map((img) => {
        const sv = saved.find((s) => s.index === img.index);
        return { index: img.index, width: img.width, height: img.height, format: img.format, sha256: img.sha256, ...(sv ? { path: sv.relPath, markdown: markdownImageLink(record.request.prompt, sv.relPath) } : {}) };
      });
      const content: CallToolResult['content'] = [{ type: 'text', text: describeGeneration(record, described, save === 'none') }];
      for (const img of record.images) {
        const bytes = await fs.readFile(history.imagePath(record.id, img.file));
        const preview = await previewOf(images, { bytes, format: img.format, width: img.width, height: img.height }).catch(() => undefined);
        if (preview) content.push({ type: 'image', data: Buffer.from(preview.data).toString('base64'), mimeType: preview.mimeType });
      }
      return { content };
    } catch (e) {
      log.warn(`${tool.name}: ${describeError(e)}`);
      return { isError: true, content: [{ type: 'text', text: describeError(e) }] };
    }
  });
  return { server, dispose: () => generation.dispose() };
}

/** An MCP server cannot ask: above --max-cost, or an unknown price without --allow-unpriced, is refused before sending. */
export function checkCost(req: Parameters<typeof costQuestion>[0], o: ServerOptions): void {
  const q = costQuestion(req, o.maxCostUsd);
  if (!q) return;
  if (/price is unknown/.test(q.message) && o.allowUnpriced && !/above/.test(q.detail)) return;
  throw new PixelsmithError('cancelled', `Not generated: ${q.message} ${q.detail.replace(/\n/g, ' ')}`, {
    hint: 'Ask for fewer images, a lower quality or a smaller size; or the user can start the server with a higher --max-cost (US dollars) or --allow-unpriced.',
  });
}

/** A reference or mask: a workspace file (relative path, absolute path or file: URI inside the workspace), PNG, JPEG or WebP. */
async function readWorkspaceImage(workspace: string, location: string, field: string): Promise<ImageInput> {
  const given = location.startsWith('file://') ? decodeURIComponent(new URL(location).pathname) : location;
  const abs = path.resolve(workspace, given);
  const [realRoot, real] = await Promise.all([fs.realpath(workspace), fs.realpath(abs).catch(() => abs)]);
  if (!isInside(realRoot.replace(/\\/g, '/'), real.replace(/\\/g, '/'))) {
    throw new PixelsmithError('outside-workspace', `${field}: ${JSON.stringify(location)} is outside the workspace; the MCP server reads images from the workspace only.`, { field });
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(real);
  } catch {
    throw new PixelsmithError('not-found', `${field}: cannot read ${JSON.stringify(location)} (relative paths are from the workspace folder).`, { field });
  }
  const format = sniffFormat(bytes);
  if (format !== 'png' && format !== 'jpeg' && format !== 'webp') throw new PixelsmithError('invalid-request', `${field}: ${path.basename(abs)} is not a PNG, JPEG or WebP image.`, { field, allowed: ['png', 'jpeg', 'webp'] });
  return { name: path.basename(abs), mimeType: mimeForFormat(format), bytes, source: path.relative(realRoot, real).split(path.sep).join('/') };
}
