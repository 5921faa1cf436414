// Writing or checking one fixture, for tests/npm/harness.mjs and tests/npm/local/harness.mjs.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
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

// Fixtures are in UTC: re-runs this script under TZ=UTC (and exits with its status) when needed.
export function inUtc() {
  if (process.env.TZ !== 'UTC') {
    const r = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
    process.exit(r.status ?? 1);
  }
}

// `--write|--check [name...]` of a harness: whether it writes, and the function files it runs
// (those of `functionsDir` with one of `exts`, or the named ones); exits 2 with `usage` otherwise.
export function functionFiles(functionsDir, exts, usage) {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  if (write === args.includes('--check')) {
    console.error(`usage: ${usage} --write|--check [name...]`);
    process.exit(2);
  }
  const only = args.filter((a) => !a.startsWith('--'));
  const all = readdirSync(functionsDir)
    .filter((f) => exts.includes(extname(f)))
    .sort();
  const files = only.length ? only.map((n) => all.find((f) => basename(f, extname(f)) === n) ?? n) : all;
  for (const f of files) {
    if (!all.includes(f)) {
      console.error(`no function named ${f} in ${functionsDir}`);
      process.exit(2);
    }
  }
  return { write, files };
}

// An import or export declaration at the start of a line (not `import(`, not `imported = ...`).
export const hasEsmSyntax = (src) => /^\s*(import\s*[{*'"]|import\s+[\w$]|export\s)/m.test(src);
