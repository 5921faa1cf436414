// node:path/win32 — path.win32 (drive letters and UNC roots; \\?\ and \\.\ device paths only roughly).
(function (exports, require, module, native) {
  'use strict';
  module.exports = require('path').win32;
})
