// shebang: files starting with #!, or with a byte order mark. A byte order mark before #! is a
// syntax error under Node (the hashbang must be the very first characters): its name is reported.
const shebang = require('shebang')

exports.main = async function (ctx) {
  let bomShebang
  try {
    bomShebang = require('shebang/bom-shebang').hello
  } catch (e) {
    bomShebang = { threw: e.name }
  }
  return {
    cjs: shebang.hello,
    bom: require('shebang/bom').hello,
    bomShebang,
    esm: (await import('shebang/cli.mjs')).hello,
  }
}
