// Entry point of the integration tests (what `extensionTestsPath` names): runs mocha inside the real
// VS Code extension host and rejects when a test fails (the harness turns that into exit code 1).
// Loads every out/test/integration/**/*.test.js. Used by test/harness/run.mjs and test/electron.ts.
//   PIXELSMITH_TEST_GREP      only run the tests whose full title matches this regexp
//   PIXELSMITH_TEST_LOG_MARK  set by the harness: prefix for the report's lines, so its quiet mode shows them
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  // The extension host's console methods cannot be replaced (it forwards them); mocha's reporters print
  // through Base.consoleLog, which can.
  const mark = process.env.PIXELSMITH_TEST_LOG_MARK ?? '';
  const print = (...args: unknown[]): void => console.log(mark + format(...args));
  Mocha.reporters.Base.consoleLog = print;
  print(`VS Code ${vscode.version} (${vscode.env.appName}), extension host node ${process.version}`);
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000 });
  if (process.env.PIXELSMITH_TEST_GREP) mocha.grep(process.env.PIXELSMITH_TEST_GREP);
  for (const file of findTests(__dirname)) mocha.addFile(file);
  let ran = 0;
  const failures = await new Promise<number>((resolve) => { mocha.run(resolve).on('test end', () => { ran++; }); });
  if (failures > 0) throw new Error(`${failures} integration test(s) failed.`);
  if (ran === 0) throw new Error('No integration test ran (nothing compiled, or --grep matched nothing).');
}

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}
