// Connect External Agents…: the configuration for each agent starts this installation's server on the workspace,
// forwards the key variables by name and writes no key; quoting survives spaces and quotes in paths.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentConfigs, serverArgs } from '../../src/agents/externalConfig';
import { parseOptions } from '../../src/mcp/options';

const launch = {
  serverPath: "/home/u/.vscode/extensions/pixelsmith.pixelsmith-0.2.0/dist/mcp.js", workspace: "/home/u/My Project's",
  history: '/home/u/.config/Code/User/globalStorage/pixelsmith.pixelsmith/history',
  settings: { 'openai.baseUrl': 'https://gateway.example/v1', 'fal.baseUrl': '' }, keyVars: ['OPENAI_API_KEY', 'FAL_KEY'],
};

describe('agentConfigs', () => {
  it('every agent gets the same arguments, which the server parses back to the same workspace, history and settings', () => {
    const args = serverArgs(launch);
    assert.deepEqual(args.slice(1), ['--workspace', "/home/u/My Project's", '--history', launch.history, '--set', 'openai.baseUrl=https://gateway.example/v1']);
    const o = parseOptions(args.slice(1), {});
    assert.equal(o.workspace, launch.workspace);
    assert.equal(o.history, launch.history);
    assert.deepEqual(o.settings, { 'openai.baseUrl': 'https://gateway.example/v1' });
  });

  it('Claude Code: one shell command, quoted; Codex: TOML with env_vars; Cursor: mcp.json with ${env:…}', () => {
    const [claude, codex, cursor, vscode] = agentConfigs(launch);
    assert.match(claude!.text, /^claude mcp add pixelsmith -- node \/home\/u\/\.vscode\/extensions\/pixelsmith\.pixelsmith-0\.2\.0\/dist\/mcp\.js --workspace '\/home\/u\/My Project'\\''s' /m);
    assert.match(codex!.text, /^\[mcp_servers\.pixelsmith\]\ncommand = "node"\nargs = \["\/home\/u\/.+mcp\.js", "--workspace", "\/home\/u\/My Project's"/m);
    assert.match(codex!.text, /^env_vars = \["OPENAI_API_KEY", "FAL_KEY"\]$/m);
    const cur = JSON.parse(cursor!.text) as { mcpServers: { pixelsmith: { command: string; args: string[]; env: Record<string, string> } } };
    assert.deepEqual(cur.mcpServers.pixelsmith.args, serverArgs(launch));
    assert.deepEqual(cur.mcpServers.pixelsmith.env, { OPENAI_API_KEY: '${env:OPENAI_API_KEY}', FAL_KEY: '${env:FAL_KEY}' });
    assert.equal((JSON.parse(vscode!.text) as { servers: { pixelsmith: { type: string } } }).servers.pixelsmith.type, 'stdio');
  });

  it('the server refuses settings it does not declare and needs a workspace', () => {
    assert.throws(() => parseOptions(['--workspace', '/w', '--set', 'naming.pattern=x'], {}), /--set .*openai\.baseUrl/);
    assert.throws(() => parseOptions([], {}), /--workspace is required/);
    assert.deepEqual(parseOptions(['--workspace', '/w'], { PIXELSMITH_OPENAI_BASEURL: 'http://127.0.0.1:1/v1' }).settings, { 'openai.baseUrl': 'http://127.0.0.1:1/v1' });
  });
});
