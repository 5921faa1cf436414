// The database and storage browsers: an app's collections and documents, its buckets and objects,
// through the admin API's `database/…` and `storage/…` routes.
import { api, app as appPath } from './api'
import { el } from './dom'

type El = HTMLElement
const pretty = (v: unknown) => JSON.stringify(v, null, 2)
// An object key in a URL path: each segment encoded, the `/` between them kept.
const keyPath = (key: string) => key.split('/').map(encodeURIComponent).join('/')
const size = (n: number) => (n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KB` : `${(n / (1 << 20)).toFixed(1)} MB`)

export async function databaseView(root: El, app: string) {
  const side = el('nav', { id: 'collections' })
  const pane = el('div', { class: 'pane', id: 'documents' })
  root.replaceChildren(side, pane)
  const base = (rest: string) => appPath(app, `database/collections${rest}`)
  let current = ''
  let skip = 0
  const limit = 20

  async function listCollections() {
    const cols: { name: string; count: number }[] = await api('GET', base(''))
    const name = el('input', { placeholder: 'new collection', id: 'new-collection' }) as HTMLInputElement
    side.replaceChildren(
      el('div', { class: 'row' }, name, el('button', { onclick: () => name.value.trim() && open(name.value.trim()) }, 'Open')),
      ...cols.map((c) => el('div', { class: 'fn' + (c.name === current ? ' active' : ''), 'data-collection': c.name, onclick: () => open(c.name) },
        c.name, el('span', { class: 'lang' }, String(c.count)))),
    )
  }

  async function open(name: string) {
    current = name
    skip = 0
    await listCollections()
    await render()
  }

  const filter = el('input', { placeholder: 'filter, as MongoDB query JSON: {"tag": "x"}', class: 'grow', id: 'db-filter' }) as HTMLInputElement
  const insertBox = el('textarea', { id: 'db-insert', placeholder: 'a document, as JSON' }) as HTMLTextAreaElement
  const error = el('div', { class: 'error', id: 'db-error' })

  async function render() {
    if (!current) { pane.replaceChildren(el('div', { class: 'muted' }, 'Pick a collection, or open a new one by name.')); return }
    error.textContent = ''
    let page: { documents: any[]; total: number }
    try {
      page = await api('GET', base(`/${encodeURIComponent(current)}/documents?filter=${encodeURIComponent(filter.value)}&skip=${skip}&limit=${limit}`))
    } catch (e: any) { error.textContent = e.message; page = { documents: [], total: 0 } }
    const rows = page.documents.map((d) => {
      const id = d._id?.$oid ?? d._id
      const view = el('pre', { class: 'doc' }, pretty(d))
      const row = el('div', { class: 'version', 'data-id': String(id) }, view, el('div', { class: 'row' },
        el('button', { onclick: () => edit(row, d) }, 'Edit'),
        el('button', { onclick: async () => { if (confirm('Delete this document?')) { await api('DELETE', base(`/${encodeURIComponent(current)}/documents/${encodeURIComponent(String(id))}`)); await listCollections(); await render() } } }, 'Delete')))
      return row
    })
    pane.replaceChildren(
      el('div', { class: 'row' }, el('b', {}, current), filter, el('button', { onclick: () => { skip = 0; render() }, id: 'db-apply' }, 'Filter')),
      error,
      el('div', { class: 'row' }, insertBox, el('button', { class: 'primary', onclick: insert, id: 'db-insert-button' }, 'Insert')),
      el('div', { class: 'muted', id: 'db-total' }, `${page.total} document(s)${page.total > limit ? `, ${skip + 1}–${Math.min(skip + limit, page.total)}` : ''}`),
      ...rows,
      el('div', { class: 'row' },
        el('button', { disabled: skip === 0, onclick: () => { skip = Math.max(0, skip - limit); render() } }, '← Previous'),
        el('button', { disabled: skip + limit >= page.total, onclick: () => { skip += limit; render() } }, 'Next →')),
      await indexes(),
    )
  }

  async function insert() {
    try {
      await api('POST', base(`/${encodeURIComponent(current)}/documents`), JSON.parse(insertBox.value))
      insertBox.value = ''
      await listCollections()
      await render()
    } catch (e: any) { error.textContent = e instanceof SyntaxError ? `not JSON: ${e.message}` : e.message }
  }

  function edit(row: El, d: any) {
    const { _id, ...rest } = d
    const box = el('textarea', { style: 'min-height: 120px' }, pretty(rest)) as HTMLTextAreaElement
    const id = _id?.$oid ?? _id
    row.replaceChildren(box, el('div', { class: 'row' },
      el('button', { class: 'primary', onclick: async () => {
        try { await api('PUT', base(`/${encodeURIComponent(current)}/documents/${encodeURIComponent(String(id))}`), JSON.parse(box.value)); await render() } catch (e: any) { error.textContent = e.message }
      } }, 'Save'),
      el('button', { onclick: () => render() }, 'Cancel')))
  }

  async function indexes() {
    let list: any[] = []
    try { list = await api('GET', base(`/${encodeURIComponent(current)}/indexes`)) } catch { /* a new collection */ }
    const keys = el('input', { placeholder: '{"field": 1}', class: 'grow' }) as HTMLInputElement
    const unique = el('input', { type: 'checkbox' }) as HTMLInputElement
    return el('details', {}, el('summary', {}, `Indexes (${list.length})`),
      ...list.map((i) => el('div', { class: 'row' }, el('code', { class: 'grow' }, `${i.name}: ${JSON.stringify(i.key)}${i.unique ? ' unique' : ''}`),
        i.name === '_id_' ? '' : el('button', { onclick: async () => { await api('DELETE', base(`/${encodeURIComponent(current)}/indexes/${encodeURIComponent(i.name)}`)); render() } }, '✕'))),
      el('div', { class: 'row' }, keys, el('label', {}, unique, ' unique'), el('button', { onclick: async () => {
        try { await api('POST', base(`/${encodeURIComponent(current)}/indexes`), { keys: JSON.parse(keys.value), unique: unique.checked }); render() } catch (e: any) { error.textContent = e.message }
      } }, 'Create')))
  }

  await listCollections()
  await render()
}

export async function storageView(root: El, app: string) {
  const side = el('nav', { id: 'buckets' })
  const pane = el('div', { class: 'pane', id: 'objects' })
  root.replaceChildren(side, pane)
  const base = (rest: string) => appPath(app, `storage/buckets${rest}`)
  let bucket = ''
  let prefix = ''

  async function listBuckets() {
    const buckets: { name: string; fullName: string; policy: string }[] = await api('GET', base(''))
    const name = el('input', { placeholder: 'new bucket name', id: 'new-bucket' }) as HTMLInputElement
    const policy = el('select', { id: 'new-bucket-policy' }, ...['private', 'readonly', 'readwrite'].map((p) => el('option', { value: p }, p))) as HTMLSelectElement
    const error = el('div', { class: 'error' })
    side.replaceChildren(
      el('div', { class: 'row' }, name, policy),
      el('button', { id: 'create-bucket', onclick: async () => {
        try { await api('POST', base(''), { name: name.value.trim(), policy: policy.value }); await open(name.value.trim()) } catch (e: any) { error.textContent = e.message }
      } }, 'Create bucket'), error,
      ...buckets.map((b) => el('div', { class: 'fn' + (b.name === bucket ? ' active' : ''), 'data-bucket': b.name, onclick: () => open(b.name) },
        b.name, el('span', { class: 'lang' }, b.policy))),
    )
  }

  async function open(name: string) {
    bucket = name
    prefix = ''
    await listBuckets()
    await render()
  }

  async function render() {
    if (!bucket) { pane.replaceChildren(el('div', { class: 'muted' }, 'Pick a bucket, or create one.')); return }
    const page: { objects: any[]; prefixes: string[] } = await api('GET', base(`/${encodeURIComponent(bucket)}/objects?prefix=${encodeURIComponent(prefix)}&delimiter=/`))
    const file = el('input', { type: 'file', multiple: true, id: 'upload-file' }) as HTMLInputElement
    const status = el('div', { class: 'muted', id: 'upload-status' })
    const upload = async (files: FileList | File[]) => {
      for (const f of Array.from(files)) {
        status.textContent = `uploading ${f.name}…`
        const res = await fetch(`/_/api/${base(`/${encodeURIComponent(bucket)}/objects/${keyPath(prefix + f.name)}`)}`, {
          method: 'PUT', body: f, headers: { authorization: `Bearer ${sessionStorage.getItem('laf-console-token') ?? ''}`, 'content-type': f.type || 'application/octet-stream' },
        })
        if (!res.ok) { status.textContent = `${f.name}: ${(await res.json().catch(() => ({}))).error ?? res.statusText}`; return }
      }
      status.textContent = 'uploaded'
      await render()
    }
    file.addEventListener('change', () => file.files && upload(file.files))
    const drop = el('div', { class: 'drop', id: 'drop' }, 'Drop files here to upload them to ', el('code', {}, `${bucket}/${prefix}`), ' — or ', file, status)
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over') })
    drop.addEventListener('dragleave', () => drop.classList.remove('over'))
    drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer?.files) upload(e.dataTransfer.files) })
    const crumbs = [el('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); prefix = ''; render() } }, bucket)]
    let acc = ''
    for (const part of prefix.split('/').filter(Boolean)) {
      acc += `${part}/`
      const to = acc
      crumbs.push(el('span', {}, ' / '), el('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); prefix = to; render() } }, part))
    }
    pane.replaceChildren(
      el('div', { class: 'row' }, ...crumbs),
      drop,
      ...page.prefixes.map((p) => el('div', { class: 'fn', onclick: () => { prefix = p; render() } }, `📁 ${p.slice(prefix.length)}`)),
      ...page.objects.map((o) => el('div', { class: 'row version', 'data-key': o.key },
        el('span', { class: 'grow' }, o.key.slice(prefix.length)), el('span', { class: 'muted' }, size(o.size)),
        el('button', { onclick: () => download(o.key) }, 'Download'),
        el('button', { onclick: () => link(o.key), class: 'copy-link' }, 'Copy link'),
        el('button', { onclick: async () => { if (confirm(`Delete ${o.key}?`)) { await api('DELETE', base(`/${encodeURIComponent(bucket)}/objects/${keyPath(o.key)}`)); render() } } }, 'Delete'))),
      el('div', { id: 'link' }),
    )
  }

  async function download(key: string) {
    const res = await fetch(`/_/api/${base(`/${encodeURIComponent(bucket)}/objects/${keyPath(key)}`)}`, { headers: { authorization: `Bearer ${sessionStorage.getItem('laf-console-token') ?? ''}` } })
    const a = el('a', { href: URL.createObjectURL(await res.blob()), download: key.split('/').pop() }) as HTMLAnchorElement
    a.click()
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
  }

  async function link(key: string) {
    const { url } = await api('POST', base(`/${encodeURIComponent(bucket)}/presign`), { key, expiresIn: 3600 })
    document.getElementById('link')!.replaceChildren(el('div', { class: 'muted' }, 'A link valid for an hour (copied):'), el('pre', { id: 'link-url' }, url))
    navigator.clipboard?.writeText(url).catch(() => {})
  }

  await listBuckets()
  await render()
}
