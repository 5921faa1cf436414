// strictness: CommonJS without 'use strict' runs sloppy (its undeclared assignment leaks a global,
// which it deletes again), with `this` = module.exports and the wrapper's five arguments.
const strictness = require('strictness')

exports.main = async function (ctx) {
  return {
    ...strictness,
    leakedNow: typeof globalThis.leaked,
  }
}
