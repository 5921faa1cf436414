// The web console in headless Chromium, as a user drives it (tests/console.rs runs this):
//   node browser.mjs BASE_URL ADMIN_TOKEN SCREENSHOT_DIR WHEEL_DIR
// Each step asserts what the user would see; the first failure exits 1 naming the step. Prints a
// JSON summary (first load time) on success. Screenshots of the main screens go to SCREENSHOT_DIR.
import puppeteer from 'puppeteer-core'
import assert from 'node:assert/strict'

const [base, token, shots, wheels] = process.argv.slice(2)
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium'
const browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
const page = await browser.newPage()
await page.setViewport({ width: 1400, height: 850 })
const problems = []
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/_/api/')) problems.push(`HTTP ${r.status()} ${r.url()}`) })
let step = 'start'
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const text = (sel) => page.$eval(sel, (e) => e.textContent)
const call = async (path) => (await fetch(`${base}/${path}`)).json()
const setCode = (code) => page.evaluate((c) => window.lafConsole.editor.setValue(c), code)
// The next prompt() (publish asks for a changelog) is answered with `answer`.
const answerPrompt = (answer) => page.once('dialog', (d) => d.accept(answer))
const waitText = async (sel, want, ms = 20000) => {
  await page.waitForFunction((s, w) => document.querySelector(s)?.textContent?.includes(w), { timeout: ms }, sel, want)
}

try {
  step = 'first load'
  const t0 = Date.now()
  await page.goto(`${base}/_/console/`, { waitUntil: 'load' })
  await page.waitForSelector('#token')
  const firstLoadMs = Date.now() - t0

  step = 'sign in with a wrong token'
  await page.type('#token', 'not-the-token')
  await page.click('#signin button')
  await waitText('#signin-error', 'not this host')

  step = 'sign in'
  await page.$eval('#token', (e) => { e.value = '' })
  await page.type('#token', token)
  await page.click('#signin button')
  await page.waitForSelector('#new-function')

  step = 'create a function from the database template'
  await page.click('#new-function')
  await page.type('#function-name', 'todo')
  await page.select('#template', 'database CRUD (TypeScript)')
  await page.click('#create')
  await page.waitForSelector('.fn.active[data-name="todo"]')
  await waitText('#toolbar .name', 'todo')

  step = 'completion for cloud.database().'
  await page.evaluate(() => {
    const e = window.lafConsole.editor
    const end = e.getModel().getLineCount()
    e.setPosition({ lineNumber: end, column: 1 })
    e.focus()
  })
  await page.keyboard.type('const probe = cloud.database().')
  await page.keyboard.down('Control'); await page.keyboard.press('Space'); await page.keyboard.up('Control')
  await page.waitForFunction(() => [...document.querySelectorAll('.suggest-widget .monaco-list-row')].some((r) => r.textContent.includes('collection')), { timeout: 30000 })
  await page.keyboard.press('Escape')
  await page.keyboard.type("collection('todos')")
  await page.waitForFunction(() => !document.querySelector('.squiggly-error'), { timeout: 30000 })

  step = 'a type error is marked'
  await page.keyboard.type('\nconst wrong: number = "text"\n')
  await page.waitForSelector('.squiggly-error', { timeout: 30000 })
  // The mark is the checker's, on the line of the mistake (the editor's markers, as its hover shows).
  const marks = await page.evaluate(() => window.lafConsole.markers().map((m) => `${m.startLineNumber}: ${m.message}`))
  const wrongLine = await page.evaluate(() => window.lafConsole.editor.getModel().getLinesContent().findIndex((l) => l.includes('const wrong')) + 1)
  assert.ok(marks.some((m) => m.startsWith(`${wrongLine}: `) && m.includes("not assignable to type 'number'")), marks.join('\n'))
  await page.screenshot({ path: `${shots}/editor.png` })

  step = 'run unpublished code from the request panel'
  await setCode(`import cloud from '@lafjs/cloud'

export default async function (ctx: FunctionContext) {
  console.log('listing todos for', ctx.query.who)
  const { data } = await cloud.database().collection('todos').where({ done: false }).get()
  return { version: 1, who: ctx.query.who, todos: data.length, greeting: process.env.GREETING ?? null }
}
`)
  await page.$eval('#run-query', (e) => { e.value = '' })
  await page.type('#run-query', '{"who": "ada"}')
  await page.click('#run')
  await waitText('#run-status', '200')
  assert.match(await text('#run-body-out'), /"who": "ada"/)
  await waitText('#run-logs', 'listing todos for ada')
  await page.screenshot({ path: `${shots}/run.png` })
  assert.equal((await call('todo?who=x')).version, undefined, 'not published yet: the template still serves')

  step = 'publish with a changelog, then call it over HTTP'
  answerPrompt('first version')
  await page.click('#publish')
  await waitText('#toolbar .name', 'v2')
  assert.equal((await call('todo?who=web')).who, 'web')

  step = 'edit, publish again, roll back to version 2 from the history'
  await setCode((await page.evaluate(() => window.lafConsole.editor.getValue())).replace('version: 1', 'version: 2'))
  await page.waitForSelector('#dirty')
  answerPrompt('second version')
  await page.click('#publish')
  await waitText('#toolbar .name', 'v3')
  assert.equal((await call('todo?who=web')).version, 2)
  await page.click('button[data-tab="history"]')
  await page.waitForSelector('.version[data-version="2"] button.rollback')
  // The diff of a version against the live one, for the docs.
  await page.$$eval('.version[data-version="2"] button', (bs) => bs.find((b) => b.textContent === 'Diff').click())
  await page.waitForSelector('dialog .monaco-diff-editor', { timeout: 20000 })
  await sleep(1000)
  await page.screenshot({ path: `${shots}/history-diff.png` })
  // Any two versions: v2 against the template's v1.
  await page.select('#diff-against', '1')
  await page.waitForFunction(() => document.querySelector('dialog .monaco-diff-editor .modified')?.textContent.includes('limit(20)'), { timeout: 20000 })
  await page.keyboard.press('Escape')
  await page.click('.version[data-version="2"] button.rollback')
  await page.waitForFunction(() => document.querySelector('.version[data-version="2"]')?.textContent.includes('live'), { timeout: 20000 })
  assert.equal((await call('todo?who=web')).version, 1, 'version 2 of the history is the code with version: 1')
  // Back to the very first version (the template, which lists the open todos), and forward again.
  await page.click('.version[data-version="1"] button.rollback')
  await page.waitForFunction(() => document.querySelector('.version[data-version="1"]')?.textContent.includes('live'), { timeout: 20000 })
  assert.ok(Array.isArray(await call('todo?who=web')), 'version 1 is the template')
  await page.click('.version[data-version="2"] button.rollback')
  await page.waitForFunction(() => document.querySelector('.version[data-version="2"]')?.textContent.includes('live'), { timeout: 20000 })

  step = 'set an environment variable and see the function read it'
  await page.click('button[data-tab="env"]')
  await page.waitForSelector('#env-name')
  await page.type('#env-name', 'GREETING')
  await page.type('#env-value', 'hello from the console')
  await page.click('#env-add')
  await page.waitForSelector('input[data-env="GREETING"]')
  assert.equal((await call('todo?who=web')).greeting, 'hello from the console')
  await waitText('#s3-access-key', 'local')

  step = 'the logs tab tails the function\'s lines, filtered by level'
  await page.click('button[data-tab="logs"]')
  await waitText('#logs', 'listing todos for web')
  await call('todo?who=tail')
  await waitText('#logs', 'listing todos for tail', 10000)
  await page.select('#logs-level', 'error')
  await waitText('#logs', '(no lines)')

  step = 'a cron trigger shows its next runs as it is typed, and is kept'
  await page.click('button[data-tab="settings"]')
  await page.waitForSelector('#trigger-cron')
  await page.type('#trigger-id', 'every5')
  await page.type('#trigger-cron', '*/5 * * * *')
  await waitText('#trigger-preview', 'next: ')
  assert.equal((await text('#trigger-preview')).split(' · ').length, 3, 'three next runs')
  await page.click('#trigger-add')
  await page.waitForSelector('[data-trigger="every5"]')
  const kept = await (await fetch(`${base}/_/api/apps/local/triggers`, { headers: { authorization: `Bearer ${token}` } })).json()
  assert.deepEqual(kept.map((t) => [t.id, t.cron, t.target]), [['every5', '*/5 * * * *', 'todo']])

  step = 'add pip requirements in the settings and call a Python function using them'
  for (const line of ['--no-index', `--find-links ${wheels}`, 'lafdemo==1.0']) {
    await page.waitForSelector('#req-spec')
    await page.type('#req-spec', line)
    await page.click('#req-add')
    await page.waitForSelector(`[data-dep="${line}"]`, { timeout: 60000 })
  }
  await waitText('[data-dep="lafdemo==1.0"]', '1.0', 60000)
  assert.equal(await text('#dep-state'), 'installed')
  // An npm package with its own declarations (from the npm registry, as tests/npm.rs installs).
  await page.type('#dep-spec', 'nanoid@3')
  await page.click('#dep-add')
  await page.waitForSelector('[data-dep="nanoid@3"]', { timeout: 120000 })
  await waitText('[data-dep="nanoid@3"]', '3.', 120000)
  await page.click('#new-function')
  await page.type('#function-name', 'py/shout')
  await page.select('#template', 'hello (Python)')
  await page.click('#create')
  await page.waitForSelector('.fn.active[data-name="py/shout"]')
  await setCode(`import lafdemo\n\ndef main(ctx):\n    return {'shout': lafdemo.shout(ctx.query.get('s', ''))}\n`)
  answerPrompt('uses a pip package')
  await page.click('#publish')
  await waitText('#toolbar .name', 'v2')
  assert.deepEqual(await call('py/shout?s=hey'), { shout: 'HEY!' })
  await page.click('.fn[data-name="todo"]')
  await waitText('#toolbar .name', 'todo')

  step = 'an installed npm package\'s own types check its use in the editor'
  await setCode(`import { nanoid } from 'nanoid'\n\nexport default async function () {\n  const id: number = nanoid()\n  return { id }\n}\n`)
  await page.waitForFunction(() => window.lafConsole.markers().some((m) => m.startLineNumber === 4 && m.message.includes("Type 'string' is not assignable to type 'number'")), { timeout: 30000 })
  assert.ok(!(await page.evaluate(() => window.lafConsole.markers().some((m) => m.message.includes('Cannot find module')))), 'nanoid resolves')

  step = 'insert a document in the database browser and find it from a function'
  await setCode(`import cloud from '@lafjs/cloud'

export default async function (ctx: FunctionContext) {
  const { data } = await cloud.database().collection('notes').where({ tag: ctx.query.tag }).get()
  const file = ctx.query.key ? await (await cloud.storage.bucket('files').readFile(ctx.query.key)).Body.transformToString() : null
  return { titles: data.map((d) => d.title), file }
}
`)
  answerPrompt('reads notes and files')
  await page.click('#publish')
  await waitText('#toolbar .name', 'v4')
  await page.click('button[data-mode="database"]')
  await page.waitForSelector('#new-collection')
  await page.type('#new-collection', 'notes')
  await page.$$eval('#collections button', (bs) => bs.find((b) => b.textContent === 'Open').click())
  await page.waitForSelector('#db-insert')
  await page.type('#db-insert', '{"title": "written in the console", "tag": "ui"}')
  await page.click('#db-insert-button')
  await waitText('#db-total', '1 document')
  await page.waitForSelector('.fn[data-collection="notes"]')
  assert.deepEqual((await call('todo?tag=ui')).titles, ['written in the console'])
  await page.screenshot({ path: `${shots}/database.png` })

  step = 'upload a file in the storage browser and read it from a function'
  await page.click('button[data-mode="storage"]')
  await page.waitForSelector('#new-bucket')
  await page.type('#new-bucket', 'files')
  await page.click('#create-bucket')
  await page.waitForSelector('.fn.active[data-bucket="files"]')
  const input = await page.waitForSelector('#upload-file')
  await input.uploadFile(new URL('./upload-fixture.txt', import.meta.url).pathname)
  await page.waitForSelector('[data-key="upload-fixture.txt"]', { timeout: 20000 })
  assert.equal((await call('todo?tag=none&key=upload-fixture.txt')).file, 'uploaded from the console\n')
  await page.click('[data-key="upload-fixture.txt"] button.copy-link')
  await page.waitForSelector('#link-url')
  assert.equal(await (await fetch(await text('#link-url'))).text(), 'uploaded from the console\n', 'the copied link downloads it')
  await page.screenshot({ path: `${shots}/storage.png` })

  step = 'generate a function from a description'
  await page.click('button[data-mode="functions"]')
  await page.click('#new-function')
  await page.type('#function-name', 'generated')
  await page.type('#ai-description', 'greet whoever is named in the query')
  await page.click('#create')
  await page.waitForSelector('.fn.active[data-name="generated"]')
  await page.waitForFunction(() => window.lafConsole.editor.getValue().includes('generatedFrom'), { timeout: 20000 })
  await page.waitForSelector('#dirty')
  assert.match(await page.evaluate(() => window.lafConsole.editor.getValue()), /generatedFrom: "greet whoever is named in the query"/)
  assert.equal((await call('generated?who=x')).generatedFrom, undefined, 'a draft until published: the template serves')
  answerPrompt('written by stub-coder')
  await page.click('#publish')
  await waitText('#toolbar .name', 'v2')
  assert.deepEqual(await call('generated?who=ada'), { generatedFrom: 'greet whoever is named in the query', who: 'ada' })

  step = 'rename a function'
  answerPrompt('tools/greeter')
  await page.click('#rename')
  await page.waitForSelector('.fn.active[data-name="tools/greeter"]')
  assert.equal((await call('tools/greeter?who=bo')).who, 'bo')
  assert.equal((await fetch(`${base}/generated`)).status, 404, 'the old name no longer serves')

  step = 'a failed run links to its lines in the app\'s log'
  await page.click('button[data-tab="run"]')
  await setCode(`export default async function (ctx: FunctionContext) {
  console.log('about to fail')
  throw new Error('the greeter broke')
}
`)
  await page.$eval('#run-query', (e) => { e.value = '' })
  await page.click('#run')
  await waitText('#run-status', '500')
  await page.click('#run-logs-link')
  await page.waitForSelector('#logs-request')
  assert.match(await page.$eval('#logs-request', (e) => e.value), /\S/, 'filtered by the run\'s request id')
  await waitText('#logs', 'the greeter broke')
  assert.match(await text('#logs'), /about to fail/)

  step = 'monitoring shows the function\'s calls'
  await page.click('button[data-mode="monitoring"]')
  await page.waitForSelector('tr[data-metric-fn="todo"] td.count')
  assert.ok(Number(await text('tr[data-metric-fn="todo"] td.count')) >= 5, 'the calls made above are counted')
  await page.screenshot({ path: `${shots}/monitoring.png` })

  assert.deepEqual(problems, [], 'no page error and no failed asset')
  console.log(JSON.stringify({ ok: true, firstLoadMs }))
} catch (e) {
  await page.screenshot({ path: `${shots}/failure.png` }).catch(() => {})
  console.error(`console step "${step}" failed: ${e.stack ?? e}\n${problems.join('\n')}`)
  process.exitCode = 1
} finally {
  await browser.close()
}
