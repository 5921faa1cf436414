// Node's `events`: EventEmitter (module.exports) with once/on/getEventListeners/setMaxListeners/captureRejections; no EventEmitterAsyncResource, no EventTarget integration beyond duck-typed AbortSignals and addEventListener targets.
(function (exports, require, module, native) {
  'use strict';
  const util = require('util');
  const { inspect } = util;
  const {
    codedError, errInvalidArgType, validateFunction, validateBoolean, validateObject, validateNumber,
    validateInteger, validateAbortSignal, AbortError, emitWarning,
  } = util[Symbol.for('laf.node.internal')];

  const kCapture = Symbol('kCapture');
  // Set when a subclass pre-shaped `_events`: removed listeners leave `undefined` instead of a deleted key.
  const kShapeMode = Symbol('shapeMode');
  const kErrorMonitor = Symbol('events.errorMonitor');
  const kRejection = Symbol.for('nodejs.rejection');
  const kMaxEventTargetListeners = Symbol('events.maxEventTargetListeners');
  let defaultMaxListeners = 10;

  const checkListener = (listener) => validateFunction(listener, 'listener');

  function EventEmitter(opts) {
    EventEmitter.init.call(this, opts);
  }

  Object.defineProperties(EventEmitter, {
    captureRejections: {
      get() { return EventEmitter.prototype[kCapture]; },
      set(value) {
        validateBoolean(value, 'EventEmitter.captureRejections');
        EventEmitter.prototype[kCapture] = value;
      },
      enumerable: true,
    },
    defaultMaxListeners: {
      enumerable: true,
      get() { return defaultMaxListeners; },
      set(arg) {
        validateNumber(arg, 'defaultMaxListeners', 0);
        defaultMaxListeners = arg;
      },
    },
    kMaxEventTargetListeners: { value: kMaxEventTargetListeners, enumerable: false, configurable: false, writable: false },
    kMaxEventTargetListenersWarned: { value: Symbol('events.maxEventTargetListenersWarned'), enumerable: false },
  });

  EventEmitter.prototype._events = undefined;
  EventEmitter.prototype._eventsCount = 0;
  EventEmitter.prototype._maxListeners = undefined;
  Object.defineProperty(EventEmitter.prototype, kCapture, { value: false, writable: true, enumerable: false });

  EventEmitter.init = function (opts) {
    if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
      this._events = { __proto__: null };
      this._eventsCount = 0;
      this[kShapeMode] = false;
    } else {
      this[kShapeMode] = true;
    }
    this._maxListeners = this._maxListeners || undefined;
    if (opts && opts.captureRejections) {
      validateBoolean(opts.captureRejections, 'options.captureRejections');
      this[kCapture] = Boolean(opts.captureRejections);
    } else {
      this[kCapture] = EventEmitter.prototype[kCapture];
    }
  };

  function addCatch(that, promise, type, args) {
    if (!that[kCapture]) return;
    try {
      const then = promise.then;
      if (typeof then === 'function') {
        then.call(promise, undefined, (err) => {
          queueMicrotask(() => emitUnhandledRejectionOrErr(that, err, type, args));
        });
      }
    } catch (err) {
      that.emit('error', err);
    }
  }
  function emitUnhandledRejectionOrErr(ee, err, type, args) {
    if (typeof ee[kRejection] === 'function') {
      ee[kRejection](err, type, ...args);
    } else {
      const prev = ee[kCapture];
      try {
        ee[kCapture] = false;
        ee.emit('error', err);
      } finally {
        ee[kCapture] = prev;
      }
    }
  }

  EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
    validateNumber(n, 'setMaxListeners', 0);
    this._maxListeners = n;
    return this;
  };
  function _getMaxListeners(that) {
    if (that._maxListeners === undefined) return defaultMaxListeners;
    return that._maxListeners;
  }
  EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
    return _getMaxListeners(this);
  };

  EventEmitter.prototype.emit = function emit(type, ...args) {
    let doError = type === 'error';
    const events = this._events;
    if (events !== undefined) {
      if (doError && events[kErrorMonitor] !== undefined) this.emit(kErrorMonitor, ...args);
      doError = doError && events.error === undefined;
    } else if (!doError) {
      return false;
    }
    if (doError) {
      let er;
      if (args.length > 0) er = args[0];
      if (er instanceof Error) throw er; // Unhandled 'error' event
      let stringified;
      try { stringified = inspect(er); } catch { stringified = er; }
      const err = codedError(Error, 'ERR_UNHANDLED_ERROR',
        stringified === undefined ? 'Unhandled error.' : `Unhandled error. (${stringified})`);
      err.context = er;
      throw err; // Unhandled 'error' event
    }
    const handler = events[type];
    if (handler === undefined) return false;
    if (typeof handler === 'function') {
      const result = handler.apply(this, args);
      if (result !== undefined && result !== null) addCatch(this, result, type, args);
    } else {
      const len = handler.length;
      const listeners = handler.slice();
      for (let i = 0; i < len; ++i) {
        const result = listeners[i].apply(this, args);
        if (result !== undefined && result !== null) addCatch(this, result, type, args);
      }
    }
    return true;
  };

  function _addListener(target, type, listener, prepend) {
    checkListener(listener);
    let events = target._events;
    let existing;
    if (events === undefined) {
      events = target._events = { __proto__: null };
      target._eventsCount = 0;
    } else {
      if (events.newListener !== undefined) {
        target.emit('newListener', type, listener.listener ?? listener);
        events = target._events;
      }
      existing = events[type];
    }
    if (existing === undefined) {
      events[type] = listener;
      ++target._eventsCount;
    } else {
      if (typeof existing === 'function') {
        existing = events[type] = prepend ? [listener, existing] : [existing, listener];
      } else if (prepend) {
        existing.unshift(listener);
      } else {
        existing.push(listener);
      }
      const m = _getMaxListeners(target);
      if (m > 0 && existing.length > m && !existing.warned) {
        existing.warned = true;
        const w = new Error(`Possible EventEmitter memory leak detected. ${existing.length} ${String(type)} listeners ` +
          `added to ${inspect(target, { depth: -1 })}. MaxListeners is ${m}. Use emitter.setMaxListeners() to increase limit`);
        w.name = 'MaxListenersExceededWarning';
        w.emitter = target;
        w.type = type;
        w.count = existing.length;
        emitWarning(w);
      }
    }
    return target;
  }

  EventEmitter.prototype.addListener = function addListener(type, listener) {
    return _addListener(this, type, listener, false);
  };
  EventEmitter.prototype.on = EventEmitter.prototype.addListener;
  EventEmitter.prototype.prependListener = function prependListener(type, listener) {
    return _addListener(this, type, listener, true);
  };

  function onceWrapper() {
    if (!this.fired) {
      this.target.removeListener(this.type, this.wrapFn);
      this.fired = true;
      if (arguments.length === 0) return this.listener.call(this.target);
      return this.listener.apply(this.target, arguments);
    }
  }
  function _onceWrap(target, type, listener) {
    const state = { fired: false, wrapFn: undefined, target, type, listener };
    const wrapped = onceWrapper.bind(state);
    wrapped.listener = listener;
    state.wrapFn = wrapped;
    return wrapped;
  }
  EventEmitter.prototype.once = function once(type, listener) {
    checkListener(listener);
    this.on(type, _onceWrap(this, type, listener));
    return this;
  };
  EventEmitter.prototype.prependOnceListener = function prependOnceListener(type, listener) {
    checkListener(listener);
    this.prependListener(type, _onceWrap(this, type, listener));
    return this;
  };

  EventEmitter.prototype.removeListener = function removeListener(type, listener) {
    checkListener(listener);
    const events = this._events;
    if (events === undefined) return this;
    const list = events[type];
    if (list === undefined) return this;
    if (list === listener || list.listener === listener) {
      this._eventsCount -= 1;
      if (this[kShapeMode]) {
        events[type] = undefined;
      } else if (this._eventsCount === 0) {
        this._events = { __proto__: null };
      } else {
        delete events[type];
        if (events.removeListener) this.emit('removeListener', type, list.listener || listener);
      }
    } else if (typeof list !== 'function') {
      let position = -1;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) {
          position = i;
          break;
        }
      }
      if (position < 0) return this;
      if (position === 0) list.shift();
      else list.splice(position, 1);
      if (list.length === 1) events[type] = list[0];
      if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
    }
    return this;
  };
  EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

  EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
    const events = this._events;
    if (events === undefined) return this;
    if (events.removeListener === undefined) {
      if (arguments.length === 0) {
        this._events = { __proto__: null };
        this._eventsCount = 0;
      } else if (events[type] !== undefined) {
        if (--this._eventsCount === 0) this._events = { __proto__: null };
        else delete events[type];
      }
      this[kShapeMode] = false;
      return this;
    }
    if (arguments.length === 0) {
      for (const key of Reflect.ownKeys(events)) {
        if (key === 'removeListener') continue;
        this.removeAllListeners(key);
      }
      this.removeAllListeners('removeListener');
      this._events = { __proto__: null };
      this._eventsCount = 0;
      this[kShapeMode] = false;
      return this;
    }
    const listeners = events[type];
    if (typeof listeners === 'function') {
      this.removeListener(type, listeners);
    } else if (listeners !== undefined) {
      for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
    }
    return this;
  };

  function _listeners(target, type, unwrap) {
    const events = target._events;
    if (events === undefined) return [];
    const evlistener = events[type];
    if (evlistener === undefined) return [];
    if (typeof evlistener === 'function') return unwrap ? [evlistener.listener || evlistener] : [evlistener];
    return unwrap ? evlistener.map((l) => l.listener || l) : evlistener.slice();
  }
  EventEmitter.prototype.listeners = function listeners(type) {
    return _listeners(this, type, true);
  };
  EventEmitter.prototype.rawListeners = function rawListeners(type) {
    return _listeners(this, type, false);
  };

  function listenerCount(type, listener) {
    const events = this._events;
    if (events !== undefined) {
      const evlistener = events[type];
      if (typeof evlistener === 'function') {
        if (listener != null) return listener === evlistener || listener === evlistener.listener ? 1 : 0;
        return 1;
      } else if (evlistener !== undefined) {
        if (listener != null) {
          let matching = 0;
          for (let i = 0, l = evlistener.length; i < l; i++) {
            if (evlistener[i] === listener || evlistener[i].listener === listener) matching++;
          }
          return matching;
        }
        return evlistener.length;
      }
    }
    return 0;
  }
  EventEmitter.prototype.listenerCount = listenerCount;
  EventEmitter.listenerCount = function (emitter, type) {
    if (typeof emitter.listenerCount === 'function') return emitter.listenerCount(type);
    return listenerCount.call(emitter, type);
  };

  EventEmitter.prototype.eventNames = function eventNames() {
    return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
  };

  // ---------------------------------------------------------------- statics
  function getEventListeners(emitterOrTarget, type) {
    if (emitterOrTarget && typeof emitterOrTarget.listeners === 'function') return emitterOrTarget.listeners(type);
    throw errInvalidArgType('emitter', ['EventEmitter', 'EventTarget'], emitterOrTarget);
  }
  function getMaxListeners(emitterOrTarget) {
    if (emitterOrTarget && typeof emitterOrTarget.getMaxListeners === 'function') return _getMaxListeners(emitterOrTarget);
    if (emitterOrTarget && emitterOrTarget[kMaxEventTargetListeners] !== undefined) return emitterOrTarget[kMaxEventTargetListeners];
    throw errInvalidArgType('emitter', ['EventEmitter', 'EventTarget'], emitterOrTarget);
  }
  function setMaxListeners(n = defaultMaxListeners, ...eventTargets) {
    validateNumber(n, 'setMaxListeners', 0);
    if (eventTargets.length === 0) {
      defaultMaxListeners = n;
    } else {
      for (const target of eventTargets) {
        if (target && typeof target.setMaxListeners === 'function') target.setMaxListeners(n);
        else if (target && typeof target.addEventListener === 'function') target[kMaxEventTargetListeners] = n;
        else throw errInvalidArgType('eventTargets', ['EventEmitter', 'EventTarget'], target);
      }
    }
  }

  function addListenerAgnostic(emitter, name, listener, once) {
    if (typeof emitter.on === 'function') {
      if (once) emitter.once(name, listener);
      else emitter.on(name, listener);
    } else if (typeof emitter.addEventListener === 'function') {
      emitter.addEventListener(name, listener, { once });
    } else {
      throw errInvalidArgType('emitter', 'EventEmitter', emitter);
    }
  }
  function removeListenerAgnostic(emitter, name, listener) {
    if (typeof emitter.removeListener === 'function') emitter.removeListener(name, listener);
    else if (typeof emitter.removeEventListener === 'function') emitter.removeEventListener(name, listener);
    else throw errInvalidArgType('emitter', 'EventEmitter', emitter);
  }

  async function once(emitter, name, options = {}) {
    const signal = options?.signal;
    validateAbortSignal(signal, 'options.signal');
    if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
    return new Promise((resolve, reject) => {
      const errorListener = (err) => {
        emitter.removeListener(name, resolver);
        if (signal != null) removeListenerAgnostic(signal, 'abort', abortListener);
        reject(err);
      };
      const resolver = (...args) => {
        if (typeof emitter.removeListener === 'function') emitter.removeListener('error', errorListener);
        if (signal != null) removeListenerAgnostic(signal, 'abort', abortListener);
        resolve(args);
      };
      addListenerAgnostic(emitter, name, resolver, true);
      if (name !== 'error' && typeof emitter.once === 'function') emitter.once('error', errorListener);
      function abortListener() {
        removeListenerAgnostic(emitter, name, resolver);
        removeListenerAgnostic(emitter, 'error', errorListener);
        reject(new AbortError(undefined, { cause: signal && signal.reason }));
      }
      if (signal != null) addListenerAgnostic(signal, 'abort', abortListener, true);
    });
  }

  const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

  function on(emitter, event, options = {}) {
    validateObject(options, 'options');
    const signal = options.signal;
    validateAbortSignal(signal, 'options.signal');
    if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
    const highWatermark = options.highWaterMark ?? options.highWatermark ?? Number.MAX_SAFE_INTEGER;
    validateInteger(highWatermark, 'options.highWaterMark', 1);
    const lowWatermark = options.lowWaterMark ?? options.lowWatermark ?? 1;
    validateInteger(lowWatermark, 'options.lowWaterMark', 1);

    const unconsumedEvents = [];
    const unconsumedPromises = [];
    let paused = false;
    let error = null;
    let finished = false;
    const listeners = [];

    const iterator = Object.setPrototypeOf({
      next() {
        if (unconsumedEvents.length) {
          const value = unconsumedEvents.shift();
          if (paused && unconsumedEvents.length < lowWatermark) {
            emitter.resume();
            paused = false;
          }
          return Promise.resolve({ value, done: false });
        }
        if (error) {
          const p = Promise.reject(error);
          error = null;
          return p;
        }
        if (finished) return closeHandler();
        return new Promise((resolve, reject) => unconsumedPromises.push({ resolve, reject }));
      },
      return() {
        return closeHandler();
      },
      throw(err) {
        if (!err || !(err instanceof Error)) throw errInvalidArgType('EventEmitter.AsyncIterator', 'Error', err);
        errorHandler(err);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    }, AsyncIteratorPrototype);

    const listen = (name, fn) => {
      addListenerAgnostic(emitter, name, fn, false);
      listeners.push([name, fn]);
    };
    listen(event, (...args) => eventHandler(args));
    if (event !== 'error' && typeof emitter.on === 'function') listen('error', errorHandler);
    const closeEvents = options.close;
    if (closeEvents && closeEvents.length) for (let i = 0; i < closeEvents.length; i++) listen(closeEvents[i], closeHandler);
    if (signal) addListenerAgnostic(signal, 'abort', abortListener, true);
    return iterator;

    function abortListener() {
      errorHandler(new AbortError(undefined, { cause: signal && signal.reason }));
    }
    function eventHandler(value) {
      if (unconsumedPromises.length === 0) {
        unconsumedEvents.push(value);
        if (!paused && unconsumedEvents.length > highWatermark) {
          paused = true;
          emitter.pause();
        }
      } else {
        unconsumedPromises.shift().resolve({ value, done: false });
      }
    }
    function errorHandler(err) {
      if (unconsumedPromises.length === 0) error = err;
      else unconsumedPromises.shift().reject(err);
      closeHandler();
    }
    function closeHandler() {
      if (signal) removeListenerAgnostic(signal, 'abort', abortListener);
      for (const [name, fn] of listeners.splice(0)) removeListenerAgnostic(emitter, name, fn);
      finished = true;
      const done = { value: undefined, done: true };
      while (unconsumedPromises.length) unconsumedPromises.shift().resolve(done);
      return Promise.resolve(done);
    }
  }

  function addAbortListener(signal, listener) {
    if (signal === undefined) throw errInvalidArgType('signal', 'AbortSignal', signal);
    validateAbortSignal(signal, 'signal');
    validateFunction(listener, 'listener');
    let removed = false;
    const remove = () => {
      if (!removed) { removed = true; removeListenerAgnostic(signal, 'abort', listener); }
    };
    if (signal.aborted) queueMicrotask(() => listener());
    else addListenerAgnostic(signal, 'abort', listener, true);
    const disposable = { __proto__: null, dispose: remove };
    if (typeof Symbol.dispose === 'symbol') disposable[Symbol.dispose] = remove;
    return disposable;
  }

  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.usingDomains = false;
  EventEmitter.captureRejectionSymbol = kRejection;
  EventEmitter.errorMonitor = kErrorMonitor;
  EventEmitter.once = once;
  EventEmitter.on = on;
  EventEmitter.getEventListeners = getEventListeners;
  EventEmitter.getMaxListeners = getMaxListeners;
  EventEmitter.setMaxListeners = setMaxListeners;
  EventEmitter.addAbortListener = addAbortListener;
  module.exports = EventEmitter;
})
