// Parses `pixelsmith.compare`'s arguments against their one declaration (compareArgsSchema in core/params.ts): unknown
// arguments, here or inside a models entry, are errors naming them and listing the allowed ones.
import * as z from 'zod/mini';
import { ValidationError } from '../core/errors';
import { once } from '../core/once';
import { compareArgsSchema, COMPARE_MODELS, describeArgIssue, issueField, type SaveChoice } from '../core/params';

export type CompareArgs = Readonly<Omit<z.output<ReturnType<typeof compareArgsSchema>>, 'save'>> & { readonly save: SaveChoice };

const argNames = once((): readonly string[] => Object.keys(compareArgsSchema().shape));
const MODEL_KEYS = ['provider', 'model'];

export function parseCompareArgs(raw: unknown): CompareArgs {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ValidationError('args', 'pixelsmith.compare takes one object argument, e.g. { prompt: "a red fox", models: [{ provider: "openai", model: "gpt-image-2" }, { provider: "gemini", model: "gemini-3.1-flash-image" }] }.');
  }
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const unknown = Object.keys(given).find((k) => !argNames().includes(k));
  if (unknown !== undefined) throw new ValidationError(unknown, `Unknown argument "${unknown}". Allowed: ${argNames().join(', ')}.`, { allowed: argNames() });
  const models: unknown = given.models;
  if (Array.isArray(models)) {
    models.forEach((m, i) => {
      const extra = m && typeof m === 'object' ? Object.keys(m).find((k) => !MODEL_KEYS.includes(k)) : undefined;
      if (extra !== undefined) throw new ValidationError(`models[${i}].${extra}`, `models[${i}]: unknown key "${extra}". Each entry is { provider, model }.`, { allowed: MODEL_KEYS });
    });
  }
  const result = compareArgsSchema().safeParse(given);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw issueError(issue, given);
  }
  const { save, ...rest } = result.data;
  return { ...rest, save: save ?? 'none' };
}

function issueError(issue: z.core.$ZodIssue, given: unknown): ValidationError {
  const field = issueField(issue.path);
  if (issue.path[0] === 'models') {
    if (issue.path.length === 1) {
      return new ValidationError('models', `models: give ${COMPARE_MODELS.min} to ${COMPARE_MODELS.max} entries, each { provider, model }.`, { allowed: [`${COMPARE_MODELS.min}–${COMPARE_MODELS.max} models`] });
    }
    if (issue.path.length === 2) return new ValidationError(field, `${field} must be an object { provider, model }.`);
    // models[i].provider / models[i].model: the same words as the top-level argument.
    const inner = describeArgIssue({ ...issue, path: issue.path.slice(2) }, (given as { models: unknown[] }).models[Number(issue.path[1])]);
    return new ValidationError(field, inner.message.replace(new RegExp(`^${inner.field}`), field), inner.allowed ? { allowed: inner.allowed } : {});
  }
  const { field: f, message, allowed } = describeArgIssue(issue, given);
  return new ValidationError(f, message, allowed ? { allowed } : {});
}
