// Pixelsmith: Check Setup — per provider: the key (present, and where from; never shown), whether the API
// answers a free call, whether the configured model is there, and what to do; shown as a report, and returned
// for automation: `executeCommand('pixelsmith.checkSetup', { providers?: ['openai', …], show?: false })`.
import * as vscode from 'vscode';
import { PixelsmithError } from '../core/errors';
import type { ProviderId } from '../core/types';
import type { Services } from '../platform/services';
import { setupInput } from '../platform/setupInputs';
import { checkProviders, SETUP_PROBES } from '../services/setupCheck';
import { setupMarkdown, type SetupReport } from '../services/setupCheck/report';

const ALL = Object.keys(SETUP_PROBES) as ProviderId[];

export function registerCheckSetup(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand('pixelsmith.checkSetup', (args?: unknown) => checkSetup(s, args));
}

async function checkSetup(s: Services, raw?: unknown): Promise<SetupReport> {
  const { providers, show } = parseArgs(raw);
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Pixelsmith: checking setup…'), cancellable: false }, async () => {
    const ctl = new AbortController();
    const results = await checkProviders(providers, (id) => setupInput(s.keys, id), ctl.signal);
    return { active: await s.providers.resolve(), checkedAt: new Date().toISOString(), providers: results };
  });
  for (const p of report.providers) if (p.actions.length) s.log.info(`check setup: ${p.label}: ${[p.key.text, p.endpoint.text, p.model.text].join(' ')}`);
  if (show) await s.reports.show('Pixelsmith Setup.md', setupMarkdown(report));
  return report;
}

function parseArgs(raw: unknown): { providers: ProviderId[]; show: boolean } {
  const a = (raw && typeof raw === 'object' && !(raw instanceof vscode.Uri) ? raw : {}) as { providers?: unknown; show?: unknown };
  if (a.show !== undefined && typeof a.show !== 'boolean') throw new PixelsmithError('invalid-request', 'show must be true or false.', { field: 'show' });
  if (a.providers !== undefined && (!Array.isArray(a.providers) || a.providers.some((p) => !ALL.includes(p as ProviderId)))) {
    throw new PixelsmithError('invalid-request', `providers must be an array of ${ALL.join(', ')}.`, { field: 'providers', allowed: ALL });
  }
  return { providers: (a.providers as ProviderId[] | undefined) ?? ALL, show: a.show ?? true };
}
