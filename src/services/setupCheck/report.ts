// Check Setup's report for people (markdown): per provider, the key, the endpoint and the model, each with a
// mark, and what to do; the provider in use first.
import type { ProviderId } from '../../core/types';
import type { Check, ProviderSetup } from './types';

export interface SetupReport {
  /** The provider generations use now (pixelsmith.provider, `auto` resolved). */
  readonly active: ProviderId;
  readonly checkedAt: string;
  readonly providers: readonly ProviderSetup[];
}

/** Whether a provider can generate now, as far as the free calls can tell. */
export function isReady(p: ProviderSetup): boolean {
  return p.key.ok === true && p.endpoint.ok === true && p.model.ok !== false;
}

const mark = (c: Check) => (c.ok === true ? '✅' : c.ok === false ? '❌' : '➖');

export function setupMarkdown(r: SetupReport): string {
  const order = [...r.providers].sort((a, b) => Number(b.provider === r.active) - Number(a.provider === r.active));
  const lines = ['# Pixelsmith setup', '', `Checked ${r.checkedAt}. Generations use **${label(r, r.active)}** now (pixelsmith.provider).`,
    'Each check is a free call (a model list); no image is generated and nothing is billed. Keys are never shown.', ''];
  for (const p of order) {
    const state = p.provider === 'offline' ? 'no setup needed' : isReady(p) ? 'ready' : p.actions.length ? 'needs attention' : 'not fully checked';
    lines.push(`## ${p.label}${p.provider === r.active ? ' (in use)' : ''} — ${state}`, '',
      '| | Check | Result |', '| --- | --- | --- |',
      `| ${mark(p.key)} | Key | ${cell(p.key.text)} |`,
      `| ${mark(p.endpoint)} | Endpoint | ${cell(p.endpoint.text)} |`,
      `| ${mark(p.model)} | ${p.provider === 'azure' ? 'Deployment' : p.provider === 'fal' ? 'Endpoint id' : 'Model'} | ${cell(p.model.text)} |`, '');
    if (p.actions.length) lines.push('**What to do**', '', ...p.actions.map((a) => `- ${a}`), '');
  }
  lines.push('Run **Pixelsmith: Check Setup** again after a change.');
  return lines.join('\n') + '\n';
}

function label(r: SetupReport, id: ProviderId): string {
  return r.providers.find((p) => p.provider === id)?.label ?? id;
}

function cell(s: string): string {
  return s.replace(/[|\\<>[\]*_`]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
