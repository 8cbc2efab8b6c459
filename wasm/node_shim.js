// --extern-pre-js: placed at the top of stockpulse_core.mjs, outside the Emscripten factory.
// Emscripten 3.1.6's glue reads `require` and `__dirname` when it runs under node, and neither
// exists in an ES module; define them from import.meta.url. spReadWasmNode() gives pre.js the
// .wasm bytes next to this module (import.meta cannot appear in code the glue's optimiser sees).
// In a browser this does nothing.
let require = undefined;
let __dirname = '';
let spReadWasmNode = null;
if (typeof process == 'object' && typeof process.versions == 'object' && typeof process.versions.node == 'string') {
  const { createRequire } = await import('node:module');
  require = createRequire(import.meta.url);
  __dirname = require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url));
  spReadWasmNode = () => require('node:fs').readFileSync(new URL('stockpulse_core.wasm', import.meta.url));
}
