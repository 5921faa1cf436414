// Node's `module`: builtinModules, isBuiltin and createRequire over the app's packages. Module
// hooks (register, _extensions, _resolveFilename) are left out: packages cannot patch the loader.
(function (exports, require, module, native) {
  'use strict';
  const builtinModules = native.builtins.slice();
  const isBuiltin = (name) => {
    const id = String(name).startsWith('node:') ? String(name).slice(5) : String(name);
    return builtinModules.includes(id);
  };
  function Module(id = '', parent) {
    this.id = id;
    this.exports = {};
    this.parent = parent;
    this.filename = null;
    this.loaded = false;
    this.children = [];
    this.paths = [];
  }
  Module.builtinModules = builtinModules;
  Module.isBuiltin = isBuiltin;
  Module.createRequire = (filename) => native.createRequire(filename);
  Module.Module = Module;
  Module.syncBuiltinESMExports = () => {};
  Module.findSourceMap = () => undefined;
  Module.register = () => {
    const e = new Error('module.register is not available to cloud functions');
    e.code = 'ERR_NOT_AVAILABLE';
    throw e;
  };
  module.exports = Module;
})
