// The workspace's Pixelsmith settings the MCP server honours: where assets go and how they are named — read from
// `.vscode/settings.json` (JSON with comments) and nothing else from it. Provider, keys and base URLs are never
// taken from a workspace file.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripJsonc(text));
  } catch {
    return out;
  }
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

/** JSON with comments and trailing commas (as VS Code writes settings.json) → JSON. Strings are kept as they are. */
export function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else {
      out += c;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
