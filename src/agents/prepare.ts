// What a Copilot image tool says before it runs (prepareInvocation): the invocation message and, when the cost
// is above the user's threshold, unknown, or chosen by a workspace setting, the confirmation with the estimate.
// No `vscode` here, so the asking itself is unit-tested; the tool (imageTool.ts) turns this into VS Code's types.
import { costQuestion, workspaceOverrides, type ChoiceSettings } from '../core/costConfirmation';
import { parseToolInput, toRequestArgs } from '../core/toolArgs';
import type { ImageRequest } from '../core/types';
import { requestFromArgs, type RequestSources } from '../services/requestBuilder';

export interface PrepareDeps {
  readonly sources: RequestSources;
  /** The user's cost confirmation threshold in USD (user scope only). */
  readonly threshold: () => number;
  readonly choices: () => ChoiceSettings;
}

export interface PreparedImageTool {
  readonly invocationMessage: string;
  /** Present when the user must confirm; the service then does not ask again. */
  readonly confirmation?: { readonly title: string; readonly message: string };
}

export async function prepareImageTool(kind: 'generateImage' | 'editImage', raw: unknown, d: PrepareDeps): Promise<PreparedImageTool> {
  let req: ImageRequest;
  try {
    req = await requestFromArgs(toRequestArgs(parseToolInput(kind, raw)), d.sources);
  } catch {
    // The invocation reports the problem as its result, and sends nothing: nothing to confirm.
    return { invocationMessage: kind === 'editImage' ? 'Editing an image with Pixelsmith' : 'Generating an image with Pixelsmith' };
  }
  const count = req.frames ?? req.n;
  const prompt = [...req.prompt].length > 60 ? `${[...req.prompt].slice(0, 59).join('')}…` : req.prompt;
  const invocationMessage = `${kind === 'editImage' ? 'Editing' : 'Generating'} ${count} image(s) with ${req.model} on ${req.provider}: "${prompt}"`;
  const question = costQuestion(req, d.threshold(), workspaceOverrides(req, d.choices()));
  if (!question) return { invocationMessage };
  return { invocationMessage, confirmation: { title: 'Pixelsmith: spend on this generation?', message: `${question.message}\n\n${question.detail}` } };
}
