// Node's `zlib`: gzip, deflate (zlib and raw), unzip and Brotli in sync, callback, promise (through
// util.promisify) and stream forms, plus crc32 and the constants. Streams compress or decompress
// when their input ends (one output chunk); flush() and params() are accepted and do nothing.
(function (exports, require, module, native) {
  'use strict';
  const { Buffer } = require('buffer');
  const { Transform } = require('stream');

  const constants = {
    Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
    Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
    Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
    Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
    Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0, ZLIB_VERNUM: 4865,
    DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7,
    BROTLI_DECODE: 8, BROTLI_ENCODE: 9,
    Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15, Z_MIN_CHUNK: 64,
    Z_MAX_CHUNK: Infinity, Z_DEFAULT_CHUNK: 16384, Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9,
    Z_DEFAULT_MEMLEVEL: 8, Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1,
    BROTLI_OPERATION_PROCESS: 0, BROTLI_OPERATION_FLUSH: 1, BROTLI_OPERATION_FINISH: 2,
    BROTLI_OPERATION_EMIT_METADATA: 3, BROTLI_PARAM_MODE: 0, BROTLI_MODE_GENERIC: 0,
    BROTLI_MODE_TEXT: 1, BROTLI_MODE_FONT: 2, BROTLI_DEFAULT_MODE: 0, BROTLI_PARAM_QUALITY: 1,
    BROTLI_MIN_QUALITY: 0, BROTLI_MAX_QUALITY: 11, BROTLI_DEFAULT_QUALITY: 11, BROTLI_PARAM_LGWIN: 2,
    BROTLI_MIN_WINDOW_BITS: 10, BROTLI_MAX_WINDOW_BITS: 24, BROTLI_DEFAULT_WINDOW: 22,
    BROTLI_PARAM_LGBLOCK: 3, BROTLI_PARAM_SIZE_HINT: 5, BROTLI_DECODER_RESULT_ERROR: 0,
    BROTLI_DECODER_RESULT_SUCCESS: 1,
  };

  function input(buffer) {
    if (typeof buffer === 'string') return Buffer.from(buffer);
    if (buffer instanceof Uint8Array) return buffer;
    if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
    const e = new TypeError(`The "buffer" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer.${buffer === null || buffer === undefined ? ` Received ${buffer}` : ` Received type ${typeof buffer}`}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  function levelOf(op, options = {}) {
    if (op === 'brotliCompress') {
      const p = options.params || {};
      return p[constants.BROTLI_PARAM_QUALITY] ?? constants.BROTLI_DEFAULT_QUALITY;
    }
    return options.level ?? -1;
  }
  function runSync(op, buffer, options = {}) {
    const data = input(buffer);
    let out;
    try {
      out = native.run(op, data, levelOf(op, options), options.maxOutputLength ?? 0);
    } catch (e) {
      if (e.code !== 'ERR_BUFFER_TOO_LARGE') throw e;
      throw Object.assign(new RangeError(`Cannot create a Buffer larger than ${options.maxOutputLength ?? 'the output limit'} bytes`), { code: e.code });
    }
    const b = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    return options.info ? { buffer: b, engine: null } : b;
  }
  function runAsync(op, buffer, options, cb) {
    if (typeof options === 'function') { cb = options; options = {}; }
    if (typeof cb !== 'function') {
      const e = new TypeError('The "callback" argument must be of type function.');
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    let result, error = null;
    try { result = runSync(op, buffer, options); } catch (e) { error = e; }
    // Node answers on a later turn, never synchronously.
    setTimeout(() => (error ? cb(error) : cb(null, result)), 0);
  }

  class ZlibBase extends Transform {
    constructor(op, options = {}) {
      super({ ...options, readableObjectMode: false, writableObjectMode: false });
      this._op = op;
      this._options = options;
      this._chunks = [];
      this._size = 0;
      this.bytesWritten = 0;
    }
    _transform(chunk, encoding, cb) {
      const c = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
      this._chunks.push(c);
      this.bytesWritten += c.length;
      cb();
    }
    _flush(cb) {
      let out;
      try { out = runSync(this._op, Buffer.concat(this._chunks), this._options); } catch (e) { cb(e); return; }
      this._chunks = [];
      const size = this._options.chunkSize || constants.Z_DEFAULT_CHUNK;
      for (let i = 0; i < out.length; i += size) this.push(out.subarray(i, i + size));
      cb();
    }
    flush(kind, cb) { if (typeof kind === 'function') cb = kind; if (typeof cb === 'function') queueMicrotask(cb); }
    params(level, strategy, cb) { if (typeof cb === 'function') queueMicrotask(cb); }
    reset() { this._chunks = []; }
    close(cb) { this.destroy(); if (typeof cb === 'function') queueMicrotask(cb); }
  }
  const classes = {};
  const api = { constants, codes: { Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6, '0': 'Z_OK', '1': 'Z_STREAM_END', '2': 'Z_NEED_DICT', '-1': 'Z_ERRNO', '-2': 'Z_STREAM_ERROR', '-3': 'Z_DATA_ERROR', '-4': 'Z_MEM_ERROR', '-5': 'Z_BUF_ERROR', '-6': 'Z_VERSION_ERROR' } };
  for (const [name, op] of [['Gzip', 'gzip'], ['Gunzip', 'gunzip'], ['Deflate', 'deflate'], ['Inflate', 'inflate'], ['DeflateRaw', 'deflateRaw'], ['InflateRaw', 'inflateRaw'], ['Unzip', 'unzip'], ['BrotliCompress', 'brotliCompress'], ['BrotliDecompress', 'brotliDecompress']]) {
    const C = { [name]: class extends ZlibBase { constructor(options) { super(op, options); } } }[name];
    classes[name] = C;
    api[name] = C;
    api[`create${name}`] = (options) => new C(options);
    api[op] = (buffer, options, cb) => runAsync(op, buffer, options, cb);
    api[`${op}Sync`] = (buffer, options) => runSync(op, buffer, options);
  }
  api.crc32 = (data, value = 0) => native.crc32(input(data), value);
  // Node's legacy names for the constants, on the module itself.
  for (const [k, v] of Object.entries(constants)) if (k.startsWith('Z_')) api[k] = v;
  module.exports = api;
})
