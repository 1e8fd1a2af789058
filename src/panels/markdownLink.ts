// The one markdown image link the panels write (the gallery's Copy Link and Insert, the Generate panel's Copy
// Markdown Link): alt text from the prompt, the path relative to the markdown document it goes into, or to the
// workspace folder when there is none, each segment percent-encoded the same way.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { altFromPrompt, imageLink, markdownLinkPath } from '../core/markdown';

/** `![alt](path)` to `image`: relative to `doc` when given (and on the same file system), else to the image's workspace folder. */
export function markdownLinkTo(image: vscode.Uri, prompt: string, doc?: vscode.Uri): string {
  const sameFs = doc !== undefined && doc.scheme === image.scheme && doc.authority === image.authority;
  const folder = vscode.workspace.getWorkspaceFolder(image)?.uri.path ?? path.posix.dirname(image.path);
  // A document at the folder's root stands for "relative to the workspace folder".
  const from = sameFs ? doc.path : path.posix.join(folder, 'README.md');
  return imageLink(altFromPrompt(prompt) || 'image', markdownLinkPath(from, image.path));
}
