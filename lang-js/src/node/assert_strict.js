// Node's `assert/strict`: assert.strict (equal = strictEqual, deepEqual = deepStrictEqual, ...); see assert.js for what is left out.
(function (exports, require, module, native) {
  'use strict';
  module.exports = require('assert').strict;
})
