// Writing or checking one fixture, for tests/npm/harness.mjs and tests/npm/local/harness.mjs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';

// Writes `text` (a function's answer as pretty JSON) to `<expectedDir>/<name>.json` with `write`,
// else compares it with that fixture, printing a diff (made in `scratchOut`) when they differ.
// True when it passed.
export function settle({ name, text, write, expectedDir, scratchOut }) {
  const out = join(expectedDir, `${name}.json`);
  if (write) {
    writeFileSync(out, text);
    console.log(`wrote ${name}`);
    return true;
  }
  if (!existsSync(out)) {
    console.log(`FAIL ${name}: no fixture ${out}`);
    return false;
  }
  if (isDeepStrictEqual(JSON.parse(readFileSync(out, 'utf8')), JSON.parse(text))) {
    console.log(`ok ${name}`);
    return true;
  }
  const actual = join(scratchOut, `${name}.json`);
  writeFileSync(actual, text);
  const d = spawnSync('diff', ['-u', out, actual], { encoding: 'utf8' });
  console.log(`FAIL ${name}: differs from its fixture\n${d.stdout}`);
  return false;
}

// A Laf function file's function: an ES module's `default` (or `main`) from `url`, else a
// CommonJS file's `exports.main` (or `default`) required from `path`.
export async function functionOf({ file, path, url }) {
  if (!url) {
    const mod = createRequire(path)(path);
    const fn = mod.main ?? mod.default;
    if (typeof fn !== 'function') throw new Error(`${file}: no exports.main`);
    return fn;
  }
  const mod = await import(url.href);
  const fn = mod.default ?? mod.main;
  if (typeof fn !== 'function') throw new Error(`${file}: no default export`);
  return fn;
}

// `promise`, or a rejection after `ms` milliseconds.
export function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}
