// Runs the integration tests in a desktop VS Code downloaded by @vscode/test-electron (needs internet).
// Offline, or on CI, use the code-server harness instead: `npm run test:integration`.
//   npm run test:electron       (builds, compiles the tests, then runs out/test/electron.js)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // out/test/electron.js → the repository root is two levels up.
  const extensionDevelopmentPath = path.resolve(__dirname, '..', '..');
  const extensionTestsPath = path.resolve(__dirname, 'integration', 'index.js');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pixelsmith-electron-'));
  fs.cpSync(path.join(extensionDevelopmentPath, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      // Not the Getting Started walkthrough that Pixelsmith opens on a first activation.
      extensionTestsEnv: { PIXELSMITH_SKIP_WALKTHROUGH: '1' },
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('Integration tests failed:', err);
  process.exit(1);
});
