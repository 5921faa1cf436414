// Builds the console into dist/ (committed, embedded in the laf binary by laf-host's build.rs):
// the app bundle with Monaco, Monaco's two workers, the @lafjs/cloud type declarations the editor
// checks functions against, and index.html naming them. Every file name but index.html carries a
// hash of its content, so the host serves them as immutable. The output depends only on the
// sources and the locked packages: `node build.mjs --check` rebuilds into a temporary folder and
// fails when dist/ differs (CI runs it).
import * as esbuild from 'esbuild'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const here = path.dirname(new URL(import.meta.url).pathname)
const check = process.argv.includes('--check')
const out = check ? fs.mkdtempSync(path.join(os.tmpdir(), 'laf-console-')) : path.join(here, 'dist')
fs.rmSync(out, { recursive: true, force: true })
fs.mkdirSync(path.join(out, 'assets'), { recursive: true })

const hashed = (name, ext, bytes) => `${name}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}${ext}`
const write = (name, ext, bytes) => {
  const file = hashed(name, ext, bytes)
  fs.writeFileSync(path.join(out, 'assets', file), bytes)
  return `assets/${file}`
}

// Monaco's workers: plain scripts, started by the editor.
const monaco = path.join(here, 'node_modules/monaco-editor/esm/vs')
const workers = {}
for (const [name, entry] of [['editor.worker', 'editor/editor.worker.js'], ['ts.worker', 'language/typescript/ts.worker.js']]) {
  const r = await esbuild.build({ entryPoints: [path.join(monaco, entry)], bundle: true, minify: true, format: 'iife', write: false, logLevel: 'error' })
  workers[name] = write(name, '.js', r.outputFiles[0].contents)
}

// The app and Monaco, one script and one stylesheet (fonts beside them).
const app = await esbuild.build({
  entryPoints: [path.join(here, 'src/main.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  outdir: path.join(out, 'assets'),
  loader: { '.ttf': 'file' },
  assetNames: '[name]-[hash]',
  entryNames: '[name]',
  logLevel: 'error',
})
let script, style
for (const f of app.outputFiles) {
  const base = path.basename(f.path)
  if (base === 'main.js') script = f.contents
  else if (base === 'main.css') style = f.contents
  else fs.writeFileSync(path.join(out, 'assets', base), f.contents)
}
const scriptFile = write('console', '.js', script)
const styleFile = write('monaco', '.css', style)
const ownStyle = write('console', '.css', fs.readFileSync(path.join(here, 'src/console.css')))

// The declarations of @lafjs/cloud and the packages its types name, as the editor's files.
const types = {}
const collect = (pkg, dir) => {
  const root = path.join(here, 'node_modules', pkg)
  const walk = (d) => {
    for (const e of fs.readdirSync(path.join(root, d), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = path.join(d, e.name)
      if (e.isDirectory()) walk(rel)
      else if (e.name.endsWith('.d.ts')) types[`file:///node_modules/${pkg}/${rel}`] = fs.readFileSync(path.join(root, rel), 'utf8')
    }
  }
  walk(dir)
  types[`file:///node_modules/${pkg}/package.json`] = fs.readFileSync(path.join(root, 'package.json'), 'utf8')
}
collect('@lafjs/cloud', 'dist')
collect('database-proxy', 'dist')
collect('database-ql', 'dist')
types['file:///node_modules/@types/laf-host/index.d.ts'] = fs.readFileSync(path.join(here, 'src/host.d.ts'), 'utf8')
const typesFile = write('types', '.json', Buffer.from(JSON.stringify(types)))

const html = fs.readFileSync(path.join(here, 'src/index.html'), 'utf8')
  .replaceAll('{{script}}', scriptFile)
  .replaceAll('{{monaco.css}}', styleFile)
  .replaceAll('{{console.css}}', ownStyle)
  .replaceAll('{{editor.worker}}', workers['editor.worker'])
  .replaceAll('{{ts.worker}}', workers['ts.worker'])
  .replaceAll('{{types}}', typesFile)
fs.writeFileSync(path.join(out, 'index.html'), html)

if (check) {
  const list = (d) => fs.readdirSync(d, { recursive: true }).filter((f) => fs.statSync(path.join(d, f)).isFile()).sort()
  const dist = path.join(here, 'dist')
  const fresh = list(out)
  const have = fs.existsSync(dist) ? list(dist) : []
  const stale = fresh.length !== have.length || fresh.some((f, i) => f !== have[i] || !fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(dist, f))))
  fs.rmSync(out, { recursive: true, force: true })
  if (stale) {
    console.error('laf-host/console/dist is not what its sources build: run scripts/console.sh and commit dist/')
    process.exit(1)
  }
  console.log('laf-host/console/dist is fresh')
}
