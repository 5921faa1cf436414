// cjs-cycle: a.js and b.js require each other; b sees a's exports as they were when a called
// require('./b'). c.js replaces module.exports after d.js took the old object.
const cycle = require('cjs-cycle')

exports.main = async function (ctx) {
  const { a, b, c, d } = cycle
  return {
    a: { name: a.name, beforeB: a.beforeB, bAtLoad: a.bAtLoad, done: a.done },
    b: {
      name: b.name,
      aKeysAtLoad: b.aKeysAtLoad,
      aDoneAtLoad: b.aDoneAtLoad,
      aLoadedAtLoad: b.aLoadedAtLoad,
      done: b.done,
    },
    bSeesCompleteANow: cycle.bSeesCompleteANow,
    c,
    dCKeysAtLoad: d.cKeysAtLoad,
    dHoldsStaleC: cycle.dHoldsStaleC,
    staleC: cycle.staleC,
    sameInstance: require('cjs-cycle/a') === a && require('cjs-cycle/b.js') === b,
  }
}
