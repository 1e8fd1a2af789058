#!/usr/bin/env node
// `npm run gen:schemas`: writes the JSON Schema files generated from the zod declarations (src/core/schemaFiles.ts).
// The TypeScript is bundled in memory with esbuild, so the script needs no compiled output.
import * as esbuild from 'esbuild';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = await esbuild.build({
  entryPoints: [join(root, 'src/core/schemaFiles.ts')], bundle: true, write: false, platform: 'node', format: 'cjs', logLevel: 'error',
});
const module = { exports: {} };
vm.runInThisContext(`(function (module, exports, require) {${built.outputFiles[0].text}\n})`)(module, module.exports, createRequire(import.meta.url));
for (const [file, text] of Object.entries(module.exports.schemaFiles())) {
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
}
