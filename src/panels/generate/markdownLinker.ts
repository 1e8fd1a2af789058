// When the Generate panel was opened to illustrate a markdown document: the document the saved image is
// recorded against and linked into.
import type * as vscode from 'vscode';
import type { GenerationRecord } from '../../core/history';
import type { SavedAsset } from '../../platform/saveAssets';

export interface MarkdownLinker {
  /** Workspace-relative path of the document, shown on the page. */
  readonly label: string;
  /** Recorded with each generation. */
  context(): NonNullable<GenerationRecord['context']>;
  /** Recorded in each sidecar. */
  source(): { document: vscode.Uri; heading?: string };
  /** Insert links to the saved images; the document changed, or undefined when nothing was inserted. */
  insert(saved: readonly SavedAsset[], generationId: string): Promise<vscode.Uri | undefined>;
}
