// Runs the npm-package functions (tests/npm/functions/*) under Node.js itself, to make or check
// the fixtures that the Rust test compares lang-js's answers with.
//
//   node tests/npm/harness.mjs --write [name...]   writes tests/npm/expected/<name>.json
//   node tests/npm/harness.mjs --check [name...]   compares with them; prints a diff, exits 1 on a mismatch
//
// It installs the pinned packages into tests/npm/functions/node_modules when that is missing, runs
// with TZ=UTC (re-executing itself if needed), and starts lang-js/tests/node/server.mjs, whose base
// URL each function gets as ctx.query.base. s3.js runs only where an S3 server can be had: a
// `moto_server` on PATH, started on a free port; without one it is skipped.
//
// A function file is an ES module (.mjs, or .js with import/export) whose default export is the
// function, or a CommonJS .js whose `exports.main` is. A .ts function is run through its plain-JS
// twin, tests/npm/twins/<name>.mjs.
import { existsSync, readFileSync, writeFileSync, mkdirSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, dirname, extname, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { settle, functionOf, withTimeout, inUtc, functionFiles, hasEsmSyntax } from './fixture.mjs';

inUtc();

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const functionsDir = join(here, 'functions');
const expectedDir = join(here, 'expected');
const twinsDir = join(here, 'twins');
const modulesDir = join(functionsDir, 'node_modules');
// Twins and ESM .js functions are copied here to be imported as .mjs: bare specifiers resolve
// from it to functions/node_modules, as they do from functions/.
const scratchDir = join(modulesDir, '.npm-e2e-harness');

const { write, files } = functionFiles(functionsDir, ['.mjs', '.js', '.ts'], 'node tests/npm/harness.mjs');

if (!existsSync(modulesDir)) {
  console.log('installing packages into tests/npm/functions');
  const r = spawnSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: functionsDir,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const children = [];
const stopAll = () => children.forEach((c) => c.kill());
process.on('exit', stopAll);

// Starts a child and resolves once `ready(line)` returns a value for a line of its stdout.
function startChild(cmd, argv, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let buf = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${cmd} exited with ${code} before it was ready`)));
    child.stdout.on('data', (d) => {
      buf += d;
      for (const line of buf.split('\n')) {
        const v = ready(line);
        if (v !== undefined) return resolve(v);
      }
    });
  });
}

const port = await startChild(process.execPath, [join(root, 'lang-js', 'tests', 'node', 'server.mjs')], (line) => {
  const m = /^listening (\d+)/.exec(line);
  return m ? +m[1] : undefined;
});
const base = `http://127.0.0.1:${port}`;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });

// An S3 server for s3.js: moto's, with a fresh bucket. Null when there is none.
async function startS3() {
  const which = spawnSync('sh', ['-c', 'command -v moto_server']);
  if (which.status !== 0) return null;
  const p = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(p)], { stdio: 'ignore' });
  children.push(child);
  const endpoint = `http://127.0.0.1:${p}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${endpoint}/`);
      break;
    } catch (e) {
      if (i > 100) throw new Error(`moto_server did not answer: ${e.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const query = { endpoint, bucket: 'npm-e2e', key: 'laf-test', secret: 'laf-test-secret' };
  const { S3Client, CreateBucketCommand } = createRequire(join(functionsDir, 'package.json'))('@aws-sdk/client-s3');
  const s3 = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: query.key, secretAccessKey: query.secret },
  });
  await s3.send(new CreateBucketCommand({ Bucket: query.bucket }));
  s3.destroy();
  return query;
}
const s3Query = files.includes('s3.js') ? await startS3() : null;


function scratchCopy(from, name) {
  mkdirSync(scratchDir, { recursive: true });
  const to = join(scratchDir, name);
  copyFileSync(from, to);
  return to;
}

// The function a file exports, loaded as Laf would: default export of an ES module, or exports.main.
async function load(file) {
  const path = join(functionsDir, file);
  const ext = extname(file);
  const name = basename(file, ext);
  let url;
  if (ext === '.ts') {
    const twin = join(twinsDir, `${name}.mjs`);
    if (!existsSync(twin)) throw new Error(`${file} has no twin ${twin}`);
    url = pathToFileURL(scratchCopy(twin, `${name}.twin.mjs`));
  } else if (ext === '.mjs') {
    url = pathToFileURL(path);
  } else if (hasEsmSyntax(readFileSync(path, 'utf8'))) {
    url = pathToFileURL(scratchCopy(path, `${name}.esm.mjs`));
  }
  return functionOf({ file, path, url });
}

let passed = 0;
let failed = 0;
let skipped = 0;
const scratchOut = mkdtempSync(join(tmpdir(), 'npm-e2e-'));
mkdirSync(expectedDir, { recursive: true });

for (const file of files) {
  const name = basename(file, extname(file));
  if (name === 's3' && !s3Query) {
    console.log(`skip ${name}: no S3 server (moto_server) here`);
    skipped++;
    continue;
  }
  const query = name === 's3' ? s3Query : { base };
  const ctx = { query, body: undefined, method: 'GET', headers: {} };
  let text;
  try {
    const fn = await load(file);
    const result = await withTimeout(Promise.resolve(fn(ctx)), 60000, name);
    text = JSON.stringify(JSON.parse(JSON.stringify(result)), null, 2) + '\n';
  } catch (e) {
    console.log(`FAIL ${name}: threw ${e?.stack ?? e}`);
    failed++;
    continue;
  }
  if (text.includes(`127.0.0.1:${port}`)) {
    console.log(`FAIL ${name}: the result names the server's URL (${base}); it would differ on every run`);
    failed++;
    continue;
  }
  if (settle({ name, text, write, expectedDir, scratchOut })) passed++;
  else failed++;
}

rmSync(scratchOut, { recursive: true, force: true });
rmSync(scratchDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
stopAll();
process.exit(failed ? 1 : 0);
