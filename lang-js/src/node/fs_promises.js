// Node's `fs/promises`: the promise forms of `fs` (see fs.js for what the sandbox allows).
(function (exports, require, module) {
  'use strict';
  module.exports = require('fs').promises;
})
