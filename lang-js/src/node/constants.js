// Node's deprecated `constants`: one frozen object of os.constants (dlopen, errno, priority, signals), fs.constants and crypto.constants, as lang-js's own modules define them (so only the keys those modules have).
(function (exports, require, module) {
  'use strict';
  const os = require('os').constants;
  const all = Object.assign({}, os.dlopen, os.errno, os.priority, os.signals, require('fs').constants, require('crypto').constants);
  module.exports = Object.freeze(all);
})
