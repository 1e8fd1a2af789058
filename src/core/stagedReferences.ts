// Reference images staged for the Generate panel: content-addressed copies under <history>/references/ (up to
// 50 MB each), kept while used and pruned once not used for the history's retention.
import * as path from 'node:path';
import { DAY_MS, pruneFiles } from './prune';

/** The folder under the history root. */
export const STAGED_REFERENCES_DIR = 'references';
/** A staged copy's name: the sha256 of its bytes and its type. */
export const STAGED_REFERENCE_NAME = /^[0-9a-f]{64}\.(png|jpg|webp)$/;

/** Remove staged copies not used (modified, or touched when reused) for `days`; returns how many. */
export function pruneStagedReferences(historyRoot: string, days: number, now = Date.now()): Promise<number> {
  return pruneFiles(path.join(historyRoot, STAGED_REFERENCES_DIR), (n) => STAGED_REFERENCE_NAME.test(n), days * DAY_MS, now);
}
