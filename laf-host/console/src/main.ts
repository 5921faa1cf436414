// The Laf console: sign in with the admin token, then edit, run, publish and roll back an app's
// functions and set its environment, all through the admin API (src/api.ts).
import * as monaco from 'monaco-editor'
import { api, app as appPath, ApiError, token } from './api'
import { templates } from './templates'
import { el } from './dom'
import { databaseView, storageView } from './data'
import { monitorView } from './monitor'

const body = document.body
;(self as any).MonacoEnvironment = {
  // Workers straight from their URLs on this origin (no blob: URL, which the CSP refuses).
  getWorker: (_: string, label: string) =>
    new Worker('/_/console/' + (label === 'typescript' || label === 'javascript' ? body.dataset.tsWorker : body.dataset.editorWorker)),
}

type Fn = { name: string; version: number; language: string; filename: string; changelog?: string }


const state = {
  apps: [] as string[],
  app: '',
  functions: [] as Fn[],
  current: null as Fn | null,
  live: '' as string,
  model: null as monaco.editor.ITextModel | null,
  // The host's function generator, when it has one (GET /_/api/ai).
  ai: { enabled: false, model: '' } as { enabled: boolean; model?: string },
}

// Unsaved edits survive a reload, per app and function, until published.
const draftKey = (fn: string) => `laf-console-draft:${state.app}:${fn}`

async function signIn() {
  body.replaceChildren()
  const input = el('input', { type: 'password', placeholder: 'admin token', id: 'token', autocomplete: 'current-password' })
  const error = el('div', { class: 'error', id: 'signin-error' })
  const form = el('form', { id: 'signin' }, el('h2', {}, 'Laf console'), el('div', { class: 'muted' }, 'Sign in with the host\'s admin token (laf serve writes it to <data dir>/admin-token).'), input, el('button', { class: 'primary', type: 'submit' }, 'Sign in'), error)
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    token.set((input as HTMLInputElement).value.trim())
    try {
      await api('GET', 'apps')
      await start()
    } catch (err: any) {
      token.clear()
      error.textContent = err instanceof ApiError && (err.status === 401 || err.status === 403) ? 'That token is not this host\'s admin token.' : String(err.message ?? err)
    }
  })
  body.append(form)
  input.focus()
}

let editor: monaco.editor.IStandaloneCodeEditor
// Back to the functions view (set once the page is built).
let showFunctions = () => {}
const nav = el('nav', { id: 'functions' })
const toolbar = el('div', { id: 'toolbar' })
const editorBox = el('div', { id: 'editor' })
const aside = el('aside')
const appSelect = el('select', { id: 'app' }) as HTMLSelectElement

async function loadTypes() {
  const types: Record<string, string> = await (await fetch('/_/console/' + body.dataset.types)).json()
  const ts = (monaco as any).typescript
  for (const [file, text] of Object.entries(types)) ts.typescriptDefaults.addExtraLib(text, file)
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    allowSyntheticDefaultImports: true,
    esModuleInterop: true,
    strict: false,
    noEmit: true,
    baseUrl: 'file:///',
  })
}

// The declarations of the app's npm packages, fetched as imports of them appear in the editor
// (and, in turn, the packages those declarations import), so imports are checked and completed.
const typeLibs = new Map<string, monaco.IDisposable[]>()
let typesApp = ''

/** Forgets the fetched declarations (another app, or a new install). */
function resetTypes() {
  for (const libs of typeLibs.values()) libs.forEach((l) => l.dispose())
  typeLibs.clear()
  typesApp = state.app
}

/** The package names `text` imports or requires (`lodash`, `@aws-sdk/client-s3`). */
function bareImports(text: string): string[] {
  const names = new Set<string>()
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"./][^'"]*)['"]/g)) {
    const parts = m[1].split('/')
    if (m[1].startsWith('node:')) continue
    names.add(m[1].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0])
  }
  return [...names]
}

async function acquireTypes(text: string) {
  if (typesApp !== state.app) resetTypes()
  const ts = (monaco as any).typescript
  const queue = bareImports(text)
  for (let fetched = 0; queue.length && fetched < 40;) {
    const name = queue.shift()!
    if (typeLibs.has(name) || name === '@lafjs/cloud') continue
    typeLibs.set(name, [])
    fetched++
    let r: any
    try { r = await api('GET', appPath(state.app, `dependencies/types?package=${encodeURIComponent(name)}`)) } catch { continue }
    for (const [file, decl] of Object.entries(r.files as Record<string, string>)) {
      typeLibs.get(name)!.push(ts.typescriptDefaults.addExtraLib(decl, file))
      if (!file.endsWith('package.json')) queue.push(...bareImports(decl))
    }
  }
}

async function start() {
  body.replaceChildren()
  const center = el('div', { id: 'center' }, toolbar, editorBox)
  const main = el('main', {}, nav, center, aside)
  // Functions, or one of the data browsers in the same place (the editor stays alive meanwhile).
  const modes = ['Functions', 'Database', 'Storage', 'Monitoring']
  const modeButtons = modes.map((m) => el('button', { 'data-mode': m.toLowerCase(), onclick: () => showMode(m) }, m))
  const showMode = async (m: string) => {
    modeButtons.forEach((b) => b.classList.toggle('on', b.dataset.mode === m.toLowerCase()))
    if (m === 'Functions') { main.replaceChildren(nav, center, aside); return }
    const view = el('div', { class: 'data', id: `${m.toLowerCase()}-view` })
    main.replaceChildren(view)
    if (m === 'Monitoring') await monitorView(view, state.app, token.get() ?? '', (fn) => showLogs({ function: fn, level: 'error' }))
    else await (m === 'Database' ? databaseView : storageView)(view, state.app)
  }
  showFunctions = () => showMode('Functions')
  const header = el('header', {},
    el('h1', {}, 'Laf'), appSelect,
    el('button', { onclick: newApp }, 'New app'),
    el('span', { class: 'modes' }, ...modeButtons),
    el('span', { class: 'grow' }),
    el('button', { onclick: () => { token.clear(); signIn() } }, 'Sign out'))
  modeButtons[0].classList.add('on')
  body.append(header, main)
  editor = monaco.editor.create(editorBox, { automaticLayout: true, theme: 'vs-dark', minimap: { enabled: false }, fontSize: 13 })
  // For automation (the browser tests, user scripts): the editor, as Monaco's API has it.
  ;(window as any).lafConsole = { editor, markers: () => (state.model ? monaco.editor.getModelMarkers({ resource: state.model.uri }) : []) }
  let typesTimer: ReturnType<typeof setTimeout> | undefined
  editor.onDidChangeModelContent(() => {
    if (!state.current) return
    const text = editor.getValue()
    clearTimeout(typesTimer)
    if (languageOf(state.current) === 'typescript') typesTimer = setTimeout(() => acquireTypes(editor.getValue()), 600)
    if (text === state.live) localStorage.removeItem(draftKey(state.current.name))
    else localStorage.setItem(draftKey(state.current.name), text)
    renderToolbar()
  })
  const [, ai] = await Promise.all([loadTypes(), api('GET', 'ai').catch(() => ({ enabled: false }))])
  state.ai = ai
  const apps = await api('GET', 'apps')
  state.apps = apps.map((a: any) => a.id ?? a)
  appSelect.replaceChildren(...state.apps.map((id) => el('option', { value: id }, id)))
  appSelect.onchange = () => { showMode('Functions'); openApp(appSelect.value) }
  renderAside('run')
  await openApp(state.apps.includes('local') ? 'local' : state.apps[0])
}

async function newApp() {
  const id = prompt('App id (lowercase letters, digits and -)')
  if (!id) return
  try {
    await api('POST', 'apps', { id })
    state.apps.push(id)
    appSelect.append(el('option', { value: id }, id))
    await openApp(id)
  } catch (e: any) { alert(e.message) }
}

async function openApp(id: string) {
  state.app = id
  appSelect.value = id
  state.current = null
  await refreshFunctions()
  if (state.functions.length) await openFunction(state.functions[0].name)
  else { editor.setModel(null); renderToolbar() }
}

async function refreshFunctions() {
  state.functions = await api('GET', appPath(state.app, 'functions'))
  renderNav()
}

function renderNav() {
  const items: Node[] = [el('button', { onclick: newFunction, id: 'new-function' }, '+ New function')]
  let folder = ''
  for (const f of [...state.functions].sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = f.name.includes('/') ? f.name.slice(0, f.name.lastIndexOf('/')) : ''
    if (dir !== folder) { folder = dir; if (dir) items.push(el('div', { class: 'folder' }, `${dir}/`)) }
    const base = dir ? f.name.slice(dir.length + 1) : f.name
    items.push(el('div', {
      class: 'fn' + (state.current?.name === f.name ? ' active' : ''), 'data-name': f.name,
      style: dir ? 'padding-left: 18px' : undefined, onclick: () => openFunction(f.name),
    }, base, el('span', { class: 'lang' }, f.language)))
  }
  nav.replaceChildren(...items)
}

const languageOf = (f: { language: string }) => (f.language === 'python' ? 'python' : f.language === 'wasm' ? 'plaintext' : 'typescript')

async function openFunction(name: string) {
  const f: any = await api('GET', appPath(state.app, `functions/${name}`))
  state.current = f
  state.live = typeof f.source === 'string' ? f.source : ''
  const text = localStorage.getItem(draftKey(name)) ?? state.live
  // A file per function, so imports and types resolve as in a project; kept for the page's life
  // (a model disposed while the TypeScript worker checks it makes the worker throw).
  const ext = languageOf(f) === 'typescript' ? 'ts' : f.language === 'python' ? 'py' : 'txt'
  const uri = monaco.Uri.parse(`file:///functions/${state.app}/${name}.${ext}`)
  state.model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, languageOf(f), uri)
  if (state.model.getValue() !== text) state.model.setValue(text)
  editor.setModel(state.model)
  if (languageOf(f) === 'typescript') acquireTypes(text)
  renderNav()
  renderToolbar()
  renderAside(currentTab)
}

function renderToolbar() {
  const f = state.current
  if (!f) { toolbar.replaceChildren(el('span', { class: 'name' }, 'No function yet: create one')); return }
  const dirty = editor.getValue() !== state.live
  toolbar.replaceChildren(
    el('span', { class: 'name' }, f.name, el('span', { class: 'muted' }, `  v${f.version}`), dirty ? el('span', { class: 'dirty', id: 'dirty' }, '  ● unpublished changes') : ''),
    el('button', { onclick: showDiff, disabled: !dirty }, 'Diff'),
    el('button', { class: 'primary', onclick: publish, id: 'publish' }, 'Publish'),
    el('button', { onclick: renameFunction, id: 'rename' }, 'Rename'),
    el('button', { onclick: removeFunction }, 'Delete'),
  )
}

async function newFunction() {
  const names = Object.keys(templates)
  const select = el('select', { id: 'template' }, ...names.map((n) => el('option', { value: n }, n))) as HTMLSelectElement
  const name = el('input', { placeholder: 'name, e.g. api/hello', id: 'function-name' }) as HTMLInputElement
  const describe = el('textarea', { id: 'ai-description', rows: 4, placeholder: `…or describe what it should do, and ${state.ai.model} writes it (you review and run it before publishing)` }) as HTMLTextAreaElement
  const error = el('div', { class: 'error' })
  const dialog = el('dialog', {}, el('form', { method: 'dialog', class: 'pane' }, el('b', {}, 'New function'), name, select, state.ai.enabled ? describe : '', error,
    el('div', { class: 'row' }, el('button', { value: 'cancel' }, 'Cancel'), el('button', { class: 'primary', value: 'ok', id: 'create' }, 'Create')))) as HTMLDialogElement
  body.append(dialog)
  dialog.showModal()
  dialog.addEventListener('close', async () => {
    dialog.remove()
    const fn = name.value.trim()
    if (dialog.returnValue !== 'ok' || !fn) return
    const t = templates[select.value]
    try {
      await api('POST', appPath(state.app, 'functions'), { name: fn, language: t.language, source: t.code, changelog: 'created from a template' })
      await refreshFunctions()
      await openFunction(fn)
    } catch (e: any) { alert(e.message); return }
    if (describe.value.trim()) await generate(fn, t.language, describe.value.trim())
  })
}

// The generated code lands as an unpublished draft over the template's version: the user reads
// it, runs it and publishes it, as any edit.
async function generate(fn: string, language: string, description: string) {
  toolbar.append(el('span', { class: 'muted', id: 'generating' }, `  ${state.ai.model} is writing ${fn}…`))
  try {
    const { code } = await api('POST', appPath(state.app, 'ai/generate'), { description, language, name: fn })
    if (state.current?.name === fn) editor.setValue(code)
    else localStorage.setItem(draftKey(fn), code)
  } catch (e: any) {
    alert(`Not generated: ${e.message}`)
  } finally { document.getElementById('generating')?.remove() }
}

// The function moves with its history and triggers (the host does that); its draft and saved
// request follow it here.
async function renameFunction() {
  const f = state.current
  if (!f) return
  const to = prompt(`Rename ${f.name} to`, f.name)?.trim()
  if (!to || to === f.name) return
  try {
    await api('PATCH', appPath(state.app, `functions/${f.name}`), { newName: to })
  } catch (e: any) { alert(`Not renamed: ${e.message}`); return }
  for (const key of [draftKey, requestKey]) {
    const kept = localStorage.getItem(key(f.name))
    localStorage.removeItem(key(f.name))
    if (kept !== null) localStorage.setItem(key(to), kept)
  }
  await refreshFunctions()
  await openFunction(to)
}

async function removeFunction() {
  const f = state.current
  if (!f || !confirm(`Delete ${f.name}? Its history is kept.`)) return
  await api('DELETE', appPath(state.app, `functions/${f.name}`))
  localStorage.removeItem(draftKey(f.name))
  await openApp(state.app)
}

function markCompileError(message: string) {
  // "hello.ts:3:5: message", as the host reports a compile error.
  const m = /:(\d+):(\d+): (.*)$/s.exec(message)
  if (!state.model) return
  monaco.editor.setModelMarkers(state.model, 'publish', m ? [{
    startLineNumber: +m[1], startColumn: +m[2], endLineNumber: +m[1], endColumn: +m[2] + 1, message: m[3], severity: monaco.MarkerSeverity.Error,
  }] : [])
}

async function publish() {
  const f = state.current
  if (!f) return
  const changelog = prompt('What changed? (kept in the history)', '')
  if (changelog === null) return
  try {
    const live = await api('POST', appPath(state.app, 'functions'), { name: f.name, language: f.language, filename: f.filename, source: editor.getValue(), changelog })
    markCompileError('')
    localStorage.removeItem(draftKey(f.name))
    state.live = editor.getValue()
    state.current = { ...f, version: live.version }
    renderToolbar()
    if (currentTab === 'history') renderAside('history')
  } catch (e: any) {
    markCompileError(e.message)
    alert(`Not published: ${e.message}`)
  }
}

function showDiff() {
  const f = state.current
  if (!f) return
  const box = el('div', { style: 'width: 90vw; height: 70vh' })
  const dialog = el('dialog', {}, el('div', { class: 'row' }, el('b', { class: 'grow' }, `${f.name}: live v${f.version} ← your changes`), el('button', { onclick: () => dialog.close() }, 'Close')), box) as HTMLDialogElement
  body.append(dialog)
  dialog.showModal()
  const diff = monaco.editor.createDiffEditor(box, { automaticLayout: true, theme: 'vs-dark', readOnly: true })
  diff.setModel(diffModels(languageOf(f), state.live, editor.getValue()))
  dialog.addEventListener('close', () => { diff.dispose(); dialog.remove() })
}

// The two sides of every diff, one pair per language, kept for the page's life: a model disposed
// while the TypeScript worker still checks it makes the worker throw.
const diffPairs = new Map<string, { original: monaco.editor.ITextModel; modified: monaco.editor.ITextModel }>()
function diffModels(language: string, original: string, modified: string) {
  let pair = diffPairs.get(language)
  if (!pair) {
    const ext = language === 'typescript' ? 'ts' : language === 'python' ? 'py' : 'txt'
    pair = {
      original: monaco.editor.createModel('', language, monaco.Uri.parse(`file:///diff/original.${ext}`)),
      modified: monaco.editor.createModel('', language, monaco.Uri.parse(`file:///diff/modified.${ext}`)),
    }
    diffPairs.set(language, pair)
  }
  pair.original.setValue(original)
  pair.modified.setValue(modified)
  return pair
}

let currentTab = 'run'
function renderAside(tab: string) {
  currentTab = tab
  const tabs = el('div', { class: 'tabs' }, ...['run', 'history', 'env', 'logs', 'settings'].map((t) =>
    el('button', { class: t === tab ? 'on' : '', onclick: () => renderAside(t), 'data-tab': t }, t[0].toUpperCase() + t.slice(1))))
  const pane = el('div', { class: 'pane' })
  aside.replaceChildren(tabs, pane)
  ;({ run: runPane, history: historyPane, env: envPane, logs: logsPane, settings: settingsPane } as Record<string, (p: HTMLElement) => void>)[tab](pane)
}

// Saved per function, as the request panel of Laf's IDE.
const requestKey = (fn = state.current?.name) => `laf-console-request:${state.app}:${fn}`

function runPane(pane: HTMLElement) {
  const saved = JSON.parse(localStorage.getItem(requestKey()) ?? '{}')
  const method = el('select', { id: 'run-method' }, ...['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => el('option', { value: m, selected: m === (saved.method ?? 'GET') }, m))) as HTMLSelectElement
  const query = el('textarea', { id: 'run-query', placeholder: 'query, as JSON: {"name": "laf"}' }, saved.query ?? '') as HTMLTextAreaElement
  const headers = el('textarea', { id: 'run-headers', placeholder: 'headers, as JSON' }, saved.headers ?? '') as HTMLTextAreaElement
  const reqBody = el('textarea', { id: 'run-body', placeholder: 'body: JSON or text' }, saved.body ?? '') as HTMLTextAreaElement
  const out = el('div', { id: 'run-result' })
  const run = async () => {
    const f = state.current
    if (!f) return
    localStorage.setItem(requestKey(), JSON.stringify({ method: method.value, query: query.value, headers: headers.value, body: reqBody.value }))
    const parse = (s: string, what: string) => { if (!s.trim()) return undefined; try { return JSON.parse(s) } catch { throw new Error(`${what} is not JSON`) } }
    out.replaceChildren(el('div', { class: 'muted' }, 'running…'))
    try {
      let bodyValue: any = reqBody.value
      try { bodyValue = reqBody.value.trim() ? JSON.parse(reqBody.value) : undefined } catch { /* text */ }
      const r = await api('POST', appPath(state.app, 'debug'), {
        name: f.name, language: f.language, filename: f.filename, source: editor.getValue(),
        request: { method: method.value, query: parse(query.value, 'query'), headers: parse(headers.value, 'headers'), body: bodyValue },
      })
      const shown = typeof r.body === 'string' ? (() => { try { return JSON.stringify(JSON.parse(r.body), null, 2) } catch { return r.body } })() : JSON.stringify(r.body, null, 2)
      out.replaceChildren(
        el('div', {}, el('b', { class: r.status < 400 ? 'status-ok' : 'status-bad', id: 'run-status' }, String(r.status)), el('span', { class: 'muted' }, `  ${typeof r.durationMs === 'number' ? r.durationMs.toFixed(1) : '?'} ms`)),
        el('pre', { id: 'run-body-out' }, shown ?? ''),
        el('details', {}, el('summary', {}, 'headers'), el('pre', {}, JSON.stringify(r.headers, null, 2))),
        el('b', {}, 'console'),
        el('pre', { id: 'run-logs' }, (r.logs ?? []).map((l: any) => `${l.level ?? ''} ${l.message ?? JSON.stringify(l)}`).join('\n') || '(nothing logged)'),
        r.headers?.['request-id'] ? el('a', { href: '#', id: 'run-logs-link', class: r.status >= 400 ? 'status-bad' : '', onclick: (e: Event) => { e.preventDefault(); showLogs({ requestId: r.headers['request-id'] }) } },
          `${r.status >= 400 ? 'This run failed: ' : ''}its lines in the app's log (request ${r.headers['request-id']}) →`) : '',
      )
    } catch (e: any) { out.replaceChildren(el('pre', { class: 'error' }, e.message)) }
  }
  pane.append(el('div', { class: 'row' }, method, el('button', { class: 'primary', onclick: run, id: 'run' }, 'Run (unpublished code)')), query, headers, reqBody, out)
}

async function historyPane(pane: HTMLElement) {
  const f = state.current
  if (!f) return
  const versions: any[] = await api('GET', appPath(state.app, `history?name=${encodeURIComponent(f.name)}`))
  for (const v of [...versions].reverse()) {
    pane.append(el('div', { class: 'version', 'data-version': v.version },
      el('div', { class: 'row' }, el('b', {}, `v${v.version}`), v.live ? el('span', { class: 'status-ok' }, 'live') : '', el('span', { class: 'grow muted' }, new Date(v.publishedAt).toLocaleString()),
        el('button', { onclick: () => compare(v) }, 'Diff'),
        v.live ? '' : el('button', { onclick: () => rollback(v.version), class: 'rollback' }, 'Roll back')),
      el('div', { class: 'muted' }, `${v.changelog ?? ''}${v.publisher ? ` (${v.publisher})` : ''}`)))
  }
  // Any two versions side by side: the chosen one (left) against the live one by default, or
  // against any other picked in the dialog.
  function compare(v: any) {
    const box = el('div', { style: 'width: 90vw; height: 70vh' })
    const live = versions.find((x) => x.live)
    const other = el('select', { id: 'diff-against' }, ...[...versions].reverse().map((x) =>
      el('option', { value: x.version, selected: x === live }, `v${x.version}${x.live ? ' (live)' : ''}`))) as HTMLSelectElement
    const dialog = el('dialog', {}, el('div', { class: 'row' }, el('b', {}, `v${v.version} ←`), other, el('span', { class: 'grow' }), el('button', { onclick: () => dialog.close() }, 'Close')), box) as HTMLDialogElement
    body.append(dialog)
    dialog.showModal()
    const diff = monaco.editor.createDiffEditor(box, { automaticLayout: true, theme: 'vs-dark', readOnly: true })
    const text = (x: any) => (typeof x?.source === 'string' ? x.source : '')
    const show = () => diff.setModel(diffModels(languageOf(f!), text(v), text(versions.find((x) => String(x.version) === other.value) ?? live)))
    other.addEventListener('change', show)
    show()
    dialog.addEventListener('close', () => { diff.dispose(); dialog.remove() })
  }
  async function rollback(version: number) {
    await api('POST', appPath(state.app, 'rollback'), { name: f!.name, version })
    await openFunction(f!.name)
    renderAside('history')
  }
}

async function envPane(pane: HTMLElement) {
  const env: Record<string, string> = await api('GET', appPath(state.app, 'env'))
  const rows = Object.entries(env).map(([k, v]) => {
    const value = el('input', { type: 'password', value: v, class: 'grow', 'data-env': k }) as HTMLInputElement
    return el('div', { class: 'row' }, el('span', { style: 'width: 140px; overflow: hidden' }, k), value,
      el('button', { onclick: () => { value.type = value.type === 'password' ? 'text' : 'password' } }, '👁'),
      el('button', { onclick: async () => { await api('PATCH', appPath(state.app, 'env'), { set: { [k]: value.value } }); renderAside('env') } }, 'Save'),
      el('button', { onclick: async () => { await api('PATCH', appPath(state.app, 'env'), { unset: [k] }); renderAside('env') } }, '✕'))
  })
  const name = el('input', { placeholder: 'NAME', id: 'env-name' }) as HTMLInputElement
  const value = el('input', { placeholder: 'value', class: 'grow', id: 'env-value' }) as HTMLInputElement
  const error = el('div', { class: 'error' })
  const add = async () => {
    try { await api('PATCH', appPath(state.app, 'env'), { set: { [name.value.trim()]: value.value } }); renderAside('env') } catch (e: any) { error.textContent = e.message }
  }
  pane.append(el('div', { class: 'muted' }, 'Applied to new invocations at once. Values are hidden until shown.'), ...rows,
    el('div', { class: 'row' }, name, value, el('button', { class: 'primary', onclick: add, id: 'env-add' }, 'Set')), error)
  pane.append(await s3KeyBox())
}

// The app's S3 key pair (functions get it as OSS_ACCESS_KEY / OSS_ACCESS_SECRET), with rotation.
async function s3KeyBox(): Promise<HTMLElement> {
  let key: any
  try { key = await api('GET', appPath(state.app, 's3-key')) } catch { return el('div') }
  const secret = el('input', { type: 'password', value: key.secretKey ?? '', readonly: true, class: 'grow', id: 's3-secret' }) as HTMLInputElement
  const rotate = async () => {
    if (!confirm('Replace the secret? Requests signed with the old one are refused from now on.')) return
    await api('POST', appPath(state.app, 's3-key'))
    renderAside('env')
  }
  return el('div', { class: 'pane', style: 'padding: 0' },
    el('b', {}, 'S3 keys'),
    el('div', { class: 'muted' }, 'For aws, boto3, rclone and the AWS SDKs; functions get them as OSS_ACCESS_KEY and OSS_ACCESS_SECRET.'),
    el('div', { class: 'row' }, el('span', { style: 'width: 140px' }, 'endpoint'), el('code', { id: 's3-endpoint' }, key.externalEndpoint ?? '(no S3 endpoint)')),
    el('div', { class: 'row' }, el('span', { style: 'width: 140px' }, 'access key'), el('code', { id: 's3-access-key' }, key.accessKey)),
    el('div', { class: 'row' }, el('span', { style: 'width: 140px' }, 'secret'), secret,
      el('button', { onclick: () => { secret.type = secret.type === 'password' ? 'text' : 'password' } }, '👁'),
      el('button', { onclick: rotate }, 'Rotate')))
}

// The app's npm packages and pip requirements (installed in the background while the app
// serves) and its cron triggers, with the next runs of an expression shown as it is typed.
async function settingsPane(pane: HTMLElement) {
  const deps = el('div', { id: 'deps' })
  const triggers = el('div', { id: 'triggers' })
  pane.append(deps, el('b', {}, 'Cron triggers'), triggers)
  await Promise.all([renderDeps(deps), renderTriggers(triggers)])
}

async function renderDeps(box: HTMLElement) {
  const d = await api('GET', appPath(state.app, 'dependencies'))
  // Each list is sent alone: the host keeps the other as declared.
  const save = async (change: { packages?: string[]; requirements?: string[] }) => {
    try { await api('PUT', appPath(state.app, 'dependencies'), { ...change, allowScripts: d.allowScripts ?? false }) } catch (e: any) { alert(e.message) }
    // Follow the install until it ends.
    for (let i = 0; i < 600; i++) {
      const now = await api('GET', appPath(state.app, 'dependencies'))
      if (now.state !== 'installing') break
      box.querySelector('#dep-state')!.textContent = 'installing…'
      await new Promise((r) => setTimeout(r, 1000))
    }
    // New packages (or versions): their declarations are fetched again as imports need them.
    resetTypes()
    if (state.current && languageOf(state.current) === 'typescript') acquireTypes(editor.getValue())
    renderDeps(box)
  }
  const versions = d.installed?.versions ?? {}
  const list = (kind: 'packages' | 'requirements', title: string, placeholder: string, nameOf: (line: string) => string) => {
    const items: string[] = d[kind] ?? []
    const input = el('input', { placeholder, class: 'grow', id: kind === 'packages' ? 'dep-spec' : 'req-spec' }) as HTMLInputElement
    return [
      el('b', {}, title),
      ...items.map((line) => el('div', { class: 'row', 'data-dep': line }, el('code', { class: 'grow' }, line),
        el('span', { class: 'muted' }, versions[nameOf(line)] ?? ''),
        el('button', { onclick: () => save({ [kind]: items.filter((x) => x !== line) }) }, '✕'))),
      el('div', { class: 'row' }, input, el('button', { class: 'primary', id: kind === 'packages' ? 'dep-add' : 'req-add', onclick: () => input.value.trim() && save({ [kind]: [...items, input.value.trim()] }) }, 'Add')),
    ]
  }
  box.replaceChildren(
    ...list('packages', 'npm packages', 'lodash, dayjs@1, @aws-sdk/client-s3@3', (p) => p.replace(/(.)@.*$/, '$1')),
    ...list('requirements', 'pip requirements (Python)', 'requests==2.32.3, pydantic>=2', (r) => /^[A-Za-z0-9._-]*/.exec(r.trim())![0]),
    el('div', { class: 'muted', id: 'dep-state' }, `${d.state ?? ''}`),
    d.error ? el('pre', { class: 'error', id: 'dep-error' }, d.error) : '',
  )
}

async function renderTriggers(box: HTMLElement) {
  const list: any[] = await api('GET', appPath(state.app, 'triggers'))
  const id = el('input', { placeholder: 'id', id: 'trigger-id', style: 'width: 90px' }) as HTMLInputElement
  const cron = el('input', { placeholder: '*/5 * * * *', id: 'trigger-cron', class: 'grow' }) as HTMLInputElement
  const target = el('input', { placeholder: 'function', id: 'trigger-target', style: 'width: 110px', value: state.current?.name ?? '' }) as HTMLInputElement
  const preview = el('div', { class: 'muted', id: 'trigger-preview' })
  const error = el('div', { class: 'error' })
  let timer: ReturnType<typeof setTimeout> | undefined
  cron.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(async () => {
      if (!cron.value.trim()) { preview.textContent = ''; return }
      try {
        const { nextRuns } = await api('GET', appPath(state.app, `triggers/preview?cron=${encodeURIComponent(cron.value)}`))
        preview.textContent = 'next: ' + nextRuns.map((t: number) => new Date(t).toLocaleString()).join(' · ')
      } catch (e: any) { preview.textContent = e.message }
    }, 250)
  })
  const put = async (triggers: any[]) => {
    try { await api('PUT', appPath(state.app, 'triggers'), { triggers }); renderTriggers(box) } catch (e: any) { error.textContent = e.message }
  }
  box.replaceChildren(
    ...list.map((t) => el('div', { class: 'row', 'data-trigger': t.id }, el('code', { class: 'grow' }, `${t.id}: ${t.cron} → ${t.target}`),
      el('button', { onclick: () => put(list.filter((x) => x.id !== t.id)) }, '✕'))),
    el('div', { class: 'row' }, id, cron, target),
    preview,
    el('button', { class: 'primary', id: 'trigger-add', onclick: () => put([...list, { id: id.value.trim(), cron: cron.value.trim(), target: target.value.trim() }]) }, 'Add trigger'),
    error,
  )
}

// Live tail: the logs tab polls for new lines while it is open.
let logTimer: ReturnType<typeof setInterval> | undefined
// What the logs tab opens filtered by (a failed run's request id, a function's errors).
type LogFilter = { function?: string; requestId?: string; level?: string }
let logFilter: LogFilter | null = null

/** Opens the logs tab filtered by `filter`. */
function showLogs(filter: LogFilter) {
  logFilter = filter
  showFunctions()
  renderAside('logs')
}

async function logsPane(pane: HTMLElement) {
  const filter = logFilter ?? { function: state.current?.name }
  logFilter = null
  const fnSelect = el('select', { id: 'logs-function' }, el('option', { value: '' }, 'all functions'),
    ...state.functions.map((f) => el('option', { value: f.name, selected: f.name === filter.function }, f.name))) as HTMLSelectElement
  const level = el('select', { id: 'logs-level' }, ...['', 'error', 'warn', 'info', 'debug'].map((l) => el('option', { value: l, selected: l === (filter.level ?? '') }, l || 'all levels'))) as HTMLSelectElement
  const requestId = el('input', { placeholder: 'request id', class: 'grow', id: 'logs-request', value: filter.requestId }) as HTMLInputElement
  const live = el('input', { type: 'checkbox', id: 'logs-live', checked: true }) as HTMLInputElement
  const out = el('pre', { id: 'logs' })
  let lines: any[] = []
  let since = 0
  const show = () => {
    const shown = lines.filter((l) => !level.value || String(l.level).toLowerCase() === level.value)
    out.textContent = shown.map((l) => `${new Date(l.time).toLocaleTimeString()} ${l.level} ${l.function} ${l.requestId} ${l.message}`).join('\n') || '(no lines)'
  }
  const fetchLines = async (fresh: boolean) => {
    if (fresh) { lines = []; since = 0 }
    const q = new URLSearchParams({ limit: '500' })
    if (fnSelect.value) q.set('function', fnSelect.value)
    if (requestId.value.trim()) q.set('requestId', requestId.value.trim())
    if (since) q.set('since', String(since))
    const more: any[] = await api('GET', appPath(state.app, `logs?${q}`))
    const seen = new Set(lines.map((l) => `${l.time}|${l.requestId}|${l.message}`))
    for (const l of more) if (!seen.has(`${l.time}|${l.requestId}|${l.message}`)) lines.push(l)
    lines = lines.slice(-2000)
    if (lines.length) since = lines[lines.length - 1].time
    show()
  }
  for (const input of [fnSelect, requestId]) input.addEventListener('change', () => fetchLines(true))
  level.addEventListener('change', show)
  clearInterval(logTimer)
  logTimer = setInterval(() => {
    if (!document.body.contains(out)) { clearInterval(logTimer); return }
    if (live.checked) fetchLines(false).catch(() => {})
  }, 2000)
  pane.append(el('div', { class: 'row' }, fnSelect, level), el('div', { class: 'row' }, requestId, el('label', {}, live, ' live')), out)
  await fetchLines(true)
}

if (token.get()) start().catch(() => signIn())
else signIn()
