// node:timers — Timeout/Immediate objects over the runtime's timers (ref/unref only flag, refresh, numeric ids); setImmediate runs after promise jobs and before due timeouts; no enroll/unenroll/active.
(function (exports, require, module, native) {
  'use strict';

  // The host's numeric timers, which the bootstrap passes (the globals are this module's own functions).
  const raw = native;
  const gSetTimeout = raw.setTimeout;
  const gClearTimeout = raw.clearTimeout;
  const gSetInterval = raw.setInterval;
  const gClearInterval = raw.clearInterval;
  const TIMEOUT_MAX = 2 ** 31 - 1;

  function describe(v) {
    if (v == null) return ' Received ' + v;
    if (typeof v === 'function') return ' Received function ' + v.name;
    if (typeof v === 'object') {
      if (v.constructor && v.constructor.name) return ' Received an instance of ' + v.constructor.name;
      return ' Received [Object: null prototype] {}';
    }
    let s = typeof v === 'string' ? (v.includes("'") ? '"' + v + '"' : "'" + v + "'")
      : typeof v === 'bigint' ? v + 'n' : Object.is(v, -0) ? '-0' : String(v);
    if (s.length > 28) s = s.slice(0, 25) + '...';
    return ' Received type ' + typeof v + ' (' + s + ')';
  }
  function checkCallback(cb) {
    if (typeof cb !== 'function') {
      const e = new TypeError(`The "callback" argument must be of type function.${describe(cb)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  }

  const HANDLE = Symbol('handle');
  const REFED = Symbol('refed');
  const ID = Symbol('id');
  const FIRE = Symbol('fire');
  let lastId = 0;
  const byId = new Map(); // ids handed out through Symbol.toPrimitive
  let pendingImmediates = 0;

  // A native handle's ref state follows ours where the host has one (Node's own Timeout objects).
  function refHandle(h, on) {
    if (h && typeof h === 'object') {
      if (on && typeof h.ref === 'function') h.ref();
      else if (!on && typeof h.unref === 'function') h.unref();
    }
  }

  class Timeout {
    constructor(callback, after, args, repeat, ref) {
      after *= 1;
      if (!(after >= 1 && after <= TIMEOUT_MAX)) after = 1;
      this._idleTimeout = after;
      this._idlePrev = null;
      this._idleNext = null;
      this._idleStart = 0;
      this._onTimeout = callback;
      this._timerArgs = args;
      this._repeat = repeat ? after : null;
      this._destroyed = false;
      this[REFED] = ref !== false;
      this[ID] = 0;
      this[HANDLE] = null;
      // Due while setImmediate callbacks wait: they go first (as in Node's check phase), so the
      // timeout steps back once behind them.
      let deferred = false;
      this[FIRE] = () => {
        if (pendingImmediates > 0 && !deferred) {
          deferred = true;
          if (this._repeat === null) this[HANDLE] = gSetTimeout(this[FIRE], 0);
          else gSetTimeout(this[FIRE], 0);
          return;
        }
        deferred = false;
        if (this._repeat === null) {
          this._destroyed = true;
          this[HANDLE] = null;
          if (this[ID]) byId.delete(this[ID]);
        }
        const cb = this._onTimeout;
        if (typeof cb !== 'function') return;
        const a = this._timerArgs;
        if (a === undefined) cb.call(this);
        else cb.apply(this, a);
      };
      this._arm();
    }
    _arm() {
      this._idleStart = Date.now();
      this[HANDLE] = this._repeat === null ? gSetTimeout(this[FIRE], this._idleTimeout) : gSetInterval(this[FIRE], this._idleTimeout);
      if (!this[REFED]) refHandle(this[HANDLE], false);
    }
    _disarm() {
      const h = this[HANDLE];
      if (h !== null) {
        if (this._repeat === null) gClearTimeout(h);
        else gClearInterval(h);
        this[HANDLE] = null;
      }
    }
    // re-arms with the same delay, also a timeout that already fired (as Node)
    refresh() {
      if (typeof this._onTimeout === 'function') {
        this._disarm();
        this._destroyed = false;
        this._arm();
      }
      return this;
    }
    ref() {
      this[REFED] = true;
      refHandle(this[HANDLE], true);
      return this;
    }
    unref() {
      this[REFED] = false;
      refHandle(this[HANDLE], false);
      return this;
    }
    hasRef() { return this[REFED]; }
    close() {
      clearTimeout(this);
      return this;
    }
    [Symbol.toPrimitive]() {
      if (!this[ID]) {
        this[ID] = ++lastId;
        if (!this._destroyed) byId.set(this[ID], this);
      }
      return this[ID];
    }
  }

  class Immediate {
    constructor(callback, args) {
      this._idleNext = null;
      this._idlePrev = null;
      this._onImmediate = callback;
      this._argv = args;
      this._destroyed = false;
      this[REFED] = true;
      pendingImmediates++;
      // one runtime timer each, so promise jobs run between immediates as in Node
      this[HANDLE] = gSetTimeout(() => {
        this[HANDLE] = null;
        if (this._destroyed) return;
        this._destroyed = true;
        pendingImmediates--;
        const a = this._argv;
        if (a === undefined) this._onImmediate.call(this);
        else this._onImmediate.apply(this, a);
      }, 0);
    }
    ref() {
      this[REFED] = true;
      refHandle(this[HANDLE], true);
      return this;
    }
    unref() {
      this[REFED] = false;
      refHandle(this[HANDLE], false);
      return this;
    }
    hasRef() { return this[REFED]; }
  }

  function setTimeout(callback, after, ...args) {
    checkCallback(callback);
    return new Timeout(callback, after, args.length ? args : undefined, false, true);
  }

  function setInterval(callback, repeat, ...args) {
    checkCallback(callback);
    return new Timeout(callback, repeat, args.length ? args : undefined, true, true);
  }

  function clearTimeout(timer) {
    if (timer && timer._onTimeout !== undefined && timer instanceof Timeout) {
      timer._onTimeout = null;
      timer._disarm();
      timer._idleTimeout = -1;
      timer._destroyed = true;
      if (timer[ID]) byId.delete(timer[ID]);
      return;
    }
    if (typeof timer === 'number' || typeof timer === 'string') {
      const t = byId.get(+timer);
      if (t) clearTimeout(t);
      else if (typeof timer === 'number') {
        gClearTimeout(timer);
        if (gClearInterval !== gClearTimeout) gClearInterval(timer);
      }
    }
  }

  function setImmediate(callback, ...args) {
    checkCallback(callback);
    return new Immediate(callback, args.length ? args : undefined);
  }

  function clearImmediate(immediate) {
    if (!immediate || !(immediate instanceof Immediate) || immediate._destroyed) return;
    immediate._destroyed = true;
    immediate._onImmediate = null;
    pendingImmediates--;
    if (immediate[HANDLE] !== null) {
      gClearTimeout(immediate[HANDLE]);
      immediate[HANDLE] = null;
    }
  }

  const timers = {
    setTimeout,
    clearTimeout,
    setImmediate,
    clearImmediate,
    setInterval,
    clearInterval: clearTimeout,
  };
  // timers/promises loads on first use (it builds on this module)
  Object.defineProperty(timers, 'promises', {
    enumerable: true,
    configurable: true,
    get() { return require('timers/promises'); },
  });
  module.exports = timers;
})
