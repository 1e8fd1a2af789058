// The MCP server's command line: `node dist/mcp.js --workspace <folder> [--history <dir>] [--set <key>=<value>]…
// [--max-cost <usd>] [--allow-unpriced]`. Base URLs and endpoints come only from here or the environment,
// never from a workspace file: a cloned repository must not be able to send a key elsewhere.
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { providers } from '../core/providers/registry';

export interface ServerOptions {
  /** The workspace folder (absolute, resolved); every write stays inside it. */
  readonly workspace: string;
  /** The history store's folder. */
  readonly history: string;
  /** Provider settings (`openai.baseUrl`, `azure.endpoint`, …) given with --set or PIXELSMITH_<KEY> variables. */
  readonly settings: Readonly<Record<string, string>>;
  /** The provider used when a call names none: --provider, PIXELSMITH_PROVIDER, else auto. */
  readonly provider: string;
  /** Above this estimate (USD) a call is refused: an MCP server cannot ask; the client's own approval is the question. */
  readonly maxCostUsd: number;
  /** Run models whose price is unknown (refused by default, like the extension asks about them). */
  readonly allowUnpriced: boolean;
}

export const USAGE = 'usage: node mcp.js --workspace <folder> [--history <dir>] [--provider <id>] [--set <provider setting>=<value>]... [--max-cost <usd>] [--allow-unpriced]';

/** The provider settings anyone may set here: the ones the providers declare (all of them machine-scope in VS Code). */
export function providerSettingKeys(): string[] {
  return providers.all.flatMap((p) => p.settings.map((s) => s.key));
}

/** `openai.baseUrl` → `PIXELSMITH_OPENAI_BASEURL`. */
export function envNameOf(key: string): string {
  return `PIXELSMITH_${key.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/** The options the server and the `build` command share. */
export const SERVER_FLAGS = {
  workspace: { type: 'string' }, history: { type: 'string' }, provider: { type: 'string' },
  set: { type: 'string', multiple: true }, 'max-cost': { type: 'string' }, 'allow-unpriced': { type: 'boolean' },
} as const;

export interface ServerFlagValues {
  workspace?: string; history?: string; provider?: string; set?: string[]; 'max-cost'?: string; 'allow-unpriced'?: boolean;
}

export function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ServerOptions {
  const { values } = parseArgs({ args: [...argv], allowPositionals: false, strict: true, options: SERVER_FLAGS });
  return optionsFrom(values, env);
}

export function optionsFrom(values: ServerFlagValues, env: Readonly<Record<string, string | undefined>>): ServerOptions {
  const ws = values.workspace ?? env.PIXELSMITH_WORKSPACE;
  if (!ws) throw new Error(`--workspace is required. ${USAGE}`);
  const known = providerSettingKeys();
  const settings: Record<string, string> = {};
  for (const key of known) {
    const v = env[envNameOf(key)];
    if (v !== undefined && v !== '') settings[key] = v;
  }
  for (const pair of values.set ?? []) {
    const i = pair.indexOf('=');
    const key = i > 0 ? pair.slice(0, i) : '';
    if (!known.includes(key)) throw new Error(`--set ${JSON.stringify(pair)}: expected <key>=<value> with one of ${known.join(', ')}.`);
    settings[key] = pair.slice(i + 1);
  }
  const provider = values.provider ?? env.PIXELSMITH_PROVIDER ?? 'auto';
  if (provider !== 'auto' && !providers.has(provider)) throw new Error(`--provider ${JSON.stringify(provider)}: expected auto or one of ${providers.ids.join(', ')}.`);
  const maxCost = values['max-cost'] ?? env.PIXELSMITH_MAX_COST;
  const maxCostUsd = maxCost === undefined ? 0.5 : Number(maxCost);
  if (!Number.isFinite(maxCostUsd) || maxCostUsd < 0) throw new Error(`--max-cost ${JSON.stringify(maxCost)}: expected a number of US dollars, e.g. 2.`);
  return {
    workspace: path.resolve(ws),
    history: path.resolve(values.history ?? env.PIXELSMITH_HISTORY ?? defaultHistory(env)),
    settings, provider, maxCostUsd, allowUnpriced: values['allow-unpriced'] ?? env.PIXELSMITH_ALLOW_UNPRICED === '1',
  };
}

/** The user's cache folder: ~/Library/Caches, %LOCALAPPDATA%, or $XDG_CACHE_HOME (~/.cache). */
function defaultHistory(env: Readonly<Record<string, string | undefined>>): string {
  const home = os.homedir();
  const cache = process.platform === 'darwin' ? path.join(home, 'Library', 'Caches')
    : process.platform === 'win32' ? (env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'))
      : (env.XDG_CACHE_HOME ?? path.join(home, '.cache'));
  return path.join(cache, 'pixelsmith', 'history');
}
