// Node's `stream` (Stream, Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished, compose, operators); leaves out web streams (fromWeb/toWeb, ReadableStream stages).
(function (exports, require, module, native) {
  'use strict';
  const EE = require('events');
  const { Buffer } = require('buffer');
  let StringDecoder = null;
  const newDecoder = (enc) => {
    if (StringDecoder === null) StringDecoder = require('string_decoder').StringDecoder;
    return new StringDecoder(enc);
  };
  const nop = () => {};
  const kEmpty = Symbol('kEmpty');
  const kEof = Symbol('kEof');
  const kIsDestroyed = Symbol.for('nodejs.stream.destroyed');
  const kOnConstruct = Symbol('kOnConstruct');
  const kOnDestroy = Symbol('kOnDestroy');
  const kCallback = Symbol('kCallback');
  const kPromisifyCustom = Symbol.for('nodejs.util.promisify.custom');

  // One tick queue with process.nextTick, so user ticks and stream ticks interleave as in Node.
  const { nextTick } = require('process');

  // ---- errors (Node's codes and messages) ----
  function errToString() { return `${this.name} [${this.code}]: ${this.message}`; }
  function nodeError(Base, code, message) {
    const e = new Base(message);
    e.code = code;
    Object.defineProperty(e, 'toString', { value: errToString, writable: true, configurable: true });
    return e;
  }
  function quote(s) {
    if (!s.includes("'")) return `'${s}'`;
    if (!s.includes('"')) return `"${s}"`;
    if (!s.includes('`') && !s.includes('${')) return `\`${s}\``;
    return `'${s.replace(/'/g, "\\'")}'`;
  }
  function inspectLite(v) {
    if (typeof v === 'string') return quote(v);
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'bigint') return `${v}n`;
    return String(v);
  }
  function specificType(v) {
    if (v == null) return '' + v;
    if (typeof v === 'function' && v.name) return `function ${v.name}`;
    if (typeof v === 'object') {
      if (v.constructor && v.constructor.name) return `an instance of ${v.constructor.name}`;
      return '[Object: null prototype] {}';
    }
    let s = inspectLite(v);
    if (s.length > 28) s = `${s.slice(0, 25)}...`;
    return `type ${typeof v} (${s})`;
  }
  const orList = (l) => (l.length < 3 ? l.join(' or ') : `${l.slice(0, -1).join(', ')}, or ${l[l.length - 1]}`);
  const kTypes = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean', 'bigint', 'symbol'];
  function ERR_INVALID_ARG_TYPE(name, expected, actual) {
    if (!Array.isArray(expected)) expected = [expected];
    let msg = 'The ' + (name.endsWith(' argument') ? name : `"${name}" ${name.includes('.') ? 'property' : 'argument'}`) + ' must be ';
    const types = [], instances = [], other = [];
    for (const v of expected) {
      if (kTypes.includes(v)) types.push(v.toLowerCase());
      else if (/^([A-Z][a-z0-9]*)+$/.test(v)) instances.push(v);
      else other.push(v);
    }
    if (instances.length > 0 && types.includes('object')) { types.splice(types.indexOf('object'), 1); instances.push('Object'); }
    if (types.length > 0) {
      msg += types.length > 1 ? `one of type ${orList(types)}` : `of type ${types[0]}`;
      if (instances.length > 0 || other.length > 0) msg += ' or ';
    }
    if (instances.length > 0) {
      msg += `an instance of ${orList(instances)}`;
      if (other.length > 0) msg += ' or ';
    }
    if (other.length > 0) msg += other.length > 1 ? `one of ${orList(other)}` : other[0];
    return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `${msg}. Received ${specificType(actual)}`);
  }
  const ERR_INVALID_ARG_VALUE = (name, value, reason = 'is invalid') =>
    nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${name.includes('.') ? 'property' : 'argument'} '${name}' ${reason}. Received ${inspectLite(value)}`);
  function ERR_OUT_OF_RANGE(name, range, value) {
    let received = inspectLite(value);
    if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) received = String(value).replace(/(\d)(?=(\d{3})+$)/g, '$1_');
    return nodeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${received}`);
  }
  const ERR_STREAM_PUSH_AFTER_EOF = () => nodeError(Error, 'ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF');
  const ERR_STREAM_UNSHIFT_AFTER_END_EVENT = () => nodeError(Error, 'ERR_STREAM_UNSHIFT_AFTER_END_EVENT', 'stream.unshift() after end event');
  const ERR_STREAM_WRITE_AFTER_END = () => nodeError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
  const ERR_STREAM_DESTROYED = (m) => nodeError(Error, 'ERR_STREAM_DESTROYED', `Cannot call ${m} after a stream was destroyed`);
  const ERR_STREAM_ALREADY_FINISHED = (m) => nodeError(Error, 'ERR_STREAM_ALREADY_FINISHED', `Cannot call ${m} after a stream was finished`);
  const ERR_STREAM_NULL_VALUES = () => nodeError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
  const ERR_STREAM_PREMATURE_CLOSE = () => nodeError(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close');
  const ERR_STREAM_CANNOT_PIPE = () => nodeError(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable');
  const ERR_MULTIPLE_CALLBACK = () => nodeError(Error, 'ERR_MULTIPLE_CALLBACK', 'Callback called multiple times');
  const ERR_METHOD_NOT_IMPLEMENTED = (m) => nodeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${m} method is not implemented`);
  const ERR_MISSING_ARGS = (n) => nodeError(TypeError, 'ERR_MISSING_ARGS', `The "${n}" argument must be specified`);
  const ERR_UNKNOWN_ENCODING = (e) => nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${e}`);
  const ERR_ILLEGAL_CONSTRUCTOR = () => nodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
  const ERR_INVALID_RETURN_VALUE = (input, name, value) => nodeError(TypeError, 'ERR_INVALID_RETURN_VALUE',
    `Expected ${input} to be returned from the "${name}" function but got ${specificType(value)}.`);
  class AbortError extends Error {
    constructor(message = 'The operation was aborted', options = undefined) {
      super(message, options);
      this.code = 'ABORT_ERR';
      this.name = 'AbortError';
    }
  }
  function aggregateTwoErrors(inner, outer) {
    if (inner && outer && inner !== outer) {
      if (Array.isArray(outer.errors)) { outer.errors.push(inner); return outer; }
      const err = new AggregateError([outer, inner], outer.message);
      err.code = outer.code;
      return err;
    }
    return inner || outer;
  }

  function validateFunction(v, name) { if (typeof v !== 'function') throw ERR_INVALID_ARG_TYPE(name, 'Function', v); }
  function validateObject(v, name) { if (v === null || typeof v !== 'object' || Array.isArray(v)) throw ERR_INVALID_ARG_TYPE(name, 'Object', v); }
  function validateAbortSignal(s, name) {
    if (s !== undefined && (s === null || typeof s !== 'object' || !('aborted' in s))) throw ERR_INVALID_ARG_TYPE(name, 'AbortSignal', s);
  }
  function validateInteger(v, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
    if (typeof v !== 'number') throw ERR_INVALID_ARG_TYPE(name, 'number', v);
    if (!Number.isInteger(v)) throw ERR_OUT_OF_RANGE(name, 'an integer', v);
    if (v < min || v > max) throw ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, v);
  }
  function once(fn) {
    let called = false;
    return function (...args) { if (called) return; called = true; return fn.apply(this, args); };
  }

  // AbortController where the runtime has none.
  class MiniAbortSignal {
    constructor() { this.aborted = false; this.reason = undefined; this.onabort = null; this._l = []; }
    addEventListener(type, fn) { if (type === 'abort') this._l.push(fn); }
    removeEventListener(type, fn) { const i = this._l.indexOf(fn); if (type === 'abort' && i !== -1) this._l.splice(i, 1); }
    throwIfAborted() { if (this.aborted) throw this.reason; }
  }
  class MiniAbortController {
    constructor() { this.signal = new MiniAbortSignal(); }
    abort(reason = new AbortError('This operation was aborted')) {
      const s = this.signal;
      if (s.aborted) return;
      s.aborted = true;
      s.reason = reason;
      const ev = { type: 'abort', target: s };
      if (typeof s.onabort === 'function') s.onabort(ev);
      for (const fn of s._l.splice(0)) fn.call(s, ev);
    }
  }
  const AC = typeof AbortController === 'function' ? AbortController : MiniAbortController;
  function addAbortListener(signal, fn) {
    if (signal.aborted) { queueMicrotask(fn); return nop; }
    signal.addEventListener('abort', fn, { once: true });
    return () => signal.removeEventListener('abort', fn);
  }

  // ---- stream predicates (internal/streams/utils) ----
  const isBuffer = (c) => c instanceof Buffer;
  const isView = (c) => ArrayBuffer.isView(c);
  const isU8 = (c) => c instanceof Uint8Array;
  const toBuffer = (c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  function isReadableNodeStream(obj, strict = false) {
    return !!(obj && typeof obj.pipe === 'function' && typeof obj.on === 'function' &&
      (!strict || (typeof obj.pause === 'function' && typeof obj.resume === 'function')) &&
      (!obj._writableState || (obj._readableState && obj._readableState.readable !== false)) &&
      (!obj._writableState || obj._readableState));
  }
  function isWritableNodeStream(obj) {
    return !!(obj && typeof obj.write === 'function' && typeof obj.on === 'function' &&
      (!obj._readableState || (obj._writableState && obj._writableState.writable !== false)));
  }
  function isNodeStream(obj) {
    return !!(obj && (obj._readableState || obj._writableState ||
      (typeof obj.write === 'function' && typeof obj.on === 'function') ||
      (typeof obj.pipe === 'function' && typeof obj.on === 'function')));
  }
  function isIterable(obj, isAsync) {
    if (obj == null) return false;
    if (isAsync === true) return typeof obj[Symbol.asyncIterator] === 'function';
    if (isAsync === false) return typeof obj[Symbol.iterator] === 'function';
    return typeof obj[Symbol.asyncIterator] === 'function' || typeof obj[Symbol.iterator] === 'function';
  }
  function isDestroyed(stream) {
    if (!isNodeStream(stream)) return null;
    const state = stream._writableState || stream._readableState;
    return !!(stream.destroyed || stream[kIsDestroyed] || (state && state.destroyed));
  }
  function isWritableEnded(stream) {
    if (!isWritableNodeStream(stream)) return null;
    if (stream.writableEnded === true) return true;
    const w = stream._writableState;
    if (w && w.errored) return false;
    if (!w || typeof w.ended !== 'boolean') return null;
    return w.ended;
  }
  function isWritableFinished(stream, strict) {
    if (!isWritableNodeStream(stream)) return null;
    if (stream.writableFinished === true) return true;
    const w = stream._writableState;
    if (w && w.errored) return false;
    if (!w || typeof w.finished !== 'boolean') return null;
    return !!(w.finished || (strict === false && w.ended === true && w.length === 0));
  }
  function isReadableFinished(stream, strict) {
    if (!isReadableNodeStream(stream)) return null;
    const r = stream._readableState;
    if (r && r.errored) return false;
    if (!r || typeof r.endEmitted !== 'boolean') return null;
    return !!(r.endEmitted || (strict === false && r.ended === true && r.length === 0));
  }
  function isReadable(stream) {
    if (stream && stream[Symbol.for('nodejs.stream.readable')] != null) return stream[Symbol.for('nodejs.stream.readable')];
    if (!stream || typeof stream.readable !== 'boolean') return null;
    if (isDestroyed(stream)) return false;
    return isReadableNodeStream(stream) && stream.readable && !isReadableFinished(stream);
  }
  function isWritable(stream) {
    if (!stream || typeof stream.writable !== 'boolean') return null;
    if (isDestroyed(stream)) return false;
    return isWritableNodeStream(stream) && stream.writable && !isWritableEnded(stream);
  }
  function isFinished(stream, opts) {
    if (!isNodeStream(stream)) return null;
    if (isDestroyed(stream)) return true;
    if ((!opts || opts.readable !== false) && isReadable(stream)) return false;
    if ((!opts || opts.writable !== false) && isWritable(stream)) return false;
    return true;
  }
  function isWritableErrored(stream) {
    if (!isNodeStream(stream)) return null;
    if (stream.writableErrored) return stream.writableErrored;
    const w = stream._writableState;
    return (w && w.errored) ?? null;
  }
  function isReadableErrored(stream) {
    if (!isNodeStream(stream)) return null;
    if (stream.readableErrored) return stream.readableErrored;
    const r = stream._readableState;
    return (r && r.errored) ?? null;
  }
  function isClosed(stream) {
    if (!isNodeStream(stream)) return null;
    if (typeof stream.closed === 'boolean') return stream.closed;
    const w = stream._writableState, r = stream._readableState;
    if ((w && typeof w.closed === 'boolean') || (r && typeof r.closed === 'boolean')) return (w && w.closed) || (r && r.closed);
    return null;
  }
  const isRequest = (s) => s && s.setHeader && typeof s.abort === 'function';
  function willEmitClose(stream) {
    if (!isNodeStream(stream)) return null;
    const state = stream._writableState || stream._readableState;
    return !!(state && state.autoDestroy && state.emitClose && state.closed === false);
  }
  function isDisturbed(stream) {
    return !!(stream && (stream[Symbol.for('nodejs.stream.disturbed')] ?? (stream.readableDidRead || stream.readableAborted)));
  }
  function isErrored(stream) {
    if (!stream) return false;
    const r = stream._readableState, w = stream._writableState;
    return !!(stream[Symbol.for('nodejs.stream.errored')] ?? stream.readableErrored ?? stream.writableErrored ??
      (r && r.errorEmitted) ?? (w && w.errorEmitted) ?? (r && r.errored) ?? (w && w.errored));
  }

  // ---- destroy machinery (internal/streams/destroy) ----
  function checkError(err, w, r) {
    if (err) {
      if (w && !w.errored) w.errored = err;
      if (r && !r.errored) r.errored = err;
    }
  }
  function destroy(err, cb) {
    const r = this._readableState, w = this._writableState;
    const s = w || r;
    if ((w && w.destroyed) || (r && r.destroyed)) {
      if (typeof cb === 'function') cb();
      return this;
    }
    checkError(err, w, r);
    if (w) w.destroyed = true;
    if (r) r.destroyed = true;
    if (!s.constructed) this[kOnDestroy] = (er) => _destroy(this, aggregateTwoErrors(er, err), cb);
    else _destroy(this, err, cb);
    return this;
  }
  function _destroy(self, err, cb) {
    let called = false;
    function onDestroy(err) {
      if (called) return;
      called = true;
      const r = self._readableState, w = self._writableState;
      checkError(err, w, r);
      if (w) w.closed = true;
      if (r) r.closed = true;
      if (typeof cb === 'function') cb(err);
      if (err) nextTick(emitErrorCloseNT, self, err);
      else nextTick(emitCloseNT, self);
    }
    try { self._destroy(err || null, onDestroy); } catch (e) { onDestroy(e); }
  }
  function emitErrorCloseNT(self, err) { emitErrorNT(self, err); emitCloseNT(self); }
  function emitCloseNT(self) {
    const r = self._readableState, w = self._writableState;
    if (w) w.closeEmitted = true;
    if (r) r.closeEmitted = true;
    if ((w && w.emitClose) || (r && r.emitClose)) self.emit('close');
  }
  function emitErrorNT(self, err) {
    const r = self._readableState, w = self._writableState;
    if ((w && w.errorEmitted) || (r && r.errorEmitted)) return;
    if (w) w.errorEmitted = true;
    if (r) r.errorEmitted = true;
    self.emit('error', err);
  }
  function undestroy() {
    const r = this._readableState, w = this._writableState;
    if (r) {
      r.constructed = true; r.closed = false; r.closeEmitted = false; r.destroyed = false; r.errored = null;
      r.errorEmitted = false; r.reading = false; r.ended = r.readable === false; r.endEmitted = r.readable === false;
    }
    if (w) {
      w.constructed = true; w.destroyed = false; w.closed = false; w.closeEmitted = false; w.errored = null;
      w.errorEmitted = false; w.finalCalled = false; w.prefinished = false; w.ended = w.writable === false;
      w.ending = w.writable === false; w.finished = w.writable === false;
    }
  }
  function errorOrDestroy(stream, err, sync) {
    const r = stream._readableState, w = stream._writableState;
    if ((w && w.destroyed) || (r && r.destroyed)) return;
    if ((r && r.autoDestroy) || (w && w.autoDestroy)) stream.destroy(err);
    else if (err) {
      if (w && !w.errored) w.errored = err;
      if (r && !r.errored) r.errored = err;
      if (sync) nextTick(emitErrorNT, stream, err);
      else emitErrorNT(stream, err);
    }
  }
  function construct(stream, cb) {
    if (typeof stream._construct !== 'function') return;
    const r = stream._readableState, w = stream._writableState;
    if (r) r.constructed = false;
    if (w) w.constructed = false;
    stream[kOnConstruct] = cb;
    nextTick(constructNT, stream);
  }
  function constructNT(stream) {
    let called = false;
    function onConstruct(err) {
      if (called) { errorOrDestroy(stream, err ?? ERR_MULTIPLE_CALLBACK()); return; }
      called = true;
      const r = stream._readableState, w = stream._writableState;
      const s = w || r;
      if (r) r.constructed = true;
      if (w) w.constructed = true;
      if (s.destroyed) {
        const f = stream[kOnDestroy];
        stream[kOnDestroy] = null;
        if (f) f(err);
      } else if (err) errorOrDestroy(stream, err, true);
      else nextTick(() => { const f = stream[kOnConstruct]; stream[kOnConstruct] = null; if (f) f(); });
    }
    try { stream._construct((err) => { nextTick(onConstruct, err); }); } catch (err) { nextTick(onConstruct, err); }
  }
  // destroyImpl.destroyer: destroy whatever kind of stream this is.
  function destroyer(stream, err) {
    if (!stream || isDestroyed(stream)) return;
    if (!err && !isFinished(stream)) err = new AbortError();
    if (isRequest(stream)) stream.abort();
    else if (isRequest(stream.req)) stream.req.abort();
    else if (typeof stream.destroy === 'function') stream.destroy(err);
    else if (typeof stream.close === 'function') stream.close();
    else if (err) nextTick((s, e) => s.emit('error', e), stream, err);
    else nextTick((s) => s.emit('close'), stream);
    if (!stream.destroyed) stream[kIsDestroyed] = true;
  }

  // ---- high water marks ----
  let defaultHwmBytes = 16 * 1024;
  let defaultHwmObjects = 16;
  const getDefaultHighWaterMark = (objectMode) => (objectMode ? defaultHwmObjects : defaultHwmBytes);
  function setDefaultHighWaterMark(objectMode, value) {
    validateInteger(value, 'value', 0);
    if (objectMode) defaultHwmObjects = value; else defaultHwmBytes = value;
  }
  function getHighWaterMark(state, options, duplexKey, isDuplex) {
    const hwm = options.highWaterMark != null ? options.highWaterMark : isDuplex ? options[duplexKey] : null;
    if (hwm != null) {
      if (!Number.isInteger(hwm) || hwm < 0) throw ERR_INVALID_ARG_VALUE(isDuplex ? `options.${duplexKey}` : 'options.highWaterMark', hwm);
      return Math.floor(hwm);
    }
    return getDefaultHighWaterMark(state.objectMode);
  }

  // ---- legacy Stream ----
  function Stream(opts) { EE.call(this, opts); }
  Object.setPrototypeOf(Stream.prototype, EE.prototype);
  Object.setPrototypeOf(Stream, EE);
  function prependListener(emitter, event, fn) {
    if (typeof emitter.prependListener === 'function') return emitter.prependListener(event, fn);
    if (!emitter._events || !emitter._events[event]) emitter.on(event, fn);
    else if (Array.isArray(emitter._events[event])) emitter._events[event].unshift(fn);
    else emitter._events[event] = [fn, emitter._events[event]];
  }
  Stream.prototype.pipe = function (dest, options) {
    const source = this;
    function ondata(chunk) { if (dest.writable && dest.write(chunk) === false && source.pause) source.pause(); }
    source.on('data', ondata);
    function ondrain() { if (source.readable && source.resume) source.resume(); }
    dest.on('drain', ondrain);
    if (!dest._isStdio && (!options || options.end !== false)) { source.on('end', onend); source.on('close', onclose); }
    let didOnEnd = false;
    function onend() { if (didOnEnd) return; didOnEnd = true; dest.end(); }
    function onclose() { if (didOnEnd) return; didOnEnd = true; if (typeof dest.destroy === 'function') dest.destroy(); }
    function onerror(er) { cleanup(); if (this.listenerCount('error') === 0) this.emit('error', er); }
    prependListener(source, 'error', onerror);
    prependListener(dest, 'error', onerror);
    function cleanup() {
      source.removeListener('data', ondata); dest.removeListener('drain', ondrain);
      source.removeListener('end', onend); source.removeListener('close', onclose);
      source.removeListener('error', onerror); dest.removeListener('error', onerror);
      source.removeListener('end', cleanup); source.removeListener('close', cleanup); dest.removeListener('close', cleanup);
    }
    source.on('end', cleanup); source.on('close', cleanup); dest.on('close', cleanup);
    dest.emit('pipe', source);
    return dest;
  };
  const eeOn = EE.prototype.on;
  const eeRemoveListener = EE.prototype.removeListener;
  const eeRemoveAll = EE.prototype.removeAllListeners;

  // ================= Readable =================
  function ReadableState(options, stream, isDuplex) {
    if (typeof isDuplex !== 'boolean') isDuplex = stream instanceof Duplex;
    this.objectMode = !!(options && options.objectMode);
    if (isDuplex) this.objectMode = this.objectMode || !!(options && options.readableObjectMode);
    this.highWaterMark = options ? getHighWaterMark(this, options, 'readableHighWaterMark', isDuplex) : getDefaultHighWaterMark(false);
    this.buffer = [];
    this.bufferIndex = 0;
    this.length = 0;
    this.pipes = [];
    this.flowing = null;
    this.ended = false;
    this.endEmitted = false;
    this.reading = false;
    this.constructed = true;
    this.sync = true;
    this.needReadable = false;
    this.emittedReadable = false;
    this.readableListening = false;
    this.resumeScheduled = false;
    this.paused = null;
    this.errorEmitted = false;
    this.emitClose = !options || options.emitClose !== false;
    this.autoDestroy = !options || options.autoDestroy !== false;
    this.destroyed = false;
    this.errored = null;
    this.closed = false;
    this.closeEmitted = false;
    this.defaultEncoding = (options && options.defaultEncoding) || 'utf8';
    this.awaitDrainWriters = null;
    this.multiAwaitDrain = false;
    this.readingMore = false;
    this.dataEmitted = false;
    this.decoder = null;
    this.encoding = null;
    if (options && options.encoding) {
      this.decoder = newDecoder(options.encoding);
      this.encoding = options.encoding;
    }
  }

  function Readable(options) {
    if (!(this instanceof Readable)) return new Readable(options);
    const isDuplex = this instanceof Duplex;
    this._readableState = new ReadableState(options, this, isDuplex);
    if (options) {
      if (typeof options.read === 'function') this._read = options.read;
      if (typeof options.destroy === 'function') this._destroy = options.destroy;
      if (typeof options.construct === 'function') this._construct = options.construct;
      if (options.signal && !isDuplex) addAbortSignal(options.signal, this);
    }
    Stream.call(this, options);
    construct(this, () => { if (this._readableState.needReadable) maybeReadMore(this, this._readableState); });
  }
  Object.setPrototypeOf(Readable.prototype, Stream.prototype);
  Object.setPrototypeOf(Readable, Stream);
  Readable.ReadableState = ReadableState;
  const RP = Readable.prototype;
  RP.destroy = destroy;
  RP._undestroy = undestroy;
  RP._destroy = function (err, cb) { cb(err); };
  RP[EE.captureRejectionSymbol || Symbol.for('nodejs.rejection')] = function (err) { this.destroy(err); };
  RP.push = function (chunk, encoding) { return readableAddChunk(this, chunk, encoding, false); };
  RP.unshift = function (chunk, encoding) { return readableAddChunk(this, chunk, encoding, true); };

  function readableAddChunk(stream, chunk, encoding, addToFront) {
    const state = stream._readableState;
    let err;
    if (!state.objectMode) {
      if (typeof chunk === 'string') {
        encoding = encoding || state.defaultEncoding;
        if (state.encoding !== encoding) {
          if (addToFront && state.encoding) chunk = Buffer.from(chunk, encoding).toString(state.encoding);
          else { chunk = Buffer.from(chunk, encoding); encoding = ''; }
        }
      } else if (isBuffer(chunk)) encoding = '';
      else if (isView(chunk)) { chunk = toBuffer(chunk); encoding = ''; }
      else if (chunk != null) err = ERR_INVALID_ARG_TYPE('chunk', ['string', 'Buffer', 'TypedArray', 'DataView'], chunk);
    }
    if (err) { errorOrDestroy(stream, err); return false; }
    if (chunk === null) {
      state.reading = false;
      onEofChunk(stream, state);
    } else if (state.objectMode || (chunk && chunk.length > 0)) {
      if (addToFront) {
        if (state.endEmitted) errorOrDestroy(stream, ERR_STREAM_UNSHIFT_AFTER_END_EVENT());
        else if (state.destroyed || state.errored) return false;
        else addChunk(stream, state, chunk, true);
      } else if (state.ended) errorOrDestroy(stream, ERR_STREAM_PUSH_AFTER_EOF());
      else if (state.destroyed || state.errored) return false;
      else {
        state.reading = false;
        if (state.decoder && !encoding) {
          chunk = state.decoder.write(chunk);
          if (state.objectMode || chunk.length !== 0) addChunk(stream, state, chunk, false);
          else maybeReadMore(stream, state);
        } else addChunk(stream, state, chunk, false);
      }
    } else if (!addToFront) {
      state.reading = false;
      maybeReadMore(stream, state);
    }
    return !state.ended && (state.length < state.highWaterMark || state.length === 0);
  }
  function addChunk(stream, state, chunk, addToFront) {
    if (state.flowing && state.length === 0 && !state.sync && stream.listenerCount('data') > 0) {
      if (state.multiAwaitDrain) state.awaitDrainWriters.clear(); else state.awaitDrainWriters = null;
      state.dataEmitted = true;
      stream.emit('data', chunk);
    } else {
      state.length += state.objectMode ? 1 : chunk.length;
      if (addToFront) {
        if (state.bufferIndex > 0) state.buffer[--state.bufferIndex] = chunk;
        else state.buffer.unshift(chunk);
      } else state.buffer.push(chunk);
      if (state.needReadable) emitReadable(stream);
    }
    maybeReadMore(stream, state);
  }
  function onEofChunk(stream, state) {
    if (state.ended) return;
    if (state.decoder) {
      const chunk = state.decoder.end();
      if (chunk && chunk.length) {
        state.buffer.push(chunk);
        state.length += state.objectMode ? 1 : chunk.length;
      }
    }
    state.ended = true;
    if (state.sync) emitReadable(stream);
    else {
      state.needReadable = false;
      state.emittedReadable = true;
      emitReadable_(stream);
    }
  }
  function emitReadable(stream) {
    const state = stream._readableState;
    state.needReadable = false;
    if (!state.emittedReadable) {
      state.emittedReadable = true;
      nextTick(emitReadable_, stream);
    }
  }
  function emitReadable_(stream) {
    const state = stream._readableState;
    if (!state.destroyed && !state.errored && (state.length || state.ended)) {
      stream.emit('readable');
      state.emittedReadable = false;
    }
    state.needReadable = !state.flowing && !state.ended && state.length <= state.highWaterMark;
    flow(stream);
  }
  function maybeReadMore(stream, state) {
    if (!state.readingMore && state.constructed) {
      state.readingMore = true;
      nextTick(maybeReadMore_, stream, state);
    }
  }
  function maybeReadMore_(stream, state) {
    while (!state.reading && !state.ended &&
      (state.length < state.highWaterMark || (state.flowing && state.length === 0))) {
      const len = state.length;
      stream.read(0);
      if (len === state.length) break;
    }
    state.readingMore = false;
  }
  RP.isPaused = function () {
    const state = this._readableState;
    return state.paused === true || state.flowing === false;
  };
  RP.setEncoding = function (enc) {
    const decoder = newDecoder(enc);
    const state = this._readableState;
    state.decoder = decoder;
    state.encoding = decoder.encoding;
    let content = '';
    for (let i = state.bufferIndex; i < state.buffer.length; i++) content += decoder.write(state.buffer[i]);
    state.buffer.length = 0;
    state.bufferIndex = 0;
    if (content !== '') state.buffer.push(content);
    state.length = content.length;
    return this;
  };
  const MAX_HWM = 0x40000000;
  function computeNewHighWaterMark(n) {
    if (n > MAX_HWM) throw ERR_OUT_OF_RANGE('size', '<= 1GiB', n);
    n--;
    n |= n >>> 1; n |= n >>> 2; n |= n >>> 4; n |= n >>> 8; n |= n >>> 16;
    return n + 1;
  }
  function howMuchToRead(n, state) {
    if (n <= 0 || (state.length === 0 && state.ended)) return 0;
    if (state.objectMode) return 1;
    if (Number.isNaN(n)) {
      if (state.flowing && state.length) return state.objectMode ? 1 : state.buffer[state.bufferIndex].length;
      return state.length;
    }
    if (n <= state.length) return n;
    return state.ended ? state.length : 0;
  }
  RP.read = function (n) {
    if (n === undefined) n = NaN;
    else if (!Number.isInteger(n)) n = Number.parseInt(n, 10);
    const state = this._readableState;
    const nOrig = n;
    if (n > state.highWaterMark) state.highWaterMark = computeNewHighWaterMark(n);
    if (n !== 0) state.emittedReadable = false;
    if (n === 0 && state.needReadable &&
      ((state.highWaterMark !== 0 ? state.length >= state.highWaterMark : state.length > 0) || state.ended)) {
      if (state.length === 0 && state.ended) endReadable(this);
      else emitReadable(this);
      return null;
    }
    n = howMuchToRead(n, state);
    if (n === 0 && state.ended) {
      if (state.length === 0) endReadable(this);
      return null;
    }
    let doRead = state.needReadable;
    if (state.length === 0 || state.length - n < state.highWaterMark) doRead = true;
    if (state.ended || state.reading || state.destroyed || state.errored || !state.constructed) doRead = false;
    else if (doRead) {
      state.reading = true;
      state.sync = true;
      if (state.length === 0) state.needReadable = true;
      try { this._read(state.highWaterMark); } catch (err) { errorOrDestroy(this, err); }
      state.sync = false;
      if (!state.reading) n = howMuchToRead(nOrig, state);
    }
    const ret = n > 0 ? fromList(n, state) : null;
    if (ret === null) {
      state.needReadable = state.length <= state.highWaterMark;
      n = 0;
    } else {
      state.length -= n;
      if (state.multiAwaitDrain) state.awaitDrainWriters.clear(); else state.awaitDrainWriters = null;
    }
    if (state.length === 0) {
      if (!state.ended) state.needReadable = true;
      if (nOrig !== n && state.ended) endReadable(this);
    }
    if (ret !== null && !state.errorEmitted && !state.closeEmitted) {
      state.dataEmitted = true;
      this.emit('data', ret);
    }
    return ret;
  };
  // Takes n bytes (or one object) out of the buffer.
  function fromList(n, state) {
    if (state.length === 0) return null;
    const buf = state.buffer;
    let idx = state.bufferIndex;
    let ret;
    if (state.objectMode) {
      ret = buf[idx];
      buf[idx++] = undefined;
    } else if (!n || n >= state.length) {
      if (state.decoder) ret = idx === 0 ? buf.join('') : buf.slice(idx).join('');
      else if (buf.length - idx === 1) ret = buf[idx];
      else ret = Buffer.concat(idx === 0 ? buf : buf.slice(idx), state.length);
      idx = buf.length;
    } else {
      const first = buf[idx];
      if (n < first.length) {
        ret = state.decoder ? first.slice(0, n) : first.subarray(0, n);
        buf[idx] = state.decoder ? first.slice(n) : first.subarray(n);
      } else if (n === first.length) {
        ret = first;
        buf[idx++] = undefined;
      } else if (state.decoder) {
        ret = '';
        while (n > 0) {
          const str = buf[idx];
          if (n >= str.length) { ret += str; n -= str.length; buf[idx++] = undefined; }
          else { ret += str.slice(0, n); buf[idx] = str.slice(n); n = 0; }
        }
      } else {
        ret = Buffer.allocUnsafe(n);
        let off = 0;
        while (n > 0) {
          const data = buf[idx];
          if (n >= data.length) { ret.set(data, off); off += data.length; n -= data.length; buf[idx++] = undefined; }
          else { ret.set(data.subarray(0, n), off); buf[idx] = data.subarray(n); n = 0; }
        }
      }
    }
    if (idx === buf.length) { buf.length = 0; idx = 0; }
    else if (idx > 1024 && idx * 2 > buf.length) { buf.splice(0, idx); idx = 0; }
    state.bufferIndex = idx;
    return ret;
  }
  function endReadable(stream) {
    const state = stream._readableState;
    if (!state.endEmitted) {
      state.ended = true;
      nextTick(endReadableNT, state, stream);
    }
  }
  function endReadableNT(state, stream) {
    if (!state.errored && !state.closeEmitted && !state.endEmitted && state.length === 0) {
      state.endEmitted = true;
      stream.emit('end');
      if (stream.writable && stream.allowHalfOpen === false) nextTick(endWritableNT, stream);
      else if (state.autoDestroy) {
        const w = stream._writableState;
        if (!w || (w.autoDestroy && (w.finished || w.writable === false))) stream.destroy();
      }
    }
  }
  function endWritableNT(stream) {
    if (stream.writable && !stream.writableEnded && !stream.destroyed) stream.end();
  }
  RP._read = function () { throw ERR_METHOD_NOT_IMPLEMENTED('_read()'); };

  RP.pipe = function (dest, pipeOpts) {
    const src = this;
    const state = this._readableState;
    if (state.pipes.length === 1 && !state.multiAwaitDrain) {
      state.multiAwaitDrain = true;
      state.awaitDrainWriters = new Set(state.awaitDrainWriters ? [state.awaitDrainWriters] : []);
    }
    state.pipes.push(dest);
    const doEnd = (!pipeOpts || pipeOpts.end !== false) && !dest._isStdio;
    const endFn = doEnd ? onend : unpipe;
    if (state.endEmitted) nextTick(endFn);
    else src.once('end', endFn);
    dest.on('unpipe', onunpipe);
    function onunpipe(readable, unpipeInfo) {
      if (readable === src && unpipeInfo && unpipeInfo.hasUnpiped === false) {
        unpipeInfo.hasUnpiped = true;
        cleanup();
      }
    }
    function onend() { dest.end(); }
    let ondrain;
    let cleanedUp = false;
    function cleanup() {
      dest.removeListener('close', onclose);
      dest.removeListener('finish', onfinish);
      if (ondrain) dest.removeListener('drain', ondrain);
      dest.removeListener('error', onerror);
      dest.removeListener('unpipe', onunpipe);
      src.removeListener('end', onend);
      src.removeListener('end', unpipe);
      src.removeListener('data', ondata);
      cleanedUp = true;
      if (ondrain && state.awaitDrainWriters && (!dest._writableState || dest._writableState.needDrain)) ondrain();
    }
    function pause() {
      if (!cleanedUp) {
        if (state.pipes.length === 1 && state.pipes[0] === dest) {
          state.awaitDrainWriters = dest;
          state.multiAwaitDrain = false;
        } else if (state.pipes.length > 1 && state.pipes.includes(dest)) state.awaitDrainWriters.add(dest);
        src.pause();
      }
      if (!ondrain) {
        ondrain = pipeOnDrain(src, dest);
        dest.on('drain', ondrain);
      }
    }
    src.on('data', ondata);
    function ondata(chunk) {
      if (dest.write(chunk) === false) pause();
    }
    function onerror(er) {
      unpipe();
      dest.removeListener('error', onerror);
      if (dest.listenerCount('error') === 0) {
        const s = dest._writableState || dest._readableState;
        if (s && !s.errorEmitted) errorOrDestroy(dest, er);
        else dest.emit('error', er);
      }
    }
    prependListener(dest, 'error', onerror);
    function onclose() { dest.removeListener('finish', onfinish); unpipe(); }
    dest.once('close', onclose);
    function onfinish() { dest.removeListener('close', onclose); unpipe(); }
    dest.once('finish', onfinish);
    function unpipe() { src.unpipe(dest); }
    dest.emit('pipe', src);
    if (dest.writableNeedDrain === true) pause();
    else if (!state.flowing) src.resume();
    return dest;
  };
  function pipeOnDrain(src, dest) {
    return function () {
      const state = src._readableState;
      if (state.awaitDrainWriters === dest) state.awaitDrainWriters = null;
      else if (state.multiAwaitDrain) state.awaitDrainWriters.delete(dest);
      if ((!state.awaitDrainWriters || state.awaitDrainWriters.size === 0) && src.listenerCount('data')) src.resume();
    };
  }
  RP.unpipe = function (dest) {
    const state = this._readableState;
    if (state.pipes.length === 0) return this;
    if (!dest) {
      const dests = state.pipes;
      state.pipes = [];
      this.pause();
      for (let i = 0; i < dests.length; i++) dests[i].emit('unpipe', this, { hasUnpiped: false });
      return this;
    }
    const index = state.pipes.indexOf(dest);
    if (index === -1) return this;
    state.pipes.splice(index, 1);
    if (state.pipes.length === 0) this.pause();
    dest.emit('unpipe', this, { hasUnpiped: false });
    return this;
  };
  RP.on = function (ev, fn) {
    const res = eeOn.call(this, ev, fn);
    const state = this._readableState;
    if (ev === 'data') {
      state.readableListening = this.listenerCount('readable') > 0;
      if (state.flowing !== false) this.resume();
    } else if (ev === 'readable') {
      if (!state.endEmitted && !state.readableListening) {
        state.readableListening = state.needReadable = true;
        state.flowing = false;
        state.emittedReadable = false;
        if (state.length) emitReadable(this);
        else if (!state.reading) nextTick(nReadingNextTick, this);
      }
    }
    return res;
  };
  RP.addListener = RP.on;
  RP.removeListener = function (ev, fn) {
    const res = eeRemoveListener.call(this, ev, fn);
    if (ev === 'readable') nextTick(updateReadableListening, this);
    return res;
  };
  RP.off = RP.removeListener;
  RP.removeAllListeners = function (ev) {
    const res = eeRemoveAll.apply(this, arguments);
    if (ev === 'readable' || ev === undefined) nextTick(updateReadableListening, this);
    return res;
  };
  function updateReadableListening(self) {
    const state = self._readableState;
    state.readableListening = self.listenerCount('readable') > 0;
    if (state.resumeScheduled && state.paused === false) state.flowing = true;
    else if (self.listenerCount('data') > 0) self.resume();
    else if (!state.readableListening) state.flowing = null;
  }
  function nReadingNextTick(self) { self.read(0); }
  RP.resume = function () {
    const state = this._readableState;
    if (!state.flowing) {
      state.flowing = !state.readableListening;
      if (!state.resumeScheduled) {
        state.resumeScheduled = true;
        nextTick(resume_, this, state);
      }
    }
    state.paused = false;
    return this;
  };
  function resume_(stream, state) {
    if (!state.reading) stream.read(0);
    state.resumeScheduled = false;
    stream.emit('resume');
    flow(stream);
    if (state.flowing && !state.reading) stream.read(0);
  }
  RP.pause = function () {
    const state = this._readableState;
    if (state.flowing !== false) {
      state.flowing = false;
      this.emit('pause');
    }
    state.paused = true;
    return this;
  };
  function flow(stream) {
    const state = stream._readableState;
    while (state.flowing && stream.read() !== null);
  }
  RP.wrap = function (stream) {
    let paused = false;
    stream.on('data', (chunk) => {
      if (!this.push(chunk) && stream.pause) { paused = true; stream.pause(); }
    });
    stream.on('end', () => { this.push(null); });
    stream.on('error', (err) => { errorOrDestroy(this, err); });
    stream.on('close', () => { this.destroy(); });
    stream.on('destroy', () => { this.destroy(); });
    this._read = () => {
      if (paused && stream.resume) { paused = false; stream.resume(); }
    };
    const keys = Object.keys(stream);
    for (let j = 1; j < keys.length; j++) {
      const k = keys[j];
      if (this[k] === undefined && typeof stream[k] === 'function') this[k] = stream[k].bind(stream);
    }
    return this;
  };
  RP[Symbol.asyncIterator] = function () { return streamToAsyncIterator(this); };
  RP.iterator = function (options) {
    if (options !== undefined) validateObject(options, 'options');
    return streamToAsyncIterator(this, options);
  };
  function streamToAsyncIterator(stream, options) {
    if (typeof stream.read !== 'function') stream = Readable.wrap(stream, { objectMode: true });
    const iter = createAsyncIterator(stream, options);
    iter.stream = stream;
    return iter;
  }
  async function* createAsyncIterator(stream, options) {
    let callback = nop;
    function next(resolve) {
      if (this === stream) { callback(); callback = nop; } else callback = resolve;
    }
    stream.on('readable', next);
    let error;
    const cleanup = eos(stream, { writable: false }, (err) => {
      error = err ? aggregateTwoErrors(error, err) : null;
      callback();
      callback = nop;
    });
    try {
      while (true) {
        const chunk = stream.destroyed ? null : stream.read();
        if (chunk !== null) yield chunk;
        else if (error) throw error;
        else if (error === null) return;
        else await new Promise(next);
      }
    } catch (err) {
      error = aggregateTwoErrors(error, err);
      throw error;
    } finally {
      if ((error || (options && options.destroyOnReturn) !== false) &&
        (error === undefined || stream._readableState.autoDestroy)) destroyer(stream, null);
      else { stream.off('readable', next); cleanup(); }
    }
  }
  const getter = (proto, name, get, set, enumerable) =>
    Object.defineProperty(proto, name, { get, set, enumerable, configurable: true });
  getter(RP, 'readable', function () {
    const r = this._readableState;
    return !!r && r.readable !== false && !r.destroyed && !r.errorEmitted && !r.endEmitted;
  }, function (val) { if (this._readableState) this._readableState.readable = !!val; }, false);
  getter(RP, 'readableDidRead', function () { return this._readableState.dataEmitted; }, undefined, false);
  getter(RP, 'readableAborted', function () {
    const r = this._readableState;
    return !!(r.readable !== false && (r.destroyed || r.errored) && !r.endEmitted);
  }, undefined, false);
  getter(RP, 'readableHighWaterMark', function () { return this._readableState.highWaterMark; }, undefined, false);
  getter(RP, 'readableBuffer', function () {
    const r = this._readableState;
    return r && (r.bufferIndex ? r.buffer.slice(r.bufferIndex) : r.buffer);
  }, undefined, false);
  getter(RP, 'readableFlowing', function () { return this._readableState.flowing; },
    function (v) { if (this._readableState) this._readableState.flowing = v; }, false);
  getter(RP, 'readableLength', function () { return this._readableState.length; }, undefined, false);
  getter(RP, 'readableObjectMode', function () { return this._readableState ? this._readableState.objectMode : false; }, undefined, false);
  getter(RP, 'readableEncoding', function () { return this._readableState ? this._readableState.encoding : null; }, undefined, false);
  getter(RP, 'errored', function () { return this._readableState ? this._readableState.errored : null; }, undefined, false);
  getter(RP, 'closed', function () { return this._readableState ? this._readableState.closed : false; }, undefined, false);
  getter(RP, 'destroyed', function () { return this._readableState ? this._readableState.destroyed : false; },
    function (v) { if (this._readableState) this._readableState.destroyed = v; }, false);
  getter(RP, 'readableEnded', function () { return this._readableState ? this._readableState.endEmitted : false; }, undefined, false);
  Readable._fromList = fromList;
  Readable.from = function (iterable, opts) { return from(Readable, iterable, opts); };
  Readable.wrap = function (src, options) {
    return new Readable({
      objectMode: src.readableObjectMode ?? src.objectMode ?? true,
      ...options,
      destroy(err, callback) { destroyer(src, err); callback(err); },
    }).wrap(src);
  };

  function from(Readable, iterable, opts) {
    if (typeof iterable === 'string' || iterable instanceof Buffer) {
      return new Readable({ objectMode: true, ...opts, read() { this.push(iterable); this.push(null); } });
    }
    let iterator, isAsync;
    if (iterable && typeof iterable[Symbol.asyncIterator] === 'function') { isAsync = true; iterator = iterable[Symbol.asyncIterator](); }
    else if (iterable && typeof iterable[Symbol.iterator] === 'function') { isAsync = false; iterator = iterable[Symbol.iterator](); }
    else throw ERR_INVALID_ARG_TYPE('iterable', ['Iterable'], iterable);
    const readable = new Readable({ objectMode: true, highWaterMark: 1, ...opts });
    let reading = false;
    readable._read = function () {
      if (!reading) { reading = true; next(); }
    };
    readable._destroy = function (error, cb) {
      close(error).then(() => nextTick(cb, error), (e) => nextTick(cb, e || error));
    };
    async function close(error) {
      if (error != null && typeof iterator.throw === 'function') {
        const { value, done } = await iterator.throw(error);
        await value;
        if (done) return;
      }
      if (typeof iterator.return === 'function') {
        const { value } = await iterator.return();
        await value;
      }
    }
    // Pushes until the stream wants no more; synchronous for a sync iterable of plain values.
    async function next() {
      for (;;) {
        try {
          const step = isAsync ? await iterator.next() : iterator.next();
          if (step.done) { readable.push(null); return; }
          const value = step.value && typeof step.value.then === 'function' ? await step.value : step.value;
          if (value === null) { reading = false; throw ERR_STREAM_NULL_VALUES(); }
          if (readable.push(value)) continue;
          reading = false;
        } catch (err) { readable.destroy(err); }
        return;
      }
    }
    return readable;
  }

  // ---- operators (Readable.prototype.map/filter/...) ----
  function validateOpFn(fn, name) {
    if (typeof fn !== 'function') throw ERR_INVALID_ARG_TYPE(name, ['Function', 'AsyncFunction'], fn);
  }
  function signalOf(options, name = 'options') {
    if (options != null) validateObject(options, name);
    if (options && options.signal != null) validateAbortSignal(options.signal, `${name}.signal`);
    return options && options.signal;
  }
  function map(fn, options) {
    validateOpFn(fn, 'fn');
    const outer = signalOf(options);
    let concurrency = 1;
    if (options && options.concurrency != null) concurrency = Math.floor(options.concurrency);
    let hwm = concurrency - 1;
    if (options && options.highWaterMark != null) hwm = Math.floor(options.highWaterMark);
    validateInteger(concurrency, 'options.concurrency', 1);
    validateInteger(hwm, 'options.highWaterMark', 0);
    hwm += concurrency;
    const stream = this;
    return (async function* () {
      const ac = new AC();
      const signal = ac.signal;
      const fnOpts = { signal };
      const abort = () => ac.abort();
      if (outer && outer.aborted) abort();
      const unlisten = outer ? addAbortListener(outer, abort) : nop;
      const queue = [];
      let next = null, resume = null, done = false, cnt = 0;
      const wakeNext = () => { if (next) { next(); next = null; } };
      const onCatch = () => { done = true; };
      function afterItemProcessed() {
        cnt -= 1;
        maybeResume();
      }
      function maybeResume() {
        if (resume && !done && cnt < concurrency && queue.length < hwm) { resume(); resume = null; }
      }
      async function pump() {
        try {
          for await (let val of stream) {
            if (done) return;
            if (signal.aborted) throw new AbortError();
            try {
              val = fn(val, fnOpts);
              if (val === kEmpty) continue;
              val = val && typeof val.then === 'function' ? Promise.resolve(val) : val;
            } catch (err) { val = Promise.reject(err); }
            cnt += 1;
            if (val && typeof val.then === 'function') { val.then(afterItemProcessed, onCatch); } else cnt -= 1;
            queue.push(val);
            wakeNext();
            if (!done && (queue.length >= hwm || cnt >= concurrency)) await new Promise((resolve) => { resume = resolve; });
          }
          queue.push(kEof);
        } catch (err) {
          const val = Promise.reject(err);
          val.then(afterItemProcessed, onCatch);
          queue.push(val);
        } finally {
          done = true;
          wakeNext();
          unlisten();
        }
      }
      pump();
      try {
        while (true) {
          while (queue.length > 0) {
            const val = await queue[0];
            if (val === kEof) return;
            if (signal.aborted) throw new AbortError();
            if (val !== kEmpty) yield val;
            queue.shift();
            maybeResume();
          }
          await new Promise((resolve) => { next = resolve; });
        }
      } finally {
        done = true;
        if (resume) { resume(); resume = null; }
        ac.abort();
      }
    })();
  }
  async function some(fn, options = undefined) {
    for await (const unused of filter.call(this, fn, options)) return true; // eslint-disable-line no-unused-vars
    return false;
  }
  async function every(fn, options = undefined) {
    validateOpFn(fn, 'fn');
    return !(await some.call(this, async (...args) => !(await fn(...args)), options));
  }
  async function find(fn, options) {
    for await (const result of filter.call(this, fn, options)) return result;
    return undefined;
  }
  async function forEach(fn, options) {
    validateOpFn(fn, 'fn');
    async function forEachFn(value, opts) { await fn(value, opts); return kEmpty; }
    for await (const unused of map.call(this, forEachFn, options)); // eslint-disable-line no-unused-vars
  }
  function filter(fn, options) {
    validateOpFn(fn, 'fn');
    async function filterFn(value, opts) { if (await fn(value, opts)) return value; return kEmpty; }
    return map.call(this, filterFn, options);
  }
  async function reduce(reducer, initialValue, options) {
    validateOpFn(reducer, 'reducer');
    const outer = signalOf(options);
    let hasInitialValue = arguments.length > 1;
    if (outer && outer.aborted) {
      const err = new AbortError(undefined, { cause: outer.reason });
      this.once('error', nop);
      await finishedPromise(this.destroy(err));
      throw err;
    }
    const ac = new AC();
    const signal = ac.signal;
    const unlisten = outer ? addAbortListener(outer, () => ac.abort()) : nop;
    let gotAny = false;
    try {
      for await (const value of this) {
        gotAny = true;
        if (outer && outer.aborted) throw new AbortError();
        if (!hasInitialValue) { initialValue = value; hasInitialValue = true; }
        else initialValue = await reducer(initialValue, value, { signal });
      }
      if (!gotAny && !hasInitialValue) {
        const err = ERR_MISSING_ARGS('reduce');
        err.message = 'Reduce of an empty stream requires an initial value';
        throw err;
      }
    } finally {
      ac.abort();
      unlisten();
    }
    return initialValue;
  }
  async function toArray(options) {
    const signal = signalOf(options);
    const result = [];
    for await (const val of this) {
      if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
      result.push(val);
    }
    return result;
  }
  function flatMap(fn, options) {
    const values = map.call(this, fn, options);
    return (async function* () { for await (const val of values) yield* val; })();
  }
  function toIntegerOrInfinity(number) {
    number = Number(number);
    if (Number.isNaN(number)) return 0;
    if (number < 0) throw ERR_OUT_OF_RANGE('number', '>= 0', number);
    return number;
  }
  function drop(number, options = undefined) {
    const signal = signalOf(options);
    number = toIntegerOrInfinity(number);
    const stream = this;
    return (async function* () {
      if (signal && signal.aborted) throw new AbortError();
      for await (const val of stream) {
        if (signal && signal.aborted) throw new AbortError();
        if (number-- <= 0) yield val;
      }
    })();
  }
  function take(number, options = undefined) {
    const signal = signalOf(options);
    number = toIntegerOrInfinity(number);
    const stream = this;
    return (async function* () {
      if (signal && signal.aborted) throw new AbortError();
      for await (const val of stream) {
        if (signal && signal.aborted) throw new AbortError();
        if (number-- > 0) yield val;
        if (number <= 0) return;
      }
    })();
  }
  function asIndexedPairs(options = undefined) {
    const signal = signalOf(options);
    const stream = this;
    return (async function* () {
      let index = 0;
      for await (const val of stream) {
        if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
        yield [index++, val];
      }
    })();
  }
  for (const [name, op] of Object.entries({ asIndexedPairs, drop, filter, flatMap, map, take })) {
    Object.defineProperty(RP, name, {
      value: { [name](...args) { if (new.target) throw ERR_ILLEGAL_CONSTRUCTOR(); return Readable.from(op.apply(this, args)); } }[name],
      enumerable: false, configurable: true, writable: true,
    });
  }
  for (const [name, op] of Object.entries({ every, forEach, reduce, toArray, some, find })) {
    Object.defineProperty(RP, name, {
      value: { [name](...args) { if (new.target) throw ERR_ILLEGAL_CONSTRUCTOR(); return op.apply(this, args); } }[name],
      enumerable: false, configurable: true, writable: true,
    });
  }

  // ================= Writable =================
  function WritableState(options, stream, isDuplex) {
    if (typeof isDuplex !== 'boolean') isDuplex = stream instanceof Duplex;
    this.objectMode = !!(options && options.objectMode);
    if (isDuplex) this.objectMode = this.objectMode || !!(options && options.writableObjectMode);
    this.highWaterMark = options ? getHighWaterMark(this, options, 'writableHighWaterMark', isDuplex) : getDefaultHighWaterMark(false);
    this.finalCalled = false;
    this.needDrain = false;
    this.ending = false;
    this.ended = false;
    this.finished = false;
    this.destroyed = false;
    this.decodeStrings = !(options && options.decodeStrings === false);
    this.defaultEncoding = 'utf8';
    if (options && options.defaultEncoding) {
      const enc = String(options.defaultEncoding).toLowerCase();
      if (enc !== 'buffer' && !Buffer.isEncoding(enc)) throw ERR_UNKNOWN_ENCODING(options.defaultEncoding);
      this.defaultEncoding = options.defaultEncoding;
    }
    this.length = 0;
    this.writing = false;
    this.corked = 0;
    this.sync = true;
    this.bufferProcessing = false;
    this.onwrite = (er) => onwrite(stream, er);
    this.writecb = null;
    this.writelen = 0;
    this.afterWriteTickInfo = null;
    this.buffered = [];
    this.bufferedIndex = 0;
    this.allBuffers = true;
    this.allNoop = true;
    this.pendingcb = 0;
    this.constructed = true;
    this.prefinished = false;
    this.errorEmitted = false;
    this.emitClose = !options || options.emitClose !== false;
    this.autoDestroy = !options || options.autoDestroy !== false;
    this.errored = null;
    this.closed = false;
    this.closeEmitted = false;
    this.onFinished = [];
  }
  WritableState.prototype.getBuffer = function () { return this.buffered.slice(this.bufferedIndex); };
  Object.defineProperty(WritableState.prototype, 'bufferedRequestCount', {
    get() { return this.buffered.length - this.bufferedIndex; }, configurable: true,
  });
  function resetBuffer(state) {
    state.buffered = [];
    state.bufferedIndex = 0;
    state.allBuffers = true;
    state.allNoop = true;
  }

  function Writable(options) {
    const isDuplex = this instanceof Duplex;
    if (!isDuplex && !Function.prototype[Symbol.hasInstance].call(Writable, this)) return new Writable(options);
    this._writableState = new WritableState(options, this, isDuplex);
    if (options) {
      if (typeof options.write === 'function') this._write = options.write;
      if (typeof options.writev === 'function') this._writev = options.writev;
      if (typeof options.destroy === 'function') this._destroy = options.destroy;
      if (typeof options.final === 'function') this._final = options.final;
      if (typeof options.construct === 'function') this._construct = options.construct;
      if (options.signal) addAbortSignal(options.signal, this);
    }
    Stream.call(this, options);
    construct(this, () => {
      const state = this._writableState;
      if (!state.writing) clearBuffer(this, state);
      finishMaybe(this, state);
    });
  }
  Object.setPrototypeOf(Writable.prototype, Stream.prototype);
  Object.setPrototypeOf(Writable, Stream);
  Writable.WritableState = WritableState;
  Object.defineProperty(Writable, Symbol.hasInstance, {
    value: function (object) {
      if (Function.prototype[Symbol.hasInstance].call(this, object)) return true;
      if (this !== Writable) return false;
      return !!(object && object._writableState instanceof WritableState);
    },
    configurable: true,
  });
  const WP = Writable.prototype;
  WP.pipe = function () { errorOrDestroy(this, ERR_STREAM_CANNOT_PIPE()); };
  function _write(stream, chunk, encoding, cb) {
    const state = stream._writableState;
    if (typeof cb !== 'function') cb = nop;
    if (chunk === null) throw ERR_STREAM_NULL_VALUES();
    else if (!state.objectMode) {
      if (!encoding) encoding = state.defaultEncoding;
      else if (encoding !== 'buffer' && !Buffer.isEncoding(encoding)) throw ERR_UNKNOWN_ENCODING(encoding);
      if (typeof chunk === 'string') {
        if (state.decodeStrings !== false) { chunk = Buffer.from(chunk, encoding); encoding = 'buffer'; }
      } else if (isBuffer(chunk)) encoding = 'buffer';
      else if (isView(chunk)) { chunk = toBuffer(chunk); encoding = 'buffer'; }
      else throw ERR_INVALID_ARG_TYPE('chunk', ['string', 'Buffer', 'TypedArray', 'DataView'], chunk);
    }
    let err;
    if (state.ending) err = ERR_STREAM_WRITE_AFTER_END();
    else if (state.destroyed) err = ERR_STREAM_DESTROYED('write');
    if (err) {
      nextTick(cb, err);
      errorOrDestroy(stream, err, true);
      return err;
    }
    state.pendingcb++;
    return writeOrBuffer(stream, state, chunk, encoding, cb);
  }
  WP.write = function (chunk, encoding, cb) {
    if (typeof encoding === 'function') { cb = encoding; encoding = null; }
    return _write(this, chunk, encoding, cb) === true;
  };
  WP.cork = function () { this._writableState.corked++; };
  WP.uncork = function () {
    const state = this._writableState;
    if (state.corked) {
      state.corked--;
      if (!state.writing) clearBuffer(this, state);
    }
  };
  WP.setDefaultEncoding = function (encoding) {
    if (typeof encoding === 'string') encoding = encoding.toLowerCase();
    if (!Buffer.isEncoding(encoding)) throw ERR_UNKNOWN_ENCODING(encoding);
    this._writableState.defaultEncoding = encoding;
    return this;
  };
  function writeOrBuffer(stream, state, chunk, encoding, callback) {
    const len = state.objectMode ? 1 : chunk.length;
    state.length += len;
    if (state.writing || state.corked || state.errored || !state.constructed) {
      state.buffered.push({ chunk, encoding, callback });
      if (state.allBuffers && encoding !== 'buffer') state.allBuffers = false;
      if (state.allNoop && callback !== nop) state.allNoop = false;
    } else {
      state.writelen = len;
      state.writecb = callback;
      state.writing = true;
      state.sync = true;
      stream._write(chunk, encoding, state.onwrite);
      state.sync = false;
    }
    // Node 20 measures after the write: a chunk written synchronously does not count.
    const ret = state.length < state.highWaterMark || state.length === 0;
    if (!ret) state.needDrain = true;
    return ret && !state.errored && !state.destroyed;
  }
  function doWrite(stream, state, writev, len, chunk, encoding, cb) {
    state.writelen = len;
    state.writecb = cb;
    state.writing = true;
    state.sync = true;
    if (state.destroyed) state.onwrite(ERR_STREAM_DESTROYED('write'));
    else if (writev) stream._writev(chunk, state.onwrite);
    else stream._write(chunk, encoding, state.onwrite);
    state.sync = false;
  }
  function onwriteError(stream, state, er, cb) {
    --state.pendingcb;
    cb(er);
    errorBuffer(state);
    errorOrDestroy(stream, er);
  }
  function onwrite(stream, er) {
    const state = stream._writableState;
    const sync = state.sync;
    const cb = state.writecb;
    if (typeof cb !== 'function') { errorOrDestroy(stream, ERR_MULTIPLE_CALLBACK()); return; }
    state.writing = false;
    state.writecb = null;
    state.length -= state.writelen;
    state.writelen = 0;
    if (er) {
      if (!state.errored) state.errored = er;
      if (stream._readableState && !stream._readableState.errored) stream._readableState.errored = er;
      if (sync) nextTick(onwriteError, stream, state, er, cb);
      else onwriteError(stream, state, er, cb);
    } else {
      if (state.buffered.length > state.bufferedIndex) clearBuffer(stream, state);
      if (sync) {
        // As Node 20: a byte-mode write without callback that completed synchronously is done now
        // (finish may come before later ticks); 'drain' still waits a tick.
        const n = cb === nop && !state.objectMode ? 0 : 1;
        if (n === 0) state.pendingcb--;
        const info = state.afterWriteTickInfo;
        if (info !== null && info.cb === cb) info.count += n;
        else {
          state.afterWriteTickInfo = { count: n, cb, stream, state };
          nextTick(afterWriteTick, state.afterWriteTickInfo);
        }
      } else afterWrite(stream, state, 1, cb);
    }
  }
  function afterWriteTick(info) {
    info.state.afterWriteTickInfo = null;
    afterWrite(info.stream, info.state, info.count, info.cb);
  }
  function afterWrite(stream, state, count, cb) {
    const needDrain = !state.ending && !stream.destroyed && state.length === 0 && state.needDrain;
    if (needDrain) {
      state.needDrain = false;
      stream.emit('drain');
    }
    while (count-- > 0) {
      state.pendingcb--;
      cb(null);
    }
    if (state.destroyed) errorBuffer(state);
    finishMaybe(stream, state, true);
  }
  function errorBuffer(state) {
    if (state.writing) return;
    for (let n = state.bufferedIndex; n < state.buffered.length; ++n) {
      const { chunk, callback } = state.buffered[n];
      state.length -= state.objectMode ? 1 : chunk.length;
      callback(state.errored ?? ERR_STREAM_DESTROYED('write'));
    }
    for (const cb of state.onFinished.splice(0)) cb(state.errored ?? ERR_STREAM_DESTROYED('end'));
    resetBuffer(state);
  }
  function clearBuffer(stream, state) {
    if (state.corked || state.bufferProcessing || state.destroyed || !state.constructed) return;
    const { buffered, bufferedIndex, objectMode } = state;
    const bufferedLength = buffered.length - bufferedIndex;
    if (!bufferedLength) return;
    let i = bufferedIndex;
    state.bufferProcessing = true;
    if (bufferedLength > 1 && stream._writev) {
      state.pendingcb -= bufferedLength - 1;
      const callback = state.allNoop ? nop : (err) => {
        for (let n = i; n < buffered.length; ++n) buffered[n].callback(err);
      };
      const chunks = state.allNoop && i === 0 ? buffered : buffered.slice(i);
      chunks.allBuffers = state.allBuffers;
      doWrite(stream, state, true, state.length, chunks, '', callback);
      resetBuffer(state);
    } else {
      do {
        const { chunk, encoding, callback } = buffered[i];
        buffered[i++] = null;
        doWrite(stream, state, false, objectMode ? 1 : chunk.length, chunk, encoding, callback);
      } while (i < buffered.length && !state.writing);
      if (i === buffered.length) resetBuffer(state);
      else if (i > 256) { buffered.splice(0, i); state.bufferedIndex = 0; }
      else state.bufferedIndex = i;
    }
    state.bufferProcessing = false;
  }
  WP._write = function (chunk, encoding, cb) {
    if (this._writev) this._writev([{ chunk, encoding }], cb);
    else throw ERR_METHOD_NOT_IMPLEMENTED('_write()');
  };
  WP._writev = null;
  WP.end = function (chunk, encoding, cb) {
    const state = this._writableState;
    if (typeof chunk === 'function') { cb = chunk; chunk = null; encoding = null; }
    else if (typeof encoding === 'function') { cb = encoding; encoding = null; }
    let err;
    if (chunk !== null && chunk !== undefined) {
      const ret = _write(this, chunk, encoding);
      if (ret instanceof Error) err = ret;
    }
    if (state.corked) { state.corked = 1; this.uncork(); }
    if (err) { /* reported by _write */ }
    else if (!state.errored && !state.ending) {
      state.ending = true;
      finishMaybe(this, state, true);
      state.ended = true;
    } else if (state.finished) err = ERR_STREAM_ALREADY_FINISHED('end');
    else if (state.destroyed) err = ERR_STREAM_DESTROYED('end');
    if (typeof cb === 'function') {
      if (err) nextTick(cb, err);
      else if (state.errored) nextTick(cb, state.errored);
      else if (state.finished) nextTick(cb, null);
      else state.onFinished.push(cb);
    }
    return this;
  };
  function needFinish(state) {
    return state.ending && !state.destroyed && state.constructed && state.length === 0 && !state.errored &&
      state.buffered.length === 0 && !state.finished && !state.writing && !state.errorEmitted && !state.closeEmitted;
  }
  function callFinal(stream, state) {
    let called = false;
    function onFinish(err) {
      if (called) { errorOrDestroy(stream, err ?? ERR_MULTIPLE_CALLBACK()); return; }
      called = true;
      state.pendingcb--;
      if (err) {
        for (const cb of state.onFinished.splice(0)) cb(err);
        errorOrDestroy(stream, err, state.sync);
      } else if (needFinish(state)) {
        state.prefinished = true;
        stream.emit('prefinish');
        state.pendingcb++;
        nextTick(finish, stream, state);
      }
    }
    state.sync = true;
    state.pendingcb++;
    try { stream._final(onFinish); } catch (err) { onFinish(err); }
    state.sync = false;
  }
  function prefinish(stream, state) {
    if (!state.prefinished && !state.finalCalled) {
      if (typeof stream._final === 'function' && !state.destroyed) {
        state.finalCalled = true;
        callFinal(stream, state);
      } else {
        state.prefinished = true;
        stream.emit('prefinish');
      }
    }
  }
  function finishMaybe(stream, state, sync) {
    if (needFinish(state)) {
      prefinish(stream, state);
      if (state.pendingcb === 0) {
        if (sync) {
          state.pendingcb++;
          nextTick(finishTick, stream, state);
        } else if (needFinish(state)) {
          state.pendingcb++;
          finish(stream, state);
        }
      }
    }
  }
  function finishTick(stream, state) {
    if (needFinish(state)) finish(stream, state);
    else state.pendingcb--;
  }
  function finish(stream, state) {
    state.pendingcb--;
    state.finished = true;
    for (const cb of state.onFinished.splice(0)) cb(null);
    stream.emit('finish');
    if (state.autoDestroy) {
      const r = stream._readableState;
      if (!r || (r.autoDestroy && (r.endEmitted || r.readable === false))) stream.destroy();
    }
  }
  const WG = {
    closed() { return this._writableState ? this._writableState.closed : false; },
    writable() {
      const w = this._writableState;
      return !!w && w.writable !== false && !w.destroyed && !w.errored && !w.ending && !w.ended;
    },
    writableFinished() { return this._writableState ? this._writableState.finished : false; },
    writableObjectMode() { return this._writableState ? this._writableState.objectMode : false; },
    writableBuffer() { return this._writableState && this._writableState.getBuffer(); },
    writableEnded() { return this._writableState ? this._writableState.ending : false; },
    writableNeedDrain() {
      const w = this._writableState;
      if (!w) return false;
      return !w.destroyed && !w.ending && w.needDrain;
    },
    writableHighWaterMark() { return this._writableState && this._writableState.highWaterMark; },
    writableCorked() { return this._writableState ? this._writableState.corked : 0; },
    writableLength() { return this._writableState && this._writableState.length; },
    errored() { return this._writableState ? this._writableState.errored : null; },
    writableAborted() {
      const w = this._writableState;
      return !!(w.writable !== false && (w.destroyed || w.errored) && !w.finished);
    },
  };
  for (const k of Object.keys(WG)) getter(WP, k, WG[k], undefined, false);
  getter(WP, 'destroyed', function () { return this._writableState ? this._writableState.destroyed : false; },
    function (v) { if (this._writableState) this._writableState.destroyed = v; }, false);
  getter(WP, 'writable', WG.writable, function (val) { if (this._writableState) this._writableState.writable = !!val; }, false);
  WP.destroy = function (err, cb) {
    const state = this._writableState;
    if (!state.destroyed && (state.bufferedIndex < state.buffered.length || state.onFinished.length)) nextTick(errorBuffer, state);
    destroy.call(this, err, cb);
    return this;
  };
  WP._undestroy = undestroy;
  WP._destroy = function (err, cb) { cb(err); };
  WP[EE.captureRejectionSymbol || Symbol.for('nodejs.rejection')] = function (err) { this.destroy(err); };

  // ================= Duplex =================
  function Duplex(options) {
    if (!(this instanceof Duplex)) return new Duplex(options);
    this._readableState = new ReadableState(options, this, true);
    this._writableState = new WritableState(options, this, true);
    if (options) {
      this.allowHalfOpen = options.allowHalfOpen !== false;
      if (options.readable === false) {
        this._readableState.readable = false;
        this._readableState.ended = true;
        this._readableState.endEmitted = true;
      }
      if (options.writable === false) {
        this._writableState.writable = false;
        this._writableState.ending = true;
        this._writableState.ended = true;
        this._writableState.finished = true;
      }
      if (typeof options.read === 'function') this._read = options.read;
      if (typeof options.write === 'function') this._write = options.write;
      if (typeof options.writev === 'function') this._writev = options.writev;
      if (typeof options.destroy === 'function') this._destroy = options.destroy;
      if (typeof options.final === 'function') this._final = options.final;
      if (typeof options.construct === 'function') this._construct = options.construct;
      if (options.signal) addAbortSignal(options.signal, this);
    } else this.allowHalfOpen = true;
    Stream.call(this, options);
    construct(this, () => {
      const r = this._readableState;
      if (r.needReadable) maybeReadMore(this, r);
      const w = this._writableState;
      if (!w.writing) clearBuffer(this, w);
      finishMaybe(this, w);
    });
  }
  Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
  Object.setPrototypeOf(Duplex, Readable);
  const DP = Duplex.prototype;
  for (const k of ['write', 'cork', 'uncork', 'setDefaultEncoding', '_write', '_writev', 'end']) DP[k] = WP[k];
  DP.destroy = WP.destroy;
  for (const k of ['writable', 'writableHighWaterMark', 'writableObjectMode', 'writableBuffer', 'writableLength',
    'writableFinished', 'writableCorked', 'writableEnded', 'writableNeedDrain']) {
    Object.defineProperty(DP, k, Object.getOwnPropertyDescriptor(WP, k));
  }
  getter(DP, 'destroyed', function () {
    if (this._readableState === undefined || this._writableState === undefined) return false;
    return this._readableState.destroyed && this._writableState.destroyed;
  }, function (v) {
    if (this._readableState && this._writableState) {
      this._readableState.destroyed = v;
      this._writableState.destroyed = v;
    }
  }, false);
  Duplex.from = function (body) { return duplexFrom(body, 'body'); };

  // Duplex.from: streams, iterables, async generator functions, promises, { readable, writable }.
  function duplexFrom(body, name) {
    if (isDuplexNodeStream(body)) return body;
    if (isReadableNodeStream(body)) return duplexify({ readable: body });
    if (isWritableNodeStream(body)) return duplexify({ writable: body });
    if (isNodeStream(body)) return duplexify({ writable: false, readable: false });
    if (typeof body === 'function') {
      const { value, write, final, destroy } = fromAsyncGen(body);
      if (isIterable(value)) {
        return from(Duplexify, value, { objectMode: true, write, final, destroy });
      }
      const then = value && value.then;
      if (typeof then === 'function') {
        let d;
        const promise = then.call(value, (val) => { if (val != null) throw ERR_INVALID_RETURN_VALUE('nully', 'body', val); },
          (err) => { destroyer(d, err); });
        return (d = new Duplexify({
          objectMode: true, readable: false, write,
          final(cb) { final(async () => { try { await promise; nextTick(cb, null); } catch (err) { nextTick(cb, err); } }); },
          destroy,
        }));
      }
      throw ERR_INVALID_RETURN_VALUE('Iterable, AsyncIterable or AsyncFunction', name, value);
    }
    if (isIterable(body)) return from(Duplexify, body, { objectMode: true, writable: false });
    if (body && typeof body.then === 'function') {
      let d;
      body.then((val) => { if (val != null) d.push(val); d.push(null); }, (err) => { destroyer(d, err); });
      return (d = new Duplexify({ objectMode: true, writable: false, read() {} }));
    }
    if (typeof body === 'object' && body !== null &&
      (isReadableNodeStream(body.readable) || isWritableNodeStream(body.writable))) {
      const readable = body.readable ? (isReadableNodeStream(body.readable) ? body.readable : duplexFrom(body.readable)) : undefined;
      const writable = body.writable ? (isWritableNodeStream(body.writable) ? body.writable : duplexFrom(body.writable)) : undefined;
      return duplexify({ readable, writable });
    }
    throw ERR_INVALID_ARG_TYPE(name, ['Blob', 'ReadableStream', 'WritableStream', 'Stream', 'Iterable', 'AsyncIterable', 'Function',
      '{ readable, writable } pair', 'Promise'], body);
  }
  function isDuplexNodeStream(obj) {
    return !!(obj && typeof obj.pipe === 'function' && obj._readableState && typeof obj.on === 'function' && typeof obj.write === 'function');
  }
  function Duplexify(options) {
    if (!(this instanceof Duplexify)) return new Duplexify(options);
    Duplex.call(this, options);
    if (options && options.readable === false) {
      this._readableState.readable = false; this._readableState.ended = true; this._readableState.endEmitted = true;
    }
    if (options && options.writable === false) {
      this._writableState.writable = false; this._writableState.ending = true; this._writableState.ended = true; this._writableState.finished = true;
    }
  }
  Object.setPrototypeOf(Duplexify.prototype, Duplex.prototype);
  Object.setPrototypeOf(Duplexify, Duplex);
  // Runs fn(source, { signal }); source yields what is written to the Duplex, one chunk at a time
  // (a write's callback runs when the generator takes its chunk).
  function fromAsyncGen(fn) {
    const ac = new AC();
    let pending = null;
    let waiter = null;
    const hand = (item) => {
      if (waiter) { const w = waiter; waiter = null; w(item); } else pending = item;
    };
    const take = () => new Promise((resolve) => {
      if (pending) { const p = pending; pending = null; resolve(p); } else waiter = resolve;
    });
    async function* source() {
      for (;;) {
        const { chunk, done, cb } = await take();
        nextTick(cb);
        if (done) return;
        if (ac.signal.aborted) throw new AbortError(undefined, { cause: ac.signal.reason });
        yield chunk;
      }
    }
    return {
      value: fn(source(), { signal: ac.signal }),
      write(chunk, encoding, cb) { hand({ chunk, done: false, cb }); },
      final(cb) { hand({ done: true, cb }); },
      destroy(err, cb) { ac.abort(); cb(err); },
    };
  }
  function duplexify(pair) {
    const r = pair.readable && typeof pair.readable.read !== 'function' ? Readable.wrap(pair.readable) : pair.readable;
    const w = pair.writable;
    let readable = !!isReadableNodeStream(r);
    let writable = !!isWritableNodeStream(w);
    let ondrain, onfinish, onreadable, onclose, d;
    function onfinished(err) {
      const cb = onclose;
      onclose = null;
      if (cb) cb(err);
      else if (err) d.destroy(err);
    }
    d = new Duplexify({
      readableObjectMode: !!(r && r.readableObjectMode),
      writableObjectMode: !!(w && w.writableObjectMode),
      readable, writable,
    });
    if (writable) {
      eos(w, (err) => {
        writable = false;
        if (err) destroyer(r, err);
        onfinished(err);
      });
      d._write = function (chunk, encoding, callback) {
        if (w.write(chunk, encoding)) callback();
        else ondrain = callback;
      };
      d._final = function (callback) { w.end(); onfinish = callback; };
      w.on('drain', () => { if (ondrain) { const cb = ondrain; ondrain = null; cb(); } });
      w.on('finish', () => { if (onfinish) { const cb = onfinish; onfinish = null; cb(); } });
    }
    if (readable) {
      eos(r, (err) => {
        readable = false;
        if (err) destroyer(r, err);
        onfinished(err);
      });
      r.on('readable', () => { if (onreadable) { const cb = onreadable; onreadable = null; cb(); } });
      r.on('end', () => { d.push(null); });
      d._read = function () {
        while (true) {
          const buf = r.read();
          if (buf === null) { onreadable = d._read; return; }
          if (!d.push(buf)) return;
        }
      };
    }
    d._destroy = function (err, callback) {
      if (!err && onclose !== null) err = new AbortError();
      onreadable = null; ondrain = null; onfinish = null;
      if (onclose === null) callback(err);
      else { onclose = callback; destroyer(w, err); destroyer(r, err); }
    };
    return d;
  }

  // ================= Transform / PassThrough =================
  function Transform(options) {
    if (!(this instanceof Transform)) return new Transform(options);
    const readableHighWaterMark = options ? getHighWaterMark(this, options, 'readableHighWaterMark', true) : null;
    if (readableHighWaterMark === 0) {
      options = {
        ...options, highWaterMark: null, readableHighWaterMark,
        writableHighWaterMark: options.writableHighWaterMark || 0,
      };
    }
    Duplex.call(this, options);
    this._readableState.sync = false;
    this[kCallback] = null;
    if (options) {
      if (typeof options.transform === 'function') this._transform = options.transform;
      if (typeof options.flush === 'function') this._flush = options.flush;
    }
    this.on('prefinish', transformPrefinish);
  }
  Object.setPrototypeOf(Transform.prototype, Duplex.prototype);
  Object.setPrototypeOf(Transform, Duplex);
  function transformFinal(cb) {
    if (typeof this._flush === 'function' && !this.destroyed) {
      this._flush((er, data) => {
        if (er) {
          if (cb) cb(er); else this.destroy(er);
          return;
        }
        if (data != null) this.push(data);
        this.push(null);
        if (cb) cb();
      });
    } else {
      this.push(null);
      if (cb) cb();
    }
  }
  function transformPrefinish() { if (this._final !== transformFinal) transformFinal.call(this); }
  Transform.prototype._final = transformFinal;
  Transform.prototype._transform = function () { throw ERR_METHOD_NOT_IMPLEMENTED('_transform()'); };
  Transform.prototype._write = function (chunk, encoding, callback) {
    const rState = this._readableState;
    const wState = this._writableState;
    const length = rState.length;
    this._transform(chunk, encoding, (err, val) => {
      if (err) { callback(err); return; }
      if (val != null) this.push(val);
      if (wState.ended || length === rState.length || rState.length < rState.highWaterMark) callback();
      else this[kCallback] = callback;
    });
  };
  Transform.prototype._read = function () {
    if (this[kCallback]) {
      const callback = this[kCallback];
      this[kCallback] = null;
      callback();
    }
  };
  function PassThrough(options) {
    if (!(this instanceof PassThrough)) return new PassThrough(options);
    Transform.call(this, options);
  }
  Object.setPrototypeOf(PassThrough.prototype, Transform.prototype);
  Object.setPrototypeOf(PassThrough, Transform);
  PassThrough.prototype._transform = function (chunk, encoding, cb) { cb(null, chunk); };

  // ---- duplexPair ----
  const kOtherSide = Symbol('kOtherSide');
  class DuplexSide extends Duplex {
    constructor(options) { super(options); this[kOtherSide] = null; this[kCallback] = null; }
    _read() {
      const callback = this[kOtherSide][kCallback];
      if (callback) { this[kOtherSide][kCallback] = null; callback(); }
    }
    _write(chunk, encoding, callback) {
      if (chunk.length === 0) nextTick(callback);
      else { this[kOtherSide].push(chunk); this[kOtherSide][kCallback] = callback; }
    }
    _final(callback) { this[kOtherSide].on('end', callback); this[kOtherSide].push(null); }
  }
  function duplexPair(options) {
    const side0 = new DuplexSide(options);
    const side1 = new DuplexSide(options);
    side0[kOtherSide] = side1;
    side1[kOtherSide] = side0;
    return [side0, side1];
  }

  // ================= finished (end-of-stream) =================
  function eos(stream, options, callback) {
    if (arguments.length === 2) { callback = options; options = {}; }
    else if (options == null) options = {};
    else validateObject(options, 'options');
    validateFunction(callback, 'callback');
    validateAbortSignal(options.signal, 'options.signal');
    callback = once(callback);
    if (!isNodeStream(stream)) throw ERR_INVALID_ARG_TYPE('stream', ['ReadableStream', 'WritableStream', 'Stream'], stream);
    const readable = options.readable ?? isReadableNodeStream(stream);
    const writable = options.writable ?? isWritableNodeStream(stream);
    const wState = stream._writableState;
    const rState = stream._readableState;
    const onlegacyfinish = () => { if (!stream.writable) onfinish(); };
    let emitsClose = willEmitClose(stream) && isReadableNodeStream(stream) === readable && isWritableNodeStream(stream) === writable;
    let writableFinished = isWritableFinished(stream, false);
    const onfinish = () => {
      writableFinished = true;
      if (stream.destroyed) emitsClose = false;
      if (emitsClose && (!stream.readable || readable)) return;
      if (!readable || readableFinished) callback.call(stream);
    };
    let readableFinished = isReadableFinished(stream, false);
    const onend = () => {
      readableFinished = true;
      if (stream.destroyed) emitsClose = false;
      if (emitsClose && (!stream.writable || writable)) return;
      if (!writable || writableFinished) callback.call(stream);
    };
    const onerror = (err) => { callback.call(stream, err); };
    let closed = isClosed(stream);
    const onclose = () => {
      closed = true;
      const errored = isWritableErrored(stream) || isReadableErrored(stream);
      if (errored && typeof errored !== 'boolean') return callback.call(stream, errored);
      if (readable && !readableFinished && isReadableNodeStream(stream, true)) {
        if (!isReadableFinished(stream, false)) return callback.call(stream, ERR_STREAM_PREMATURE_CLOSE());
      }
      if (writable && !writableFinished) {
        if (!isWritableFinished(stream, false)) return callback.call(stream, ERR_STREAM_PREMATURE_CLOSE());
      }
      callback.call(stream);
    };
    const onclosed = () => {
      closed = true;
      const errored = isWritableErrored(stream) || isReadableErrored(stream);
      if (errored && typeof errored !== 'boolean') return callback.call(stream, errored);
      callback.call(stream);
    };
    const onrequest = () => { stream.req.on('finish', onfinish); };
    if (isRequest(stream)) {
      stream.on('complete', onfinish);
      if (!emitsClose) stream.on('abort', onclose);
      if (stream.req) onrequest(); else stream.on('request', onrequest);
    } else if (writable && !wState) {
      stream.on('end', onlegacyfinish);
      stream.on('close', onlegacyfinish);
    }
    if (!emitsClose && typeof stream.aborted === 'boolean') stream.on('aborted', onclose);
    stream.on('end', onend);
    stream.on('finish', onfinish);
    if (options.error !== false) stream.on('error', onerror);
    stream.on('close', onclose);
    if (closed) nextTick(onclose);
    else if ((wState && wState.errorEmitted) || (rState && rState.errorEmitted)) {
      if (!emitsClose) nextTick(onclosed);
    } else if (!readable && (!emitsClose || isReadable(stream)) && (writableFinished || isWritable(stream) === false)) nextTick(onclosed);
    else if (!writable && (!emitsClose || isWritable(stream)) && (readableFinished || isReadable(stream) === false)) nextTick(onclosed);
    else if (rState && stream.req && stream.aborted) nextTick(onclosed);
    const cleanup = () => {
      callback = nop;
      stream.removeListener('aborted', onclose);
      stream.removeListener('complete', onfinish);
      stream.removeListener('abort', onclose);
      stream.removeListener('request', onrequest);
      if (stream.req) stream.req.removeListener('finish', onfinish);
      stream.removeListener('end', onlegacyfinish);
      stream.removeListener('close', onlegacyfinish);
      stream.removeListener('finish', onfinish);
      stream.removeListener('end', onend);
      stream.removeListener('error', onerror);
      stream.removeListener('close', onclose);
    };
    if (options.signal && !closed) {
      const abort = () => {
        const endCallback = callback;
        cleanup();
        endCallback.call(stream, new AbortError(undefined, { cause: options.signal.reason }));
      };
      if (options.signal.aborted) nextTick(abort);
      else {
        const unlisten = addAbortListener(options.signal, abort);
        const originalCallback = callback;
        callback = once((...args) => { unlisten(); originalCallback.apply(stream, args); });
      }
    }
    return cleanup;
  }
  function finishedPromise(stream, opts) {
    let autoCleanup = false;
    if (opts === null) opts = {};
    if (opts && opts.cleanup) {
      if (typeof opts.cleanup !== 'boolean') throw ERR_INVALID_ARG_TYPE('cleanup', 'boolean', opts.cleanup);
      autoCleanup = opts.cleanup;
    }
    return new Promise((resolve, reject) => {
      const cleanup = eos(stream, opts, (err) => {
        if (autoCleanup) cleanup();
        if (err) reject(err); else resolve();
      });
    });
  }
  eos.finished = finishedPromise;
  Object.defineProperty(eos, kPromisifyCustom, { value: finishedPromise, enumerable: false, configurable: true, writable: true });

  // ================= pipeline =================
  function pipeline(...streams) {
    const last = streams[streams.length - 1];
    validateFunction(last, 'streams[stream.length - 1]');
    return pipelineImpl(streams, once(streams.pop()));
  }
  function pipelineDestroyer(stream, reading, writing) {
    let finished = false;
    stream.on('close', () => { finished = true; });
    const cleanup = eos(stream, { readable: reading, writable: writing }, (err) => { finished = !err; });
    return {
      destroy: (err) => {
        if (finished) return;
        finished = true;
        destroyer(stream, err || ERR_STREAM_DESTROYED('pipe'));
      },
      cleanup,
    };
  }
  async function* fromReadable(val) { yield* Readable.prototype[Symbol.asyncIterator].call(val); }
  function makeAsyncIterable(val) {
    if (isIterable(val)) return val;
    if (isReadableNodeStream(val)) return fromReadable(val);
    throw ERR_INVALID_ARG_TYPE('val', ['Readable', 'Iterable', 'AsyncIterable'], val);
  }
  async function pumpToNode(iterable, writable, finish, { end }) {
    let error;
    let onresolve = null;
    const resume = (err) => {
      if (err) error = err;
      if (onresolve) { const callback = onresolve; onresolve = null; callback(); }
    };
    const wait = () => new Promise((resolve, reject) => {
      if (error) reject(error);
      else onresolve = () => { if (error) reject(error); else resolve(); };
    });
    writable.on('drain', resume);
    const cleanup = eos(writable, { readable: false }, resume);
    try {
      if (writable.writableNeedDrain) await wait();
      for await (const chunk of iterable) {
        if (!writable.write(chunk)) await wait();
      }
      if (end) {
        writable.end();
        await wait();
      }
      finish();
    } catch (err) {
      finish(error !== err ? aggregateTwoErrors(error, err) : err);
    } finally {
      cleanup();
      writable.off('drain', resume);
    }
  }
  function pipelineImpl(streams, callback, opts) {
    if (streams.length === 1 && Array.isArray(streams[0])) streams = streams[0];
    if (streams.length < 2) throw ERR_MISSING_ARGS('streams');
    const ac = new AC();
    const signal = ac.signal;
    const outerSignal = opts && opts.signal;
    const lastStreamCleanup = [];
    validateAbortSignal(outerSignal, 'options.signal');
    function abort() { finishImpl(new AbortError()); }
    const unlistenOuter = outerSignal ? addAbortListener(outerSignal, abort) : nop;
    let error;
    let value;
    const destroys = [];
    let finishCount = 0;
    function finish(err) { finishImpl(err, --finishCount === 0); }
    function finishImpl(err, final) {
      if (err && (!error || error.code === 'ERR_STREAM_PREMATURE_CLOSE')) error = err;
      if (!error && !final) return;
      while (destroys.length) destroys.shift()(error);
      unlistenOuter();
      ac.abort();
      if (final) {
        if (!error) lastStreamCleanup.forEach((fn) => fn());
        nextTick(callback, error, value);
      }
    }
    let ret;
    for (let i = 0; i < streams.length; i++) {
      const stream = streams[i];
      const reading = i < streams.length - 1;
      const writing = i > 0;
      const end = reading || !opts || opts.end !== false;
      const isLastStream = i === streams.length - 1;
      if (isNodeStream(stream)) {
        if (end) {
          const { destroy, cleanup } = pipelineDestroyer(stream, reading, writing);
          destroys.push(destroy);
          if (isReadable(stream) && isLastStream) lastStreamCleanup.push(cleanup);
        }
        const onError = (err) => {
          if (err && err.name !== 'AbortError' && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') finish(err);
        };
        stream.on('error', onError);
        if (isReadable(stream) && isLastStream) lastStreamCleanup.push(() => { stream.removeListener('error', onError); });
      }
      if (i === 0) {
        if (typeof stream === 'function') {
          ret = stream({ signal });
          if (!isIterable(ret)) throw ERR_INVALID_RETURN_VALUE('Iterable, AsyncIterable or Stream', 'source', ret);
        } else if (isIterable(stream) || isReadableNodeStream(stream)) ret = stream;
        else ret = Duplex.from(stream);
      } else if (typeof stream === 'function') {
        ret = makeAsyncIterable(ret);
        ret = stream(ret, { signal });
        if (reading) {
          if (!isIterable(ret, true)) throw ERR_INVALID_RETURN_VALUE('AsyncIterable', `transform[${i - 1}]`, ret);
        } else {
          const pt = new PassThrough({ objectMode: true });
          const then = ret && ret.then;
          if (typeof then === 'function') {
            finishCount++;
            then.call(ret, (val) => {
              value = val;
              if (val != null) pt.write(val);
              if (end) pt.end();
              nextTick(finish);
            }, (err) => {
              pt.destroy(err);
              nextTick(finish, err);
            });
          } else if (isIterable(ret, true)) {
            finishCount++;
            pumpToNode(ret, pt, finish, { end });
          } else throw ERR_INVALID_RETURN_VALUE('AsyncIterable or Promise', 'destination', ret);
          ret = pt;
          const { destroy, cleanup } = pipelineDestroyer(ret, false, true);
          destroys.push(destroy);
          if (isLastStream) lastStreamCleanup.push(cleanup);
        }
      } else if (isNodeStream(stream)) {
        if (isReadableNodeStream(ret)) {
          finishCount += 2;
          const cleanup = pipe(ret, stream, finish, { end });
          if (isReadable(stream) && isLastStream) lastStreamCleanup.push(cleanup);
        } else if (isIterable(ret)) {
          finishCount++;
          pumpToNode(ret, stream, finish, { end });
        } else throw ERR_INVALID_ARG_TYPE('val', ['Readable', 'Iterable', 'AsyncIterable', 'ReadableStream', 'TransformStream'], ret);
        ret = stream;
      } else ret = Duplex.from(stream);
    }
    if ((signal && signal.aborted) || (outerSignal && outerSignal.aborted)) nextTick(abort);
    return ret;
  }
  function pipe(src, dst, finish, { end }) {
    let ended = false;
    dst.on('close', () => { if (!ended) finish(ERR_STREAM_PREMATURE_CLOSE()); });
    src.pipe(dst, { end: false });
    if (end) {
      function endFn() { ended = true; dst.end(); }
      if (isReadableFinished(src)) nextTick(endFn);
      else src.once('end', endFn);
      eos(src, { readable: true, writable: false }, (err) => {
        const rState = src._readableState;
        if (err && err.code === 'ERR_STREAM_PREMATURE_CLOSE' && rState && rState.ended && !rState.errored && !rState.errorEmitted) {
          src.once('end', endFn).once('error', finish);
        } else finish(err);
      });
    } else finish();
    return eos(dst, { readable: false, writable: true }, finish);
  }
  function pipelinePromise(...streams) {
    return new Promise((resolve, reject) => {
      let signal, end;
      const lastArg = streams[streams.length - 1];
      if (lastArg && typeof lastArg === 'object' && !isNodeStream(lastArg) && !isIterable(lastArg)) {
        const options = streams.pop();
        signal = options.signal;
        end = options.end;
      }
      pipelineImpl(streams, (err, value) => { if (err) reject(err); else resolve(value); }, { signal, end });
    });
  }
  Object.defineProperty(pipeline, kPromisifyCustom, { value: pipelinePromise, enumerable: false, configurable: true, writable: true });

  // compose(...streams): one Duplex writing into the first stage and reading from the last.
  function compose(...streams) {
    if (streams.length === 0) throw ERR_MISSING_ARGS('streams');
    if (streams.length === 1) return Duplex.from(streams[0]);
    const orig = streams.slice();
    streams = streams.map((s) => (typeof s === 'function' || (!isNodeStream(s) && s != null) ? Duplex.from(s) : s));
    for (let i = 0; i < streams.length; i++) {
      if (!isNodeStream(streams[i])) continue;
      if (i < streams.length - 1 && !isReadableNodeStream(streams[i])) throw ERR_INVALID_ARG_VALUE(`streams[${i}]`, orig[i], 'must be readable');
      if (i > 0 && !isWritableNodeStream(streams[i])) throw ERR_INVALID_ARG_VALUE(`streams[${i}]`, orig[i], 'must be writable');
    }
    const head = streams[0];
    const tail = streams[streams.length - 1];
    const d = duplexify({
      writable: isWritableNodeStream(head) ? head : undefined,
      readable: isReadableNodeStream(tail) ? tail : undefined,
    });
    pipeline(streams, (err) => { if (err) destroyer(d, err); });
    return d;
  }
  Object.defineProperty(RP, 'compose', {
    value: function compose_(stream, options) {
      if (options != null) validateObject(options, 'options');
      return compose(this, stream);
    },
    enumerable: false, configurable: true, writable: true,
  });

  function addAbortSignal(signal, stream) {
    validateAbortSignal(signal, 'signal');
    if (!isNodeStream(stream)) throw ERR_INVALID_ARG_TYPE('stream', ['ReadableStream', 'WritableStream', 'Stream'], stream);
    const onAbort = () => { stream.destroy(new AbortError(undefined, { cause: signal.reason })); };
    if (signal.aborted) onAbort();
    else {
      const unlisten = addAbortListener(signal, onAbort);
      eos(stream, unlisten);
    }
    return stream;
  }

  Stream.isDestroyed = isDestroyed;
  Stream.isDisturbed = isDisturbed;
  Stream.isErrored = isErrored;
  Stream.isReadable = isReadable;
  Stream.isWritable = isWritable;
  Stream.Readable = Readable;
  Stream.Writable = Writable;
  Stream.Duplex = Duplex;
  Stream.Transform = Transform;
  Stream.PassThrough = PassThrough;
  Stream.duplexPair = duplexPair;
  Stream.pipeline = pipeline;
  Stream.addAbortSignal = addAbortSignal;
  Stream.finished = eos;
  Stream.destroy = destroyer;
  Stream.compose = compose;
  Stream.setDefaultHighWaterMark = setDefaultHighWaterMark;
  Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;
  Stream.promises = { pipeline: pipelinePromise, finished: finishedPromise };
  Stream.Stream = Stream;
  Stream._isArrayBufferView = ArrayBuffer.isView;
  Stream._isUint8Array = isU8;
  Stream._uint8ArrayToBuffer = toBuffer;
  module.exports = Stream;
})
