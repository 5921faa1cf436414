// Node's `stream/web`: WHATWG ReadableStream (default and byte sources, default and BYOB readers, tee, pipeTo/pipeThrough, async iteration, from), WritableStream, TransformStream, the queuing strategies, TextEncoderStream/TextDecoderStream (UTF-8 only) and CompressionStream/DecompressionStream (on zlib, compressing when the input ends); byte streams copy chunks instead of transferring (detaching) their buffers.
(function (exports, require, module) {
  'use strict';
  const kS = Symbol('kState');
  const kKey = Symbol('internal');
  const noop = () => {};
  const internal = () => require('util')[Symbol.for('laf.node.internal')];

  // ---- errors, Node's codes and messages
  const coded = (Ctor, code, message) => internal().codedError(Ctor, code, message);
  const invalidState = (what) => coded(TypeError, 'ERR_INVALID_STATE', `Invalid state: ${what}`);
  const invalidThis = (type) => coded(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
  const argType = (name, expected, v) => internal().errInvalidArgType(name, expected, v);
  const argValue = (name, v, Ctor = TypeError, reason) => {
    const e = internal().errInvalidArgValue(name, v, reason);
    return Ctor === TypeError ? e : coded(Ctor, e.code, e.message);
  };
  const illegal = () => coded(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
  const abortError = (reason) => {
    const { DOMException } = require('internal/web');
    const e = new DOMException('This operation was aborted', 'AbortError');
    if (reason !== undefined) Object.defineProperty(e, 'cause', { value: reason, configurable: true, writable: true });
    return e;
  };

  // ---- small helpers
  function deferred() {
    const d = { state: 'pending', promise: undefined, resolve: undefined, reject: undefined };
    d.promise = new Promise((res, rej) => {
      d.resolve = (v) => { if (d.state === 'pending') { d.state = 'fulfilled'; res(v); } };
      d.reject = (e) => { if (d.state === 'pending') { d.state = 'rejected'; rej(e); } };
    });
    return d;
  }
  const resolvedD = (v) => { const d = deferred(); d.resolve(v); return d; };
  const rejectedD = (e) => { const d = deferred(); d.reject(e); d.promise.catch(noop); return d; };
  function promiseCall(fn, thisArg, ...args) {
    if (fn === undefined) return Promise.resolve();
    try {
      return Promise.resolve(Reflect.apply(fn, thisArg, args));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  const isObject = (v) => v !== null && (typeof v === 'object' || typeof v === 'function');
  const stateOf = (o, type) => {
    const s = isObject(o) ? o[kS] : undefined;
    return s !== undefined && s.type === type ? s : undefined;
  };
  const brand = (o, type) => {
    const s = stateOf(o, type);
    if (s === undefined) throw invalidThis(type);
    return s;
  };
  const setState = (o, s) => Object.defineProperty(o, kS, { value: s });
  // WebIDL: members enumerable, a toStringTag on the prototype.
  function shape(Class, tag) {
    for (const k of Object.getOwnPropertyNames(Class.prototype)) {
      if (k !== 'constructor') Object.defineProperty(Class.prototype, k, { enumerable: true });
    }
    if (tag) Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  function method(obj, name) {
    if (obj === undefined || obj === null) return undefined;
    const fn = obj[name];
    if (fn === undefined || fn === null) return undefined;
    return fn;
  }
  function checkFn(fn, name) {
    if (fn !== undefined && typeof fn !== 'function') throw argType(name, 'Function', fn);
    return fn;
  }
  function highWaterMarkOf(strategy, fallback) {
    const hwm = strategy.highWaterMark;
    if (hwm === undefined) return fallback;
    const n = Number(hwm);
    if (Number.isNaN(n) || n < 0) throw argValue('strategy.highWaterMark', hwm, RangeError);
    return n;
  }
  function sizeOf(strategy) {
    const size = checkFn(strategy.size, 'strategy.size');
    return size === undefined ? () => 1 : (chunk) => size(chunk);
  }
  function checkStrategy(strategy) {
    if (strategy === undefined) return {};
    if (strategy === null || typeof strategy !== 'object') throw argType('strategy', 'Object', strategy);
    return strategy;
  }
  const isView = (v) => ArrayBuffer.isView(v);
  const bytesOfView = (v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

  // ---- queue with sizes (default controllers, writable controllers)
  function enqueueWithSize(c, value, size) {
    if (typeof size !== 'number' || !(size >= 0) || size === Infinity) throw argValue('size', size, RangeError);
    c.queue.push({ value, size });
    c.queueTotalSize += size;
  }
  function dequeueValue(c) {
    const e = c.queue.shift();
    c.queueTotalSize -= e.size;
    if (c.queueTotalSize < 0) c.queueTotalSize = 0;
    return e.value;
  }
  function resetQueue(c) {
    c.queue = [];
    c.queueTotalSize = 0;
  }

  // =====================================================================================
  // ReadableStream
  // =====================================================================================
  function newReadableState(obj) {
    const s = { type: 'ReadableStream', obj, state: 'readable', reader: undefined, storedError: undefined, disturbed: false, controller: undefined, bytes: false };
    setState(obj, s);
    return s;
  }

  // Stream state changes
  function streamClose(s) {
    s.state = 'closed';
    const r = s.reader;
    if (r === undefined) return;
    r.closed.resolve();
    if (!r.byob) {
      const reqs = r.requests;
      r.requests = [];
      for (const q of reqs) q.close();
    }
  }
  function streamError(s, e) {
    s.state = 'errored';
    s.storedError = e;
    const r = s.reader;
    if (r === undefined) return;
    r.closed.reject(e);
    r.closed.promise.catch(noop);
    const reqs = r.requests;
    r.requests = [];
    for (const q of reqs) q.error(e);
  }
  function streamCancel(s, reason) {
    s.disturbed = true;
    if (s.state === 'closed') return Promise.resolve();
    if (s.state === 'errored') return Promise.reject(s.storedError);
    streamClose(s);
    const r = s.reader;
    if (r !== undefined && r.byob) {
      const reqs = r.requests;
      r.requests = [];
      for (const q of reqs) q.close(undefined);
    }
    const c = s.controller;
    resetQueue(c);
    if (c.bytes) { c.pendingPullIntos = []; invalidateBYOBRequest(c); }
    const p = promiseCall(c.cancelAlg, undefined, reason);
    clearAlgorithms(c);
    return p.then(noop);
  }
  function fulfillReadRequest(s, chunk, done) {
    const q = s.reader.requests.shift();
    if (done) q.close();
    else q.chunk(chunk);
  }

  // Default controller
  function clearAlgorithms(c) {
    c.pullAlg = undefined;
    c.cancelAlg = undefined;
    c.sizeAlg = undefined;
  }
  const canCloseOrEnqueue = (c) => !c.closeRequested && c.stream.state === 'readable';
  function desiredSize(c) {
    const st = c.stream.state;
    return st === 'errored' ? null : st === 'closed' ? 0 : c.hwm - c.queueTotalSize;
  }
  function shouldCallPull(c) {
    if (!c.started || !canCloseOrEnqueue(c)) return false;
    const r = c.stream.reader;
    if (r !== undefined && r.requests.length > 0) return true;
    return desiredSize(c) > 0;
  }
  function callPullIfNeeded(c) {
    if (!shouldCallPull(c)) return;
    if (c.pulling) { c.pullAgain = true; return; }
    c.pulling = true;
    promiseCall(c.pullAlg).then(() => {
      c.pulling = false;
      if (c.pullAgain) { c.pullAgain = false; callPullIfNeeded(c); }
    }, (e) => controllerError(c, e));
  }
  function controllerError(c, e) {
    const s = c.stream;
    if (s.state !== 'readable') return;
    resetQueue(c);
    if (c.bytes) { c.pendingPullIntos = []; invalidateBYOBRequest(c); }
    clearAlgorithms(c);
    streamError(s, e);
  }
  function controllerClose(c) {
    if (!canCloseOrEnqueue(c)) return;
    c.closeRequested = true;
    if (c.queue.length === 0) { clearAlgorithms(c); streamClose(c.stream); }
  }
  function controllerEnqueue(c, chunk) {
    if (!canCloseOrEnqueue(c)) return;
    const s = c.stream;
    if (s.reader !== undefined && s.reader.requests.length > 0) fulfillReadRequest(s, chunk, false);
    else {
      try {
        enqueueWithSize(c, chunk, c.sizeAlg(chunk));
      } catch (e) {
        controllerError(c, e);
        throw e;
      }
    }
    callPullIfNeeded(c);
  }
  function hasBackpressure(c) {
    return !shouldCallPull(c);
  }
  // A default read (from a default reader) on either kind of controller.
  function pullSteps(c, req) {
    const s = c.stream;
    if (c.bytes) return bytePullSteps(c, req);
    if (c.queue.length > 0) {
      const chunk = dequeueValue(c);
      if (c.closeRequested && c.queue.length === 0) { clearAlgorithms(c); streamClose(s); } else callPullIfNeeded(c);
      req.chunk(chunk);
    } else {
      s.reader.requests.push(req);
      callPullIfNeeded(c);
    }
  }
  function newController(s, bytes) {
    const c = {
      type: bytes ? 'ReadableByteStreamController' : 'ReadableStreamDefaultController', stream: s, obj: undefined, bytes, queue: [], queueTotalSize: 0, started: false, closeRequested: false, pulling: false, pullAgain: false,
      hwm: 0, sizeAlg: undefined, pullAlg: undefined, cancelAlg: undefined, pendingPullIntos: [], byobRequest: null, autoAllocateChunkSize: undefined,
    };
    c.obj = Object.create((bytes ? ReadableByteStreamController : ReadableStreamDefaultController).prototype);
    setState(c.obj, c);
    s.controller = c;
    s.bytes = bytes;
    return c;
  }
  function startController(c, startAlg) {
    const result = startAlg(c.obj);
    Promise.resolve(result).then(() => {
      c.started = true;
      callPullIfNeeded(c);
    }, (e) => controllerError(c, e));
  }
  // CreateReadableStream: a stream over algorithms (tee, transform streams, from()).
  function createReadable(start, pull, cancel, hwm = 1, sizeAlg = () => 1, bytes = false) {
    const obj = Object.create(ReadableStream.prototype);
    const s = newReadableState(obj);
    const c = newController(s, bytes);
    c.hwm = hwm;
    c.sizeAlg = bytes ? undefined : sizeAlg;
    c.pullAlg = pull;
    c.cancelAlg = cancel;
    startController(c, start);
    return s;
  }

  class ReadableStreamDefaultController {
    constructor() { throw illegal(); }
    get desiredSize() { return desiredSize(brand(this, 'ReadableStreamDefaultController')); }
    close() {
      const c = brand(this, 'ReadableStreamDefaultController');
      if (!canCloseOrEnqueue(c)) throw invalidState('Controller is already closed');
      controllerClose(c);
    }
    enqueue(chunk = undefined) {
      const c = brand(this, 'ReadableStreamDefaultController');
      if (!canCloseOrEnqueue(c)) throw invalidState('Controller is already closed');
      controllerEnqueue(c, chunk);
    }
    error(e = undefined) {
      controllerError(brand(this, 'ReadableStreamDefaultController'), e);
    }
  }
  shape(ReadableStreamDefaultController, 'ReadableStreamDefaultController');

  // ---- byte streams
  function invalidateBYOBRequest(c) {
    if (c.byobRequest === null) return;
    c.byobRequest[kS].controller = undefined;
    c.byobRequest = null;
  }
  function byteEnqueueChunk(c, u8) {
    c.queue.push(u8);
    c.queueTotalSize += u8.byteLength;
  }
  function byteHandleQueueDrain(c) {
    if (c.queueTotalSize === 0 && c.closeRequested) { clearAlgorithms(c); streamClose(c.stream); } else callPullIfNeeded(c);
  }
  function descriptorView(d) {
    if (d.readerType === 'default') return new Uint8Array(d.buffer, d.byteOffset, d.bytesFilled);
    return d.ctor === DataView ? new DataView(d.buffer, d.byteOffset, d.bytesFilled) : new d.ctor(d.buffer, d.byteOffset, d.bytesFilled / d.elementSize);
  }
  function commitPullInto(c, d) {
    const s = c.stream;
    const done = s.state === 'closed';
    if (d.readerType === 'none') return;
    const view = descriptorView(d);
    const r = s.reader;
    if (r === undefined || r.requests.length === 0) return;
    const q = r.requests.shift();
    if (d.readerType === 'default') { if (done) q.close(); else q.chunk(view); } else if (done) q.close(view); else q.chunk(view);
  }
  function fillPullIntoFromQueue(c, d) {
    const maxBytesToCopy = Math.min(c.queueTotalSize, d.byteLength - d.bytesFilled);
    const maxBytesFilled = d.bytesFilled + maxBytesToCopy;
    let remaining = maxBytesToCopy;
    let ready = false;
    const maxAligned = maxBytesFilled - (maxBytesFilled % d.elementSize);
    if (maxAligned >= d.minimumFill) {
      remaining = maxAligned - d.bytesFilled;
      ready = true;
    }
    while (remaining > 0) {
      const head = c.queue[0];
      const n = Math.min(remaining, head.byteLength);
      new Uint8Array(d.buffer, d.byteOffset + d.bytesFilled, n).set(n === head.byteLength ? head : head.subarray(0, n));
      if (n === head.byteLength) c.queue.shift();
      else c.queue[0] = head.subarray(n);
      c.queueTotalSize -= n;
      d.bytesFilled += n;
      remaining -= n;
    }
    return ready;
  }
  function processPullIntosUsingQueue(c) {
    while (c.pendingPullIntos.length > 0 && c.queueTotalSize > 0) {
      const d = c.pendingPullIntos[0];
      if (!fillPullIntoFromQueue(c, d)) break;
      c.pendingPullIntos.shift();
      commitPullInto(c, d);
    }
    if (c.queueTotalSize === 0 && c.closeRequested && c.stream.state === 'readable') { clearAlgorithms(c); streamClose(c.stream); }
  }
  function byteEnqueue(c, chunk) {
    const s = c.stream;
    if (c.closeRequested || s.state !== 'readable') return;
    const u8 = bytesOfView(chunk).slice();
    if (c.pendingPullIntos.length > 0) invalidateBYOBRequest(c);
    const r = s.reader;
    if (r !== undefined && !r.byob && r.requests.length > 0) {
      if (c.pendingPullIntos.length > 0 && c.pendingPullIntos[0].readerType === 'default') c.pendingPullIntos.shift();
      if (c.queueTotalSize === 0) fulfillReadRequest(s, u8, false);
      else {
        byteEnqueueChunk(c, u8);
        while (r.requests.length > 0 && c.queue.length > 0) {
          const head = c.queue.shift();
          c.queueTotalSize -= head.byteLength;
          fulfillReadRequest(s, head, false);
        }
      }
    } else if (r !== undefined && r.byob) {
      byteEnqueueChunk(c, u8);
      processPullIntosUsingQueue(c);
    } else byteEnqueueChunk(c, u8);
    callPullIfNeeded(c);
  }
  function byteClose(c) {
    const s = c.stream;
    if (c.closeRequested || s.state !== 'readable') return;
    if (c.queueTotalSize > 0) { c.closeRequested = true; return; }
    const first = c.pendingPullIntos[0];
    if (first !== undefined && first.bytesFilled % first.elementSize !== 0) {
      const e = invalidState('Partial read');
      controllerError(c, e);
      throw e;
    }
    clearAlgorithms(c);
    streamClose(s);
  }
  function bytePullSteps(c, req) {
    const s = c.stream;
    if (c.queueTotalSize > 0) {
      const head = c.queue.shift();
      c.queueTotalSize -= head.byteLength;
      byteHandleQueueDrain(c);
      req.chunk(head);
      return;
    }
    if (c.autoAllocateChunkSize !== undefined) {
      const size = c.autoAllocateChunkSize;
      c.pendingPullIntos.push({ buffer: new ArrayBuffer(size), byteOffset: 0, byteLength: size, bytesFilled: 0, minimumFill: 1, elementSize: 1, ctor: Uint8Array, readerType: 'default' });
    }
    s.reader.requests.push(req);
    callPullIfNeeded(c);
  }
  function bytePullInto(c, view, min, req) {
    const s = c.stream;
    const elementSize = view.BYTES_PER_ELEMENT || 1;
    const d = {
      buffer: view.buffer, byteOffset: view.byteOffset, byteLength: view.byteLength, bytesFilled: 0, minimumFill: min * elementSize,
      elementSize, ctor: view instanceof DataView ? DataView : view.constructor, readerType: 'byob',
    };
    if (c.pendingPullIntos.length > 0) {
      c.pendingPullIntos.push(d);
      s.reader.requests.push(req);
      return;
    }
    if (s.state === 'closed') {
      req.close(d.ctor === DataView ? new DataView(d.buffer, d.byteOffset, 0) : new d.ctor(d.buffer, d.byteOffset, 0));
      return;
    }
    if (c.queueTotalSize > 0) {
      if (fillPullIntoFromQueue(c, d)) {
        const filled = descriptorView(d);
        byteHandleQueueDrain(c);
        req.chunk(filled);
        return;
      }
      if (c.closeRequested) {
        const e = invalidState('Insufficient bytes to fill elements in the given buffer');
        controllerError(c, e);
        req.error(e);
        return;
      }
    }
    c.pendingPullIntos.push(d);
    s.reader.requests.push(req);
    callPullIfNeeded(c);
  }
  function byteRespond(c, n) {
    const d = c.pendingPullIntos[0];
    const st = c.stream.state;
    if (st === 'closed') {
      if (n !== 0) throw argValue('bytesWritten', n, TypeError, 'must be 0 when calling respond() on a closed stream');
    } else {
      if (n === 0) throw argValue('bytesWritten', n, TypeError, 'must be greater than 0 when calling respond() on a readable stream');
      if (d.bytesFilled + n > d.byteLength) throw argValue('bytesWritten', n, RangeError, 'is out of range');
    }
    invalidateBYOBRequest(c);
    if (st === 'closed') {
      if (d.readerType === 'none') c.pendingPullIntos.shift();
      const r = c.stream.reader;
      if (r !== undefined && r.byob) {
        while (r.requests.length > 0 && c.pendingPullIntos.length > 0) commitPullInto(c, c.pendingPullIntos.shift());
      }
    } else {
      d.bytesFilled += n;
      if (d.readerType === 'none') {
        c.pendingPullIntos.shift();
        if (d.bytesFilled > 0) byteEnqueueChunk(c, new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.bytesFilled)));
        processPullIntosUsingQueue(c);
      } else if (d.bytesFilled >= d.minimumFill) {
        c.pendingPullIntos.shift();
        const rem = d.bytesFilled % d.elementSize;
        if (rem > 0) {
          const end = d.byteOffset + d.bytesFilled;
          byteEnqueueChunk(c, new Uint8Array(d.buffer.slice(end - rem, end)));
        }
        d.bytesFilled -= rem;
        commitPullInto(c, d);
        processPullIntosUsingQueue(c);
      }
    }
    callPullIfNeeded(c);
  }

  class ReadableByteStreamController {
    constructor() { throw illegal(); }
    get byobRequest() {
      const c = brand(this, 'ReadableByteStreamController');
      if (c.byobRequest === null && c.pendingPullIntos.length > 0) {
        const d = c.pendingPullIntos[0];
        const req = Object.create(ReadableStreamBYOBRequest.prototype);
        setState(req, { type: 'ReadableStreamBYOBRequest', controller: c, view: new Uint8Array(d.buffer, d.byteOffset + d.bytesFilled, d.byteLength - d.bytesFilled) });
        c.byobRequest = req;
      }
      return c.byobRequest;
    }
    get desiredSize() { return desiredSize(brand(this, 'ReadableByteStreamController')); }
    close() {
      const c = brand(this, 'ReadableByteStreamController');
      if (c.closeRequested) throw invalidState('Controller is already closed');
      if (c.stream.state !== 'readable') throw invalidState('ReadableStream is already closed');
      byteClose(c);
    }
    enqueue(chunk) {
      const c = brand(this, 'ReadableByteStreamController');
      if (!isView(chunk)) throw argType('buffer', ['Buffer', 'TypedArray', 'DataView'], chunk);
      if (chunk.byteLength === 0 || chunk.buffer.byteLength === 0) throw invalidState('chunk ArrayBuffer is zero-length or detached');
      if (c.closeRequested) throw invalidState('Controller is already closed');
      if (c.stream.state !== 'readable') throw invalidState('ReadableStream is already closed');
      byteEnqueue(c, chunk);
    }
    error(e = undefined) {
      controllerError(brand(this, 'ReadableByteStreamController'), e);
    }
  }
  shape(ReadableByteStreamController, 'ReadableByteStreamController');

  class ReadableStreamBYOBRequest {
    constructor() { throw illegal(); }
    get view() {
      const b = brand(this, 'ReadableStreamBYOBRequest');
      return b.controller === undefined ? null : b.view;
    }
    respond(bytesWritten) {
      const b = brand(this, 'ReadableStreamBYOBRequest');
      if (typeof bytesWritten !== 'number') throw argType('bytesWritten', 'number', bytesWritten);
      if (b.controller === undefined) throw invalidState('This BYOB request has been invalidated');
      byteRespond(b.controller, Math.trunc(bytesWritten));
    }
    respondWithNewView(view) {
      const b = brand(this, 'ReadableStreamBYOBRequest');
      if (!isView(view)) throw argType('view', ['Buffer', 'TypedArray', 'DataView'], view);
      if (b.controller === undefined) throw invalidState('This BYOB request has been invalidated');
      const c = b.controller;
      const d = c.pendingPullIntos[0];
      if (c.stream.state === 'closed' ? view.byteLength !== 0 : view.byteLength === 0) {
        throw invalidState(c.stream.state === 'closed' ? 'The view must be zero-length on a closed stream' : 'The view must not be zero-length');
      }
      if (d.byteOffset + d.bytesFilled !== view.byteOffset && view.buffer === d.buffer) throw argValue('view', view, RangeError, 'does not match the byobRequest region');
      if (d.bytesFilled + view.byteLength > d.byteLength) throw argValue('view', view, RangeError, 'is out of range');
      if (view.buffer !== d.buffer && view.byteLength > 0) new Uint8Array(d.buffer, d.byteOffset + d.bytesFilled, view.byteLength).set(bytesOfView(view));
      byteRespond(c, view.byteLength);
    }
  }
  shape(ReadableStreamBYOBRequest, 'ReadableStreamBYOBRequest');

  // ---- readers
  function readerSetup(r, s) {
    if (s.reader !== undefined) throw invalidState('ReadableStream is locked');
    r.stream = s;
    s.reader = r;
    if (s.state === 'readable') r.closed = deferred();
    else if (s.state === 'closed') r.closed = resolvedD();
    else r.closed = rejectedD(s.storedError);
  }
  function readerRelease(r) {
    const s = r.stream;
    const e = invalidState('Reader released');
    if (s.state === 'readable') r.closed.reject(e);
    else r.closed = rejectedD(e);
    r.closed.promise.catch(noop);
    const c = s.controller;
    if (c.bytes && c.pendingPullIntos.length > 0) {
      const first = c.pendingPullIntos[0];
      first.readerType = 'none';
      c.pendingPullIntos = [first];
    }
    s.reader = undefined;
    r.stream = undefined;
    const reqs = r.requests;
    r.requests = [];
    const released = invalidState('Releasing reader');
    for (const q of reqs) q.error(released);
  }
  function readerCancel(r, reason) {
    return streamCancel(r.stream, reason);
  }
  function readerRead(r, req) {
    const s = r.stream;
    s.disturbed = true;
    if (s.state === 'closed') req.close();
    else if (s.state === 'errored') req.error(s.storedError);
    else pullSteps(s.controller, req);
  }
  function acquireDefaultReader(s) {
    const obj = Object.create(ReadableStreamDefaultReader.prototype);
    const r = { type: 'ReadableStreamDefaultReader', obj, stream: undefined, closed: undefined, requests: [], byob: false };
    readerSetup(r, s);
    setState(obj, r);
    return r;
  }
  function acquireBYOBReader(s) {
    const obj = Object.create(ReadableStreamBYOBReader.prototype);
    if (!s.bytes) throw argValue('stream', s.obj, TypeError, 'must be a byte stream');
    const r = { type: 'ReadableStreamBYOBReader', obj, stream: undefined, closed: undefined, requests: [], byob: true };
    readerSetup(r, s);
    setState(obj, r);
    return r;
  }
  const readResult = (value, done) => ({ value, done });

  class ReadableStreamDefaultReader {
    constructor(stream) {
      const s = stateOf(stream, 'ReadableStream');
      if (s === undefined) throw argType('stream', 'ReadableStream', stream);
      const r = { type: 'ReadableStreamDefaultReader', obj: this, stream: undefined, closed: undefined, requests: [], byob: false };
      readerSetup(r, s);
      setState(this, r);
    }
    read() {
      const r = stateOf(this, 'ReadableStreamDefaultReader');
      if (r === undefined) return Promise.reject(invalidThis('ReadableStreamDefaultReader'));
      if (r.stream === undefined) return Promise.reject(invalidState('The reader is not attached to a stream'));
      return new Promise((resolve, reject) => readerRead(r, {
        chunk: (v) => resolve(readResult(v, false)),
        close: () => resolve(readResult(undefined, true)),
        error: reject,
      }));
    }
    releaseLock() {
      const r = brand(this, 'ReadableStreamDefaultReader');
      if (r.stream !== undefined) readerRelease(r);
    }
    get closed() {
      const r = stateOf(this, 'ReadableStreamDefaultReader');
      return r === undefined ? Promise.reject(invalidThis('ReadableStreamDefaultReader')) : r.closed.promise;
    }
    cancel(reason = undefined) {
      const r = stateOf(this, 'ReadableStreamDefaultReader');
      if (r === undefined) return Promise.reject(invalidThis('ReadableStreamDefaultReader'));
      if (r.stream === undefined) return Promise.reject(invalidState('The reader is not attached to a stream'));
      return readerCancel(r, reason);
    }
  }
  shape(ReadableStreamDefaultReader, 'ReadableStreamDefaultReader');

  class ReadableStreamBYOBReader {
    constructor(stream) {
      const s = stateOf(stream, 'ReadableStream');
      if (s === undefined) throw argType('stream', 'ReadableStream', stream);
      if (!s.bytes) throw argValue('stream', stream, TypeError, 'must be a byte stream');
      const r = { type: 'ReadableStreamBYOBReader', obj: this, stream: undefined, closed: undefined, requests: [], byob: true };
      readerSetup(r, s);
      setState(this, r);
    }
    read(view, options = {}) {
      const r = stateOf(this, 'ReadableStreamBYOBReader');
      if (r === undefined) return Promise.reject(invalidThis('ReadableStreamBYOBReader'));
      if (!isView(view)) return Promise.reject(argType('view', ['Buffer', 'TypedArray', 'DataView'], view));
      if (view.byteLength === 0 || view.buffer.byteLength === 0) return Promise.reject(invalidState('View or Viewed ArrayBuffer is zero-length or detached'));
      const length = view instanceof DataView ? view.byteLength : view.length;
      let min = 1;
      if (options !== null && typeof options === 'object' && options.min !== undefined) {
        min = Number(options.min);
        if (!(min > 0)) return Promise.reject(argValue('options.min', options.min, TypeError, 'must be greater than 0'));
        if (min > length) return Promise.reject(internal().errOutOfRange('options.min', `<= ${view instanceof DataView ? 'view.byteLength' : 'view.length'}`, options.min));
      }
      if (r.stream === undefined) return Promise.reject(invalidState('The reader is not attached to a stream'));
      const s = r.stream;
      return new Promise((resolve, reject) => {
        s.disturbed = true;
        const req = { chunk: (v) => resolve(readResult(v, false)), close: (v) => resolve(readResult(v, true)), error: reject };
        if (s.state === 'errored') req.error(s.storedError);
        else bytePullInto(s.controller, view, min, req);
      });
    }
    releaseLock() {
      const r = brand(this, 'ReadableStreamBYOBReader');
      if (r.stream !== undefined) readerRelease(r);
    }
    get closed() {
      const r = stateOf(this, 'ReadableStreamBYOBReader');
      return r === undefined ? Promise.reject(invalidThis('ReadableStreamBYOBReader')) : r.closed.promise;
    }
    cancel(reason = undefined) {
      const r = stateOf(this, 'ReadableStreamBYOBReader');
      if (r === undefined) return Promise.reject(invalidThis('ReadableStreamBYOBReader'));
      if (r.stream === undefined) return Promise.reject(invalidState('The reader is not attached to a stream'));
      return readerCancel(r, reason);
    }
  }
  shape(ReadableStreamBYOBReader, 'ReadableStreamBYOBReader');

  // ---- tee
  function tee(s) {
    const reader = acquireDefaultReader(s);
    const bytes = s.bytes;
    let reading = false, readAgain = false, canceled1 = false, canceled2 = false, reason1, reason2, branch1, branch2;
    const cancelPromise = deferred();
    const enqueue = (b, chunk) => {
      const c = b.controller;
      if (bytes) { if (!c.closeRequested && b.state === 'readable') byteEnqueue(c, chunk); } else controllerEnqueue(c, chunk);
    };
    const close = (b) => { if (bytes) byteClose(b.controller); else controllerClose(b.controller); };
    function pull() {
      if (reading) { readAgain = true; return Promise.resolve(); }
      reading = true;
      readerRead(reader, {
        chunk(chunk) {
          queueMicrotask(() => {
            readAgain = false;
            const chunk2 = bytes && !canceled1 && !canceled2 ? chunk.slice() : chunk;
            if (!canceled1) enqueue(branch1, chunk);
            if (!canceled2) enqueue(branch2, chunk2);
            reading = false;
            if (readAgain) pull();
          });
        },
        close() {
          reading = false;
          if (!canceled1) close(branch1);
          if (!canceled2) close(branch2);
          if (!canceled1 || !canceled2) cancelPromise.resolve();
        },
        error() { reading = false; },
      });
      return Promise.resolve();
    }
    const cancel = (first) => (reason) => {
      if (first) { canceled1 = true; reason1 = reason; } else { canceled2 = true; reason2 = reason; }
      if (canceled1 && canceled2) cancelPromise.resolve(streamCancel(s, [reason1, reason2]));
      return cancelPromise.promise;
    };
    const hwm = bytes ? 0 : 1;
    branch1 = createReadable(noop, pull, cancel(true), hwm, undefined, bytes);
    branch2 = createReadable(noop, pull, cancel(false), hwm, undefined, bytes);
    reader.closed.promise.catch((e) => {
      controllerError(branch1.controller, e);
      controllerError(branch2.controller, e);
      if (!canceled1 || !canceled2) cancelPromise.resolve();
    });
    return [branch1.obj, branch2.obj];
  }

  // ---- pipeTo
  function pipe(src, dest, preventClose, preventAbort, preventCancel, signal) {
    const reader = acquireDefaultReader(src);
    const writer = acquireWriter(dest);
    src.disturbed = true;
    let shuttingDown = false;
    let currentWrite = Promise.resolve();
    const done = deferred();
    let abortListener;
    const finalize = (isError, error) => {
      writerRelease(writer);
      readerRelease(reader);
      if (signal !== undefined && abortListener) signal.removeEventListener('abort', abortListener);
      if (isError) done.reject(error);
      else done.resolve();
    };
    const waitForWrites = () => {
      const w = currentWrite;
      return w.then(() => (w !== currentWrite ? waitForWrites() : undefined));
    };
    const shutdown = (action, isError, error) => {
      if (shuttingDown) return;
      shuttingDown = true;
      const go = () => {
        if (action === undefined) return finalize(isError, error);
        action().then(() => finalize(isError, error), (e) => finalize(true, e));
      };
      if (dest.state === 'writable' && !closeQueuedOrInFlight(dest)) waitForWrites().then(go);
      else go();
    };
    if (signal !== undefined) {
      abortListener = () => {
        const error = signal.reason !== undefined ? signal.reason : abortError();
        const actions = [];
        if (!preventAbort) actions.push(() => (dest.state === 'writable' ? writableAbort(dest, error) : Promise.resolve()));
        if (!preventCancel) actions.push(() => (src.state === 'readable' ? streamCancel(src, error) : Promise.resolve()));
        shutdown(actions.length ? () => Promise.all(actions.map((a) => a())) : undefined, true, error);
      };
      if (signal.aborted) { abortListener(); return done.promise; }
      signal.addEventListener('abort', abortListener, { once: true });
    }
    // Errors and closes, forwards and backwards.
    const onSourceError = (e) => {
      if (!preventAbort) shutdown(() => writableAbort(dest, e), true, e);
      else shutdown(undefined, true, e);
    };
    const onDestError = (e) => {
      if (!preventCancel) shutdown(() => streamCancel(src, e), true, e);
      else shutdown(undefined, true, e);
    };
    const onSourceClosed = () => {
      if (!preventClose) shutdown(() => writerCloseWithErrorPropagation(writer));
      else shutdown();
    };
    if (src.state === 'errored') onSourceError(src.storedError);
    else if (dest.state === 'errored' || dest.state === 'erroring') onDestError(dest.storedError);
    else if (src.state === 'closed') onSourceClosed();
    else if (closeQueuedOrInFlight(dest) || dest.state === 'closed') {
      const e = invalidState('the destination writable stream closed before all data could be piped to it');
      if (!preventCancel) shutdown(() => streamCancel(src, e), true, e);
      else shutdown(undefined, true, e);
    }
    if (shuttingDown) return done.promise;
    reader.closed.promise.then(() => { if (!shuttingDown) onSourceClosed(); }, (e) => { if (!shuttingDown) onSourceError(e); });
    writer.closed.promise.then(noop, (e) => { if (!shuttingDown) onDestError(e); });
    // The loop: wait for the destination to want more, read, write (without waiting for the write).
    const step = () => {
      if (shuttingDown) return;
      writer.ready.promise.then(() => {
        if (shuttingDown) return;
        readerRead(reader, {
          chunk(chunk) {
            currentWrite = writerWrite(writer, chunk).then(noop, noop);
            step();
          },
          close: noop,
          error: noop,
        });
      }, noop);
    };
    step();
    return done.promise;
  }

  // ---- async iteration
  const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
  const iterState = (o) => {
    const st = isObject(o) ? o[kS] : undefined;
    if (st === undefined || st.type !== 'ReadableStreamAsyncIterator') throw invalidThis('ReadableStreamAsyncIterator');
    return st;
  };
  const ReadableStreamAsyncIteratorPrototype = Object.setPrototypeOf({
    next() {
      let st;
      try { st = iterState(this); } catch (e) { return Promise.reject(e); }
      const nextSteps = () => {
        if (st.finished) return Promise.resolve(readResult(undefined, true));
        const r = st.reader;
        const p = r.stream === undefined ? Promise.reject(invalidState('The reader is not attached to a stream'))
          : new Promise((resolve, reject) => readerRead(r, {
            chunk: (v) => resolve(readResult(v, false)),
            close: () => { readerRelease(r); resolve(readResult(undefined, true)); },
            error: (e) => { readerRelease(r); reject(e); },
          }));
        return p.then((result) => {
          st.ongoing = undefined;
          if (result.done) st.finished = true;
          return result;
        }, (e) => {
          st.ongoing = undefined;
          st.finished = true;
          throw e;
        });
      };
      st.ongoing = st.ongoing ? st.ongoing.then(nextSteps, nextSteps) : nextSteps();
      return st.ongoing;
    },
    return(value = undefined) {
      let st;
      try { st = iterState(this); } catch (e) { return Promise.reject(e); }
      const returnSteps = () => {
        if (st.finished) return Promise.resolve(readResult(value, true));
        st.finished = true;
        const r = st.reader;
        if (r.stream === undefined) return Promise.reject(invalidState('The reader is not attached to a stream'));
        if (!st.preventCancel) {
          const p = readerCancel(r, value);
          readerRelease(r);
          return p.then(() => readResult(value, true));
        }
        readerRelease(r);
        return Promise.resolve(readResult(value, true));
      };
      return st.ongoing ? st.ongoing.then(returnSteps, returnSteps) : returnSteps();
    },
  }, AsyncIteratorPrototype);
  Object.defineProperty(ReadableStreamAsyncIteratorPrototype, Symbol.toStringTag, { value: 'ReadableStreamAsyncIterator', configurable: true });

  class ReadableStream {
    constructor(source = undefined, strategy = undefined) {
      if (source === undefined) source = {};
      else if (source === null || typeof source !== 'object') throw argType('source', 'Object', source);
      strategy = checkStrategy(strategy);
      const s = newReadableState(this);
      const start = checkFn(method(source, 'start'), 'source.start');
      const pull = checkFn(method(source, 'pull'), 'source.pull');
      const cancel = checkFn(method(source, 'cancel'), 'source.cancel');
      const type = source.type;
      const startAlg = (c) => (start === undefined ? undefined : Reflect.apply(start, source, [c]));
      const pullAlg = pull === undefined ? undefined : () => Reflect.apply(pull, source, [c.obj]);
      const cancelAlg = cancel === undefined ? undefined : (reason) => Reflect.apply(cancel, source, [reason]);
      let c;
      if (type !== undefined && `${type}` === 'bytes') {
        if (strategy.size !== undefined) throw argValue('strategy.size', strategy.size, RangeError);
        const hwm = highWaterMarkOf(strategy, 0);
        let auto = source.autoAllocateChunkSize;
        if (auto !== undefined) {
          auto = Number(auto);
          if (!Number.isInteger(auto) || auto <= 0) throw argValue('source.autoAllocateChunkSize', source.autoAllocateChunkSize);
        }
        c = newController(s, true);
        c.hwm = hwm;
        c.autoAllocateChunkSize = auto;
      } else if (type !== undefined) {
        throw argValue('source.type', type);
      } else {
        const sizeAlg = sizeOf(strategy);
        const hwm = highWaterMarkOf(strategy, 1);
        c = newController(s, false);
        c.hwm = hwm;
        c.sizeAlg = sizeAlg;
      }
      c.pullAlg = pullAlg;
      c.cancelAlg = cancelAlg;
      startController(c, startAlg);
    }
    get locked() {
      return brand(this, 'ReadableStream').reader !== undefined;
    }
    cancel(reason = undefined) {
      const s = stateOf(this, 'ReadableStream');
      if (s === undefined) return Promise.reject(invalidThis('ReadableStream'));
      if (s.reader !== undefined) return Promise.reject(invalidState('ReadableStream is locked'));
      return streamCancel(s, reason);
    }
    getReader(options = undefined) {
      const s = brand(this, 'ReadableStream');
      if (options !== undefined && (options === null || typeof options !== 'object')) throw argType('options', 'Object', options);
      const mode = options === undefined ? undefined : options.mode;
      if (mode === undefined) return acquireDefaultReader(s).obj;
      if (`${mode}` !== 'byob') throw argValue('options.mode', mode);
      return acquireBYOBReader(s).obj;
    }
    pipeThrough(transform, options = {}) {
      const s = brand(this, 'ReadableStream');
      const readable = transform === null || transform === undefined ? undefined : transform.readable;
      const rs = stateOf(readable, 'ReadableStream');
      if (rs === undefined) throw argType('transform.readable', 'ReadableStream', readable);
      const writable = transform.writable;
      const ws = stateOf(writable, 'WritableStream');
      if (ws === undefined) throw argType('transform.writable', 'WritableStream', writable);
      const o = pipeOptions(options);
      if (s.reader !== undefined) throw invalidState('The ReadableStream is locked');
      if (ws.writer !== undefined) throw invalidState('The WritableStream is locked');
      pipe(s, ws, o.preventClose, o.preventAbort, o.preventCancel, o.signal).catch(noop);
      return readable;
    }
    pipeTo(destination, options = {}) {
      const s = stateOf(this, 'ReadableStream');
      if (s === undefined) return Promise.reject(invalidThis('ReadableStream'));
      const ws = stateOf(destination, 'WritableStream');
      if (ws === undefined) return Promise.reject(argType('transform.writable', 'WritableStream', destination));
      let o;
      try { o = pipeOptions(options); } catch (e) { return Promise.reject(e); }
      if (s.reader !== undefined) return Promise.reject(invalidState('The ReadableStream is locked'));
      if (ws.writer !== undefined) return Promise.reject(invalidState('The WritableStream is locked'));
      return pipe(s, ws, o.preventClose, o.preventAbort, o.preventCancel, o.signal);
    }
    tee() {
      return tee(brand(this, 'ReadableStream'));
    }
    values(options = undefined) {
      const s = brand(this, 'ReadableStream');
      const preventCancel = !!(options !== null && typeof options === 'object' && options.preventCancel);
      const reader = acquireDefaultReader(s);
      const it = Object.create(ReadableStreamAsyncIteratorPrototype);
      setState(it, { type: 'ReadableStreamAsyncIterator', reader, preventCancel, ongoing: undefined, finished: false });
      return it;
    }
    static from(iterable) {
      let it;
      const asyncMethod = iterable === null || iterable === undefined ? undefined : iterable[Symbol.asyncIterator];
      if (asyncMethod !== undefined && asyncMethod !== null) {
        it = Reflect.apply(asyncMethod, iterable, []);
      } else {
        const syncMethod = iterable === null || iterable === undefined ? undefined : iterable[Symbol.iterator];
        if (typeof syncMethod !== 'function') {
          throw coded(TypeError, 'ERR_ARG_NOT_ITERABLE', `${require('util').inspect(iterable)} must be iterable`);
        }
        const syncIt = Reflect.apply(syncMethod, iterable, []);
        it = {
          next() {
            const r = syncIt.next();
            if (!isObject(r)) throw new TypeError('The iterator result must be an object');
            return Promise.resolve(r.value).then((value) => ({ value, done: !!r.done }));
          },
          return(v) {
            const f = syncIt.return;
            if (f === undefined || f === null) return { value: v, done: true };
            const r = Reflect.apply(f, syncIt, [v]);
            if (!isObject(r)) throw new TypeError('The iterator result must be an object');
            return { value: r.value, done: true };
          },
        };
      }
      if (!isObject(it)) throw new TypeError('The iterator must be an object');
      let s;
      const pull = () => promiseCall(it.next, it).then((r) => {
        if (!isObject(r)) throw new TypeError('The promise returned by the iterator.next() method must fulfill with an object');
        if (r.done) controllerClose(s.controller);
        else controllerEnqueue(s.controller, r.value);
      });
      const cancel = (reason) => {
        let ret;
        try {
          ret = it.return;
        } catch (e) {
          return Promise.reject(e);
        }
        if (ret === undefined || ret === null) return Promise.resolve();
        return promiseCall(ret, it, reason).then((r) => {
          if (!isObject(r)) throw new TypeError('The promise returned by the iterator.return() method must fulfill with an object');
        });
      };
      s = createReadable(noop, pull, cancel, 0);
      return s.obj;
    }
  }
  shape(ReadableStream, 'ReadableStream');
  Object.defineProperty(ReadableStream.prototype, Symbol.asyncIterator, { value: ReadableStream.prototype.values, writable: true, configurable: true });

  function pipeOptions(options) {
    if (options === undefined || options === null) options = {};
    else if (typeof options !== 'object') throw argType('options', 'Object', options);
    const signal = options.signal;
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal) || typeof signal.addEventListener !== 'function')) {
      throw argType('options.signal', 'AbortSignal', signal);
    }
    return { preventAbort: !!options.preventAbort, preventCancel: !!options.preventCancel, preventClose: !!options.preventClose, signal };
  }

  // =====================================================================================
  // WritableStream
  // =====================================================================================
  const CLOSE = {};
  function newWritableState(obj) {
    const w = {
      type: 'WritableStream', obj, state: 'writable', storedError: undefined, writer: undefined, controller: undefined,
      inFlightWriteRequest: undefined, closeRequest: undefined, inFlightCloseRequest: undefined, pendingAbortRequest: undefined,
      writeRequests: [], backpressure: false,
    };
    setState(obj, w);
    return w;
  }
  const closeQueuedOrInFlight = (w) => w.closeRequest !== undefined || w.inFlightCloseRequest !== undefined;
  const hasOperationInFlight = (w) => w.inFlightWriteRequest !== undefined || w.inFlightCloseRequest !== undefined;

  function writableAbort(w, reason) {
    if (w.state === 'closed' || w.state === 'errored') return Promise.resolve();
    w.controller.abortController.abort(reason);
    const state = w.state;
    if (state === 'closed' || state === 'errored') return Promise.resolve();
    if (w.pendingAbortRequest !== undefined) return w.pendingAbortRequest.d.promise;
    const wasAlreadyErroring = state === 'erroring';
    const d = deferred();
    w.pendingAbortRequest = { d, reason: wasAlreadyErroring ? undefined : reason, wasAlreadyErroring };
    if (!wasAlreadyErroring) startErroring(w, reason);
    return d.promise;
  }
  function writableClose(w) {
    if (w.state === 'closed' || w.state === 'errored') {
      return Promise.reject(invalidState('WritableStream is closed'));
    }
    const d = deferred();
    w.closeRequest = d;
    const ww = w.writer;
    if (ww !== undefined && w.backpressure && w.state === 'writable') ww.ready.resolve();
    const wc = w.controller;
    enqueueWithSize(wc, CLOSE, 0);
    advanceQueueIfNeeded(wc);
    return d.promise;
  }
  function dealWithRejection(w, e) {
    if (w.state === 'writable') { startErroring(w, e); return; }
    finishErroring(w);
  }
  function startErroring(w, reason) {
    w.state = 'erroring';
    w.storedError = reason;
    if (w.writer !== undefined) writerEnsureReadyRejected(w.writer, reason);
    if (!hasOperationInFlight(w) && w.controller.started) finishErroring(w);
  }
  function finishErroring(w) {
    w.state = 'errored';
    resetQueue(w.controller);
    const e = w.storedError;
    const reqs = w.writeRequests;
    w.writeRequests = [];
    for (const d of reqs) d.reject(e);
    const abort = w.pendingAbortRequest;
    if (abort === undefined) { rejectCloseAndClosed(w); return; }
    w.pendingAbortRequest = undefined;
    if (abort.wasAlreadyErroring) {
      abort.d.reject(e);
      rejectCloseAndClosed(w);
      return;
    }
    const wc = w.controller;
    const p = promiseCall(wc.abortAlg, undefined, abort.reason);
    clearWritableAlgorithms(wc);
    p.then(() => { abort.d.resolve(); rejectCloseAndClosed(w); }, (r) => { abort.d.reject(r); rejectCloseAndClosed(w); });
  }
  function rejectCloseAndClosed(w) {
    if (w.closeRequest !== undefined) {
      w.closeRequest.reject(w.storedError);
      w.closeRequest = undefined;
    }
    const ww = w.writer;
    if (ww !== undefined) {
      ww.closed.reject(w.storedError);
      ww.closed.promise.catch(noop);
    }
  }
  function finishInFlightWrite(w) {
    w.inFlightWriteRequest.resolve();
    w.inFlightWriteRequest = undefined;
  }
  function finishInFlightWriteWithError(w, e) {
    w.inFlightWriteRequest.reject(e);
    w.inFlightWriteRequest = undefined;
    dealWithRejection(w, e);
  }
  function finishInFlightClose(w) {
    w.inFlightCloseRequest.resolve();
    w.inFlightCloseRequest = undefined;
    if (w.state === 'erroring') {
      w.storedError = undefined;
      if (w.pendingAbortRequest !== undefined) {
        w.pendingAbortRequest.d.resolve();
        w.pendingAbortRequest = undefined;
      }
    }
    w.state = 'closed';
    if (w.writer !== undefined) w.writer.closed.resolve();
  }
  function finishInFlightCloseWithError(w, e) {
    w.inFlightCloseRequest.reject(e);
    w.inFlightCloseRequest = undefined;
    if (w.pendingAbortRequest !== undefined) {
      w.pendingAbortRequest.d.reject(e);
      w.pendingAbortRequest = undefined;
    }
    dealWithRejection(w, e);
  }
  function updateBackpressure(w, bp) {
    const ww = w.writer;
    if (ww !== undefined && bp !== w.backpressure) {
      if (bp) ww.ready = deferred();
      else ww.ready.resolve();
    }
    w.backpressure = bp;
  }

  // Writable controller
  function clearWritableAlgorithms(wc) {
    wc.writeAlg = undefined;
    wc.closeAlg = undefined;
    wc.abortAlg = undefined;
    wc.sizeAlg = undefined;
  }
  const writableDesiredSize = (wc) => wc.hwm - wc.queueTotalSize;
  const writableBackpressure = (wc) => writableDesiredSize(wc) <= 0;
  function writableControllerError(wc, e) {
    clearWritableAlgorithms(wc);
    startErroring(wc.stream, e);
  }
  function writableErrorIfNeeded(wc, e) {
    if (wc.stream.state === 'writable') writableControllerError(wc, e);
  }
  function chunkSize(wc, chunk) {
    if (wc.sizeAlg === undefined) return 1;
    try {
      return wc.sizeAlg(chunk);
    } catch (e) {
      writableErrorIfNeeded(wc, e);
      return 1;
    }
  }
  function controllerWrite(wc, chunk, size) {
    try {
      enqueueWithSize(wc, chunk, size);
    } catch (e) {
      writableErrorIfNeeded(wc, e);
      return;
    }
    const w = wc.stream;
    if (!closeQueuedOrInFlight(w) && w.state === 'writable') updateBackpressure(w, writableBackpressure(wc));
    advanceQueueIfNeeded(wc);
  }
  function advanceQueueIfNeeded(wc) {
    const w = wc.stream;
    if (!wc.started || w.inFlightWriteRequest !== undefined) return;
    if (w.state === 'erroring') { finishErroring(w); return; }
    if (wc.queue.length === 0) return;
    const value = wc.queue[0].value;
    if (value === CLOSE) {
      w.inFlightCloseRequest = w.closeRequest;
      w.closeRequest = undefined;
      dequeueValue(wc);
      const p = promiseCall(wc.closeAlg);
      clearWritableAlgorithms(wc);
      p.then(() => finishInFlightClose(w), (e) => finishInFlightCloseWithError(w, e));
    } else {
      w.inFlightWriteRequest = w.writeRequests.shift();
      promiseCall(wc.writeAlg, undefined, value).then(() => {
        finishInFlightWrite(w);
        dequeueValue(wc);
        if (!closeQueuedOrInFlight(w) && w.state === 'writable') updateBackpressure(w, writableBackpressure(wc));
        advanceQueueIfNeeded(wc);
      }, (e) => {
        if (w.state === 'writable') clearWritableAlgorithms(wc);
        finishInFlightWriteWithError(w, e);
      });
    }
  }
  function setupWritable(w, start, write, close, abort, hwm, sizeAlg) {
    const { AbortController } = require('internal/web');
    const obj = Object.create(WritableStreamDefaultController.prototype);
    const wc = {
      type: 'WritableStreamDefaultController', stream: w, obj, queue: [], queueTotalSize: 0, started: false, hwm, sizeAlg,
      writeAlg: write, closeAlg: close, abortAlg: abort, abortController: new AbortController(),
    };
    setState(obj, wc);
    w.controller = wc;
    updateBackpressure(w, writableBackpressure(wc));
    const result = start(obj);
    Promise.resolve(result).then(() => {
      wc.started = true;
      advanceQueueIfNeeded(wc);
    }, (r) => {
      wc.started = true;
      dealWithRejection(w, r);
    });
    return wc;
  }
  function createWritable(start, write, close, abort, hwm = 1, sizeAlg = () => 1) {
    const obj = Object.create(WritableStream.prototype);
    const w = newWritableState(obj);
    setupWritable(w, start, write, close, abort, hwm, sizeAlg);
    return w;
  }

  class WritableStreamDefaultController {
    constructor() { throw illegal(); }
    get signal() {
      return brand(this, 'WritableStreamDefaultController').abortController.signal;
    }
    error(e = undefined) {
      const wc = brand(this, 'WritableStreamDefaultController');
      if (wc.stream.state !== 'writable') return;
      writableControllerError(wc, e);
    }
  }
  shape(WritableStreamDefaultController, 'WritableStreamDefaultController');

  // ---- writers
  function writerEnsureReadyRejected(ww, e) {
    if (ww.ready.state === 'pending') ww.ready.reject(e);
    else ww.ready = rejectedD(e);
    ww.ready.promise.catch(noop);
  }
  function writerEnsureClosedRejected(ww, e) {
    if (ww.closed.state === 'pending') ww.closed.reject(e);
    else ww.closed = rejectedD(e);
    ww.closed.promise.catch(noop);
  }
  function writerSetup(ww, w) {
    if (w.writer !== undefined) throw invalidState('WritableStream is locked');
    ww.stream = w;
    w.writer = ww;
    const state = w.state;
    if (state === 'writable') {
      ww.ready = !closeQueuedOrInFlight(w) && w.backpressure ? deferred() : resolvedD();
      ww.closed = deferred();
    } else if (state === 'erroring') {
      ww.ready = rejectedD(w.storedError);
      ww.closed = deferred();
    } else if (state === 'closed') {
      ww.ready = resolvedD();
      ww.closed = resolvedD();
    } else {
      ww.ready = rejectedD(w.storedError);
      ww.closed = rejectedD(w.storedError);
    }
  }
  function acquireWriter(w) {
    const obj = Object.create(WritableStreamDefaultWriter.prototype);
    const ww = { type: 'WritableStreamDefaultWriter', obj, stream: undefined, ready: undefined, closed: undefined };
    writerSetup(ww, w);
    setState(obj, ww);
    return ww;
  }
  function writerRelease(ww) {
    const w = ww.stream;
    const e = invalidState('Writer has been released');
    writerEnsureReadyRejected(ww, e);
    writerEnsureClosedRejected(ww, e);
    w.writer = undefined;
    ww.stream = undefined;
  }
  function writerWrite(ww, chunk) {
    const w = ww.stream;
    const wc = w.controller;
    const size = chunkSize(wc, chunk);
    if (w !== ww.stream) return Promise.reject(invalidState('Writer has been released'));
    if (w.state === 'errored') return Promise.reject(w.storedError);
    if (closeQueuedOrInFlight(w) || w.state === 'closed') return Promise.reject(invalidState('WritableStream is closed'));
    if (w.state === 'erroring') return Promise.reject(w.storedError);
    const d = deferred();
    w.writeRequests.push(d);
    controllerWrite(wc, chunk, size);
    return d.promise;
  }
  function writerCloseWithErrorPropagation(ww) {
    const w = ww.stream;
    if (closeQueuedOrInFlight(w) || w.state === 'closed') return Promise.resolve();
    if (w.state === 'errored') return Promise.reject(w.storedError);
    return writableClose(w);
  }
  function writerDesiredSize(ww) {
    const w = ww.stream;
    if (w.state === 'errored' || w.state === 'erroring') return null;
    if (w.state === 'closed') return 0;
    return writableDesiredSize(w.controller);
  }

  class WritableStreamDefaultWriter {
    constructor(stream) {
      const w = stateOf(stream, 'WritableStream');
      if (w === undefined) throw argType('stream', 'WritableStream', stream);
      const ww = { type: 'WritableStreamDefaultWriter', obj: this, stream: undefined, ready: undefined, closed: undefined };
      writerSetup(ww, w);
      setState(this, ww);
    }
    get closed() {
      const ww = stateOf(this, 'WritableStreamDefaultWriter');
      return ww === undefined ? Promise.reject(invalidThis('WritableStreamDefaultWriter')) : ww.closed.promise;
    }
    get desiredSize() {
      const ww = brand(this, 'WritableStreamDefaultWriter');
      if (ww.stream === undefined) throw invalidState('Writer is not bound to a WritableStream');
      return writerDesiredSize(ww);
    }
    get ready() {
      const ww = stateOf(this, 'WritableStreamDefaultWriter');
      return ww === undefined ? Promise.reject(invalidThis('WritableStreamDefaultWriter')) : ww.ready.promise;
    }
    abort(reason = undefined) {
      const ww = stateOf(this, 'WritableStreamDefaultWriter');
      if (ww === undefined) return Promise.reject(invalidThis('WritableStreamDefaultWriter'));
      if (ww.stream === undefined) return Promise.reject(invalidState('Writer is not bound to a WritableStream'));
      return writableAbort(ww.stream, reason);
    }
    close() {
      const ww = stateOf(this, 'WritableStreamDefaultWriter');
      if (ww === undefined) return Promise.reject(invalidThis('WritableStreamDefaultWriter'));
      const w = ww.stream;
      if (w === undefined) return Promise.reject(invalidState('Writer is not bound to a WritableStream'));
      if (closeQueuedOrInFlight(w)) return Promise.reject(invalidState('Failure to close WritableStream'));
      return writableClose(w);
    }
    releaseLock() {
      const ww = brand(this, 'WritableStreamDefaultWriter');
      if (ww.stream !== undefined) writerRelease(ww);
    }
    write(chunk = undefined) {
      const ww = stateOf(this, 'WritableStreamDefaultWriter');
      if (ww === undefined) return Promise.reject(invalidThis('WritableStreamDefaultWriter'));
      if (ww.stream === undefined) return Promise.reject(invalidState('Writer is not bound to a WritableStream'));
      return writerWrite(ww, chunk);
    }
  }
  shape(WritableStreamDefaultWriter, 'WritableStreamDefaultWriter');

  class WritableStream {
    constructor(sink = undefined, strategy = undefined) {
      if (sink === undefined) sink = {};
      else if (sink === null || typeof sink !== 'object') throw argType('sink', 'Object', sink);
      strategy = checkStrategy(strategy);
      const start = checkFn(method(sink, 'start'), 'sink.start');
      const write = checkFn(method(sink, 'write'), 'sink.write');
      const close = checkFn(method(sink, 'close'), 'sink.close');
      const abort = checkFn(method(sink, 'abort'), 'sink.abort');
      if (sink.type !== undefined) throw argValue('type', sink.type, RangeError);
      const sizeAlg = sizeOf(strategy);
      const hwm = highWaterMarkOf(strategy, 1);
      const w = newWritableState(this);
      let wc;
      setupWritable(w,
        (c) => (start === undefined ? undefined : Reflect.apply(start, sink, [c])),
        write === undefined ? undefined : (chunk) => Reflect.apply(write, sink, [chunk, wc.obj]),
        close === undefined ? undefined : () => Reflect.apply(close, sink, []),
        abort === undefined ? undefined : (reason) => Reflect.apply(abort, sink, [reason]),
        hwm, sizeAlg);
      wc = w.controller;
    }
    get locked() {
      return brand(this, 'WritableStream').writer !== undefined;
    }
    abort(reason = undefined) {
      const w = stateOf(this, 'WritableStream');
      if (w === undefined) return Promise.reject(invalidThis('WritableStream'));
      if (w.writer !== undefined) return Promise.reject(invalidState('WritableStream is locked'));
      return writableAbort(w, reason);
    }
    close() {
      const w = stateOf(this, 'WritableStream');
      if (w === undefined) return Promise.reject(invalidThis('WritableStream'));
      if (w.writer !== undefined) return Promise.reject(invalidState('WritableStream is locked'));
      if (closeQueuedOrInFlight(w)) return Promise.reject(invalidState('Failure to close WritableStream'));
      return writableClose(w);
    }
    getWriter() {
      return acquireWriter(brand(this, 'WritableStream')).obj;
    }
  }
  shape(WritableStream, 'WritableStream');

  // =====================================================================================
  // TransformStream
  // =====================================================================================
  function setBackpressure(t, bp) {
    if (t.backpressureChange !== undefined) t.backpressureChange.resolve();
    t.backpressureChange = deferred();
    t.backpressure = bp;
  }
  function clearTransformAlgorithms(tc) {
    tc.transformAlg = undefined;
    tc.flushAlg = undefined;
    tc.cancelAlg = undefined;
  }
  function errorWritableAndUnblockWrite(t, e) {
    clearTransformAlgorithms(t.controller);
    writableErrorIfNeeded(t.writable.controller, e);
    if (t.backpressure) setBackpressure(t, false);
  }
  function transformError(t, e) {
    controllerError(t.readable.controller, e);
    errorWritableAndUnblockWrite(t, e);
  }
  function transformEnqueue(tc, chunk) {
    const t = tc.stream;
    const rc = t.readable.controller;
    if (!canCloseOrEnqueue(rc)) throw invalidState('Unable to enqueue');
    try {
      controllerEnqueue(rc, chunk);
    } catch (e) {
      errorWritableAndUnblockWrite(t, e);
      throw t.readable.storedError;
    }
    if (hasBackpressure(rc) !== t.backpressure) setBackpressure(t, true);
  }
  function transformTerminate(tc) {
    const t = tc.stream;
    controllerClose(t.readable.controller);
    errorWritableAndUnblockWrite(t, invalidState('TransformStream has been terminated'));
  }
  function performTransform(tc, chunk) {
    return promiseCall(tc.transformAlg, undefined, chunk).catch((r) => {
      transformError(tc.stream, r);
      throw r;
    });
  }
  class TransformStreamDefaultController {
    constructor() { throw illegal(); }
    get desiredSize() {
      return desiredSize(brand(this, 'TransformStreamDefaultController').stream.readable.controller);
    }
    enqueue(chunk = undefined) {
      transformEnqueue(brand(this, 'TransformStreamDefaultController'), chunk);
    }
    error(reason = undefined) {
      transformError(brand(this, 'TransformStreamDefaultController').stream, reason);
    }
    terminate() {
      transformTerminate(brand(this, 'TransformStreamDefaultController'));
    }
  }
  shape(TransformStreamDefaultController, 'TransformStreamDefaultController');

  // The transform stream's record over algorithms: transform(chunk, controllerObj), flush(controllerObj),
  // cancel(reason) (when the readable side is cancelled or the writable side aborted).
  function initTransform(obj, transform, flush, cancelFn, start, writableHwm, writableSize, readableHwm, readableSize) {
    const t = { type: 'TransformStream', obj, readable: undefined, writable: undefined, backpressure: undefined, backpressureChange: undefined, controller: undefined };
    setState(obj, t);
    const startD = deferred();
    const tcObj = Object.create(TransformStreamDefaultController.prototype);
    const tc = { type: 'TransformStreamDefaultController', stream: t, obj: tcObj, transformAlg: undefined, flushAlg: undefined, cancelAlg: undefined, finish: undefined };
    setState(tcObj, tc);
    t.controller = tc;
    const write = (chunk) => {
      if (t.backpressure) {
        return t.backpressureChange.promise.then(() => {
          const w = t.writable;
          if (w.state === 'erroring') throw w.storedError;
          return performTransform(tc, chunk);
        });
      }
      return performTransform(tc, chunk);
    };
    // Closing, aborting and cancelling end the transform once (the first one's promise).
    const finishWith = (alg, arg, onDone, onFail) => {
      if (tc.finish !== undefined) return tc.finish;
      const p = promiseCall(alg, undefined, arg);
      clearTransformAlgorithms(tc);
      tc.finish = p.then(onDone, (e) => { onFail(e); throw e; });
      return tc.finish;
    };
    const abort = (reason) => {
      const r = t.readable;
      return finishWith(tc.cancelAlg, reason, () => {
        if (r.state === 'errored') throw r.storedError;
        controllerError(r.controller, reason);
      }, (e) => controllerError(r.controller, e));
    };
    const close = () => {
      const r = t.readable;
      return finishWith(tc.flushAlg, undefined, () => {
        if (r.state === 'errored') throw r.storedError;
        controllerClose(r.controller);
      }, (e) => controllerError(r.controller, e));
    };
    t.writable = createWritable(() => startD.promise, write, close, abort, writableHwm, writableSize);
    const pull = () => {
      setBackpressure(t, false);
      return t.backpressureChange.promise;
    };
    const cancel = (reason) => {
      const w = t.writable;
      const unblock = (e) => {
        writableErrorIfNeeded(w.controller, e);
        if (t.backpressure) setBackpressure(t, false);
      };
      return finishWith(tc.cancelAlg, reason, () => {
        if (w.state === 'errored') throw w.storedError;
        unblock(reason);
      }, unblock);
    };
    t.readable = createReadable(() => startD.promise, pull, cancel, readableHwm, readableSize);
    setBackpressure(t, true);
    tc.transformAlg = transform === undefined ? (chunk) => { transformEnqueue(tc, chunk); } : (chunk) => transform(chunk, tcObj);
    tc.flushAlg = flush === undefined ? undefined : () => flush(tcObj);
    tc.cancelAlg = cancelFn;
    try {
      startD.resolve(start === undefined ? undefined : start(tcObj));
    } catch (e) {
      startD.reject(e);
      startD.promise.catch(noop);
      throw e;
    }
    return t;
  }

  class TransformStream {
    constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
      if (transformer === undefined) transformer = {};
      else if (transformer === null || typeof transformer !== 'object') throw argType('transformer', 'Object', transformer);
      writableStrategy = checkStrategy(writableStrategy);
      readableStrategy = checkStrategy(readableStrategy);
      if (transformer.readableType !== undefined) throw argValue('transformer.readableType', transformer.readableType, RangeError);
      if (transformer.writableType !== undefined) throw argValue('transformer.writableType', transformer.writableType, RangeError);
      const start = checkFn(method(transformer, 'start'), 'transformer.start');
      const transform = checkFn(method(transformer, 'transform'), 'transformer.transform');
      const flush = checkFn(method(transformer, 'flush'), 'transformer.flush');
      const cancel = checkFn(method(transformer, 'cancel'), 'transformer.cancel');
      const readableHwm = highWaterMarkOf(readableStrategy, 0);
      const readableSize = sizeOf(readableStrategy);
      const writableHwm = highWaterMarkOf(writableStrategy, 1);
      const writableSize = sizeOf(writableStrategy);
      initTransform(this,
        transform === undefined ? undefined : (chunk, c) => Reflect.apply(transform, transformer, [chunk, c]),
        flush === undefined ? undefined : (c) => Reflect.apply(flush, transformer, [c]),
        cancel === undefined ? undefined : (reason) => Reflect.apply(cancel, transformer, [reason]),
        start === undefined ? undefined : (c) => Reflect.apply(start, transformer, [c]),
        writableHwm, writableSize, readableHwm, readableSize);
    }
    get readable() {
      return brand(this, 'TransformStream').readable.obj;
    }
    get writable() {
      return brand(this, 'TransformStream').writable.obj;
    }
  }
  shape(TransformStream, 'TransformStream');

  // A transform stream made of two functions, for the encoding and compression streams.
  function makeTransform(transform, flush) {
    return initTransform(Object.create(TransformStream.prototype), transform, flush, undefined, undefined, 1, () => 1, 0, () => 1);
  }

  // =====================================================================================
  // Queuing strategies
  // =====================================================================================
  const byteLengthSize = { size(chunk) { return chunk.byteLength; } }.size;
  const countSize = { size() { return 1; } }.size;
  function strategyInit(init) {
    if (init === null || typeof init !== 'object') throw argType('init', 'Object', init);
    if (init.highWaterMark === undefined) throw coded(TypeError, 'ERR_MISSING_OPTION', 'init.highWaterMark is required');
    return Number(init.highWaterMark);
  }
  class ByteLengthQueuingStrategy {
    #hwm;
    constructor(init) { this.#hwm = strategyInit(init); }
    get highWaterMark() {
      return this.#hwm;
    }
    get size() {
      this.#hwm;
      return byteLengthSize;
    }
  }
  shape(ByteLengthQueuingStrategy, 'ByteLengthQueuingStrategy');
  class CountQueuingStrategy {
    #hwm;
    constructor(init) { this.#hwm = strategyInit(init); }
    get highWaterMark() {
      return this.#hwm;
    }
    get size() {
      this.#hwm;
      return countSize;
    }
  }
  shape(CountQueuingStrategy, 'CountQueuingStrategy');

  // =====================================================================================
  // Encoding streams (UTF-8)
  // =====================================================================================
  class TextEncoderStream {
    #t;
    constructor() {
      const encoder = new TextEncoder();
      let pending = '';
      this.#t = makeTransform((chunk, c) => {
        let s = pending + String(chunk);
        pending = '';
        const last = s.charCodeAt(s.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pending = s[s.length - 1];
          s = s.slice(0, -1);
        }
        if (s.length > 0) c.enqueue(encoder.encode(s));
      }, (c) => {
        if (pending) c.enqueue(Uint8Array.of(0xef, 0xbf, 0xbd));
      });
    }
    get encoding() { this.#t; return 'utf-8'; }
    get readable() { return this.#t.readable.obj; }
    get writable() { return this.#t.writable.obj; }
  }
  shape(TextEncoderStream);

  const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8']);
  // The number of bytes at the end of `b` that start a UTF-8 sequence not finished yet.
  function incompleteTail(b) {
    const n = b.length;
    for (let i = n - 1; i >= 0 && i >= n - 3; i--) {
      const x = b[i];
      if ((x & 0xc0) === 0x80) continue;
      const need = x >= 0xf0 && x <= 0xf4 ? 4 : x >= 0xe0 && x <= 0xef ? 3 : x >= 0xc2 && x <= 0xdf ? 2 : 1;
      return n - i < need ? n - i : 0;
    }
    return 0;
  }
  class TextDecoderStream {
    #t; #fatal; #ignoreBOM;
    constructor(encoding = 'utf-8', options = {}) {
      const label = String(encoding).trim().toLowerCase();
      if (!UTF8_LABELS.has(label)) throw coded(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${encoding}" encoding is not supported`);
      if (options === null || typeof options !== 'object') options = {};
      const fatal = this.#fatal = !!options.fatal;
      const ignoreBOM = this.#ignoreBOM = !!options.ignoreBOM;
      const decoder = new TextDecoder('utf-8', { fatal });
      let held = new Uint8Array(0);
      let first = true;
      // The runtime's decoder drops a leading BOM on every call: put back the ones that are text.
      const decode = (bytes) => {
        let out = '';
        let at = 0;
        if (first && bytes.length > 0) {
          first = false;
          if (!ignoreBOM && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3;
        }
        while (bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf) { out += '\ufeff'; at += 3; }
        try {
          return out + decoder.decode(at ? bytes.subarray(at) : bytes);
        } catch (e) {
          throw coded(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA', 'The encoded data was not valid for encoding utf-8');
        }
      };
      this.#t = makeTransform((chunk, c) => {
        let bytes;
        if (chunk instanceof ArrayBuffer) bytes = new Uint8Array(chunk);
        else if (isView(chunk)) bytes = bytesOfView(chunk);
        else throw argType('input', ['SharedArrayBuffer', 'ArrayBuffer', 'ArrayBufferView'], chunk);
        if (held.length > 0) {
          const joined = new Uint8Array(held.length + bytes.length);
          joined.set(held);
          joined.set(bytes, held.length);
          bytes = joined;
        }
        // Until 3 bytes arrived, a leading BOM may still be on its way.
        if (first && !ignoreBOM && bytes.length < 3 && [0xef, 0xbb, 0xbf].slice(0, bytes.length).every((x, i) => bytes[i] === x)) {
          held = bytes.slice();
          return;
        }
        const tail = incompleteTail(bytes);
        held = tail ? bytes.slice(bytes.length - tail) : new Uint8Array(0);
        const text = decode(tail ? bytes.subarray(0, bytes.length - tail) : bytes);
        if (text.length > 0) c.enqueue(text);
      }, (c) => {
        if (held.length > 0) {
          const text = decode(held);
          held = new Uint8Array(0);
          if (text.length > 0) c.enqueue(text);
        }
      });
    }
    get encoding() { this.#t; return 'utf-8'; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }
    get readable() { return this.#t.readable.obj; }
    get writable() { return this.#t.writable.obj; }
  }
  shape(TextDecoderStream);

  // =====================================================================================
  // Compression streams, on zlib (the whole input is compressed when it ends)
  // =====================================================================================
  const FORMATS = ['deflate', 'deflate-raw', 'gzip'];
  function zlibStream(format, compress) {
    if (!FORMATS.includes(format)) throw argValue('format', format);
    const chunks = [];
    return makeTransform((chunk) => {
      if (typeof chunk === 'string') chunks.push(new TextEncoder().encode(chunk));
      else if (chunk instanceof ArrayBuffer) chunks.push(new Uint8Array(chunk).slice());
      else if (isView(chunk)) chunks.push(bytesOfView(chunk).slice());
      else throw argType('chunk', ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], chunk);
    }, (c) => {
      const zlib = require('zlib');
      const { Buffer } = require('buffer');
      const input = Buffer.concat(chunks);
      chunks.length = 0;
      const fn = compress
        ? { gzip: zlib.gzipSync, deflate: zlib.deflateSync, 'deflate-raw': zlib.deflateRawSync }[format]
        : { gzip: zlib.gunzipSync, deflate: zlib.inflateSync, 'deflate-raw': zlib.inflateRawSync }[format];
      const out = fn(input);
      if (out.length > 0) c.enqueue(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
    });
  }
  class CompressionStream {
    #t;
    constructor(format) { this.#t = zlibStream(format, true); }
    get readable() { return this.#t.readable.obj; }
    get writable() { return this.#t.writable.obj; }
  }
  shape(CompressionStream);
  class DecompressionStream {
    #t;
    constructor(format) { this.#t = zlibStream(format, false); }
    get readable() { return this.#t.readable.obj; }
    get writable() { return this.#t.writable.obj; }
  }
  shape(DecompressionStream);

  module.exports = {
    ReadableStream,
    ReadableStreamDefaultReader,
    ReadableStreamBYOBReader,
    ReadableStreamBYOBRequest,
    ReadableByteStreamController,
    ReadableStreamDefaultController,
    TransformStream,
    TransformStreamDefaultController,
    WritableStream,
    WritableStreamDefaultWriter,
    WritableStreamDefaultController,
    ByteLengthQueuingStrategy,
    CountQueuingStrategy,
    TextEncoderStream,
    TextDecoderStream,
    CompressionStream,
    DecompressionStream,
  };
})
