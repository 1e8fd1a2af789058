// The Copilot tool pixelsmith_findAssets: the gallery index's query (pixelsmith.findAssets), answered as text.
// Free and local, so it never asks for confirmation.
import * as vscode from 'vscode';
import { describeAsset, describeError, markdownImageLink } from '../core/toolResult';
import { parseToolInput } from '../core/toolArgs';
import { workspaceRelative } from '../platform/files';
import { linkTarget } from './imageTool';

interface FoundAsset { uri: vscode.Uri; path: string; prompt?: string; model?: string; createdAt: string }

export class FindAssetsTool implements vscode.LanguageModelTool<Record<string, unknown>> {
  prepareInvocation(o: vscode.LanguageModelToolInvocationPrepareOptions<Record<string, unknown>>): vscode.PreparedToolInvocation {
    const text = typeof o.input.text === 'string' && o.input.text ? ` matching "${o.input.text.slice(0, 60)}"` : '';
    return { invocationMessage: `Finding image assets${text}` };
  }

  async invoke(o: vscode.LanguageModelToolInvocationOptions<Record<string, unknown>>): Promise<vscode.LanguageModelToolResult> {
    try {
      const { limit, ...query } = parseToolInput('findAssets', o.input);
      const found = (await vscode.commands.executeCommand<FoundAsset[]>('pixelsmith.findAssets', { ...query, limit: limit ?? 20 })) ?? [];
      const doc = vscode.window.activeTextEditor?.document;
      const base = doc?.languageId === 'markdown' ? doc.uri : undefined;
      const lines = found.map((a) => {
        const rel = workspaceRelative(a.uri);
        return describeAsset({ ...a, path: rel, markdown: markdownImageLink(a.prompt ?? a.path, linkTarget(a.uri, base) ?? rel) });
      });
      const head = found.length ? `${found.length} asset(s), newest first:` : 'No image assets match. Try fewer or other words, or generate one with generateImage.';
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart([head, ...lines].join('\n'))]);
    } catch (e) {
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(describeError(e))]);
    }
  }
}
