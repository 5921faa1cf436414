// Writing or checking one fixture, for tests/npm/harness.mjs and tests/npm/local/harness.mjs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
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
