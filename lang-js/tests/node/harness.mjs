// Runs the Node-compatibility cases (tests/node/cases/*.mjs) under Node.js itself.
//
//   node tests/node/harness.mjs --write [case...] expected/<case>.json from Node's own modules
//   node tests/node/harness.mjs --ours [case...]  the same cases on lang-js's built-in modules
//                                                 (src/node/*.js) loaded into Node, compared with
//                                                 the fixtures: a quick loop while writing a module,
//                                                 before the Rust test runs them on QuickJS.
//
// A case is an ES module whose default export is an async function returning JSON-able data; it
// imports built-ins as a Laf function would (`import crypto from 'crypto'`, `from 'node:events'`).
// Cases must be deterministic: random or time-dependent values are checked by shape, not value.
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import vm from 'node:vm';
import { isDeepStrictEqual } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const casesDir = join(here, 'cases');
const srcDir = join(here, '..', '..', 'src', 'node');
const args = process.argv.slice(2);
const ours = args.includes('--ours');
const write = args.includes('--write');
const only = args.filter((a) => !a.startsWith('--'));

// A built-in's file: `stream/promises` is src/node/stream_promises.js.
const fileOf = (name) => join(srcDir, name.replace(/\//g, '_') + '.js');

// What the Rust side hands a module as `native`, imitated with Node's own APIs so a module's JS can
// be tried here. Only modules listed here get natives.
const natives = {
  process: {
    env: { get: (k) => process.env[k], keys: () => Object.keys(process.env) },
    info: () => ({ platform: process.platform, arch: process.arch, pid: process.pid }),
    hrtime: () => process.hrtime(),
    uptime: () => process.uptime(),
    rss: () => process.memoryUsage.rss(),
  },
  os: {
    info: () => {
      const os = process.getBuiltinModule('os');
      return {
        hostname: os.hostname(), type: os.type(), release: os.release(), arch: os.arch(), platform: os.platform(),
        totalmem: os.totalmem(), freemem: os.freemem(), uptime: os.uptime(), loadavg: os.loadavg(),
        cpus: os.cpus().map((c) => ({ model: c.model, speed: c.speed })), tmpdir: '/tmp', homedir: '/tmp',
        endianness: os.endianness(),
      };
    },
  },
};

const cache = new Map();
function load(name) {
  name = name.replace(/^node:/, '');
  if (cache.has(name)) return cache.get(name).exports;
  const source = readFileSync(fileOf(name), 'utf8');
  const module = { exports: {} };
  cache.set(name, module);
  const fn = vm.runInThisContext(source, { filename: `node:${name}` });
  fn(module.exports, requireFromModule, module, natives[name]);
  return module.exports;
}

// A module's own `require` of a built-in not written yet gets Node's (with a warning), so modules
// can be written in any order; the QuickJS test has no such fallback.
function requireFromModule(name) {
  try {
    return load(name);
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    console.warn(`(harness: src/node has no '${name}' yet; a module got Node's own)`);
    return process.getBuiltinModule(name.replace(/^node:/, ''));
  }
}

// Imports of built-ins become data: modules re-exporting ours (they run in this realm).
function rewrite(source) {
  return source.replace(/(from\s+|import\s*\(\s*|import\s+)(['"])(node:)?([a-z_/]+)\2/g, (all, lead, q, _n, name) => {
    let m;
    try { m = load(name); } catch (e) {
      if (e.code !== 'ENOENT') throw e;
      const missing = `throw new Error(${JSON.stringify(`lang-js has no built-in '${name}' yet (src/node/${name.replace(/\//g, '_')}.js)`)});`;
      return `${lead}${q}data:text/javascript,${encodeURIComponent(missing).replace(/'/g, '%27')}${q}`;
    }
    const keys = Object.keys(m).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
    const code = `const m = globalThis.__lafLoad(${JSON.stringify(name)}); export default m;` +
      (keys.length ? ` export const { ${keys.join(', ')} } = m;` : '');
    return `${lead}${q}data:text/javascript,${encodeURIComponent(code).replace(/'/g, '%27')}${q}`;
  });
}
globalThis.__lafLoad = load;

// Plain data for comparison and for the fixture file.
function plain(v) {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x)) ?? 'null');
}

const names = readdirSync(casesDir).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).sort()
  .filter((n) => !only.length || only.some((o) => n.startsWith(o)));
const tmp = ours ? mkdtempSync(join(tmpdir(), 'laf-node-')) : null;
const results = {};
for (const name of names) {
  let url = pathToFileURL(join(casesDir, name + '.mjs')).href;
  if (ours) {
    const path = join(tmp, name + '.mjs');
    writeFileSync(path, rewrite(readFileSync(join(casesDir, name + '.mjs'), 'utf8')));
    url = pathToFileURL(path).href;
  }
  try {
    const mod = await import(url);
    results[name] = { ok: plain(await mod.default()) };
  } catch (e) {
    results[name] = { error: `${e && e.name}: ${e && e.message}`, stack: e && e.stack };
  }
}

// One fixture per case (expected/<case>.json), so cases are added without touching the others'.
const expectedDir = join(here, 'expected');
const fixture = (k) => join(expectedDir, k + '.json');
if (write) {
  for (const [k, v] of Object.entries(results)) {
    if (v.error) { console.error(`${k}: ${v.error}`); process.exitCode = 1; continue; }
    writeFileSync(fixture(k), JSON.stringify(v.ok, null, 1) + '\n');
  }
  console.log(`wrote ${Object.keys(results).length} fixtures to ${expectedDir}`);
} else {
  let failed = 0;
  for (const [k, v] of Object.entries(results)) {
    if (!existsSync(fixture(k))) { console.log(`? ${k}: no fixture (run --write)`); failed++; continue; }
    const expected = { [k]: JSON.parse(readFileSync(fixture(k), 'utf8')) };
    if (v.error) { console.log(`✗ ${k}: ${v.error}\n${v.stack}`); failed++; continue; }
    if (!isDeepStrictEqual(v.ok, expected[k])) {
      console.log(`✗ ${k}\n  got      ${JSON.stringify(v.ok)}\n  expected ${JSON.stringify(expected[k])}`);
      failed++;
    } else console.log(`✓ ${k}`);
  }
  console.log(`${names.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
