// The exact configuration that connects an external agent to Pixelsmith's MCP server (dist/mcp.js), for
// `Pixelsmith: Connect External Agents…` and the README. No key is ever written: each agent passes the provider
// keys from the environment it runs in. No `vscode` here, so the text is unit-tested.

export interface ServerLaunch {
  /** Absolute path of the installed dist/mcp.js. */
  readonly serverPath: string;
  /** The workspace folder the server saves into. */
  readonly workspace: string;
  /** The history folder shared with the extension (so the gallery's candidates show what agents made). */
  readonly history?: string;
  /** The user's provider settings (base URLs, endpoints), passed on the command line: never read from a workspace. */
  readonly settings?: Readonly<Record<string, string>>;
  /** The key environment variables to forward (e.g. OPENAI_API_KEY, FAL_KEY). */
  readonly keyVars: readonly string[];
}

export type AgentId = 'claude' | 'codex' | 'cursor' | 'vscode';

export interface AgentConfig {
  readonly id: AgentId;
  readonly label: string;
  /** Where it goes: a file, or a terminal. */
  readonly where: string;
  readonly language: 'shellscript' | 'toml' | 'json';
  readonly text: string;
}

export function serverArgs(l: ServerLaunch): string[] {
  return [
    l.serverPath, '--workspace', l.workspace,
    ...(l.history ? ['--history', l.history] : []),
    ...Object.entries(l.settings ?? {}).filter(([, v]) => v !== '').flatMap(([k, v]) => ['--set', `${k}=${v}`]),
  ];
}

const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const tomlString = (s: string): string => JSON.stringify(s);

export function agentConfigs(l: ServerLaunch): AgentConfig[] {
  const args = serverArgs(l);
  const keys = l.keyVars.join(', ');
  return [
    {
      id: 'claude', label: 'Claude Code', where: 'run in a terminal, in the project folder', language: 'shellscript',
      text: `# Claude Code starts the server with its own environment: export ${keys} in the shell you start claude from.\nclaude mcp add pixelsmith -- node ${args.map(shellQuote).join(' ')}\n`,
    },
    {
      id: 'codex', label: 'Codex CLI', where: '~/.codex/config.toml (or the project\'s .codex/config.toml)', language: 'toml',
      text: `# Codex forwards the listed variables from its own environment; no key is written here.\n[mcp_servers.pixelsmith]\ncommand = "node"\nargs = [${args.map(tomlString).join(', ')}]\nenv_vars = [${l.keyVars.map(tomlString).join(', ')}]\n`,
    },
    {
      id: 'cursor', label: 'Cursor', where: '.cursor/mcp.json in the project', language: 'json',
      text: `${JSON.stringify({ mcpServers: { pixelsmith: { command: 'node', args, env: Object.fromEntries(l.keyVars.map((v) => [v, `\${env:${v}}`])) } } }, null, 2)}\n`,
    },
    {
      id: 'vscode', label: 'VS Code (another window or profile without Pixelsmith)', where: '.vscode/mcp.json', language: 'json',
      text: `${JSON.stringify({ servers: { pixelsmith: { type: 'stdio', command: 'node', args } } }, null, 2)}\n`,
    },
  ];
}
