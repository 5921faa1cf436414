// node:perf_hooks — performance (now, timeOrigin, marks, measures, entries, timerify, toJSON) and a minimal PerformanceObserver for mark/measure; no monitorEventLoopDelay/createHistogram, no resource/gc/function entries.
(function (exports, require, module, native) {
  'use strict';

  // The clock: milliseconds since this module loaded, from process.hrtime (monotonic, sub-ms)
  // where the runtime has it, else from Date.now(). (globalThis.performance is not consulted: the
  // runtime makes that global from this module.)
  const timeOrigin = Date.now();
  let now = () => Date.now() - timeOrigin;
  try {
    const hrtime = require('process').hrtime;
    const [s0, n0] = hrtime();
    if (typeof s0 === 'number' && typeof n0 === 'number') now = () => { const [s, n] = hrtime(); return (s - s0) * 1e3 + (n - n0) / 1e6; };
  } catch {
    // Date.now() it is
  }

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
  const argType = (name, type, v) => typeError('ERR_INVALID_ARG_TYPE', `The "${name}" argument must be of type ${type}.${describe(v)}`);
  const missing = (name) => typeError('ERR_MISSING_ARGS', `The "${name}" argument must be specified`);
  const illegal = () => typeError('ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
  function timestamp(v, name) {
    if (typeof v !== 'number') throw argType(name, 'number', v);
    if (v < 0) throw typeError('ERR_PERFORMANCE_INVALID_TIMESTAMP', `${v} is not a valid timestamp`);
    return v;
  }
  function syntaxError(message) {
    if (typeof DOMException === 'function') return new DOMException(message, 'SyntaxError');
    const e = new Error(message);
    e.name = 'SyntaxError';
    e.code = 12;
    return e;
  }
  // structuredClone's effect on plain data (detail is copied, as Node does)
  function clone(v) {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(clone);
    if (v instanceof Date) return new Date(v.getTime());
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
    const o = {};
    for (const k of Object.keys(v)) o[k] = clone(v[k]);
    return o;
  }

  const KEY = Symbol('internal');
  const WANTS = Symbol('wants');
  const ENQUEUE = Symbol('enqueue');

  class PerformanceEntry {
    #name;
    #type;
    #start;
    #duration;
    constructor(key, name, type, start, duration) {
      if (key !== KEY) throw illegal();
      this.#name = name;
      this.#type = type;
      this.#start = start;
      this.#duration = duration;
    }
    get name() { return this.#name; }
    get entryType() { return this.#type; }
    get startTime() { return this.#start; }
    get duration() { return this.#duration; }
    toJSON() { return { name: this.#name, entryType: this.#type, startTime: this.#start, duration: this.#duration }; }
  }

  class PerformanceMark extends PerformanceEntry {
    #detail;
    constructor(name, options) {
      if (arguments.length === 0) throw missing('name');
      name = `${name}`;
      if (options !== undefined && (options === null || typeof options !== 'object')) throw argType('options', 'object', options);
      const start = options && options.startTime !== undefined ? timestamp(options.startTime, 'startTime') : now();
      super(KEY, name, 'mark', start, 0);
      const d = options ? options.detail : undefined;
      this.#detail = d === undefined ? null : clone(d);
    }
    get detail() { return this.#detail; }
    toJSON() { return { ...super.toJSON(), detail: this.#detail }; }
  }

  class PerformanceMeasure extends PerformanceEntry {
    #detail;
    constructor(key, name, start, duration, detail) {
      super(key, name, 'measure', start, duration);
      this.#detail = detail === undefined ? null : clone(detail);
    }
    get detail() { return this.#detail; }
    toJSON() { return { ...super.toJSON(), detail: this.#detail }; }
  }

  class PerformanceResourceTiming extends PerformanceEntry {
    constructor() { throw illegal(); }
  }

  const byTime = (a, b) => a.startTime - b.startTime;
  function select(list, name, type) {
    const out = [];
    for (const e of list) if ((name === undefined || e.name === name) && (type === undefined || e.entryType === type)) out.push(e);
    return out.sort(byTime);
  }

  class PerformanceObserverEntryList {
    #entries;
    constructor(key, entries) {
      if (key !== KEY) throw illegal();
      this.#entries = entries;
    }
    getEntries() { return select(this.#entries); }
    getEntriesByType(type) { return select(this.#entries, undefined, `${type}`); }
    getEntriesByName(name, type) { return select(this.#entries, `${name}`, type === undefined ? undefined : `${type}`); }
  }

  const SUPPORTED = ['dns', 'function', 'gc', 'http', 'http2', 'mark', 'measure', 'net', 'resource'];
  const observers = new Set();

  class PerformanceObserver {
    #callback;
    #types = new Set();
    #buffer = [];
    #scheduled = false;
    constructor(callback) {
      if (typeof callback !== 'function') throw argType('callback', 'function', callback);
      this.#callback = callback;
    }
    observe(options = {}) {
      if (options === null || typeof options !== 'object') throw argType('options', 'object', options);
      const { entryTypes, type, buffered } = options;
      if (entryTypes === undefined && type === undefined) {
        throw typeError('ERR_MISSING_ARGS', 'The "options.entryTypes" or "options.type" argument must be specified');
      }
      if (entryTypes !== undefined && type !== undefined) {
        throw typeError('ERR_INVALID_ARG_VALUE', "The property 'options.entryTypes' can not be used with 'options.type'. Received " + JSON.stringify(entryTypes));
      }
      if (entryTypes !== undefined) {
        if (!Array.isArray(entryTypes)) throw typeError('ERR_INVALID_ARG_TYPE', `The "options.entryTypes" property must be an instance of Array.${describe(entryTypes)}`);
        this.#types.clear();
        for (const t of entryTypes) if (SUPPORTED.includes(t)) this.#types.add(t);
      } else {
        if (!SUPPORTED.includes(type)) return;
        this.#types.add(type);
        if (buffered) {
          const old = type === 'mark' ? marks : type === 'measure' ? measures : [];
          for (const e of old) this[ENQUEUE](e);
        }
      }
      if (this.#types.size) observers.add(this);
      else this.disconnect();
    }
    disconnect() {
      observers.delete(this);
      this.#buffer = [];
    }
    takeRecords() {
      const r = this.#buffer;
      this.#buffer = [];
      return r;
    }
    [WANTS](type) { return this.#types.has(type); }
    [ENQUEUE](entry) {
      this.#buffer.push(entry);
      if (this.#scheduled) return;
      this.#scheduled = true;
      setTimeout(() => {
        this.#scheduled = false;
        if (!this.#buffer.length) return;
        const list = new PerformanceObserverEntryList(KEY, this.takeRecords());
        this.#callback.call(this, list, this);
      }, 0);
    }
    static get supportedEntryTypes() { return SUPPORTED.slice(); }
  }

  function notify(entry) {
    for (const o of observers) if (o[WANTS](entry.entryType)) o[ENQUEUE](entry);
  }

  let marks = [];
  let measures = [];
  const MILESTONES = ['nodeStart', 'v8Start', 'environment', 'loopStart', 'loopExit', 'bootstrapComplete'];

  function markTime(v, name) {
    if (typeof v === 'number') return timestamp(v, name);
    v = `${v}`;
    for (let i = marks.length - 1; i >= 0; i--) if (marks[i].name === v) return marks[i].startTime;
    if (MILESTONES.includes(v)) return 0;
    throw syntaxError(`The "${v}" performance mark has not been set`);
  }

  const timerified = new WeakMap();

  class Performance {
    constructor(key) { if (key !== KEY) throw illegal(); }
    now() { return now(); }
    get timeOrigin() { return timeOrigin; }
    mark(name, options) {
      if (arguments.length === 0) throw missing('name');
      const m = new PerformanceMark(name, options);
      marks.push(m);
      notify(m);
      return m;
    }
    measure(name, startOrOptions, endMark) {
      if (arguments.length === 0) throw missing('name');
      name = `${name}`;
      let start;
      let end;
      let detail;
      if (startOrOptions !== null && typeof startOrOptions === 'object') {
        const o = startOrOptions;
        if (o.start !== undefined && o.end !== undefined && o.duration !== undefined) {
          throw typeError('ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS', 'Must not have options.start, options.end, and options.duration specified');
        }
        detail = o.detail;
        if (endMark !== undefined) end = markTime(endMark, 'endMark');
        else if (o.end !== undefined) end = markTime(o.end, 'end');
        else if (o.start !== undefined && o.duration !== undefined) end = markTime(o.start, 'start') + markTime(o.duration, 'duration');
        else end = now();
        if (o.start !== undefined) start = markTime(o.start, 'start');
        else if (o.duration !== undefined && o.end !== undefined) start = end - markTime(o.duration, 'duration');
        else start = 0;
      } else {
        end = endMark !== undefined ? markTime(endMark, 'endMark') : now();
        start = typeof startOrOptions === 'string' ? markTime(startOrOptions, 'startMark') : 0;
      }
      const m = new PerformanceMeasure(KEY, name, start, end - start, detail);
      measures.push(m);
      notify(m);
      return m;
    }
    clearMarks(name) {
      if (name === undefined) marks = [];
      else { name = `${name}`; marks = marks.filter((m) => m.name !== name); }
    }
    clearMeasures(name) {
      if (name === undefined) measures = [];
      else { name = `${name}`; measures = measures.filter((m) => m.name !== name); }
    }
    clearResourceTimings() {}
    setResourceTimingBufferSize() {}
    markResourceTiming() {}
    getEntries() { return select(marks.concat(measures)); }
    getEntriesByName(name, type) {
      name = `${name}`;
      if (type === undefined) return select(marks.concat(measures), name);
      type = `${type}`;
      return type === 'mark' ? select(marks, name) : type === 'measure' ? select(measures, name) : [];
    }
    getEntriesByType(type) {
      type = `${type}`;
      return type === 'mark' ? select(marks) : type === 'measure' ? select(measures) : [];
    }
    get nodeTiming() {
      return {
        name: 'node', entryType: 'node', startTime: 0, duration: now(), nodeStart: 0, v8Start: 0,
        bootstrapComplete: 0, environment: 0, loopStart: 0, loopExit: -1, idleTime: 0,
      };
    }
    eventLoopUtilization() { return { idle: 0, active: 0, utilization: 0 }; }
    timerify(fn, options) {
      if (typeof fn !== 'function') throw argType('fn', 'function', fn);
      if (options !== undefined && (options === null || typeof options !== 'object')) throw argType('options', 'object', options);
      let t = timerified.get(fn);
      if (t) return t;
      t = function (...args) {
        return new.target ? Reflect.construct(fn, args) : fn.apply(this, args);
      };
      Object.defineProperties(t, {
        length: { value: fn.length, configurable: true },
        name: { value: `timerified ${fn.name}`, configurable: true },
      });
      timerified.set(fn, t);
      return t;
    }
    toJSON() {
      return { nodeTiming: this.nodeTiming, timeOrigin, eventLoopUtilization: this.eventLoopUtilization() };
    }
  }

  const performance = new Performance(KEY);

  module.exports = {
    Performance,
    PerformanceEntry,
    PerformanceMark,
    PerformanceMeasure,
    PerformanceObserver,
    PerformanceObserverEntryList,
    PerformanceResourceTiming,
    performance,
    constants: {
      NODE_PERFORMANCE_GC_MAJOR: 4,
      NODE_PERFORMANCE_GC_MINOR: 1,
      NODE_PERFORMANCE_GC_INCREMENTAL: 8,
      NODE_PERFORMANCE_GC_WEAKCB: 16,
      NODE_PERFORMANCE_GC_FLAGS_NO: 0,
      NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
      NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
      NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
      NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
      NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
      NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
    },
  };
})
