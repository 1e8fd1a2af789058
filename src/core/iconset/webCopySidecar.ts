// The sidecar of a web copy: the parent's generation facts (prompt, model, parameters) with `parent` naming the
// original and the copy's own hash, size and format. It cost nothing and carries no content credentials.
import { buildSidecar, optionalParameters, type Sidecar, type SidecarParent } from '../sidecar';
import { PROVIDER_IDS, type ProviderId } from '../providers/registry';
import type { WebCopyFormat } from './webCopy';

export interface CopiedImage { readonly sha256: string; readonly width: number; readonly height: number; readonly bytes: number; readonly format: WebCopyFormat }

/** The copy's sidecar, or undefined when the parent's provider is one this version does not know (it cannot vouch for it). */
export function webCopySidecar(parent: Sidecar, parentRef: SidecarParent, copy: CopiedImage): Sidecar | undefined {
  if (!(PROVIDER_IDS as readonly string[]).includes(parent.provider)) return undefined;
  const p = parent.parameters;
  return buildSidecar({
    request: {
      prompt: parent.prompt, provider: parent.provider as ProviderId, model: parent.model, ...(parent.preset ? { preset: parent.preset } : {}),
      size: p.size, quality: p.quality, background: p.background, outputFormat: p.outputFormat,
      ...optionalParameters(p), n: p.n,
    },
    image: { index: parent.index, ...copy, contentCredentials: false, ...(parent.revisedPrompt !== undefined ? { revisedPrompt: parent.revisedPrompt } : {}) },
    generationId: parent.generationId,
    createdAt: parent.createdAt,
    references: parent.references,
    ...(parent.mask !== undefined ? { mask: parent.mask } : {}),
    ...(parent.markup !== undefined ? { markup: parent.markup } : {}),
    parent: parentRef,
    ...(parent.source !== undefined ? { source: parent.source } : {}),
    costUsd: 0,
  });
}
