// The text an agent tool answers with (Copilot tools and the MCP server alike): what was made, where it was
// saved, what it cost, and errors written so a model can act on them. Everything leaving goes through redact.
import { toErrorInfo, type ErrorInfo } from './errors';
import { formatUsd } from './cost';
import type { GenerationRecord } from './history';
import { redact } from './redact';
import { altFromPrompt, encodeLinkPath, imageLink } from './markdown';

/** One image of a generation as the tool reports it. */
export interface ToolImage {
  readonly index: number;
  readonly width: number;
  readonly height: number;
  readonly format: string;
  readonly sha256: string;
  /** Workspace-relative path with `/` separators, when saved. */
  readonly path?: string;
  /** A markdown link to paste, relative to the active markdown document or the workspace. */
  readonly markdown?: string;
}

/** The text part of a generation's result. */
export function describeGeneration(record: GenerationRecord, images: readonly ToolImage[], saveNone: boolean): string {
  const lines: string[] = [];
  const cost = record.costUsd === null ? 'unknown (no price for this model)' : formatUsd(record.costUsd);
  lines.push(`Generation ${record.id}: ${record.status}, ${images.length} image(s) with ${record.model} on ${record.provider}, cost ${cost}.`);
  for (const img of images) {
    const where = img.path ? `saved as ${img.path} (with its sidecar ${img.path}.json)` : 'not saved into the workspace';
    lines.push(`- image ${img.index}: ${where}; ${img.width}x${img.height} ${img.format}; sha256 ${img.sha256}`);
    if (img.markdown) lines.push(`  markdown: ${img.markdown}`);
  }
  if (saveNone || images.some((i) => !i.path)) {
    lines.push('Unsaved images stay in the Pixelsmith history and among the gallery\'s candidates, where the user can save them; call again with save "all" to save new ones.');
  }
  for (const e of record.errors) lines.push(`- error${e.index !== undefined ? ` (image ${e.index})` : ''}: ${errorLine(e)}`);
  if (record.status === 'cancelled') lines.push('The generation was cancelled; the images that had arrived are kept.');
  return redact(lines.join('\n'));
}

/** An error as one paragraph a model can act on: what is wrong, which field, what it accepts, what to do. Never a stack. */
export function describeError(e: unknown): string {
  const info = toErrorInfo(e);
  const parts = [`Error (${info.code}): ${errorLine(info)}`];
  if (info.code === 'invalid-request') parts.push('Nothing was sent and nothing was charged; fix the field and call the tool again.');
  if (info.requestId) parts.push(`Provider request id: ${info.requestId}.`);
  return redact(parts.join(' '));
}

function errorLine(info: Pick<ErrorInfo, 'message' | 'field' | 'allowed' | 'hint'>): string {
  const out = [info.message];
  if (info.field && !info.message.includes(info.field)) out.push(`Field: ${info.field}.`);
  if (info.allowed?.length && !info.message.includes('Allowed')) out.push(`Allowed ${info.field ?? 'values'}: ${info.allowed.join(', ')}.`);
  if (info.hint) out.push(info.hint);
  return out.join(' ');
}

/** A markdown image link to `target` (a relative path with `/`): the same alt text and encoding as the panels' links. */
export function markdownImageLink(prompt: string, target: string): string {
  return imageLink(altFromPrompt(prompt) || 'image', encodeLinkPath(target));
}

/** A found asset as a line of text. */
export function describeAsset(a: { path: string; markdown: string; prompt?: string; model?: string; createdAt: string }): string {
  return redact(`- ${a.path} (${a.createdAt}${a.model ? `, ${a.model}` : ''})${a.prompt ? `: "${[...a.prompt].slice(0, 200).join('')}"` : ''}\n  markdown: ${a.markdown}`);
}
