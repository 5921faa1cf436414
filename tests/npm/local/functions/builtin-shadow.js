// Packages named like built-ins (events, util): require('util') is the built-in, from a package
// and from a function; require('util/') is the package. import() the same.
const shadow = require('builtin-shadow')

exports.main = async function (ctx) {
  const imported = await import('util')
  return {
    fromPackage: shadow,
    fromFunction: {
      utilIsBuiltin: typeof require('util').inspect === 'function',
      typeofFake: typeof require('util').fake,
      slashFake: require('util/').fake === true,
      eventsIsBuiltin: typeof require('events').EventEmitter === 'function',
      eventsSlashFake: require('events/').fake === true,
      importIsBuiltin: imported.default === require('util') && typeof imported.inspect === 'function',
    },
  }
}
