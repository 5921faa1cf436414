// dual from an ES module: the "import" condition, "node" before "default" for ./feature, the
// first matching key for ./order, a subpath pattern, a null target, a path not in exports.
import dual, { which, format, selfFeature } from 'dual'
import * as ns from 'dual'
import { which as feature } from 'dual/feature'
import { which as order } from 'dual/order'
import { which as libUtil } from 'dual/lib/util'

const code = async (specifier) => {
  try {
    await import(specifier)
    return 'no error'
  } catch (e) {
    return e.code ?? `no code (${e.name})`
  }
}

export default async function (ctx) {
  return {
    which,
    format,
    defaultWhich: dual.which,
    selfFeature,
    namespaceKeys: Object.keys(ns),
    dynamicSameNamespace: (await import('dual')) === ns,
    feature,
    order,
    libUtil,
    secret: await code('dual/secret.js'),
    internal: await code('dual/lib/internal/hidden'),
    missingSubpath: await code('dual/nope'),
  }
}
