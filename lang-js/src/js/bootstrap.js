// The JavaScript half of the Laf globals, evaluated once per app context on each worker.
// It receives the natives object `n` and keeps it in this closure: functions never see it.
// Returns { makeCtx, run } for the host; everything else is installed on globalThis.
(function bootstrap(n) {
  'use strict';
  const g = globalThis;
  const define = (obj, name, value) =>
    Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: false });

  // Node's (V8's) `err.stack`: a first line naming the error, then the frames as QuickJS writes
  // them. Packages and loggers print `err.stack` alone and expect the message in it.
  const stackHeader = (err) => {
    let name;
    let message;
    try {
      name = err.name;
      message = err.message;
    } catch {}
    name = name === undefined ? 'Error' : String(name);
    message = message === undefined ? '' : String(message);
    return !name ? message : !message ? name : `${name}: ${message}`;
  };
  const stackFrame = (site) => {
    const fn = site.getFunctionName() || '<anonymous>';
    if (site.isNative()) return `\n    at ${fn} (native)`;
    const file = site.getFileName();
    const line = site.getLineNumber();
    const where = file == null ? '<anonymous>' : line > 0 ? `${file}:${line}:${site.getColumnNumber()}` : String(file);
    return `\n    at ${fn} (${where})`;
  };
  // Through QuickJS's own setter (a plain property would never be called).
  Error.prepareStackTrace = (err, sites) => stackHeader(err) + sites.map(stackFrame).join('');

  function toU8(x) {
    if (x instanceof Uint8Array) return x;
    if (x instanceof ArrayBuffer) return new Uint8Array(x);
    if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
    throw new TypeError('expected a string, an ArrayBuffer or a typed array');
  }

  // ---- structuredClone: the HTML algorithm for the types functions pass around.
  function structuredCloneOf(value, options) {
    const seen = new Map();
    const fail = (what) => {
      const e = new Error(`${what} could not be cloned.`);
      e.name = 'DataCloneError';
      e.code = 25;
      throw e;
    };
    const clone = (v) => {
      if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
        if (typeof v === 'symbol') fail(String(v));
        return v;
      }
      if (typeof v === 'function') fail(String(v).slice(0, 40));
      if (seen.has(v)) return seen.get(v);
      let out;
      if (Array.isArray(v)) {
        out = new Array(v.length);
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      }
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (ArrayBuffer.isView(v)) {
        const buffer = clone(v.buffer);
        // A Buffer comes back a Uint8Array, as in Node: the tag names the standard type.
        out = v instanceof DataView ? new DataView(buffer, v.byteOffset, v.byteLength)
          : new g[v[Symbol.toStringTag]](buffer, v.byteOffset, v.length);
      } else if (v instanceof Map) {
        out = new Map();
        seen.set(v, out);
        for (const [k, x] of v) out.set(clone(k), clone(x));
        return out;
      } else if (v instanceof Set) {
        out = new Set();
        seen.set(v, out);
        for (const x of v) out.add(clone(x));
        return out;
      } else if (v instanceof Error) {
        const Ctor = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError }[v.name] || Error;
        out = new Ctor(v.message);
        seen.set(v, out);
        if (v.stack !== undefined) out.stack = v.stack;
        if ('cause' in v) out.cause = clone(v.cause);
        return out;
      } else if (v instanceof Boolean || v instanceof Number || v instanceof String) out = Object(v.valueOf());
      else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) fail(`#<${v.constructor.name}>`);
      else {
        out = {};
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      }
      seen.set(v, out);
      return out;
    };
    if (arguments.length === 0) throw new TypeError("The \"value\" argument must be specified");
    void options;
    return clone(value);
  }

  // ---- console: Node-like formatting, lines go to the host's log with function and requestId.
  const IDENT = /^[A-Za-z_$][\w$]*$/;
  const INSPECT = Symbol.for('nodejs.util.inspect.custom');
  function inspect(v, seen, depth) {
    if (v === null) return 'null';
    const t = typeof v;
    if (t === 'string') return depth ? JSON.stringify(v) : v;
    if (t === 'undefined') return 'undefined';
    if (t === 'bigint') return `${v}n`;
    if (t === 'symbol') return v.toString();
    if (t === 'function') return `[Function: ${v.name || '(anonymous)'}]`;
    if (t !== 'object') return String(v);
    if (v instanceof Error) return `${v.name}: ${v.message}${v.stack ? '\n' + v.stack.trimEnd() : ''}`;
    if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (typeof v[INSPECT] === 'function') return String(v[INSPECT]());
    if (seen.has(v)) return '[Circular]';
    if (depth > 4) return Array.isArray(v) ? '[Array]' : '[Object]';
    seen.add(v);
    let out;
    if (Array.isArray(v)) {
      out = v.length ? `[ ${v.map((x) => inspect(x, seen, depth + 1)).join(', ')} ]` : '[]';
    } else if (v instanceof Map) {
      const items = [...v].map(([k, x]) => `${inspect(k, seen, depth + 1)} => ${inspect(x, seen, depth + 1)}`);
      out = `Map(${v.size}) {${items.length ? ' ' + items.join(', ') + ' ' : ''}}`;
    } else if (v instanceof Set) {
      const items = [...v].map((x) => inspect(x, seen, depth + 1));
      out = `Set(${v.size}) {${items.length ? ' ' + items.join(', ') + ' ' : ''}}`;
    } else if (ArrayBuffer.isView(v)) {
      out = `${v.constructor.name}(${v.length}) [ ${Array.from(v.slice(0, 50)).join(', ')}${v.length > 50 ? ', ...' : ''} ]`;
    } else {
      const keys = Object.keys(v);
      const body = keys.map((k) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${inspect(v[k], seen, depth + 1)}`);
      out = keys.length ? `{ ${body.join(', ')} }` : '{}';
    }
    seen.delete(v);
    return out;
  }
  function format(args) {
    let first = args[0];
    let rest = args.slice(1);
    if (typeof first === 'string' && first.includes('%') && rest.length) {
      first = first.replace(/%[sdifjoOc%]/g, (m) => {
        if (m === '%%') return '%';
        if (!rest.length) return m;
        const a = rest.shift();
        switch (m) {
          case '%s': return typeof a === 'string' ? a : inspect(a, new Set(), 1);
          case '%d': case '%i': return String(m === '%i' ? parseInt(a) : Number(a));
          case '%f': return String(parseFloat(a));
          case '%j': try { return JSON.stringify(a); } catch { return '[Circular]'; }
          case '%c': return '';
          default: return inspect(a, new Set(), 1);
        }
      });
    }
    return [first, ...rest].map((a) => inspect(a, new Set(), 0)).join(' ');
  }
  const timers = new Map();
  const log = (level) => (...args) => n.log(level, format(args));
  define(g, 'console', {
    log: log('info'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug'), trace: log('debug'),
    dir: (v) => n.log('info', inspect(v, new Set(), 0)),
    assert: (cond, ...a) => { if (!cond) n.log('error', 'Assertion failed' + (a.length ? ': ' + format(a) : '')); },
    time: (label = 'default') => { timers.set(label, Date.now()); },
    timeEnd: (label = 'default') => {
      const t = timers.get(label);
      if (t !== undefined) { timers.delete(label); n.log('info', `${label}: ${Date.now() - t}ms`); }
    },
  });

  // ---- timers: run on the worker's event loop; callbacks are attributed to the invocation that set them.
  // The host's timers by numeric id; the globals are Node's Timeout objects over them (node:timers,
  // made on first use: packages call `.unref()` and `.refresh()` on what setTimeout returns).
  const timer = (repeat) => (cb, ms, ...args) => {
    if (typeof cb !== 'function') throw new TypeError('the callback must be a function');
    return n.timer(Number(ms) || 0, repeat, args.length ? () => cb(...args) : cb);
  };
  // Ids are positive integers; anything else (-1 as a "no timer" mark, NaN) clears nothing, as in Node.
  const clear = (id) => { if (typeof id === 'number' && id > 0 && id <= 0xffffffff) n.clearTimer(id); };
  const rawTimers = { setTimeout: timer(false), setInterval: timer(true), clearTimeout: clear, clearInterval: clear };
  if (typeof g.queueMicrotask !== 'function') define(g, 'queueMicrotask', (cb) => { Promise.resolve().then(cb); });

  // ---- TextEncoder / TextDecoder (UTF-8)
  const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  const wellFormed = (s) => (typeof s.isWellFormed === 'function' ? (s.isWellFormed() ? s : s.toWellFormed()) : s.replace(LONE, '\uFFFD'));
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    // A lone surrogate cannot cross into Rust as UTF-8: it becomes U+FFFD first, as WHATWG says.
    encode(s = '') { return n.utf8Encode(wellFormed(String(s))); }
  }
  class TextDecoder {
    constructor(label = 'utf-8', options = {}) {
      const l = String(label).trim().toLowerCase();
      if (l !== 'utf-8' && l !== 'utf8' && l !== 'unicode-1-1-utf-8') throw new RangeError(`the encoding '${label}' is not supported`);
      this.fatal = !!options.fatal;
    }
    get encoding() { return 'utf-8'; }
    decode(input) { return input === undefined ? '' : n.utf8Decode(toU8(input), this.fatal); }
  }
  define(g, 'TextEncoder', TextEncoder);
  define(g, 'TextDecoder', TextDecoder);

  // ---- URLSearchParams (WHATWG form encoding) and URL (parsed natively by the `url` crate)
  const decode = (s) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
  const encode = (s) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  class URLSearchParams {
    constructor(init = '') {
      this._list = [];
      this._url = null;
      if (typeof init === 'string') this._parse(init);
      else if (init instanceof URLSearchParams) this._list = init._list.map((p) => [...p]);
      else if (init && typeof init[Symbol.iterator] === 'function') for (const [k, v] of init) this._list.push([String(k), String(v)]);
      else if (init && typeof init === 'object') for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
    }
    _parse(s) {
      this._list = [];
      for (const part of (s.startsWith('?') ? s.slice(1) : s).split('&')) {
        if (!part) continue;
        const i = part.indexOf('=');
        this._list.push(i < 0 ? [decode(part), ''] : [decode(part.slice(0, i)), decode(part.slice(i + 1))]);
      }
    }
    _changed() { if (this._url) this._url._setSearch(this.toString()); }
    get size() { return this._list.length; }
    append(k, v) { this._list.push([String(k), String(v)]); this._changed(); }
    delete(k, v) { this._list = this._list.filter(([a, b]) => a !== String(k) || (v !== undefined && b !== String(v))); this._changed(); }
    get(k) { const p = this._list.find(([a]) => a === String(k)); return p ? p[1] : null; }
    getAll(k) { return this._list.filter(([a]) => a === String(k)).map(([, b]) => b); }
    has(k, v) { return this._list.some(([a, b]) => a === String(k) && (v === undefined || b === String(v))); }
    set(k, v) {
      k = String(k);
      const i = this._list.findIndex(([a]) => a === k);
      if (i < 0) this._list.push([k, String(v)]);
      else { this._list[i][1] = String(v); this._list = this._list.filter(([a], j) => a !== k || j === i); }
      this._changed();
    }
    sort() { this._list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); this._changed(); }
    forEach(cb, self) { for (const [k, v] of this._list) cb.call(self, v, k, this); }
    keys() { return this._list.map(([k]) => k)[Symbol.iterator](); }
    values() { return this._list.map(([, v]) => v)[Symbol.iterator](); }
    entries() { return this._list.map(([k, v]) => [k, v])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return this._list.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'); }
  }
  const URL_PARTS = ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash', 'origin'];
  class URL {
    constructor(input, base) {
      const parts = base === undefined ? n.urlParse(String(input)) : n.urlParse(String(input), String(base));
      if (!parts) throw new TypeError(`Invalid URL: ${input}`);
      this._apply(parts);
    }
    _apply(parts) {
      this._p = parts;
      if (this._sp) this._sp._parse(parts[8]);
    }
    _setSearch(s) { this._p = n.urlSet(this._p[0], 'search', s) || this._p; }
    get searchParams() {
      if (!this._sp) { this._sp = new URLSearchParams(this._p[8]); this._sp._url = this; }
      return this._sp;
    }
    toString() { return this._p[0]; }
    toJSON() { return this._p[0]; }
    static canParse(input, base) { try { new URL(input, base); return true; } catch { return false; } }
  }
  URL_PARTS.forEach((name, i) => {
    const desc = { configurable: true, enumerable: true, get() { return this._p[i]; } };
    if (name !== 'origin') {
      desc.set = function (v) {
        const parts = n.urlSet(this._p[0], name, String(v));
        if (!parts && name === 'href') throw new TypeError(`Invalid URL: ${v}`);
        if (parts) this._apply(parts);
      };
    }
    Object.defineProperty(URL.prototype, name, desc);
  });
  define(g, 'URLSearchParams', URLSearchParams);
  define(g, 'URL', URL);


  // ---- ObjectId: the driver's class, keeping its id as a lowercase hex string under a symbol
  // the database bridge reads (and writes when it makes one from a stored id).
  const OID = Symbol('ObjectId.hex');
  const HEX24 = /^[0-9a-fA-F]{24}$/;
  const hexOf = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  class ObjectId {
    constructor(id) {
      if (id !== null && typeof id === 'object' && 'id' in id && typeof id.toHexString === 'function') id = id.toHexString();
      if (id === undefined || id === null || typeof id === 'number') this[OID] = n.oidNew(id ?? undefined);
      else if (typeof id === 'string' && HEX24.test(id)) this[OID] = id.toLowerCase();
      else if (ArrayBuffer.isView(id) && id.byteLength === 12) this[OID] = hexOf(new Uint8Array(id.buffer, id.byteOffset, 12));
      else if (typeof id === 'string') throw new TypeError('input must be a 24 character hex string, 12 byte Uint8Array, or an integer');
      else throw new TypeError('Argument passed in does not match the accepted types');
    }
    get _bsontype() { return 'ObjectId'; }
    get id() { const h = this[OID]; const b = new Uint8Array(12); for (let i = 0; i < 12; i++) b[i] = parseInt(h.substr(i * 2, 2), 16); return b; }
    toHexString() { return this[OID]; }
    toString() { return this[OID]; }
    toJSON() { return this[OID]; }
    equals(other) {
      if (other === undefined || other === null) return false;
      if (other instanceof ObjectId) return other[OID] === this[OID];
      if (typeof other === 'string') return other.toLowerCase() === this[OID];
      if (typeof other === 'object' && typeof other.toHexString === 'function') {
        const h = other.toHexString();
        return typeof h === 'string' && h.toLowerCase() === this[OID];
      }
      return false;
    }
    getTimestamp() { return new Date(parseInt(this[OID].slice(0, 8), 16) * 1000); }
    get generationTime() { return parseInt(this[OID].slice(0, 8), 16); }
    inspect() { return `new ObjectId("${this[OID]}")`; }
    [Symbol.for('nodejs.util.inspect.custom')]() { return this.inspect(); }
    static isValid(id) {
      if (id === undefined || id === null) return false;
      if (typeof id === 'string') return HEX24.test(id);
      try { new ObjectId(id); return true; } catch { return false; }
    }
    static createFromHexString(hex) {
      if (typeof hex !== 'string' || !HEX24.test(hex)) throw new TypeError('hex string must be 24 characters');
      return new ObjectId(hex);
    }
    static createFromTime(seconds) { return new ObjectId((seconds >>> 0).toString(16).padStart(8, '0') + '0000000000000000'); }
    static generate(seconds) { return n.oidNew(seconds); }
  }
  Object.defineProperty(ObjectId.prototype, Symbol.toStringTag, { value: 'ObjectId', configurable: true });
  n.oidInit(ObjectId.prototype, OID);
  define(g, 'ObjectId', ObjectId);

  // ---- the database: db-ql (`cloud.database()`) and the driver style (`cloud.mongo.db`), both in
  // their own files, parsed when a function first uses them.
  let dbApis = null;
  const databases = () => {
    if (dbApis === null) {
      const [mongo, dbql] = n.dbLoad();
      const m = mongo(n.dbExec(false), ObjectId, n.appid);
      dbApis = { mongo: m, dbql: dbql(n.dbExec(true), ObjectId, m.OP, n.oidNew) };
    }
    return dbApis;
  };

  // ---- storage (`cloud.storage`), in its own file, parsed when a function first uses it.
  let storageApi = null;
  // A `readFile` result (or its Body) -> the host handle of its body: returned from a function, it
  // is answered with the object, streamed from storage. A handle only reads its body; sending one
  // takes `n.stSend`, which only `finish` calls, with its own invocation's id. The map is private
  // and used through WeakMap's own methods, taken before any function runs.
  const senders = new WeakMap();
  const { get: wmGet, set: wmSet } = WeakMap.prototype;
  const apply = Reflect.apply;
  const sendable = (value, handle) => { apply(wmSet, senders, [value, handle]); };
  const storage = () => (storageApi ??= n.stLoad()(n.stExec, n.stRead, n.stUrl, n.stName, toU8, sendable));

  // ---- @lafjs/cloud
  const shared = {
    get(k) { const s = n.sharedGet(String(k)); return s === undefined ? undefined : JSON.parse(s); },
    set(k, v) { const s = JSON.stringify(v); n.sharedSet(String(k), s === undefined ? 'null' : s); return shared; },
    has(k) { return n.sharedHas(String(k)); },
    delete(k) { return n.sharedDelete(String(k)); },
    clear() { n.sharedClear(); },
    get size() { return n.sharedKeys().length; },
    keys() { return n.sharedKeys()[Symbol.iterator](); },
    values() { return n.sharedKeys().map((k) => shared.get(k))[Symbol.iterator](); },
    entries() { return n.sharedKeys().map((k) => [k, shared.get(k)])[Symbol.iterator](); },
    forEach(cb, self) { for (const [k, v] of shared.entries()) cb.call(self, v, k, shared); },
    [Symbol.iterator]() { return shared.entries(); },
  };
  // ---- WebSockets: one object per connection (by the host's socket id), as `ws` gives Node.
  const sockets = new Map();
  class LafSocket {
    constructor(id) { define(this, '_id', id); }
    get id() { return this._id; }
    get readyState() { return n.wsOpen(this._id) ? 1 : 3; }
    send(data) {
      if (typeof data === 'string') return n.wsSend(this._id, data);
      if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return n.wsSend(this._id, toU8(data));
      return n.wsSend(this._id, String(data));
    }
    close(code, reason) { n.wsClose(this._id, code === undefined ? undefined : Number(code), reason === undefined ? undefined : String(reason)); }
  }
  const socketFor = (id) => {
    let s = sockets.get(id);
    if (s === undefined) { s = new LafSocket(id); sockets.set(id, s); }
    return s;
  };
  const openSockets = () => {
    const ids = n.wsList();
    const live = new Set(ids);
    for (const id of sockets.keys()) if (!live.has(id)) sockets.delete(id);
    return new Set(ids.map(socketFor));
  };
  // Only the fields a callee can take: a whole ctx need not be serialisable.
  const invokeParam = (p) => {
    if (p === undefined || p === null || typeof p !== 'object') return undefined;
    const picked = {};
    for (const k of ['body', 'query', 'headers', 'method']) if (p[k] !== undefined) picked[k] = p[k];
    return JSON.stringify(picked);
  };

  const cloud = {
    get appid() { return n.appid; },
    get env() { return n.env(); },
    get sockets() { return openSockets(); },
    getToken(payload, secret) { return n.tokenSign(JSON.stringify(payload ?? {}), secret === undefined || secret === null ? undefined : String(secret)); },
    parseToken(token, secret) {
      if (typeof token !== 'string' || !token) return null;
      return n.tokenParse(token, secret === undefined || secret === null ? undefined : String(secret));
    },
    invoke(name, param) { return n.invoke(String(name), invokeParam(param)); },
    shared,
    database() { return databases().dbql; },
    get mongo() { return databases().mongo.api; },
    get storage() { return storage(); },
    // Laf's axios instance, built on first use.
    get fetch() { return nodeLoad('internal/cloudfetch'); },
  };
  define(cloud, 'default', cloud);
  define(g, '__lafCloud', cloud);
  // ---- Node built-ins (src/node): evaluated on first require/import, once per app context.
  const nodeModules = new Map();
  const BUILTINS = new Set(n.nodeBuiltins);
  const nodeName = (name) => {
    const id = name.startsWith('node:') ? name.slice(5) : name;
    return BUILTINS.has(id) || id === 'process' ? id : null;
  };
  function nodeNatives(id) {
    // Laf's runtime sets APPID in every app's environment.
    const envGet = (k) => n.envGet(k) ?? (k === 'APPID' ? n.appid : undefined);
    const envKeys = () => { const k = n.envKeys(); if (!k.includes('APPID')) k.push('APPID'); return k; };
    if (id === 'process') return Object.assign(n.nodeNatives(id), { env: { get: envGet, keys: envKeys } });
    if (id === 'net' || id === 'tls') return { connect: n.netConnect, upgrade: n.netUpgrade, write: n.netWrite, close: n.netClose };
    if (id === 'dns') return { lookup: n.dnsLookup };
    if (id === 'timers') return rawTimers;
    if (id === 'http' || id === 'https' || id === 'internal/fetch') return { fetch: n.fetch };
    if (id === 'internal/modules') {
      return {
        resolve: n.pkgResolve, setOf: n.pkgSetOf, compile: n.pkgCompile, read: n.pkgRead,
        builtin: (name) => nodeName(name) !== null, requireBuiltin: nodeRequire, cloud: ownModule,
      };
    }
    if (id === 'module') return { builtins: n.nodeBuiltins, createRequire: (f) => nodeLoad('internal/modules').createRequire('', f) };
    return n.nodeNatives(id) ?? undefined;
  }
  function nodeRequire(name) {
    const id = nodeName(String(name));
    if (id === null) {
      const e = new Error(`Cannot find module '${name}'`);
      e.code = 'MODULE_NOT_FOUND';
      throw e;
    }
    return nodeLoad(id);
  }
  // What built-ins require: the public ones, and the runtime's own `internal/` modules.
  const builtinRequire = (name) => (String(name).startsWith('internal/') ? nodeLoad(String(name)) : nodeRequire(name));
  function nodeLoad(id) {
    let m = nodeModules.get(id);
    if (m) return m.exports;
    const factory = n.nodeSource(id);
    m = { exports: {}, id: `node:${id}`, loaded: false };
    nodeModules.set(id, m);
    try {
      factory(m.exports, builtinRequire, m, nodeNatives(id));
    } catch (e) {
      nodeModules.delete(id);
      throw e;
    }
    m.loaded = true;
    return m.exports;
  }
  define(g, '__lafNode', nodeRequire);
  // What a function's `require` gives for the host's own modules (undefined: not one of them).
  function ownModule(name) {
    if (name === '@lafjs/cloud' || name === '@/cloud-sdk') return cloud;
    if (name === 'mongodb') return g.__lafMongodb;
    return undefined;
  }
  // A function module's `require` (see compile.rs): `base` is the module's name. Built-ins and the
  // host's modules are answered here; packages load the CommonJS loader on first use.
  define(g, '__lafRequireFor', (base) => {
    let loaded;
    const packages = () => (loaded ??= nodeLoad('internal/modules').requireFor(base));
    const req = function require(name) {
      const key = String(name);
      const own = ownModule(key);
      if (own !== undefined) return own;
      if (nodeName(key) !== null) return nodeRequire(key);
      return packages()(name);
    };
    req.resolve = (name) => (nodeName(String(name)) !== null ? String(name) : packages().resolve(name));
    req.main = undefined;
    Object.defineProperty(req, 'cache', { enumerable: true, get: () => packages().cache });
    return req;
  });
  // What `import` of a CommonJS or JSON package file gets (engine/loader.rs builds the ES module).
  define(g, '__lafPkgExports', (name, format, filename, set) => nodeLoad('internal/modules').loadForImport(name, format, filename, set));
  // Node's globals, made on first touch so a function that uses none pays nothing.
  const lazyGlobal = (name, make) => Object.defineProperty(g, name, {
    configurable: true,
    enumerable: false,
    get() { const v = make(); define(g, name, v); return v; },
    set(v) { define(g, name, v); },
  });
  define(g, 'global', g);
  // fetch and its classes (WHATWG semantics, FormData as multipart, AbortSignal) through the host's
  // HTTP client, built on first use.
  for (const name of ['fetch', 'Headers', 'Request', 'Response', 'FormData']) lazyGlobal(name, () => nodeLoad('internal/fetch')[name]);
  for (const name of ['Blob', 'File']) if (typeof g[name] !== 'function') lazyGlobal(name, () => nodeRequire('buffer')[name]);
  // What `import ... from 'mongodb'` gives: ObjectId and the driver's value types.
  lazyGlobal('__lafMongodb', () => ({ ObjectId, ObjectID: ObjectId, ...nodeLoad('internal/bson') }));
  // Intl (QuickJS has none): en and zh rules (src/node/internal_intl.js), loaded on first use of
  // `Intl` or of a toLocale* method, which it then replaces with its own.
  if (typeof g.Intl !== 'object') {
    let intl;
    const loadIntl = () => {
      if (!intl) {
        intl = nodeLoad('internal/intl');
        intl.install(g);
        delete intl.install;
      }
      return intl;
    };
    lazyGlobal('Intl', loadIntl);
    const lazy = [[Number.prototype, ['toLocaleString']], [BigInt.prototype, ['toLocaleString']],
      [Date.prototype, ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']],
      [String.prototype, ['localeCompare']], [Array.prototype, ['toLocaleString']]];
    for (const [proto, names] of lazy) {
      for (const name of names) {
        const stub = {
          [name](...args) {
            loadIntl();
            return proto[name] === stub ? undefined : proto[name].apply(this, args);
          },
        }[name];
        define(proto, name, stub);
      }
    }
  }
  // Node's globals from stream/web and worker_threads (packages such as undici take them at load).
  for (const name of ['ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader', 'ReadableByteStreamController',
    'ReadableStreamDefaultController', 'WritableStream', 'WritableStreamDefaultWriter', 'WritableStreamDefaultController',
    'TransformStream', 'TransformStreamDefaultController', 'TextEncoderStream', 'TextDecoderStream', 'CompressionStream',
    'DecompressionStream', 'ByteLengthQueuingStrategy', 'CountQueuingStrategy']) {
    if (typeof g[name] !== 'function') lazyGlobal(name, () => nodeRequire('stream/web')[name]);
  }
  for (const name of ['MessageChannel', 'MessagePort', 'BroadcastChannel']) {
    if (typeof g[name] !== 'function') lazyGlobal(name, () => nodeRequire('worker_threads')[name]);
  }
  for (const name of ['Event', 'CustomEvent', 'EventTarget', 'AbortController', 'AbortSignal', 'DOMException']) {
    if (typeof g[name] !== 'function') lazyGlobal(name, () => nodeLoad('internal/web')[name]);
  }
  lazyGlobal('process', () => nodeRequire('process'));
  lazyGlobal('Buffer', () => nodeRequire('buffer').Buffer);
  lazyGlobal('atob', () => nodeRequire('buffer').atob);
  lazyGlobal('btoa', () => nodeRequire('buffer').btoa);
  for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']) {
    lazyGlobal(name, () => nodeRequire('timers')[name]);
  }
  lazyGlobal('performance', () => nodeRequire('perf_hooks').performance);
  lazyGlobal('crypto', () => nodeRequire('crypto').webcrypto);
  if (typeof g.structuredClone !== 'function') define(g, 'structuredClone', structuredCloneOf);

  // ---- ctx and ctx.response (the Express-style subset Laf functions use)
  const HTML = 'text/html; charset=utf-8';
  const JSONT = 'application/json; charset=utf-8';
  const TYPES = { html: HTML, text: 'text/plain; charset=utf-8', json: JSONT, js: 'application/javascript; charset=utf-8', css: 'text/css; charset=utf-8', xml: 'application/xml', bin: 'application/octet-stream', png: 'image/png', jpg: 'image/jpeg', svg: 'image/svg+xml' };
  // Laf's mapping: nothing -> empty, string/number -> text/html, bytes -> octet-stream, else JSON.
  // Content types travel to Rust as small numbers (index in CT_NAMES), so the common answer needs
  // no header array.
  const CT_NAMES = [undefined, JSONT, HTML, 'application/octet-stream'];
  // encodeBody returns the body and leaves its content type here: no array, and no iterator
  // protocol for destructuring one, on the hot path.
  let bodyType = 0;
  function encodeBody(v) {
    if (v === undefined || v === null) { bodyType = 0; return null; }
    if (typeof v === 'string') { bodyType = 2; return v; }
    if (typeof v === 'number' || typeof v === 'bigint') { bodyType = 2; return String(v); }
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) { bodyType = 3; return toU8(v); }
    if (typeof v === 'function' || typeof v === 'symbol') { bodyType = 0; return null; }
    // Objects, arrays and booleans: the host writes the JSON (plain data directly, the rest
    // through JSON.stringify), saving a JavaScript string per response.
    bodyType = 1;
    return v;
  }
  const ID = Symbol('laf.id');
  const RES = Symbol('laf.response');
  class LafResponse {
    constructor(id) {
      this[ID] = id;
      this.statusCode = 200;
      this._h = new Map();
      this.finished = false;
      this._streaming = false;
    }
    get headersSent() { return this.finished || this._streaming; }
    status(code) { this.statusCode = code; return this; }
    sendStatus(code) { this.statusCode = code; return this.send(String(code)); }
    setHeader(name, value) {
      this._h.set(String(name).toLowerCase(), [String(name), Array.isArray(value) ? value.map(String) : String(value)]);
      return this;
    }
    set(name, value) {
      if (name && typeof name === 'object') { for (const k of Object.keys(name)) this.setHeader(k, name[k]); return this; }
      return this.setHeader(name, value);
    }
    header(name, value) { return this.set(name, value); }
    append(name, value) {
      const prev = this._h.get(String(name).toLowerCase());
      return this.setHeader(name, prev ? [].concat(prev[1], value) : value);
    }
    getHeader(name) { const e = this._h.get(String(name).toLowerCase()); return e && e[1]; }
    get(name) { return this.getHeader(name); }
    hasHeader(name) { return this._h.has(String(name).toLowerCase()); }
    removeHeader(name) { this._h.delete(String(name).toLowerCase()); return this; }
    getHeaders() { const o = {}; for (const [k, [, v]] of this._h) o[k] = v; return o; }
    type(t) { return this.setHeader('Content-Type', String(t).includes('/') ? t : TYPES[t] ?? 'application/octet-stream'); }
    contentType(t) { return this.type(t); }
    location(url) { return this.setHeader('Location', url); }
    redirect(a, b) {
      const [code, url] = typeof a === 'number' ? [a, b] : [302, a];
      this.statusCode = code;
      this.setHeader('Location', url);
      return this.end();
    }
    cookie(name, value, opts = {}) {
      const v = typeof value === 'object' ? 'j:' + JSON.stringify(value) : String(value);
      let c = `${name}=${encodeURIComponent(v)}`;
      if (opts.maxAge != null) {
        c += `; Max-Age=${Math.floor(opts.maxAge / 1000)}`;
        if (!opts.expires) opts = { ...opts, expires: new Date(Date.now() + opts.maxAge) };
      }
      if (opts.domain) c += `; Domain=${opts.domain}`;
      c += `; Path=${opts.path ?? '/'}`;
      if (opts.expires) c += `; Expires=${new Date(opts.expires).toUTCString()}`;
      if (opts.httpOnly) c += '; HttpOnly';
      if (opts.secure) c += '; Secure';
      if (opts.sameSite) c += `; SameSite=${opts.sameSite === true ? 'Strict' : opts.sameSite[0].toUpperCase() + opts.sameSite.slice(1)}`;
      return this.append('Set-Cookie', c);
    }
    clearCookie(name, opts = {}) { return this.cookie(name, '', { ...opts, expires: new Date(0), maxAge: undefined }); }
    _flat() {
      const out = [];
      for (const [, [name, v]] of this._h) {
        if (Array.isArray(v)) for (const x of v) out.push(name, x);
        else out.push(name, v);
      }
      return out;
    }
    send(body) {
      if (this.finished) return this;
      if (this._streaming) { if (body != null) this.write(body); return this.end(); }
      const b = encodeBody(body);
      if (bodyType && !this._h.has('content-type')) this.setHeader('Content-Type', CT_NAMES[bodyType]);
      this.finished = true;
      n.respond(this[ID], this.statusCode, this._flat(), b, 0);
      return this;
    }
    json(v) {
      if (!this._h.has('content-type')) this.setHeader('Content-Type', JSONT);
      return this.send(JSON.stringify(v) ?? '');
    }
    write(chunk) {
      if (this.finished) return false;
      this._streaming = true;
      return n.write(this[ID], this.statusCode, this._flat(), typeof chunk === 'string' ? chunk : toU8(chunk));
    }
    end(chunk) {
      if (this.finished) return this;
      if (!this._streaming) {
        this.finished = true;
        n.respond(this[ID], this.statusCode, this._flat(), chunk == null ? null : typeof chunk === 'string' ? chunk : toU8(chunk), 0);
        return this;
      }
      if (chunk != null) this.write(chunk);
      this.finished = true;
      n.end(this[ID]);
      return this;
    }
  }

  // Methods travel as small numbers (0: ask the host), so a call creates no string for them.
  const METHODS = [undefined, 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
  // The ctx prototype: lazy members below; instances are object literals (cheaper than `new`).
  class Ctx {}
  // Parsed on first access, then cached in a hidden slot: a function that never reads the body
  // never pays for parsing it.
  // Names assigned on a ctx (`ctx.user = ...`), which `next(ctx)` hands to the function.
  const CHANGED = Symbol('laf.changed');
  const lazy = (name, compute) => {
    const slot = Symbol(name);
    Object.defineProperty(Ctx.prototype, name, {
      configurable: true,
      enumerable: true,
      get() {
        let v = this[slot];
        if (v === undefined) this[slot] = v = compute(this);
        return v;
      },
      set(v) { this[slot] = v; (this[CHANGED] ??= new Set()).add(name); },
    });
  };
  lazy('query', (c) => n.query(c[ID]));
  lazy('headers', (c) => n.headers(c[ID]));
  lazy('body', (c) => n.body(c[ID]));
  lazy('params', (c) => n.params(c[ID]));
  lazy('user', (c) => n.user(c[ID]));
  lazy('socket', (c) => { const id = n.wsOf(c[ID]); return id === undefined ? undefined : socketFor(id); });
  // As multer's `req.files`: an array for a multipart request, undefined for any other.
  lazy('files', (c) => n.files(c[ID]));
  lazy('response', (c) => (c[RES] = new LafResponse(c[ID])));
  lazy('request', (c) => ({
    method: c.method,
    path: c.path,
    get headers() { return c.headers; },
    get query() { return c.query; },
    get body() { return c.body; },
    get(name) { return c.headers[String(name).toLowerCase()]; },
  }));

  // Sends what the function returned, unless it already answered through ctx.response.
  function finish(c, value) {
    const r = c[RES];
    // An interceptor returning what `next` gave answers with that function's whole response.
    if (c[NEXTED] === true && unchangedNext(c, value) && !(r && (r.finished || r._streaming)) && n.nextSend(c[ID])) return;
    const stored = storageApi !== null && value !== null && typeof value === 'object' ? apply(wmGet, senders, [value]) : undefined;
    if (stored !== undefined && !(r && (r.finished || r._streaming))) {
      if (r) r.finished = true;
      n.stSend(c[ID], stored, r ? r.statusCode : 200, r ? r._flat() : null);
      return;
    }
    if (r) {
      if (r.finished) return;
      if (r._streaming) { r.end(); return; }
      r.send(value);
      return;
    }
    const body = encodeBody(value);
    n.respond(c[ID], 200, null, body, bodyType);
  }

  // Calls the function; a synchronous result is sent at once, a thenable is returned to the host,
  // which finishes it itself when it settles while the jobs drain, or hands it to `later`.
  const NEXTED = Symbol('laf.nexted');
  const NEXTV = Symbol('laf.nextValue');
  const NEXTS = Symbol('laf.nextSnapshot');
  const NEXT_FIELDS = ['user', 'body', 'query', 'headers'];
  const snapshot = (v) => { if (v === null || typeof v !== 'object') return undefined; try { return JSON.stringify(v); } catch { return null; } };
  // What the interceptor changed of the request: names assigned on the ctx, or the fields of a
  // plain object it passes instead (`next({ ...ctx, user })`).
  const changesOf = (c, arg) => {
    const t = arg !== null && typeof arg === 'object' ? arg : c;
    const own = Object.getPrototypeOf(t) === CtxProto ? t[CHANGED] : new Set(NEXT_FIELDS.filter((k) => Object.prototype.hasOwnProperty.call(t, k)));
    if (!own || own.size === 0) return undefined;
    const out = {};
    for (const k of NEXT_FIELDS) if (own.has(k)) out[k] = t[k] === undefined ? null : t[k];
    return JSON.stringify(out);
  };
  const nextOf = (c) => (arg) => n.next(c[ID], changesOf(c, arg)).then((v) => {
    c[NEXTED] = true; c[NEXTV] = v; c[NEXTS] = snapshot(v);
    return v;
  });
  // The value `next` gave, returned unchanged (an object the interceptor modified is sent as data).
  const unchangedNext = (c, value) => c[NEXTED] === true && value === c[NEXTV] && snapshot(value) === c[NEXTS];
  function run(fn, c) {
    const v = fn(c);
    if (v !== null && typeof v === 'object' && typeof v.then === 'function') return v;
    finish(c, v);
    return undefined;
  }
  function intercept(fn, c) {
    const v = fn(c, nextOf(c));
    if (v !== null && typeof v === 'object' && typeof v.then === 'function') return v;
    finish(c, v);
    return undefined;
  }

  function later(c, v) {
    v.then((r) => { try { finish(c, r); } catch (e) { n.fail(c[ID], e); } }, (e) => n.fail(c[ID], e));
  }

  const CtxProto = Ctx.prototype;
  const makeCtx = (id, method, fn, requestId, path) => ({
    __proto__: CtxProto,
    [ID]: id,
    __function_name: fn,
    requestId,
    method: METHODS[method] ?? n.info(id, 'method'),
    path,
  });
  return { makeCtx, run, finish, later, intercept };
})
