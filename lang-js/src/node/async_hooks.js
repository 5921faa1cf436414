// Node's `async_hooks`: AsyncLocalStorage, AsyncResource, executionAsyncId/triggerAsyncId/executionAsyncResource, createHook; leaves out propagation through the engine's async machinery: a store is seen in the synchronous part of run() (and in what AsyncResource/bind/snapshot wrap), not in its awaits, timers or promise callbacks; hooks never fire.
(function (exports, require, module) {
  'use strict';
  const internal = () => require('util')[Symbol.for('laf.node.internal')];
  const validateFunction = (v, name) => { if (typeof v !== 'function') internal().validateFunction(v, name); };

  // The current execution's stores: an immutable Map (AsyncLocalStorage -> store), replaced, never
  // changed, so a context captured by an AsyncResource stays as it was.
  let context = new Map();
  const disabled = new WeakSet();
  let lastId = 1;
  let currentId = 1;
  let currentTrigger = 0;
  const topResource = {};
  let currentResource = topResource;

  function within(ctx, fn, thisArg, args) {
    const prev = context;
    context = ctx;
    try {
      return Reflect.apply(fn, thisArg, args);
    } finally {
      context = prev;
    }
  }

  class AsyncResource {
    #ctx; #id; #trigger;
    constructor(type, opts = {}) {
      if (typeof type !== 'string') internal().validateString(type, 'type');
      let trigger = typeof opts === 'number' ? opts : opts === null || opts === undefined ? undefined : opts.triggerAsyncId;
      if (trigger === undefined) trigger = currentId;
      if (!Number.isSafeInteger(trigger) || trigger < -1) {
        throw internal().codedError(RangeError, 'ERR_INVALID_ASYNC_ID', `Invalid triggerAsyncId value: ${String(trigger)}`);
      }
      this.#ctx = context;
      this.#id = ++lastId;
      this.#trigger = trigger;
    }
    runInAsyncScope(fn, thisArg, ...args) {
      const saved = [currentId, currentTrigger, currentResource];
      currentId = this.#id;
      currentTrigger = this.#trigger;
      currentResource = this;
      try {
        return within(this.#ctx, fn, thisArg, args);
      } finally {
        [currentId, currentTrigger, currentResource] = saved;
      }
    }
    emitDestroy() {
      return this;
    }
    asyncId() {
      return this.#id;
    }
    triggerAsyncId() {
      return this.#trigger;
    }
    bind(fn, thisArg) {
      validateFunction(fn, 'fn');
      const resource = this;
      const bound = thisArg === undefined
        ? function bound(...args) { return resource.runInAsyncScope(fn, this, ...args); }
        : this.runInAsyncScope.bind(this, fn, thisArg);
      let self = this;
      Object.defineProperties(bound, {
        length: { value: fn.length, configurable: true, enumerable: false, writable: false },
        asyncResource: {
          configurable: true,
          enumerable: true,
          get() {
            internal().emitWarning('The asyncResource property on bound functions is deprecated', 'DeprecationWarning', 'DEP0172', 'DEP0172');
            return self;
          },
          set(v) { self = v; },
        },
      });
      return bound;
    }
    static bind(fn, type, thisArg) {
      return new AsyncResource(type || fn.name || 'bound-anonymous-fn').bind(fn, thisArg);
    }
  }

  class AsyncLocalStorage {
    static bind(fn) {
      validateFunction(fn, 'fn');
      return new AsyncResource('bound-anonymous-fn').bind(fn);
    }
    static snapshot() {
      return new AsyncResource('AsyncLocalStorageSnapshot').bind(function bound(cb, ...args) { return cb(...args); });
    }
    disable() {
      disabled.add(this);
      if (context.has(this)) {
        context = new Map(context);
        context.delete(this);
      }
    }
    getStore() {
      return disabled.has(this) ? undefined : context.get(this);
    }
    enterWith(store) {
      disabled.delete(this);
      context = new Map(context).set(this, store);
    }
    run(store, callback, ...args) {
      disabled.delete(this);
      return within(new Map(context).set(this, store), callback, undefined, args);
    }
    exit(callback, ...args) {
      if (!context.has(this)) return Reflect.apply(callback, undefined, args);
      const ctx = new Map(context);
      ctx.delete(this);
      return within(ctx, callback, undefined, args);
    }
  }

  class AsyncHook {
    enable() { return this; }
    disable() { return this; }
  }
  function createHook(callbacks) {
    const { init, before, after, destroy, promiseResolve } = callbacks;
    const given = { init, before, after, destroy, promiseResolve };
    for (const name of Object.keys(given)) {
      if (given[name] !== undefined && typeof given[name] !== 'function') {
        throw internal().codedError(TypeError, 'ERR_ASYNC_CALLBACK', `hook.${name} must be a function`);
      }
    }
    return new AsyncHook();
  }

  // Node's provider names and numbers (public data; nothing here ever reports them).
  const asyncWrapProviders = Object.create(null);
  ('NONE DIRHANDLE DNSCHANNEL ELDHISTOGRAM FILEHANDLE FILEHANDLECLOSEREQ BLOBREADER FSEVENTWRAP FSREQCALLBACK ' +
    'FSREQPROMISE GETADDRINFOREQWRAP GETNAMEINFOREQWRAP HEAPSNAPSHOT HTTP2SESSION HTTP2STREAM HTTP2PING HTTP2SETTINGS ' +
    'HTTPINCOMINGMESSAGE HTTPCLIENTREQUEST JSSTREAM JSUDPWRAP MESSAGEPORT PIPECONNECTWRAP PIPESERVERWRAP PIPEWRAP ' +
    'PROCESSWRAP PROMISE QUERYWRAP QUIC_LOGSTREAM QUIC_PACKET SHUTDOWNWRAP SIGNALWRAP STATWATCHER STREAMPIPE ' +
    'TCPCONNECTWRAP TCPSERVERWRAP TCPWRAP TTYWRAP UDPSENDWRAP UDPWRAP SIGINTWATCHDOG WORKER WORKERHEAPSNAPSHOT ' +
    'WRITEWRAP ZLIB CHECKPRIMEREQUEST PBKDF2REQUEST KEYPAIRGENREQUEST KEYGENREQUEST KEYEXPORTREQUEST CIPHERREQUEST ' +
    'DERIVEBITSREQUEST HASHREQUEST RANDOMBYTESREQUEST RANDOMPRIMEREQUEST SCRYPTREQUEST SIGNREQUEST TLSWRAP VERIFYREQUEST')
    .split(' ').forEach((name, i) => { asyncWrapProviders[name] = i; });
  Object.freeze(asyncWrapProviders);

  module.exports = {
    AsyncLocalStorage,
    createHook,
    executionAsyncId: () => currentId,
    triggerAsyncId: () => currentTrigger,
    executionAsyncResource: () => currentResource,
    asyncWrapProviders,
    AsyncResource,
  };
})
