// The providers Pixelsmith speaks: one line each. A provider is its folder (src/core/providers/<id>/) plus its line here;
// ProviderId, the key picker, the settings check, the panel's provider options and error labels all come from this list.
import { azure } from './azure';
import { bfl } from './bfl';
import type { ProviderDeclaration } from './declaration';
import { fal } from './fal';
import { gemini } from './gemini';
import { offline } from './offline';
import { openai } from './openai';
import { openrouter } from './openrouter';

const DECLARATIONS = [
  openai,
  azure,
  fal,
  bfl,
  gemini,
  openrouter,
  offline,
] as const;

export type ProviderId = (typeof DECLARATIONS)[number]['id'];

/** A list of providers looked up by id; tests build their own with a test-only provider. */
export class ProviderRegistry<Id extends string = string> {
  readonly ids: readonly Id[];
  private readonly byId: ReadonlyMap<string, ProviderDeclaration<Id>>;

  constructor(readonly all: readonly ProviderDeclaration<Id>[]) {
    this.ids = all.map((p) => p.id);
    this.byId = new Map(all.map((p) => [p.id, p]));
    if (this.byId.size !== all.length) throw new Error(`Two providers share an id: ${this.ids.join(', ')}`);
  }

  has(id: unknown): id is Id {
    return typeof id === 'string' && this.byId.has(id);
  }

  get(id: Id): ProviderDeclaration<Id> {
    const p = this.byId.get(id);
    if (!p) throw new Error(`Unknown provider ${JSON.stringify(id)}`);
    return p;
  }

  /** The label people read for an id; an id this version does not know (from a newer sidecar) reads as itself. */
  label(id: string): string {
    return this.byId.get(id)?.label ?? id;
  }

  /** The providers that take a key, in registry order. */
  keyed(): readonly ProviderDeclaration<Id>[] {
    return this.all.filter((p) => p.auth !== null);
  }

  /** The providers that serve a model id. */
  serving(modelId: string): readonly Id[] {
    return this.all.filter((p) => p.models.some((m) => m.id === modelId)).map((p) => p.id);
  }
}

export const providers = new ProviderRegistry<ProviderId>(DECLARATIONS);
export const PROVIDER_IDS: readonly ProviderId[] = providers.ids;
