// The agent tools' input JSON Schemas, generated from the zod declarations (toolArgs.ts) into package.json's
// `contributes.languageModelTools` by `npm run gen:schemas`, and proved current by a unit test.
// Only the generator and the tests import this: the extension bundle never carries zod's JSON Schema code.
import * as z from 'zod/mini';
import { toolInputs, type ToolKind } from './toolArgs';

/** The Copilot tool name of each tool (the MCP server uses snake_case names of its own). */
export const LM_TOOL_NAMES: Readonly<Record<ToolKind, string>> = {
  generateImage: 'pixelsmith_generateImage', editImage: 'pixelsmith_editImage', findAssets: 'pixelsmith_findAssets',
};

/** One tool's input schema, as VS Code and MCP clients read it (draft-07, no `$schema`). */
export function toolInputSchema(kind: ToolKind): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(toolInputs()[kind], { target: 'draft-7', io: 'input' });
  return schema;
}

/** Each language model tool's input schema, by its name in package.json. */
export function lmToolSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries((Object.keys(LM_TOOL_NAMES) as ToolKind[]).map((k) => [LM_TOOL_NAMES[k], toolInputSchema(k)]));
}
