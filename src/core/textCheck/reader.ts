// What a text reader is (a vision-capable language model that lists the text in an image) and the one instruction
// every reader gets, with the parser of its answer. The readers themselves (VS Code's language models, OpenAI's
// Responses API) live elsewhere; nothing here sends anything.
import { PixelsmithError } from '../errors';

/** The readers a user can choose in `pixelsmith.textCheck.reader` (besides `off`). */
export const TEXT_READERS = ['languageModel', 'openai'] as const;
export type TextReaderId = (typeof TEXT_READERS)[number];

/** Most text blocks kept from one answer, and the longest block: an image does not hold more. */
export const READ_LIMITS = { blocks: 200, blockChars: 2000, answerChars: 200_000 } as const;

export interface ImageToRead {
  readonly bytes: Uint8Array;
  /** image/png, image/jpeg or image/webp. */
  readonly mimeType: string;
}

export interface TextRead {
  /** Each text block in reading order, exactly as written in the image. */
  readonly blocks: readonly string[];
  /** The model that read it, as its provider names it. */
  readonly model: string;
}

export interface TextReader {
  readonly id: TextReaderId;
  read(image: ImageToRead, signal?: AbortSignal): Promise<TextRead>;
}

/** The instruction: transcribe, never translate or correct, so a misspelling in the image stays visible. */
export const READ_INSTRUCTION = [
  'List every piece of text visible in this image, in reading order (for right-to-left scripts, in their own reading order).',
  'Transcribe each text block exactly as it is written: same script, spelling, case, punctuation and line content. Do not translate, correct or complete anything.',
  'One entry per text block (a heading, a button label, a line of a paragraph); do not describe the image.',
  'Answer with JSON only, in this form: {"texts": ["first text", "second text"]}. If there is no text, answer {"texts": []}.',
].join('\n');

/** The JSON Schema of the answer, for readers that support structured output. */
export const READ_ANSWER_SCHEMA = {
  type: 'object',
  properties: { texts: { type: 'array', items: { type: 'string' } } },
  required: ['texts'],
  additionalProperties: false,
} as const;

/**
 * The blocks in a reader's answer: `{"texts": [...]}`, possibly inside a ```json fence or after a sentence. An answer
 * without that JSON is an error naming the reader, not a guess: a wrong "missing" verdict would be worse.
 */
export function parseReadAnswer(answer: string, reader: string): string[] {
  const text = answer.slice(0, READ_LIMITS.answerChars);
  const candidates = [text.trim(), ...[...text.matchAll(/```(?:json)?\s*([\s\S]*?)```/g)].map((m) => m[1]!.trim())];
  const brace = text.indexOf('{');
  if (brace >= 0) candidates.push(text.slice(brace, text.lastIndexOf('}') + 1));
  for (const c of candidates) {
    let value: unknown;
    try { value = JSON.parse(c); } catch { continue; }
    const texts = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { texts?: unknown }).texts : value;
    if (Array.isArray(texts) && texts.every((t) => typeof t === 'string')) {
      return (texts as string[]).map((t) => t.trim().slice(0, READ_LIMITS.blockChars)).filter((t) => t !== '').slice(0, READ_LIMITS.blocks);
    }
  }
  throw new PixelsmithError('server', `${reader} did not answer with the list of texts Pixelsmith asked for (it said: ${JSON.stringify(text.slice(0, 120))}).`, { retryable: true });
}
