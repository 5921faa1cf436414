// Node's `dns/promises`: the promise forms of `dns` (see dns.js for what is available).
(function (exports, require, module) {
  'use strict';
  module.exports = require('dns').promises;
})
