// What Check Text expects to find in an image: the strings the caller gives, else the localize table of a
// translation, else the quoted strings of the prompt the image was made from.
import { ValidationError } from '../errors';
import { stringTableFromPrompt } from '../localize/plan';
import { expectedFromPrompt } from './compare';
import { READ_LIMITS } from './reader';

export type ExpectedSource = 'argument' | 'localize table' | 'prompt' | 'none';

export interface Expected {
  readonly strings: readonly string[];
  readonly from: ExpectedSource;
}

/** `given` checked (the `expected` argument), or what the sidecar says the image should read. */
export function expectedFor(sidecar: { readonly prompt: string; readonly language?: string } | undefined, given?: unknown): Expected {
  if (given !== undefined) return { strings: checkExpected(given), from: 'argument' };
  if (!sidecar) return { strings: [], from: 'none' };
  if (sidecar.language) {
    const table = Object.values(stringTableFromPrompt(sidecar.prompt));
    return table.length ? { strings: unique(table), from: 'localize table' } : { strings: [], from: 'none' };
  }
  const quoted = expectedFromPrompt(sidecar.prompt);
  return quoted.length ? { strings: quoted, from: 'prompt' } : { strings: [], from: 'none' };
}

function checkExpected(v: unknown): string[] {
  if (!Array.isArray(v)) throw new ValidationError('expected', 'expected must be an array of strings, e.g. ["Start", "Settings"].');
  if (v.length > READ_LIMITS.blocks) throw new ValidationError('expected', `expected: at most ${READ_LIMITS.blocks} strings.`);
  v.forEach((s, i) => {
    if (typeof s !== 'string' || s.trim() === '' || s.length > READ_LIMITS.blockChars) {
      throw new ValidationError(`expected[${i}]`, `expected[${i}] must be a non-empty string of at most ${READ_LIMITS.blockChars} characters.`);
    }
  });
  return unique((v as string[]).map((s) => s.trim()));
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];
