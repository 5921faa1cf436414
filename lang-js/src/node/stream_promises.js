// Node's `stream/promises` (pipeline, finished returning promises); the same objects as require('stream').promises.
(function (exports, require, module, native) {
  'use strict';
  module.exports = require('stream').promises;
})
