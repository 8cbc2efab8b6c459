// --pre-js: runs inside the factory before the glue. Under node, the glue would fetch() the .wasm
// by a file path, which node's fetch refuses; read the bytes next to this module instead
// (node_shim.js), unless the caller chose how to load them (wasmBinary, instantiateWasm, locateFile).
if (typeof spReadWasmNode == 'function' && !Module['wasmBinary'] && !Module['instantiateWasm'] && !Module['locateFile']) {
  Module['wasmBinary'] = spReadWasmNode();
}
