// The recent candidates: images in the history store that were never saved into the workspace, newest first.
import * as vscode from 'vscode';
import type { GenerationRecord } from '../../core/history';
import type { StoredImage } from '../../core/types';
import type { Services } from '../../platform/services';

/** At most this many candidates are shown; older ones stay in the history until pruned. */
export const MAX_CANDIDATES = 48;

export interface Candidate {
  readonly record: GenerationRecord;
  readonly image: StoredImage;
  readonly file: vscode.Uri;
}

export async function listCandidates(s: Services, max = MAX_CANDIDATES): Promise<Candidate[]> {
  const out: Candidate[] = [];
  // Newest first, reading only as many records as it takes (the history may hold a month of generations).
  for (const id of await s.history.ids()) {
    const record = await s.history.get(id);
    if (!record || record.status === 'running' || !Array.isArray(record.images)) continue;
    const saved = new Set((record.saved ?? []).map((x) => x.index));
    for (const image of record.images) {
      if (saved.has(image.index)) continue;
      out.push({ record, image, file: vscode.Uri.file(s.history.imagePath(record.id, image.file)) });
      if (out.length >= max) return out;
    }
  }
  return out;
}

/** One candidate, looked up again by id and index (a webview message names it). */
export async function findCandidate(s: Services, generationId: string, index: number): Promise<Candidate | undefined> {
  const record = await s.history.get(generationId);
  const image = record?.images.find((i) => i.index === index);
  return record && image ? { record, image, file: vscode.Uri.file(s.history.imagePath(record.id, image.file)) } : undefined;
}

/** Watch the history store, so candidates appear as generations finish and vanish when saved. */
export function watchHistory(s: Services, changed: () => void): vscode.Disposable {
  const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(s.historyUri, '*/generation.json'));
  return vscode.Disposable.from(w, w.onDidCreate(changed), w.onDidChange(changed), w.onDidDelete(changed));
}
