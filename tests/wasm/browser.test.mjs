// Browser smoke test of the WebAssembly build: headless Chromium (playwright-core, the system's
// /usr/bin/chromium) loads build/wasm/stockpulse_core.mjs from a local HTTP server, as a page
// would, computes rsi:14 and a streamed macd on a small series, and must agree with node exactly.
// Chromium absent: skipped with a message, failed under CI=true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { inCI, loadFactory, wasmDir } from './support.mjs';

const require = createRequire(import.meta.url);
const chromiumPath = process.env.SP_CHROMIUM || '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const page = `<!doctype html><meta charset="utf-8"><title>stockpulse wasm</title>
<script type="module">
  import createCore from './stockpulse_core.mjs';
  window.corePromise = createCore();
</script>`;

const types = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

// Serves wasmDir and the test page on 127.0.0.1 at a free port.
function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    const file = path.join(wasmDir, path.basename(url.pathname));
    if (!fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// NaN does not survive JSON; compare with NaN spelled as null.
const plain = (a) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));

test('the module loads and computes in Chromium as in node', async (t) => {
  if (!fs.existsSync(chromiumPath)) {
    const why = `${chromiumPath} not found (Debian package chromium; scripts/bootstrap installs it)`;
    if (inCI) assert.fail(`${why} under CI=true`);
    t.skip(why);
    return;
  }
  const close = Array.from({ length: 200 }, (_, i) => 100 + 5 * Math.sin(i / 6) + 0.05 * i + ((i * 7919) % 13) / 10);
  const core = await (await loadFactory())();
  const want = {
    rsi: plain(core.compute('rsi:14', { close })['rsi_14']),
    macd: (() => {
      const s = core.stream('macd:12,26,9');
      return close.map((x) => plain(Object.values(s.update({ close: x }))));
    })(),
    list: core.list().length,
  };

  const { chromium } = require('playwright-core');
  const server = await serve();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const p = await browser.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await p.goto(`http://127.0.0.1:${server.address().port}/`);
    await p.waitForFunction(() => window.corePromise !== undefined);
    const got = await p.evaluate(async (closeIn) => {
      const core = await window.corePromise;
      const plainIn = (a) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));
      const s = core.stream('macd:12,26,9');
      return {
        rsi: plainIn(core.compute('rsi:14', { close: new Float64Array(closeIn) })['rsi_14']),
        macd: closeIn.map((x) => plainIn(Object.values(s.update({ close: x })))),
        list: core.list().length,
      };
    }, close);
    assert.deepEqual(errors, [], 'no errors on the page');
    assert.equal(got.list, want.list);
    assert.deepEqual(got.rsi, want.rsi);
    assert.deepEqual(got.macd, want.macd);
  } finally {
    await browser.close();
    server.close();
  }
});
