// The Getting Started walkthrough (contributes.walkthroughs): Pixelsmith opens it itself on its first activation,
// since VS Code's own after-install opening does not happen for every install path (a .vsix, Settings Sync, a
// remote). `Pixelsmith: Get Started` opens it again. Its first step completes when a generation by the offline
// provider finishes (the `pixelsmith.walkthrough.offlineGenerated` context key).
import * as vscode from 'vscode';
import type { Services } from './services';

export const WALKTHROUGH_ID = 'pixelsmith.gettingStarted';
/** globalState: the walkthrough was opened once (by us or by VS Code); it is not opened again. */
const SHOWN_KEY = 'pixelsmith.walkthroughShown';
/** Set (to any non-empty value) in the environment to never open it by itself: the test harness does. */
export const SKIP_ENV = 'PIXELSMITH_SKIP_WALKTHROUGH';

export function registerWalkthrough(s: Services): vscode.Disposable {
  const fullId = `${s.context.extension.id}#${WALKTHROUGH_ID}`;
  const open = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', fullId, false);
  const finished = s.generation.onDidRun((e) => {
    if (e.kind === 'finished' && e.record.provider === 'offline' && e.record.images.length > 0) {
      void vscode.commands.executeCommand('setContext', 'pixelsmith.walkthrough.offlineGenerated', true);
    }
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (!s.context.globalState.get<boolean>(SHOWN_KEY) && !process.env[SKIP_ENV]) {
    void s.context.globalState.update(SHOWN_KEY, true);
    // After the workbench has restored its editors, so the walkthrough is not replaced by a restored one.
    timer = setTimeout(() => void Promise.resolve(open()).catch((e: unknown) => s.log.warn(`walkthrough: could not open it: ${String(e)}`)), 1000);
  }
  return vscode.Disposable.from(finished, { dispose: () => clearTimeout(timer) }, vscode.commands.registerCommand('pixelsmith.getStarted', open));
}
