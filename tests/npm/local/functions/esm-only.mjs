// esm-only from an ES module: default and named exports, export * (without default, without a
// name two sources both export), export * as, import.meta, a live binding, a cycle, top-level await.
import greet, { helper, VALUE, awaited, count, inc, more, extra, other, meta, scope, fromB, tdzInB } from 'esm-only'
import * as all from 'esm-only'

export default async function (ctx) {
  const before = count
  const returned = inc()
  return {
    greet: greet('laf'),
    helper: helper(),
    VALUE,
    awaited,
    extra,
    other,
    dupInNamespace: 'dup' in all,
    namespaceKeys: Object.keys(all),
    namespaceTag: all[Symbol.toStringTag],
    defaultIsGreet: all.default === greet,
    more: { keys: Object.keys(more), default: more.default, dup: more.dup },
    meta,
    scope,
    liveBinding: { moved: count === before + 1, returned: returned === count },
    cycle: { fromB, tdzInB },
  }
}
