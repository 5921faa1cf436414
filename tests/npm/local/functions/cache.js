// cjs-cache: require.cache, module.id / loaded / parent / children, require.resolve,
// require.main. No absolute path is reported (Node's are the real folder's, Laf's /app/...).
const cache = require('cjs-cache')

// What the function's own require shows (Node: the same require.cache as the packages').
function functionSees() {
  try {
    const keys = Object.keys(require.cache)
    return {
      indexInCache: keys.some((k) => k.endsWith('/node_modules/cjs-cache/index.js')),
      cacheKeysAbsolute: keys.filter((k) => k.includes('/node_modules/cjs-cache/')).every((k) => k.startsWith('/')),
      resolve: require.resolve('cjs-cache').endsWith('/node_modules/cjs-cache/index.js'),
      resolveBuiltin: require.resolve('path'),
      typeofRequireMain: typeof require.main,
    }
  } catch (e) {
    return { threw: e.name }
  }
}

exports.main = async function (ctx) {
  return {
    inspect: cache.inspect(),
    reload: cache.reload(),
    // Twice: the same answers on every call.
    reloadAgain: cache.reload(),
    functionSees: functionSees(),
  }
}
