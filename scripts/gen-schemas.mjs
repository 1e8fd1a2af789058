#!/usr/bin/env node
// `npm run gen:schemas`: writes the JSON Schema files generated from the zod declarations (src/core/schemaFiles.ts)
// and the language model tools' input schemas into package.json (src/core/toolSchemas.ts).
// The TypeScript is bundled in memory with esbuild, so the script needs no compiled output.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function load(entry) {
  const built = esbuild.buildSync({ entryPoints: [join(root, entry)], bundle: true, write: false, platform: 'node', format: 'cjs', logLevel: 'error' });
  const module = { exports: {} };
  vm.runInThisContext(`(function (module, exports, require) {${built.outputFiles[0].text}\n})`)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

for (const [file, text] of Object.entries(load('src/core/schemaFiles.ts').schemaFiles())) {
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
}

const schemas = load('src/core/toolSchemas.ts').lmToolSchemas();
const pkgPath = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
for (const tool of pkg.contributes.languageModelTools ?? []) {
  if (!schemas[tool.name]) throw new Error(`package.json declares the tool ${tool.name}, which src/core/toolSchemas.ts does not know`);
  tool.inputSchema = schemas[tool.name];
}
writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
console.log('wrote package.json contributes.languageModelTools[].inputSchema');
