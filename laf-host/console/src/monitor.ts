// Monitoring: invocations, errors and latency per function, from the host's Prometheus metrics
// (`/_/metrics`, behind the same token), sampled every 5 s while the view is open. The host keeps
// cumulative counters only, so the charts cover the time since the view opened; for history,
// scrape `/_/metrics` with Prometheus.
import { el } from './dom'

type Sample = { t: number; count: number; errors: number; sum: number; buckets: [number, number][] }


/** The metrics text of one app, by function. */
export function parse(text: string, app: string): Map<string, Omit<Sample, 't'>> {
  const out = new Map<string, Omit<Sample, 't'>>()
  const get = (f: string) => {
    let s = out.get(f)
    if (!s) { s = { count: 0, errors: 0, sum: 0, buckets: [] }; out.set(f, s) }
    return s
  }
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line)
    if (!m) continue
    const labels = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]))
    if (labels.app !== app || !labels.function) continue
    const s = get(labels.function), v = Number(m[3])
    if (m[1] === 'laf_invocations_total') s.count = v
    else if (m[1] === 'laf_invocation_errors_total') s.errors = v
    else if (m[1] === 'laf_invocation_duration_seconds_sum') s.sum = v
    else if (m[1] === 'laf_invocation_duration_seconds_bucket') s.buckets.push([labels.le === '+Inf' ? Infinity : Number(labels.le), v])
  }
  return out
}

/** The bucket bound under which `q` of the calls between two samples fell (an upper estimate). */
function quantile(a: [number, number][], b: [number, number][], q: number): number | null {
  const total = (b.at(-1)?.[1] ?? 0) - (a.at(-1)?.[1] ?? 0)
  if (total <= 0) return null
  for (let i = 0; i < b.length; i++) {
    if (b[i][1] - (a[i]?.[1] ?? 0) >= q * total) return b[i][0]
  }
  return null
}

function sparkline(values: number[]): SVGSVGElement {
  const w = 160, h = 28, max = Math.max(1, ...values)
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
  svg.setAttribute('width', String(w)); svg.setAttribute('height', String(h))
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'polyline')
  path.setAttribute('points', values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * w},${h - (v / max) * (h - 2) - 1}`).join(' '))
  path.setAttribute('fill', 'none'); path.setAttribute('stroke', '#60a5fa'); path.setAttribute('stroke-width', '1.5')
  svg.append(path)
  return svg
}

/** The monitoring view; `onErrors(fn)` opens a function's error lines in the logs. */
export async function monitorView(root: HTMLElement, app: string, token: string, onErrors: (fn: string) => void) {
  const history = new Map<string, Sample[]>()
  const table = el('div', { class: 'pane', id: 'monitor' })
  root.replaceChildren(table)
  const sample = async () => {
    const res = await fetch('/_/metrics', { headers: { authorization: `Bearer ${token}` } })
    const now = Date.now()
    for (const [f, s] of parse(await res.text(), app)) {
      const list = history.get(f) ?? []
      list.push({ t: now, ...s })
      history.set(f, list.slice(-60))
    }
    const rows = [...history.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([f, list]) => {
      const last = list.at(-1)!, prev = list.at(-2)
      const rates = list.slice(1).map((s, i) => (s.count - list[i].count) / ((s.t - list[i].t) / 1000))
      const p99 = prev ? quantile(prev.buckets, last.buckets, 0.99) : null
      const mean = last.count ? (last.sum / last.count) * 1000 : 0
      return el('tr', { 'data-metric-fn': f },
        el('td', {}, f), el('td', { class: 'count' }, String(last.count)), el('td', {}, last.errors ? el('a', { href: '#', class: 'status-bad errors', onclick: (e: Event) => { e.preventDefault(); onErrors(f) } }, `${last.errors} →`) : '0'),
        el('td', {}, `${mean.toFixed(1)} ms`), el('td', {}, p99 === null ? '–' : p99 === Infinity ? '> 10 s' : `≤ ${p99 * 1000} ms`),
        el('td', {}, sparkline(rates.length ? rates : [0])))
    })
    table.replaceChildren(
      el('div', { class: 'muted' }, 'Since this view opened, sampled every 5 s from /_/metrics (the host keeps totals; scrape it with Prometheus for history).'),
      el('table', { class: 'metrics' },
        el('tr', {}, ...['function', 'calls', 'errors', 'mean', 'p99 (last 5 s)', 'calls/s'].map((h) => el('th', {}, h))), ...rows),
    )
  }
  await sample()
  const timer = setInterval(() => { if (!document.body.contains(table)) clearInterval(timer); else sample().catch(() => {}) }, 5000)
}
