// Runs the Node-compatibility cases (tests/node/cases/*.mjs) under Node.js itself.
//
//   node tests/node/harness.mjs --write [case...] expected/<case>.json from Node's own modules
//   node tests/node/harness.mjs --ours [case...]  the same cases on lang-js's built-in modules
//                                                 (src/node/*.js) loaded into Node, compared with
//                                                 the fixtures: a quick loop while writing a module,
//                                                 before the Rust test runs them on QuickJS.
//
// Served cases (tests/node/served/*.mjs, fixtures in served-expected/) talk to server.mjs, which the
// harness starts when one is selected: their default export takes a Laf-like ctx whose
// `ctx.query.base` is the server's base URL. Under --ours, they (and the cases named fetch-*) see
// lang-js's fetch globals (fetch, Headers, Request, Response, FormData from internal/fetch) in
// place of Node's.
//
// A case is an ES module whose default export is an async function returning JSON-able data; it
// imports built-ins as a Laf function would (`import crypto from 'crypto'`, `from 'node:events'`).
// Cases must be deterministic: random or time-dependent values are checked by shape, not value.
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import vm from 'node:vm';
import { isDeepStrictEqual } from 'node:util';
import { spawn } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const casesDir = join(here, 'cases');
const servedDir = join(here, 'served');
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
  // Only what crypto.js reads when it loads (constants requires it): its operations need RustCrypto
  // and run on QuickJS only.
  crypto: { hashes: [], ciphers: [] },
  http: { fetch: hostFetch },
  https: { fetch: hostFetch },
  'internal/fetch': { fetch: hostFetch },
};

// The host's HTTP client (reqwest) as the Rust side hands it to http, https and internal/fetch:
// fetch(url, method, [name, value, ...], body) -> [status, statusText, [name, value, ...], bytes,
// finalUrl]. Like reqwest it follows up to 10 redirects (301/302/303 turn into a bodiless GET),
// lowercases header names, keeps repeated headers apart, sends a user-agent and accept: */* unless
// given. It answers the server's reason phrase (hyper's ReasonPhrase, else the canonical one) and
// fails with `fetch failed: error sending request for url (...): <the error's source chain>`: what
// the Rust native must give for the served fixtures (reason phrases, ECONNREFUSED) to hold.
function hostFetch(url, method, flat, body) {
  const mods = { 'http:': process.getBuiltinModule('http'), 'https:': process.getBuiltinModule('https') };
  const chain = (e) => (e.code === 'ECONNREFUSED' ? 'client error (Connect): tcp connect error: Connection refused (os error 111)'
    : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? 'client error (Connect): dns error: failed to lookup address information: Name or service not known'
      : e.code === 'ECONNRESET' ? 'client error (SendRequest): connection closed before message completed' : e.message);
  return (async () => {
    let headers = [];
    for (let i = 0; i + 1 < flat.length; i += 2) headers.push([String(flat[i]).toLowerCase(), String(flat[i + 1])]);
    if (!headers.some(([k]) => k === 'user-agent')) headers.push(['user-agent', 'laf/test']);
    if (!headers.some(([k]) => k === 'accept')) headers.push(['accept', '*/*']);
    for (let hops = 0; ; hops++) {
      const u = new URL(url);
      const mod = mods[u.protocol];
      if (!mod) throw new Error(`fetch failed: builder error for url (${url}): URL scheme is not allowed`);
      const raw = headers.some(([k]) => k === 'host') ? [] : ['host', u.host];
      for (const [k, v] of headers) raw.push(k, v);
      const res = await new Promise((resolve, reject) => {
        const req = mod.request(u, { method, headers: raw, agent: false }, resolve);
        req.on('error', reject);
        req.end(body == null || body.length === 0 ? undefined : body);
      }).catch((e) => { throw new Error(`fetch failed: error sending request for url (${url}): ${chain(e)}`); });
      const chunks = [];
      for await (const c of res) chunks.push(c);
      const status = res.statusCode;
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location !== undefined) {
        if (hops >= 10) throw new Error(`fetch failed: error following redirect for url (${url}): too many redirects`);
        const next = new URL(location, url);
        if (status <= 303) {
          body = null;
          headers = headers.filter(([k]) => !['transfer-encoding', 'content-encoding', 'content-type', 'content-length'].includes(k));
          if (method !== 'GET' && method !== 'HEAD') method = 'GET';
        }
        if (next.host !== u.host) headers = headers.filter(([k]) => !['authorization', 'cookie', 'proxy-authorization', 'www-authenticate'].includes(k));
        url = next.href;
        continue;
      }
      const out = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) out.push(res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]);
      const all = Buffer.concat(chunks);
      return [status, res.statusMessage || '', out, new Uint8Array(all.buffer, all.byteOffset, all.length), url];
    }
  })();
}

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

const pick = (dir) => (existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).sort()
  .filter((n) => !only.length || only.some((o) => n.startsWith(o)));
const names = pick(casesDir);
const servedNames = pick(servedDir);
const tmp = ours ? mkdtempSync(join(tmpdir(), 'laf-node-')) : null;

// Under --ours, lang-js's fetch globals replace Node's while a served or fetch-* case runs.
const FETCH_GLOBALS = ['fetch', 'Headers', 'Request', 'Response', 'FormData'];
async function withOurGlobals(run) {
  const saved = FETCH_GLOBALS.map((k) => Object.getOwnPropertyDescriptor(globalThis, k));
  const ourFetch = load('internal/fetch');
  for (const k of FETCH_GLOBALS) Object.defineProperty(globalThis, k, { value: ourFetch[k], writable: true, configurable: true, enumerable: false });
  try {
    return await run();
  } finally {
    FETCH_GLOBALS.forEach((k, i) => Object.defineProperty(globalThis, k, saved[i]));
  }
}

async function runCase(dir, name, args, ourGlobals) {
  const run = async () => {
    let url = pathToFileURL(join(dir, name + '.mjs')).href;
    if (ours) {
      const path = join(tmp, (dir === servedDir ? 'served-' : '') + name + '.mjs');
      writeFileSync(path, rewrite(readFileSync(join(dir, name + '.mjs'), 'utf8')));
      url = pathToFileURL(path).href;
    }
    const mod = await import(url);
    return plain(await mod.default(...args));
  };
  try {
    return { ok: ours && ourGlobals ? await withOurGlobals(run) : await run() };
  } catch (e) {
    return { error: `${e && e.name}: ${e && e.message}`, stack: e && e.stack };
  }
}

const results = {};
for (const name of names) results[name] = await runCase(casesDir, name, [], name.startsWith('fetch-'));

// server.mjs for the served cases: started here, stopped when they are done.
const servedResults = {};
if (servedNames.length) {
  const server = spawn(process.execPath, [join(here, 'server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        const m = /^listening (\d+)\n/.exec(out);
        if (m) resolve(+m[1]);
      });
      server.on('exit', (code) => reject(new Error(`server.mjs exited (${code}) before listening`)));
    });
    const ctx = { query: { base: `http://127.0.0.1:${port}` } };
    for (const name of servedNames) servedResults[name] = await runCase(servedDir, name, [ctx], true);
  } finally {
    server.kill();
  }
}

// One fixture per case (expected/<case>.json, served-expected/<case>.json), so cases are added
// without touching the others'.
const groups = [[results, join(here, 'expected')], [servedResults, join(here, 'served-expected')]];
if (write) {
  let n = 0;
  for (const [res, dir] of groups) {
    for (const [k, v] of Object.entries(res)) {
      if (v.error) { console.error(`${k}: ${v.error}`); process.exitCode = 1; continue; }
      if (!existsSync(dir)) mkdirSync(dir);
      writeFileSync(join(dir, k + '.json'), JSON.stringify(v.ok, null, 1) + '\n');
      n++;
    }
  }
  console.log(`wrote ${n} fixtures`);
} else {
  let failed = 0, total = 0;
  for (const [res, dir] of groups) {
    for (const [k, v] of Object.entries(res)) {
      total++;
      const fixture = join(dir, k + '.json');
      if (!existsSync(fixture)) { console.log(`? ${k}: no fixture (run --write)`); failed++; continue; }
      const expected = JSON.parse(readFileSync(fixture, 'utf8'));
      if (v.error) { console.log(`✗ ${k}: ${v.error}\n${v.stack}`); failed++; continue; }
      if (!isDeepStrictEqual(v.ok, expected)) {
        console.log(`✗ ${k}\n  got      ${JSON.stringify(v.ok)}\n  expected ${JSON.stringify(expected)}`);
        failed++;
      } else console.log(`✓ ${k}`);
    }
  }
  console.log(`${total - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
