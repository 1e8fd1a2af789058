// Restricted Mode: every Pixelsmith setting a cloned repository could set is a restricted configuration, so an
// untrusted workspace's values are ignored (VS Code then reads the user's). A new setting fails here until it is listed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

interface Setting { readonly scope?: string }
interface Manifest {
  readonly capabilities: { readonly untrustedWorkspaces: { readonly supported: string | boolean; readonly restrictedConfigurations?: readonly string[] } };
  readonly contributes: { readonly configuration: { readonly properties: Record<string, Setting> } | readonly { readonly properties: Record<string, Setting> }[] };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const settings = ([] as { readonly properties: Record<string, Setting> }[]).concat(manifest.contributes.configuration)
  .flatMap((c) => Object.entries(c.properties));

describe('workspace trust', () => {
  it('Restricted Mode is limited support, and every setting a workspace can set is restricted', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    const restricted = new Set(trust.restrictedConfigurations ?? []);
    // Only application-scope settings can never come from a workspace (machine scope can from a remote's settings).
    const settable = settings.filter(([, s]) => s.scope !== 'application').map(([k]) => k);
    assert.deepEqual(settable.filter((k) => !restricted.has(k)), [], 'settings a workspace could set that Restricted Mode does not ignore');
    assert.deepEqual([...restricted].filter((k) => !settings.some(([s]) => s === k)), [], 'restricted names that are not settings');
  });
});
