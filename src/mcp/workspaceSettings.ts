// The workspace's Pixelsmith settings the MCP server honours: where assets go and how they are named — read from
// `.vscode/settings.json` (JSON with comments) and nothing else from it. Provider, keys and base URLs are never
// taken from a workspace file.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import type { Preset } from '../core/types';

/** The settings read, with the extension's defaults (package.json). */
export const WORKSPACE_SETTING_DEFAULTS = {
  'folders.default': 'assets/images',
  'folders.icon': 'assets/icons',
  'folders.mockup': 'assets/mockups',
  'folders.illustration': 'assets/illustrations',
  'folders.sequence': 'assets/sequences',
  'naming.pattern': '{slug}',
} as const;

export type WorkspaceSettings = { -readonly [K in keyof typeof WORKSPACE_SETTING_DEFAULTS]: string };

export async function readWorkspaceSettings(workspace: string): Promise<WorkspaceSettings> {
  const out: WorkspaceSettings = { ...WORKSPACE_SETTING_DEFAULTS };
  let text: string;
  try {
    text = await fs.readFile(path.join(workspace, '.vscode', 'settings.json'), 'utf8');
  } catch {
    return out;
  }
  // JSON with comments and trailing commas, as VS Code writes settings.json; a file that does not parse gives the defaults.
  const errors: ParseError[] = [];
  const parsed: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) return out;
  if (typeof parsed !== 'object' || parsed === null) return out;
  for (const key of Object.keys(WORKSPACE_SETTING_DEFAULTS) as (keyof WorkspaceSettings)[]) {
    const v = (parsed as Record<string, unknown>)[`pixelsmith.${key}`];
    if (typeof v === 'string' && v.trim() !== '') out[key] = v;
  }
  return out;
}

/** The folder setting a preset saves into. */
export function folderKeyFor(preset: Preset | undefined): keyof WorkspaceSettings {
  switch (preset) {
    case 'icon': return 'folders.icon';
    case 'mockup': return 'folders.mockup';
    case 'illustration': return 'folders.illustration';
    case 'sequence': return 'folders.sequence';
    default: return 'folders.default';
  }
}
