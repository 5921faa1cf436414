// cjs-json: .json by require, with and without the extension, with a BOM, a directory's
// index.json, .js taken before .json, a malformed file; and a JSON module by import().
const json = require('cjs-json')

// The error's name only: its code changed between Node versions (ERR_IMPORT_ASSERTION_TYPE_MISSING
// in Node 20, ERR_IMPORT_ATTRIBUTE_MISSING later).
const outcome = async (p) => {
  try {
    await p
    return { threw: false }
  } catch (e) {
    return { threw: true, name: e.name }
  }
}

exports.main = async function (ctx) {
  let imported
  try {
    const ns = await import('cjs-json/data.json', { with: { type: 'json' } })
    imported = {
      keys: Object.keys(ns),
      name: ns.default.name,
      // Node 20 reuses the object require already loaded.
      sameAsRequired: ns.default === json.data,
    }
  } catch (e) {
    imported = { threw: e.code ?? e.name }
  }
  return {
    fromPackage: json,
    functionRequire: {
      sameAsPackage: require('cjs-json/data.json') === json.data,
      noExtension: require('cjs-json/data') === json.data,
    },
    imported,
    // An import of JSON needs the type attribute.
    importWithoutType: await outcome(import('cjs-json/data.json')),
  }
}
