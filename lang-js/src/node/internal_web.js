// The web platform's event and abort globals Node has (not importable by name): Event, CustomEvent,
// EventTarget, AbortController, AbortSignal, DOMException.
(function (exports, require, module) {
  'use strict';
  class DOMException extends Error {
    constructor(message = '', nameOrOptions = 'Error') {
      super(message, typeof nameOrOptions === 'object' && nameOrOptions && 'cause' in nameOrOptions ? { cause: nameOrOptions.cause } : undefined);
      const name = typeof nameOrOptions === 'object' && nameOrOptions ? String(nameOrOptions.name ?? 'Error') : String(nameOrOptions);
      Object.defineProperty(this, 'name', { value: name, configurable: true, writable: true });
    }
    get code() { return CODES[this.name] ?? 0; }
  }
  const CODES = { IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5, NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25 };

  const STOP = Symbol('stop');
  const STOP_NOW = Symbol('stopNow');
  class Event {
    #type; #bubbles; #cancelable; #composed; #defaultPrevented = false;
    constructor(type, options = {}) {
      if (arguments.length === 0) throw new TypeError('The "type" argument must be specified');
      this.#type = String(type);
      this.#bubbles = !!options.bubbles;
      this.#cancelable = !!options.cancelable;
      this.#composed = !!options.composed;
      this.timeStamp = Date.now();
      this.target = null;
      this.currentTarget = null;
      this.eventPhase = 0;
      this.isTrusted = false;
      this[STOP] = false;
      this[STOP_NOW] = false;
    }
    get type() { return this.#type; }
    get bubbles() { return this.#bubbles; }
    get cancelable() { return this.#cancelable; }
    get composed() { return this.#composed; }
    get defaultPrevented() { return this.#cancelable && this.#defaultPrevented; }
    get returnValue() { return !this.defaultPrevented; }
    get cancelBubble() { return this[STOP]; }
    get srcElement() { return this.target; }
    preventDefault() { this.#defaultPrevented = true; }
    stopPropagation() { this[STOP] = true; }
    stopImmediatePropagation() { this[STOP] = true; this[STOP_NOW] = true; }
    composedPath() { return this.currentTarget ? [this.currentTarget] : []; }
  }
  Object.assign(Event, { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 });

  class CustomEvent extends Event {
    #detail;
    constructor(type, options = {}) { super(type, options); this.#detail = options.detail ?? null; }
    get detail() { return this.#detail; }
  }

  const LISTENERS = Symbol('listeners');
  class EventTarget {
    constructor() { this[LISTENERS] = new Map(); }
    addEventListener(type, listener, options) {
      if (listener == null) return;
      const opts = typeof options === 'boolean' ? { capture: options } : options || {};
      if (opts.signal && opts.signal.aborted) return;
      let list = this[LISTENERS].get(type);
      if (!list) this[LISTENERS].set(type, (list = []));
      const capture = !!opts.capture;
      if (list.some((l) => l.listener === listener && l.capture === capture)) return;
      const entry = { listener, capture, once: !!opts.once, removed: false };
      list.push(entry);
      if (opts.signal) opts.signal.addEventListener('abort', () => this.removeEventListener(type, listener, options), { once: true });
    }
    removeEventListener(type, listener, options) {
      const list = this[LISTENERS].get(type);
      if (!list) return;
      const capture = !!(typeof options === 'boolean' ? options : options && options.capture);
      const i = list.findIndex((l) => l.listener === listener && l.capture === capture);
      if (i >= 0) { list[i].removed = true; list.splice(i, 1); }
    }
    dispatchEvent(event) {
      if (!(event instanceof Event)) throw new TypeError('The "event" argument must be an instance of Event.');
      event.target = this;
      event.currentTarget = this;
      event.eventPhase = 2;
      const list = (this[LISTENERS].get(event.type) || []).slice();
      for (const l of list) {
        if (l.removed) continue;
        if (l.once) this.removeEventListener(event.type, l.listener, { capture: l.capture });
        try {
          if (typeof l.listener === 'function') l.listener.call(this, event);
          else if (l.listener && typeof l.listener.handleEvent === 'function') l.listener.handleEvent(event);
        } catch (e) {
          // As in Node: a listener's error does not stop the others; it is reported.
          queueMicrotask(() => { throw e; });
        }
        if (event[STOP_NOW]) break;
      }
      event.currentTarget = null;
      event.eventPhase = 0;
      return !event.defaultPrevented;
    }
  }

  const abortError = () => new DOMException('This operation was aborted', 'AbortError');
  const ABORT = Symbol('abort');
  class AbortSignal extends EventTarget {
    #aborted = false; #reason = undefined;
    constructor(key) {
      if (key !== ABORT) throw new TypeError('Illegal constructor');
      super();
      this.onabort = null;
    }
    get aborted() { return this.#aborted; }
    get reason() { return this.#reason; }
    throwIfAborted() { if (this.#aborted) throw this.#reason; }
    [ABORT](reason) {
      if (this.#aborted) return;
      this.#aborted = true;
      this.#reason = reason === undefined ? abortError() : reason;
      const event = new Event('abort');
      if (typeof this.onabort === 'function') this.onabort.call(this, event);
      this.dispatchEvent(event);
    }
    static abort(reason) { const s = new AbortSignal(ABORT); s[ABORT](reason); return s; }
    static timeout(ms) {
      const s = new AbortSignal(ABORT);
      setTimeout(() => s[ABORT](new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
      return s;
    }
    static any(signals) {
      const s = new AbortSignal(ABORT);
      for (const other of signals) {
        if (other.aborted) { s[ABORT](other.reason); return s; }
      }
      for (const other of signals) other.addEventListener('abort', () => s[ABORT](other.reason), { once: true });
      return s;
    }
  }
  class AbortController {
    #signal = new AbortSignal(ABORT);
    get signal() { return this.#signal; }
    abort(reason) { this.#signal[ABORT](reason); }
  }

  module.exports = { Event, CustomEvent, EventTarget, AbortController, AbortSignal, DOMException };
})
