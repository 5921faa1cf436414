// Runs the local-package functions (tests/npm/local/functions/*) under Node.js itself, to make or
// check the fixtures that the Rust test compares lang-js's answers with.
//
//   node tests/npm/local/harness.mjs --write [name...]   writes tests/npm/local/expected/<name>.json
//   node tests/npm/local/harness.mjs --check [name...]   compares with them; prints a diff, exits 1 on a mismatch
//
// The packages are the hand-written ones committed in tests/npm/local/node_modules: nothing is
// installed. The functions live in tests/npm/local/functions, so Node resolves their bare
// specifiers from tests/npm/local/node_modules, as Laf resolves them from an app's installed set.
//
// A function file is an ES module (.mjs, or .js with import/export) whose default export is the
// function, or a CommonJS .js whose `exports.main` is. Each function is called twice in the same
// process (module instances stay loaded, as they do in Laf): both answers must be the same, and no
// answer may name a path of this machine.
import { existsSync, readFileSync, writeFileSync, mkdirSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, dirname, extname, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { settle, functionOf, withTimeout, inUtc, functionFiles, hasEsmSyntax } from '../fixture.mjs';

inUtc();

const here = dirname(fileURLToPath(import.meta.url));
const functionsDir = join(here, 'functions');
const expectedDir = join(here, 'expected');
// ESM .js functions are copied here to be imported as .mjs: bare specifiers resolve from it to
// tests/npm/local/node_modules, as they do from functions/.
const scratchDir = join(here, '.harness-scratch');

const { write, files } = functionFiles(functionsDir, ['.mjs', '.js'], 'node tests/npm/local/harness.mjs');


// The function a file exports, loaded as Laf would: default export of an ES module, or exports.main.
async function load(file) {
  const path = join(functionsDir, file);
  const ext = extname(file);
  const name = basename(file, ext);
  let url;
  if (ext === '.mjs') {
    url = pathToFileURL(path);
  } else if (hasEsmSyntax(readFileSync(path, 'utf8'))) {
    mkdirSync(scratchDir, { recursive: true });
    const to = join(scratchDir, `${name}.esm.mjs`);
    copyFileSync(path, to);
    url = pathToFileURL(to);
  }
  return functionOf({ file, path, url });
}

const call = async (fn, name) => {
  const ctx = { query: {}, body: undefined, method: 'GET', headers: {} };
  const result = await withTimeout(Promise.resolve(fn(ctx)), 10000, name);
  return JSON.stringify(JSON.parse(JSON.stringify(result)), null, 2) + '\n';
};

let passed = 0;
let failed = 0;
const scratchOut = mkdtempSync(join(tmpdir(), 'npm-local-'));
mkdirSync(expectedDir, { recursive: true });

for (const file of files) {
  const name = basename(file, extname(file));
  let text;
  let second;
  try {
    const fn = await load(file);
    text = await call(fn, name);
    second = await call(fn, name);
  } catch (e) {
    console.log(`FAIL ${name}: threw ${e?.stack ?? e}`);
    failed++;
    continue;
  }
  if (second !== text) {
    const first = join(scratchOut, `${name}.first.json`);
    const again = join(scratchOut, `${name}.second.json`);
    writeFileSync(first, text);
    writeFileSync(again, second);
    const d = spawnSync('diff', ['-u', first, again], { encoding: 'utf8' });
    console.log(`FAIL ${name}: a second call answers differently\n${d.stdout}`);
    failed++;
    continue;
  }
  if (text.includes(here) || text.includes(dirname(here)) || /"\/(app|home|tmp|work|root)\//.test(text)) {
    console.log(`FAIL ${name}: the result names an absolute path; reduce it to what follows node_modules/`);
    failed++;
    continue;
  }
  if (settle({ name, text, write, expectedDir, scratchOut })) passed++;
  else failed++;
}

rmSync(scratchOut, { recursive: true, force: true });
rmSync(scratchDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
