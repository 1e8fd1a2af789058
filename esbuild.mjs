// One build script: the extension host (CommonJS, node) and each webview (ESM, browser) into dist/.
//   node esbuild.mjs               development build with source maps
//   node esbuild.mjs --production  minified, no source maps
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// A production build starts from an empty dist/, so no stale file (source maps, old chunks) gets packaged.
if (production) rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
  // jsonc-parser's UMD build (its `main`) requires its parts at run time, which a bundle cannot follow: use its ESM build.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

/**
 * A provider's client (src/core/providers/<id>/client.ts) is loaded by its declaration on first use, on the host only.
 * The webviews import the declarations for their data (models, capabilities): in their bundles the client is a module
 * that throws, so no SDK or Node code reaches a page.
 */
const hostOnlyClients = {
  name: 'host-only-provider-clients',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/(?:.*\/)?client$/ }, (args) =>
      /[\\/]src[\\/]core[\\/]providers[\\/]/.test(args.importer) ? { path: args.path, namespace: 'host-only' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'host-only' }, () => ({ contents: 'throw new Error("provider clients run on the extension host only");', loader: 'js' }));
  },
};

/**
 * <vscode-textarea>'s stylesheet draws its resize handle with a `data:` PNG, which the webviews' CSP (img-src: the
 * webview's own origin only) refuses and logs on every page: the rule is dropped, and Chromium draws its own handle.
 */
const noDataUriResizer = {
  name: 'no-data-uri-resizer',
  setup(b) {
    b.onLoad({ filter: /[\\/]vscode-textarea[\\/]vscode-textarea\.styles\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = text.replace(/background-image:\s*url\('data:image\/png;base64,[A-Za-z0-9+/=]+'\);/, '');
      if (contents === text) throw new Error('vscode-textarea: the data: resizer rule was not found; check the CSP violation again');
      return { contents, loader: 'js' };
    });
  },
};

// The openai SDK is most of the code but is needed only when an OpenAI/Azure request is made: it is built into its
// own file (below) and required from there on first use, so activation (and the MCP server's start) does not parse it.
// It is reached through `require`, never Node's `import()`: importing a CommonJS file gives only the names Node's
// export scanner can see, and in the minified file it sees none — `toFile` and the error classes were undefined in
// the production build (every OpenAI edit failed with "Right-hand side of 'instanceof' is not an object").
const lazyOpenai = {
  name: 'lazy-openai',
  setup(b) {
    b.onResolve({ filter: /^openai$/ }, () => ({ path: 'openai', namespace: 'lazy-openai' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-openai' }, () => ({ contents: 'module.exports = require("./vendor/openai.js");', loader: 'js' }));
    b.onResolve({ filter: /^\.\/vendor\/openai\.js$/ }, (args) => (args.namespace === 'lazy-openai' ? { path: args.path, external: true } : undefined));
  },
};

/**
 * Each module's `import * as vscode from 'vscode'` became its own `__toESM(require("vscode"))`, a copy of the whole
 * API object's properties: 53 copies cost 36 ms of activation (bench/activation.bench.mjs). Every import of vscode
 * resolves instead to one module that re-exports it, so the API object is required and copied once.
 */
const oneVscodeImport = {
  name: 'one-vscode-import',
  setup(b) {
    b.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    b.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: 'export * from "vscode";', loader: 'js' }));
  },
};

/**
 * @jsquash/avif's encoder picks its multi-threaded build only in a browser with threads; under Node (the image worker)
 * it takes the single-threaded one. The browser-only build is left out of the bundle (a module that throws if reached).
 */
const avifSingleThread = {
  name: 'avif-single-thread',
  setup(b) {
    b.onResolve({ filter: /avif_enc_mt\.js$/ }, (args) =>
      /[\\/]@jsquash[\\/]avif[\\/]/.test(args.importer) ? { path: args.path, namespace: 'avif-mt' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'avif-mt' }, () => ({ contents: 'throw new Error("the multi-threaded AVIF encoder is for browsers");', loader: 'js' }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyOpenai, oneVscodeImport],
  },
  {
    ...common,
    // The stdio MCP server for other agents (src/mcp/): core and services, no vscode; `node dist/mcp.js --workspace <folder>`.
    entryPoints: { mcp: 'src/mcp/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: { PIXELSMITH_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
    plugins: [lazyOpenai],
  },
  {
    ...common,
    // The image worker thread's entry, started by core/work/imageWorkerClient.ts from dist/imageWorker.js.
    entryPoints: { imageWorker: 'src/core/work/imageWorker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [avifSingleThread],
  },
  {
    ...common,
    entryPoints: { 'vendor/openai': 'node_modules/openai/index.js' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    // An entry whose folder is not there yet is skipped with a warning, so one webview can build without the other.
    entryPoints: Object.fromEntries(Object.entries({ generate: 'webview/generate/main.ts', gallery: 'webview/gallery/main.ts' })
      .filter(([name, file]) => existsSync(file) || console.warn(`[esbuild] ${name}: ${file} is missing, skipped`))),
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    loader: { '.css': 'css', '.ttf': 'file' },
    plugins: [hostOnlyClients, noDataUriResizer],
  },
];

// The codicon font for <vscode-icon>: shipped in dist (node_modules is not packaged), linked by id from the page.
mkdirSync('dist/webview/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/webview/codicons/${f}`);

// The image worker's wasm codecs (core/iconset/codecs.ts), loaded from dist/wasm/ on first use.
mkdirSync('dist/wasm', { recursive: true });
const require = createRequire(import.meta.url);
for (const [name, file] of Object.entries(JSON.parse(readFileSync('src/core/iconset/wasm-files.json', 'utf8')))) {
  copyFileSync(require.resolve(file), `dist/wasm/${name}.wasm`);
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
