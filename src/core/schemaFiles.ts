// The JSON Schema files generated from the zod declarations (`npm run gen:schemas`), checked in, and proved current by
// a unit test. Only the generator and the tests import this: the extension bundle never carries zod's JSON Schema code.
import * as z from 'zod/mini';
import { manifestSchemas, MANIFEST_SCHEMA_URL } from './manifest/schema';
import { sidecarReadSchema, SIDECAR_SCHEMA_URL } from './sidecar';

/** The text of each generated file, by its path from the repository root. */
export function schemaFiles(): Record<string, string> {
  // io 'input': what a reader accepts, so unknown fields stay allowed where the reader allows them.
  const { $schema, ...sidecar } = z.toJSONSchema(sidecarReadSchema(), { target: 'draft-2020-12', io: 'input' });
  const { $schema: manifestDialect, ...manifest } = z.toJSONSchema(manifestSchemas().manifest, { target: 'draft-2020-12', io: 'input' });
  return {
    'schemas/sidecar.schema.json': `${JSON.stringify({ $schema, $id: SIDECAR_SCHEMA_URL, ...sidecar }, null, 2)}\n`,
    'schemas/assets.schema.json': `${JSON.stringify({ $schema: manifestDialect, $id: MANIFEST_SCHEMA_URL, ...manifest }, null, 2)}\n`,
  };
}
