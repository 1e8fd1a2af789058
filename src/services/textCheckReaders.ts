// The readers behind `pixelsmith.textCheck.reader`, built from the user's settings: a vision-capable model of VS Code's
// language model API (Copilot or any extension's), or OpenAI's Responses API with the user's OpenAI key. The choice,
// the OpenAI model and the key's destination are user settings only: a workspace cannot make Pixelsmith send images.
import * as vscode from 'vscode';
import { PixelsmithError } from '../core/errors';
import { openaiReader } from '../core/textCheck/openaiReader';
import { parseReadAnswer, READ_INSTRUCTION, TEXT_READERS, type ImageToRead, type TextRead, type TextReader, type TextReaderId } from '../core/textCheck/reader';
import type { KeyStore } from '../platform/keys';
import { setting, userOnlySetting } from '../platform/settings';
import { baseUrl as openaiBaseUrl } from '../core/providers/openai/index';

export const READER_SETTING = 'pixelsmith.textCheck.reader';
export const OPENAI_MODEL_SETTING = 'pixelsmith.textCheck.openaiModel';
export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini';

/** The reader the user chose, or undefined for `off` (the default). */
export function chosenReader(): TextReaderId | undefined {
  const v = userOnlySetting('textCheck.reader');
  return TEXT_READERS.includes(v as TextReaderId) ? v as TextReaderId : undefined;
}

/** The configured reader; a clear error naming the setting when none is, so nothing is ever sent by default. */
export async function configuredReader(keys: KeyStore): Promise<TextReader> {
  const id = chosenReader();
  if (id === undefined) {
    throw new PixelsmithError('config', `Check Text needs a reader, and ${READER_SETTING} is "off": nothing was sent. Set it to "languageModel" (a vision model of VS Code, e.g. Copilot) or "openai" (your OpenAI key).`, {
      field: READER_SETTING, retryable: false, hint: `Set ${READER_SETTING} in your user settings.`,
    });
  }
  return id === 'openai' ? openaiFromSettings(keys) : languageModelReader();
}

async function openaiFromSettings(keys: KeyStore): Promise<TextReader> {
  const key = await keys.get('openai');
  if (!key) throw new PixelsmithError('auth', `${READER_SETTING} is "openai" but no OpenAI key is set: run "Pixelsmith: Set API Key…" or set OPENAI_API_KEY.`, { field: READER_SETTING, retryable: false });
  const model = String(userOnlySetting('textCheck.openaiModel') ?? '').trim() || DEFAULT_OPENAI_MODEL;
  // The OpenAI image provider's own destination rule: the user's base URL, else OPENAI_BASE_URL, else api.openai.com.
  const user = (k: string) => String(userOnlySetting(k) ?? '').trim();
  const baseUrl = openaiBaseUrl({ key: key.key, keySource: undefined, setting: user, env: process.env })?.url;
  const organization = user('openai.organization') || undefined;
  return openaiReader({ apiKey: key.key, model, timeoutMs: setting('requestTimeoutSeconds') * 1000, ...(baseUrl ? { baseUrl } : {}), ...(organization ? { organization } : {}) });
}

// The parts of the language model API newer than the @types/vscode this extension builds against (finalized in 1.104).
interface DataPartStatic { image(data: Uint8Array, mimeType: string): unknown }
interface VisionCapabilities { readonly capabilities?: { readonly supportsImageToText?: boolean } }

/** A reader on the first vision-capable chat model VS Code offers. */
export function languageModelReader(): TextReader {
  return {
    id: 'languageModel',
    async read(image: ImageToRead, signal?: AbortSignal): Promise<TextRead> {
      const DataPart = (vscode as unknown as { LanguageModelDataPart?: DataPartStatic }).LanguageModelDataPart;
      if (!DataPart) throw new PixelsmithError('config', `This VS Code cannot send images to language models (it needs 1.104 or later); set ${READER_SETTING} to "openai".`, { field: READER_SETTING, retryable: false });
      const models = await vscode.lm.selectChatModels();
      const model = models.find((m) => (m as VisionCapabilities).capabilities?.supportsImageToText === true);
      if (!model) {
        throw new PixelsmithError('config', `${READER_SETTING} is "languageModel", but VS Code offers no vision-capable language model${models.length ? ` (${models.length} without image input)` : ''}: sign in to GitHub Copilot, or set ${READER_SETTING} to "openai".`, { field: READER_SETTING, retryable: false });
      }
      const cts = new vscode.CancellationTokenSource();
      const onAbort = () => cts.cancel();
      signal?.addEventListener('abort', onAbort);
      try {
        const parts = [new vscode.LanguageModelTextPart(READ_INSTRUCTION), DataPart.image(image.bytes, image.mimeType)];
        const message = vscode.LanguageModelChatMessage.User(parts as unknown as vscode.LanguageModelTextPart[]);
        const res = await model.sendRequest([message], { justification: 'Pixelsmith reads the text in an image to check it against the text that was asked for.' }, cts.token);
        let text = '';
        for await (const chunk of res.text) text += chunk;
        if (signal?.aborted) throw new PixelsmithError('cancelled', 'Check Text was cancelled.');
        return { blocks: parseReadAnswer(text, model.name), model: model.id };
      } catch (e) {
        if (e instanceof PixelsmithError) throw e;
        if (e instanceof vscode.LanguageModelError) {
          const code = e.code === vscode.LanguageModelError.NoPermissions.name ? 'forbidden' : e.code === vscode.LanguageModelError.Blocked.name ? 'rate-limit' : 'server';
          throw new PixelsmithError(code, `${model.name} could not read the image: ${e.message}`);
        }
        if (signal?.aborted) throw new PixelsmithError('cancelled', 'Check Text was cancelled.');
        throw new PixelsmithError('server', `${model.name} could not read the image: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        cts.dispose();
      }
    },
  };
}
