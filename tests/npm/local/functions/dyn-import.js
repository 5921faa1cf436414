// dyn-import: a CommonJS package whose function loads ES modules with import().
const dyn = require('dyn-import')

exports.main = async function (ctx) {
  return await dyn.load()
}
