// Parses `pixelsmith.localize`'s arguments: the declaration in params.ts, then the language tags and string tables.
import type * as z from 'zod/mini';
import { ValidationError } from '../errors';
import { once } from '../once';
import { issueField, localizeArgsSchema, type Location } from '../params';
import type { ProviderId, Quality } from '../types';
import { checkLanguageTags } from './languages';
import { checkStringTables, type StringTable } from './plan';

export interface LocalizeArgs {
  readonly uri: Location;
  readonly languages: readonly string[];
  readonly strings: Readonly<Record<string, StringTable>>;
  readonly quality?: Quality;
  readonly provider?: ProviderId;
  readonly model?: string;
  readonly save: 'none' | 'all';
  readonly skipCostConfirmation?: boolean;
}

const localizeArgNames = once((): readonly string[] => Object.keys(localizeArgsSchema().shape));

export function parseLocalizeArgs(raw: unknown): LocalizeArgs {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ValidationError('args', 'pixelsmith.localize takes one object argument, e.g. { uri: "assets/hero.png", languages: ["ko", "ja"] }.');
  }
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const unknown = Object.keys(given).find((k) => !localizeArgNames().includes(k));
  if (unknown !== undefined) throw new ValidationError(unknown, `Unknown argument "${unknown}". Allowed: ${localizeArgNames().join(', ')}.`, { allowed: [...localizeArgNames()] });
  const result = localizeArgsSchema().safeParse(given);
  if (!result.success) throw argError(result.error.issues[0]!);
  const d = result.data;
  const languages = checkLanguageTags(d.languages);
  return {
    uri: d.uri, languages, strings: checkStringTables(d.strings, languages), save: d.save ?? 'all',
    ...(d.quality !== undefined ? { quality: d.quality } : {}), ...(d.provider !== undefined ? { provider: d.provider } : {}),
    ...(d.model !== undefined ? { model: d.model } : {}), ...(d.skipCostConfirmation !== undefined ? { skipCostConfirmation: d.skipCostConfirmation } : {}),
  };
}

const EXPECTED: Readonly<Record<string, string>> = {
  uri: 'a vscode.Uri or a path string', languages: 'an array of BCP 47 tags such as ["ko", "ja"]', strings: 'an object { "ko": { "Start": "시작" } }',
  quality: 'a quality such as low, medium or high', provider: 'a provider id', model: 'a model id', save: '"all" or "none"', skipCostConfirmation: 'true or false',
};

function argError(issue: z.core.$ZodIssue): ValidationError {
  const field = issueField(issue.path);
  const top = String(issue.path[0] ?? '');
  if (issue.code === 'invalid_value') return new ValidationError(field, `${field}: allowed values are ${issue.values.map(String).join(', ')}.`, { allowed: issue.values.map(String) });
  if (top === 'languages' && (issue.code === 'too_small' || issue.code === 'too_big') && issue.path.length === 1) {
    return new ValidationError(field, `languages: give from 1 to 64 language tags, e.g. ["ko", "ja"].`);
  }
  return new ValidationError(field, `${field} must be ${EXPECTED[top] ?? 'valid'}.`);
}
