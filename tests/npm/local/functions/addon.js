// native-addon: its main is a .node file. Node fails to dlopen it (these bytes are no shared
// object), Laf refuses native addons: only that it threw is reported.
exports.main = async function (ctx) {
  let required
  try {
    require('native-addon')
    required = { threw: false }
  } catch (e) {
    required = { threw: true, isError: e instanceof Error }
  }
  let imported
  try {
    await import('native-addon')
    imported = { threw: false }
  } catch (e) {
    imported = { threw: true, isError: e instanceof Error }
  }
  return { required, imported }
}
