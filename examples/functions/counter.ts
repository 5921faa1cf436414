// Module state lives as long as the function's module on a worker (Laf semantics):
// each call counts up. With several workers each keeps its own count; cloud.shared is
// the host-wide store.
import cloud from '@lafjs/cloud'

let calls = 0

export default async function () {
  calls += 1
  const total = (cloud.shared.get('counter.total') ?? 0) + 1
  cloud.shared.set('counter.total', total)
  return { calls, total }
}
