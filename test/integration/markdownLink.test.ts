// The one markdown image link the panels write (gallery Copy Link / Insert, Generate panel Copy Markdown Link):
// relative to the markdown document, else to the workspace folder, with every segment encoded the same way.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { markdownLinkTo } from '../../src/panels/markdownLink';

describe('markdown image links from the panels', () => {
  const root = () => vscode.workspace.workspaceFolders![0]!.uri;
  const image = () => vscode.Uri.joinPath(root(), 'assets', 'a (1)', 'fox #1.png');

  it('links relative to the markdown document, encoding spaces, parentheses and #', () => {
    const doc = vscode.Uri.joinPath(root(), 'docs', 'guide.md');
    assert.equal(markdownLinkTo(image(), 'A red fox [sketch]. In snow', doc), '![A red fox \\[sketch\\]](../assets/a%20%281%29/fox%20%231.png)');
  });

  it('links relative to the workspace folder without a document, or with one on another file system', () => {
    assert.equal(markdownLinkTo(image(), 'a fox'), '![a fox](assets/a%20%281%29/fox%20%231.png)');
    assert.equal(markdownLinkTo(image(), 'a fox', vscode.Uri.parse('untitled:Untitled-1')), '![a fox](assets/a%20%281%29/fox%20%231.png)');
  });

  it('an empty prompt still gives alt text', () => {
    assert.equal(markdownLinkTo(image(), '   '), '![image](assets/a%20%281%29/fox%20%231.png)');
  });
});
