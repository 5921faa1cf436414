// node:path/posix — the POSIX path functions (the same object as node:path).
(function (exports, require, module, native) {
  'use strict';
  module.exports = require('path');
})
