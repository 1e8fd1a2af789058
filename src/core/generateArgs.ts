// Parses the arguments of `pixelsmith.generate` from keybindings, tasks, other extensions and agents.
// Locations (references, mask, folder) stay opaque here; the command layer turns them into files.
import * as z from 'zod/mini';
import { ValidationError } from './errors';
import { generateArgsSchema, describeArgIssue, refuseUnknownArgs, type SaveChoice } from './params';

/** `pixelsmith.generate`'s arguments as parsed: the declaration's type, with `save` always set. */
export type GenerateArgs = Readonly<Omit<z.output<ReturnType<typeof generateArgsSchema>>, 'save'>> & { readonly save: SaveChoice };

/** Check `raw` against the declaration; the first problem becomes a ValidationError naming the argument. */
export function parseGenerateArgs(raw: unknown): GenerateArgs {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ValidationError('args', 'pixelsmith.generate takes one object argument, e.g. { prompt: "a red fox", n: 2 }.');
  }
  refuseUnknownArgs(raw);
  // Explicit undefined means "not given", as before the declaration.
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const result = generateArgsSchema().safeParse(given);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const { field, message, allowed } = describeArgIssue(issue, given);
    throw new ValidationError(field, message, allowed ? { allowed } : {});
  }
  const { save, ...rest } = result.data;
  return { ...rest, save: save ?? 'none' };
}
