// CommonJS for npm packages, with Node's semantics: `require` resolves through the host (Node's
// algorithm on the app's installed set), each file runs once in Node's module wrapper, cycles see
// partial exports, `require.cache` is keyed by file name, JSON files parse. Requiring an ES module
// throws ERR_REQUIRE_ESM as Node 20 does (use `await import()`).
(function (exports, require, module, native) {
  'use strict';
  // native: resolve(base, request, isRequire) -> [name, format, filename, set] | error message,
  // setOf(base) -> the set a module of `base` resolves in (undefined: none), compile(name) -> the module's wrapper function, read(name) -> text, builtin(name) -> bool,
  // requireBuiltin(name) -> exports, cloud(name) -> what a function's require gives for
  // '@lafjs/cloud' and 'mongodb' (undefined otherwise).

  // One cache per installed set: a new set gives packages fresh instances.
  const caches = new Map();
  const cacheOf = (set) => {
    let c = caches.get(set);
    if (!c) {
      c = Object.create(null);
      caches.set(set, c);
    }
    return c;
  };
  // Module name -> Module, for the ES-module side (import of CommonJS).
  const byName = new Map();

  const notFound = (message, request) => {
    const e = new Error(message);
    e.code = /is not exported|not exported under/.test(message) ? 'ERR_PACKAGE_PATH_NOT_EXPORTED' : 'MODULE_NOT_FOUND';
    if (request !== undefined) e.requireStack = [];
    return e;
  };

  const dirname = (p) => {
    const i = p.lastIndexOf('/');
    return i <= 0 ? '/' : p.slice(0, i);
  };

  class Module {
    constructor(id, filename, parent) {
      this.id = id;
      this.path = dirname(filename);
      this.exports = {};
      this.filename = filename;
      this.loaded = false;
      this.children = [];
      this.paths = [];
      this.parent = parent;
      if (parent) parent.children.push(this);
    }
    require(request) {
      return this._require(request);
    }
  }

  function resolve(base, request, isRequire) {
    const r = native.resolve(base, String(request), isRequire);
    if (typeof r === 'string') throw notFound(r, request);
    return r;
  }

  // The `require` a module of `base` (a package module's name, or a function's) gets.
  function makeRequire(base, parent, forFunction) {
    const req = function require(request) {
      if (typeof request !== 'string') {
        const e = new TypeError(`The "id" argument must be of type string. Received ${request === null ? 'null' : typeof request}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      if (request === '') {
        const e = new TypeError("The argument 'id' must be a non-empty string. Received ''");
        e.code = 'ERR_INVALID_ARG_VALUE';
        throw e;
      }
      if (forFunction) {
        const own = native.cloud(request);
        if (own !== undefined) return own;
      }
      if (native.builtin(request)) return native.requireBuiltin(request);
      if (request.startsWith('node:')) {
        const e = new Error(`No such built-in module: ${request}`);
        e.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
        throw e;
      }
      const [name, format, filename, set] = resolve(base, request, true);
      return load(name, format, filename, set, parent).exports;
    };
    req.resolve = function resolveRequest(request) {
      if (native.builtin(String(request))) return String(request);
      return resolve(base, request, true)[2];
    };
    req.resolve.paths = (request) => (native.builtin(String(request)) ? null : ['/app/node_modules']);
    req.main = undefined;
    req.extensions = Object.create(null);
    Object.defineProperty(req, 'cache', {
      enumerable: true,
      get() {
        // The set of the module itself, else the one a function resolves in now.
        const set = parent ? parent.set : currentSet(base);
        return set === undefined ? Object.create(null) : cacheOf(set);
      },
    });
    return req;
  }

  const currentSet = (base) => native.setOf(base);

  function load(name, format, filename, set, parent) {
    const cache = cacheOf(set);
    const cached = cache[filename];
    if (cached) {
      // As Node: a module that requires an already loaded one lists it among its children too.
      if (parent && !parent.children.includes(cached)) parent.children.push(cached);
      return cached;
    }
    if (format === 'esm') {
      const e = new Error(`require() of ES Module ${filename} not supported.\nInstead change the require to a dynamic import() which is available in all CommonJS modules.`);
      e.code = 'ERR_REQUIRE_ESM';
      throw e;
    }
    if (format === 'addon') {
      const e = new Error(`Cannot load native addon ${filename}: native addons (.node files) cannot run in cloud functions`);
      e.code = 'ERR_DLOPEN_DISABLED';
      throw e;
    }
    const m = new Module(filename, filename, parent);
    m.set = set;
    Object.defineProperty(m, 'set', { enumerable: false });
    m._require = makeRequire(name, m, false);
    cache[filename] = m;
    byName.set(name, m);
    try {
      if (format === 'json') {
        const text = native.read(name);
        try {
          m.exports = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        } catch (err) {
          err.message = `${filename}: ${err.message}`;
          throw err;
        }
      } else {
        const wrapper = native.compile(name);
        wrapper.call(m.exports, m.exports, m._require, m, filename, dirname(filename));
      }
    } catch (err) {
      delete cache[filename];
      byName.delete(name);
      throw err;
    }
    m.loaded = true;
    return m;
  }

  // What `import` of a CommonJS or JSON module gets: its module.exports, evaluated once.
  exports.loadForImport = (name, format, filename, set) => {
    const m = byName.get(name);
    if (m && cacheOf(set)[filename] === m) return m.exports;
    return load(name, format, filename, set, undefined).exports;
  };

  // A function's `require`: built-ins, '@lafjs/cloud', 'mongodb', and the app's packages.
  exports.requireFor = (base) => makeRequire(base, undefined, true);

  // `module.createRequire(filename)`: a require resolving from that file of the app's packages.
  exports.createRequire = (base, filename) => {
    let path = String(filename instanceof URL ? filename.href : filename);
    if (path.startsWith('file://')) path = decodeURIComponent(path.slice(7));
    if (!path.startsWith('/')) {
      const e = new TypeError(`The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${JSON.stringify(filename)}`);
      e.code = 'ERR_INVALID_ARG_VALUE';
      throw e;
    }
    // Resolving the file itself gives its module name, the base its own requires resolve from.
    const r = native.resolve(base, path, true);
    const fromBase = typeof r === 'string' ? base : r[0];
    return makeRequire(fromBase, undefined, false);
  };

  exports.Module = Module;
})
