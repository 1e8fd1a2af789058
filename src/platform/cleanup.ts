// The background cleanup of everything Pixelsmith keeps in global storage, each with its retention: generations
// (and folders whose record is missing or corrupt) after `pixelsmith.history.retentionDays`, staged references
// not used for as long, and temporary and lock files that interrupted writes left behind after an hour.
import * as path from 'node:path';
import type { HistoryStore } from '../core/history';
import type { Logger } from '../core/log';
import { pruneStagedReferences } from '../core/stagedReferences';

export interface CleanupReport {
  readonly generations: number;
  readonly references: number;
  readonly leftovers: number;
}

/** Run every prune; one failing does not stop the others. */
export async function runCleanup(history: HistoryStore, log: Logger, retentionDays: number, now = Date.now()): Promise<CleanupReport> {
  const attempt = async (what: string, prune: () => Promise<number>) => {
    try {
      return await prune();
    } catch (e) {
      log.warn(`cleanup: pruning ${what} failed: ${String(e)}`);
      return 0;
    }
  };
  const report: CleanupReport = {
    generations: await attempt('generations', () => history.prune(retentionDays, now)),
    references: await attempt('staged references', () => pruneStagedReferences(history.root, retentionDays, now)),
    leftovers: await attempt('temporary files', () => history.pruneLeftovers(undefined, now)),
  };
  if (report.generations + report.references + report.leftovers > 0) {
    log.info(`cleanup: removed from ${path.basename(history.root)} ${report.generations} generation(s) and ${report.references} staged reference(s) ` +
      `older than ${retentionDays} days, and ${report.leftovers} file(s) left by interrupted writes`);
  }
  return report;
}
