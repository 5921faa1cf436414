// node:timers/promises — setTimeout/setImmediate promises, setInterval async iterator, scheduler.wait/yield; abort via any AbortSignal-like object (aborted, reason, add/removeEventListener).
(function (exports, require, module, native) {
  'use strict';

  const timers = require('timers');

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
  function typeError(code, message) {
    const e = new TypeError(message);
    e.code = code;
    return e;
  }

  class AbortError extends Error {
    constructor(message = 'The operation was aborted', options = undefined) {
      super(message, options);
      if (options && 'cause' in options && !Object.hasOwn(this, 'cause')) {
        Object.defineProperty(this, 'cause', { value: options.cause, writable: true, configurable: true });
      }
      this.code = 'ABORT_ERR';
      this.name = 'AbortError';
    }
  }
  const aborted = (signal) => new AbortError(undefined, { cause: signal.reason });

  // Validates (delay, options) as Node does; returns { signal, ref }.
  function check(delay, options, hasDelay) {
    if (hasDelay && delay !== undefined && typeof delay !== 'number') {
      throw typeError('ERR_INVALID_ARG_TYPE', `The "delay" argument must be of type number.${describe(delay)}`);
    }
    if (options === null || typeof options !== 'object') {
      throw typeError('ERR_INVALID_ARG_TYPE', `The "options" argument must be of type object.${describe(options)}`);
    }
    const { signal, ref } = options;
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
      throw typeError('ERR_INVALID_ARG_TYPE', `The "options.signal" property must be an instance of AbortSignal.${describe(signal)}`);
    }
    if (ref !== undefined && typeof ref !== 'boolean') {
      throw typeError('ERR_INVALID_ARG_TYPE', `The "options.ref" property must be of type boolean.${describe(ref)}`);
    }
    return { signal, ref };
  }

  // Settles with `value` when the timer fires, or rejects when the signal aborts first.
  function later(start, cancel, value, signal, ref) {
    if (signal && signal.aborted) return Promise.reject(aborted(signal));
    return new Promise((resolve, reject) => {
      let onAbort;
      const t = start(() => {
        if (onAbort) signal.removeEventListener('abort', onAbort);
        resolve(value);
      });
      if (ref === false && t && typeof t.unref === 'function') t.unref();
      if (signal) {
        onAbort = () => {
          cancel(t);
          signal.removeEventListener('abort', onAbort);
          reject(aborted(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
    });
  }

  function setTimeout(delay, value, options = {}) {
    let o;
    try { o = check(delay, options, true); } catch (e) { return Promise.reject(e); }
    return later((done) => timers.setTimeout(done, delay), timers.clearTimeout, value, o.signal, o.ref);
  }

  function setImmediate(value, options = {}) {
    let o;
    try { o = check(undefined, options, false); } catch (e) { return Promise.reject(e); }
    return later((done) => timers.setImmediate(done), timers.clearImmediate, value, o.signal, o.ref);
  }

  async function* setInterval(delay, value, options = {}) {
    const { signal, ref } = check(delay, options, true);
    if (signal && signal.aborted) throw aborted(signal);
    let due = 0;
    let wake = null;
    let onAbort;
    const interval = timers.setInterval(() => {
      due++;
      if (wake) { const w = wake; wake = null; w(); }
    }, delay);
    if (ref === false) interval.unref();
    try {
      if (signal) {
        onAbort = () => {
          timers.clearInterval(interval);
          if (wake) { const w = wake; wake = null; w(); }
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
      while (!(signal && signal.aborted)) {
        if (due === 0) await new Promise((resolve) => { wake = resolve; });
        for (; due > 0; due--) yield value;
      }
      throw aborted(signal);
    } finally {
      timers.clearInterval(interval);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  const SCHEDULER = Symbol('scheduler');
  class Scheduler {
    constructor(key) {
      if (key !== SCHEDULER) throw typeError('ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
      this[SCHEDULER] = true;
    }
    yield() {
      if (!this || !this[SCHEDULER]) throw typeError('ERR_INVALID_THIS', 'Value of "this" must be of type Scheduler');
      return setImmediate();
    }
    wait(delay, options) {
      if (!this || !this[SCHEDULER]) throw typeError('ERR_INVALID_THIS', 'Value of "this" must be of type Scheduler');
      return setTimeout(delay, undefined, options);
    }
  }

  module.exports = {
    setTimeout,
    setImmediate,
    setInterval,
    scheduler: new Scheduler(SCHEDULER),
  };
})
