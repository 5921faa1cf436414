// dual from CommonJS: the "require" condition, ./package.json exported, a path not in exports;
// and import() of the same package gives the other (ESM) copy.
const dual = require('dual')

const code = (f) => {
  try {
    f()
    return 'no error'
  } catch (e) {
    return e.code ?? `no code (${e.name})`
  }
}
const rel = (p) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length)

exports.main = async function (ctx) {
  const esm = await import('dual')
  return {
    which: dual.which,
    format: dual.format,
    selfName: dual.selfName,
    resolved: rel(require.resolve('dual')),
    packageJson: { name: require('dual/package.json').name, type: require('dual/package.json').type },
    secret: code(() => require('dual/secret.js')),
    secretResolve: code(() => require.resolve('dual/secret.js')),
    internal: code(() => require('dual/lib/internal/hidden')),
    // The dual-package hazard: import() loads esm/index.mjs, a different module.
    importWhich: esm.which,
    importDefaultWhich: esm.default.which,
  }
}
