// esm-only from CommonJS: only import() reaches it.
exports.main = async function (ctx) {
  const m = await import('esm-only')
  const again = await import('esm-only')
  return {
    greet: m.default('cjs'),
    VALUE: m.VALUE,
    awaited: m.awaited,
    meta: m.meta,
    namespaceKeys: Object.keys(m),
    sameNamespace: m === again,
  }
}
