// Node's `process` for cloud functions: the app's environment (live), timing, and the facts packages
// probe. There is no process to exit, signal or spawn from: those calls fail saying so.
(function (exports, require, module, native) {
  'use strict';
  const EventEmitter = require('events');
  const env = native.env;
  const no = (what) => function () {
    const e = new Error(`process.${what} is not available to cloud functions`);
    e.code = 'ERR_NOT_AVAILABLE';
    throw e;
  };
  const process = new EventEmitter();
  // Reads go to the app's environment as it is now; writes stay in this app's context, as they
  // would in Laf's per-app Node process.
  const set = new Map();
  const removed = new Set();
  const envProxy = new Proxy(Object.create(null), {
    get(_t, k) {
      if (typeof k !== 'string') return undefined;
      if (set.has(k)) return set.get(k);
      return removed.has(k) ? undefined : env.get(k) ?? undefined;
    },
    set(_t, k, v) {
      if (typeof k !== 'string') return false;
      set.set(k, String(v));
      removed.delete(k);
      return true;
    },
    deleteProperty(_t, k) {
      set.delete(k);
      removed.add(k);
      return true;
    },
    has(_t, k) {
      return typeof k === 'string' && (set.has(k) || (!removed.has(k) && env.get(k) != null));
    },
    ownKeys() {
      const keys = new Set(env.keys().filter((k) => !removed.has(k)));
      for (const k of set.keys()) keys.add(k);
      return [...keys];
    },
    getOwnPropertyDescriptor(t, k) {
      const value = this.get(t, k);
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
  });
  // process.nextTick as Node orders it: ticks run in one batch, and ticks queued by ticks run in
  // that batch, before any promise job queued meanwhile. Streams use this queue too.
  const ticks = [];
  let head = 0;
  let scheduled = false;
  function runTicks() {
    try {
      while (head < ticks.length) {
        const fn = ticks[head], args = ticks[head + 1];
        ticks[head] = ticks[head + 1] = undefined;
        head += 2;
        if (head > 4000 && head * 2 > ticks.length) { ticks.splice(0, head); head = 0; }
        if (args === undefined) fn();
        else fn(...args);
      }
    } finally {
      if (head < ticks.length) queueMicrotask(runTicks);
      else { ticks.length = 0; head = 0; scheduled = false; }
    }
  }
  function nextTick(fn, ...args) {
    if (typeof fn !== 'function') {
      const e = new TypeError(`The "callback" argument must be of type function. Received ${fn === null ? 'null' : typeof fn}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    ticks.push(fn, args.length ? args : undefined);
    if (!scheduled) { scheduled = true; queueMicrotask(runTicks); }
  }
  const info = native.info();
  const hrtime = (previous) => {
    const [s, ns] = native.hrtime();
    if (!previous) return [s, ns];
    let ds = s - previous[0], dns = ns - previous[1];
    if (dns < 0) { ds -= 1; dns += 1e9; }
    return [ds, dns];
  };
  hrtime.bigint = () => {
    const [s, ns] = native.hrtime();
    return BigInt(s) * 1000000000n + BigInt(ns);
  };
  const write = (level) => ({
    write(chunk, encoding, cb) {
      const text = typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
      console[level](text.endsWith('\n') ? text.slice(0, -1) : text);
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') queueMicrotask(done);
      return true;
    },
    isTTY: false,
    columns: 80,
    fd: level === 'log' ? 1 : 2,
    on() { return this; },
    once() { return this; },
    end() {},
  });
  Object.assign(process, {
    env: envProxy,
    title: 'node',
    version: 'v20.18.0',
    versions: { node: '20.18.0', modules: '115', uv: '1.46.0', quickjs: 'ng', laf: '1' },
    release: { name: 'node', lts: 'Iron' },
    platform: info.platform,
    arch: info.arch,
    pid: info.pid,
    ppid: 0,
    argv: ['/usr/local/bin/node', '/app/index.js'],
    argv0: 'node',
    execArgv: [],
    execPath: '/usr/local/bin/node',
    exitCode: undefined,
    config: { variables: {} },
    features: { inspector: false, debug: false, uv: true, ipv6: true, tls_alpn: true, tls_sni: true, tls_ocsp: false, tls: true, cached_builtins: true },
    stdout: write('log'),
    stderr: write('error'),
    stdin: { isTTY: false, on() { return this; }, resume() {}, pause() {} },
    cwd: () => '/',
    chdir: no('chdir'),
    umask: () => 0o22,
    uptime: () => native.uptime(),
    hrtime,
    // The host's resident memory: apps share one process, so there is no per-app heap figure here.
    memoryUsage: Object.assign(() => ({ rss: native.rss(), heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => native.rss() }),
    cpuUsage: () => ({ user: 0, system: 0 }),
    resourceUsage: () => ({}),
    nextTick,
    emitWarning(warning, type) {
      const text = typeof warning === 'string' ? `${type || 'Warning'}: ${warning}` : `${warning.name}: ${warning.message}`;
      console.warn(`(node) ${text}`);
    },
    exit: no('exit'),
    abort: no('abort'),
    kill: no('kill'),
    dlopen: no('dlopen'),
    binding: no('binding'),
    getuid: () => -1,
    geteuid: () => -1,
    getgid: () => -1,
    getegid: () => -1,
    getgroups: () => [],
  });
  module.exports = process;
})
