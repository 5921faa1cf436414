// Node's `buffer` module: Buffer (a Uint8Array subclass), SlowBuffer, every encoding, atob/btoa, isUtf8/isAscii, transcode, Blob/File (stream() only where a ReadableStream exists); leaves out the allocation pool (allocUnsafe memory is zeroed) and blob: URLs (resolveObjectURL always answers undefined).
(function (exports, require, module, native) {
  'use strict';

  const kMaxLength = 2 ** 32;
  const kStringMaxLength = 2 ** 29 - 24;
  let INSPECT_MAX_BYTES = 50;
  const CHUNK = 8192;
  const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

  // ---------------------------------------------------------------- errors (Node's codes and messages)
  function nodeError(Base, code, message) {
    const e = new Base(message);
    Object.defineProperty(e, 'code', { value: code, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(e, 'toString', {
      value() { return `${this.name} [${code}]: ${this.message}`; }, writable: true, configurable: true,
    });
    return e;
  }
  const META = ['\\x00', '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', '\\x06', '\\x07', '\\b', '\\t', '\\n', '\\x0B',
    '\\f', '\\r', '\\x0E', '\\x0F', '\\x10', '\\x11', '\\x12', '\\x13', '\\x14', '\\x15', '\\x16', '\\x17', '\\x18',
    '\\x19', '\\x1A', '\\x1B', '\\x1C', '\\x1D', '\\x1E', '\\x1F'];
  function quote(s) {
    let q = "'";
    if (s.includes("'")) {
      if (!s.includes('"')) q = '"';
      else if (!s.includes('`') && !s.includes('${')) q = '`';
    }
    const re = q === "'" ? /[\x00-\x1f\x27\x5c\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
      : /[\x00-\x1f\x5c\x7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
    return q + s.replace(re, (c) => {
      const n = c.charCodeAt(0);
      if (n < 0x20) return META[n];
      if (n === 0x27) return "\\'";
      if (n === 0x5c) return '\\\\';
      if (n === 0x7f) return '\\x7F';
      return '\\u' + n.toString(16);
    }) + q;
  }
  // A value as util.inspect shows it in error messages (primitives and buffers; objects in short).
  function show(v) {
    switch (typeof v) {
      case 'string': return quote(v);
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint': return `${v}n`;
      case 'symbol': return v.toString();
      case 'function': return v.name ? `[Function: ${v.name}]` : '[Function (anonymous)]';
      case 'object':
        if (v === null) return 'null';
        if (v instanceof Uint8Array) { const [name, bytes] = inspectBytes(v); return `<${name} ${bytes}>`; }
        if (Array.isArray(v)) return v.length ? `[ ${v.map(show).join(', ')} ]` : '[]';
        if (Object.getPrototypeOf(v) === null) return '[Object: null prototype] {}';
        return v.constructor && v.constructor.name ? `${v.constructor.name} {}` : '{}';
      default: return String(v);
    }
  }
  function describe(v) {
    if (v == null) return `${v}`;
    if (typeof v === 'function') return `function ${v.name}`;
    if (typeof v === 'object') {
      if (v.constructor && v.constructor.name) return `an instance of ${v.constructor.name}`;
      return show(v);
    }
    if (typeof v === 'string') {
      if (v.length > 28) v = v.slice(0, 25) + '...';
      return `type string (${v.includes("'") ? JSON.stringify(v) : `'${v}'`})`;
    }
    let s = show(v);
    if (s.length > 28) s = s.slice(0, 25) + '...';
    return `type ${typeof v} (${s})`;
  }
  function argTypeError(name, expected, actual) {
    const what = name.endsWith(' argument') ? name : `"${name}" ${name.includes('.') ? 'property' : 'argument'}`;
    return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The ${what} must be ${expected}. Received ${describe(actual)}`);
  }
  function withSeparators(s) {
    const start = s[0] === '-' ? 1 : 0;
    let i = s.length, out = '';
    for (; i >= start + 4; i -= 3) out = `_${s.slice(i - 3, i)}${out}`;
    return s.slice(0, i) + out;
  }
  function rangeError(name, range, input) {
    let got;
    if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) got = withSeparators(String(input));
    else if (typeof input === 'bigint') {
      got = String(input);
      if (input > 2n ** 32n || input < -(2n ** 32n)) got = withSeparators(got);
      got += 'n';
    } else got = show(input);
    return nodeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${got}`);
  }
  const boundsErr = (name) => nodeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS',
    name ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds');
  const unknownEncoding = (enc) => nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);
  const invalidValue = (name, v) => nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument '${name}' is invalid. Received ${show(v)}`);
  const notString = () => nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string');
  const missingArgs = (name) => nodeError(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`);

  function validateNumber(v, name, min, max) {
    if (typeof v !== 'number') throw argTypeError(name, 'of type number', v);
    if ((min != null && v < min) || (max != null && v > max) || ((min != null || max != null) && v !== v)) {
      throw rangeError(name, `${min != null ? `>= ${min}` : ''}${min != null && max != null ? ' && ' : ''}${max != null ? `<= ${max}` : ''}`, v);
    }
  }
  function validateInteger(v, name, min, max) {
    if (typeof v !== 'number') throw argTypeError(name, 'of type number', v);
    if (!Number.isInteger(v)) throw rangeError(name, 'an integer', v);
    if (v < min || v > max) throw rangeError(name, `>= ${min} && <= ${max}`, v);
  }
  const validateOffset = (v, name, min = 0, max = kMaxLength) => validateInteger(v, name, min, max);
  const isU8 = (v) => v instanceof Uint8Array;
  const isAnyArrayBuffer = (v) => v instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer);
  const isTypedArray = (v) => ArrayBuffer.isView(v) && !(v instanceof DataView);
  // A plain Uint8Array over bytes [s, e) of a view (no Buffer, no species lookup).
  const view = (u8, s, e) => new Uint8Array(u8.buffer, u8.byteOffset + s, e - s);

  // ---------------------------------------------------------------- encodings
  const ENC = Object.assign(Object.create(null), {
    utf8: 'utf8', 'utf-8': 'utf8', ucs2: 'utf16le', 'ucs-2': 'utf16le', utf16le: 'utf16le', 'utf-16le': 'utf16le',
    latin1: 'latin1', binary: 'latin1', base64: 'base64', base64url: 'base64url', hex: 'hex', ascii: 'ascii',
  });
  // The encoding named by a string, case-insensitively, or undefined.
  function getEncoding(enc) {
    if (typeof enc !== 'string') enc = `${enc}`;
    return ENC[enc] || ENC[enc.toLowerCase()];
  }
  // As getEncoding, but undefined, null and '' mean utf8.
  const normalizeEncoding = (enc) => (enc == null || enc === '' ? 'utf8' : getEncoding(enc));

  const HEXC = new Uint8Array(16);
  const HEXV = new Uint8Array(256).fill(255);
  const B64C = new Uint8Array(64), B64UC = new Uint8Array(64);
  const B64V = new Uint8Array(256).fill(255);
  {
    const hex = '0123456789abcdef', b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    for (let i = 0; i < 16; i++) {
      HEXC[i] = hex.charCodeAt(i);
      HEXV[hex.charCodeAt(i)] = i;
      HEXV[hex.toUpperCase().charCodeAt(i)] = i;
    }
    for (let i = 0; i < 62; i++) B64C[i] = B64UC[i] = b64.charCodeAt(i);
    B64C[62] = 43; B64C[63] = 47; B64UC[62] = 45; B64UC[63] = 95;
    for (let i = 0; i < 64; i++) { B64V[B64C[i]] = i; B64V[B64UC[i]] = i; }
  }
  // Two output characters per 16-bit store (little-endian machines): a byte's two hex digits, and the two
  // base64 characters of 12 bits.
  const HEX2 = new Uint16Array(256), B64P = new Uint16Array(4096), B64UP = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) HEX2[i] = HEXC[i >> 4] | (HEXC[i & 15] << 8);
  for (let i = 0; i < 4096; i++) { B64P[i] = B64C[i >> 6] | (B64C[i & 63] << 8); B64UP[i] = B64UC[i >> 6] | (B64UC[i & 63] << 8); }

  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const fatalDecoder = new TextDecoder('utf-8', { fatal: true });
  // Whether this TextDecoder drops a leading BOM (WHATWG does; Node's toString keeps it).
  const dropsBOM = decoder.decode(new Uint8Array([0xef, 0xbb, 0xbf])) === '';
  const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  const SURROGATE = /[\ud800-\udfff]/;
  const ASCII_ONLY = /^[\x00-\x7f]*$/;

  // UTF-8 bytes of a string, lone surrogates as U+FFFD.
  function utf8Bytes(s) {
    if (SURROGATE.test(s)) s = s.replace(LONE, '\ufffd');
    return encoder.encode(s);
  }
  function utf8Length(s) {
    const n = s.length;
    if (n > 256) return ASCII_ONLY.test(s) ? n : utf8Bytes(s).length;
    let len = n;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) continue;
      if (c < 0x800) len += 1;
      else if (c < 0xdc00 && c >= 0xd800 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { len += 2; i++; } else len += 2;
    }
    return len;
  }
  function base64Length(s) {
    let n = s.length;
    if (s.charCodeAt(n - 1) === 61) n--;
    if (n > 1 && s.charCodeAt(n - 1) === 61) n--;
    return (n * 3) >>> 2;
  }
  const byteLengthOf = {
    utf8: utf8Length, utf16le: (s) => s.length * 2, latin1: (s) => s.length, ascii: (s) => s.length,
    hex: (s) => s.length >>> 1, base64: base64Length, base64url: base64Length,
  };

  // ---- decoding: bytes [s, e) of u8 to a string
  function latin1Slice(u8, s, e) {
    if (e - s <= CHUNK) return String.fromCharCode.apply(null, view(u8, s, e));
    let out = '';
    for (let i = s; i < e; i += CHUNK) out += String.fromCharCode.apply(null, view(u8, i, Math.min(i + CHUNK, e)));
    return out;
  }
  function asciiSlice(u8, s, e) {
    const str = latin1Slice(u8, s, e);
    if (!/[\x80-\xff]/.test(str)) return str;
    const masked = new Uint8Array(e - s);
    for (let i = s, j = 0; i < e; i++, j++) masked[j] = u8[i] & 0x7f;
    return latin1Slice(masked, 0, masked.length);
  }
  function utf8Slice(u8, s, e) {
    if (e <= s) return '';
    const v = view(u8, s, e);
    const str = decoder.decode(v);
    return dropsBOM && v[0] === 0xef && v[1] === 0xbb && v[2] === 0xbf ? '\ufeff' + str : str;
  }
  function ucs2Slice(u8, s, e) {
    const n = (e - s) >>> 1;
    let u16;
    if (LE && ((u8.byteOffset + s) & 1) === 0) u16 = new Uint16Array(u8.buffer, u8.byteOffset + s, n);
    else {
      u16 = new Uint16Array(n);
      for (let i = 0, j = s; i < n; i++, j += 2) u16[i] = u8[j] | (u8[j + 1] << 8);
    }
    if (n <= CHUNK) return String.fromCharCode.apply(null, u16);
    let out = '';
    for (let i = 0; i < n; i += CHUNK) out += String.fromCharCode.apply(null, u16.subarray(i, Math.min(i + CHUNK, n)));
    return out;
  }
  function hexSlice(u8, s, e) {
    if (native !== undefined) return native.encode(u8, s, e, 'hex');
    const n = e - s;
    const out = new Uint8Array(n * 2);
    if (LE) {
      const o16 = new Uint16Array(out.buffer);
      for (let i = 0; i < n; i++) o16[i] = HEX2[u8[s + i]];
    } else {
      for (let i = s, j = 0; i < e; i++, j += 2) { const b = u8[i]; out[j] = HEXC[b >> 4]; out[j + 1] = HEXC[b & 15]; }
    }
    return latin1Slice(out, 0, out.length);
  }
  function base64Slice(u8, s, e, url) {
    if (native !== undefined) return native.encode(u8, s, e, url ? 'base64url' : 'base64');
    const tbl = url ? B64UC : B64C;
    const n = e - s, rem = n % 3, full = n - rem;
    const out = new Uint8Array(Math.ceil(n / 3) * 4);
    let i = s, j = 0;
    if (LE) {
      const pairs = url ? B64UP : B64P;
      const o16 = new Uint16Array(out.buffer);
      for (let k = 0, end = s + full; i < end; i += 3, k += 2) {
        const v = (u8[i] << 16) | (u8[i + 1] << 8) | u8[i + 2];
        o16[k] = pairs[v >> 12];
        o16[k + 1] = pairs[v & 0xfff];
      }
      j = (full / 3) * 4;
    } else {
      for (const end = s + full; i < end; i += 3, j += 4) {
        const v = (u8[i] << 16) | (u8[i + 1] << 8) | u8[i + 2];
        out[j] = tbl[v >> 18]; out[j + 1] = tbl[(v >> 12) & 63]; out[j + 2] = tbl[(v >> 6) & 63]; out[j + 3] = tbl[v & 63];
      }
    }
    if (rem === 1) {
      const v = u8[i];
      out[j++] = tbl[v >> 2]; out[j++] = tbl[(v & 3) << 4];
      if (!url) { out[j++] = 61; out[j++] = 61; }
    } else if (rem === 2) {
      const v = (u8[i] << 8) | u8[i + 1];
      out[j++] = tbl[v >> 10]; out[j++] = tbl[(v >> 4) & 63]; out[j++] = tbl[(v & 15) << 2];
      if (!url) out[j++] = 61;
    }
    return latin1Slice(out, 0, j);
  }
  const slicers = {
    utf8: utf8Slice, utf16le: ucs2Slice, latin1: latin1Slice, ascii: asciiSlice, hex: hexSlice,
    base64: (u8, s, e) => base64Slice(u8, s, e, false), base64url: (u8, s, e) => base64Slice(u8, s, e, true),
  };

  // ---- encoding: a string into buf at off, at most max bytes; returns the bytes written
  function utf8Write(buf, str, off, max) {
    if (max <= 0) return 0;
    const bytes = utf8Bytes(str.length > max ? str.slice(0, max) : str);
    let n = bytes.length;
    if (n > max) {
      n = max;
      while (n > 0 && (bytes[n] & 0xc0) === 0x80) n--;
    }
    if (n === bytes.length) buf.set(bytes, off);
    else buf.set(bytes.subarray(0, n), off);
    return n;
  }
  // The low byte of each UTF-16 unit of a string: natively through the UTF-8 encoder when the string is ASCII.
  function lowBytes(str, n) {
    if (n >= 32 && !SURROGATE.test(str)) {
      const u = encoder.encode(n === str.length ? str : str.slice(0, n));
      if (u.length === n) return u;
    }
    const u = new Uint8Array(n);
    for (let i = 0; i < n; i++) u[i] = str.charCodeAt(i);
    return u;
  }
  function latin1Write(buf, str, off, max) {
    const n = Math.min(str.length, max);
    if (n < 32) for (let i = 0; i < n; i++) buf[off + i] = str.charCodeAt(i);
    else buf.set(lowBytes(str, n), off);
    return n;
  }
  function ucs2Write(buf, str, off, max) {
    const n = Math.min(str.length, max >>> 1);
    for (let i = 0, j = off; i < n; i++, j += 2) {
      const c = str.charCodeAt(i);
      buf[j] = c; buf[j + 1] = c >>> 8;
    }
    return n * 2;
  }
  // As Node, only the low byte of each UTF-16 unit counts (here and in base64).
  function hexWrite(buf, str, off, max) {
    const n = Math.min(str.length >>> 1, max);
    const c = lowBytes(str, n * 2);
    let i = 0;
    for (; i < n; i++) {
      const hi = HEXV[c[2 * i]], lo = HEXV[c[2 * i + 1]];
      if ((hi | lo) === 255) break;
      buf[off + i] = (hi << 4) | lo;
    }
    return i;
  }
  // Lenient, as Node: both alphabets, characters outside them skipped, stops at the first '='.
  function base64Write(buf, str, off, max) {
    const n = str.length;
    const c = lowBytes(str, n);
    let i = 0, w = 0;
    // whole groups of four valid characters
    for (; i + 4 <= n && w + 3 <= max; i += 4, w += 3) {
      const a = B64V[c[i]], b = B64V[c[i + 1]], d = B64V[c[i + 2]], e = B64V[c[i + 3]];
      if ((a | b | d | e) === 255) break;
      const v = (a << 18) | (b << 12) | (d << 6) | e;
      buf[off + w] = v >> 16; buf[off + w + 1] = v >> 8; buf[off + w + 2] = v;
    }
    // the rest one character at a time
    let acc = 0, bits = 0;
    for (; i < n && w < max; i++) {
      const ch = c[i];
      if (ch === 61) break;
      const v = B64V[ch];
      if (v === 255) continue;
      acc = ((acc << 6) | v) & 0xfff;
      bits += 6;
      if (bits >= 8) { bits -= 8; buf[off + w++] = acc >> bits; }
    }
    return w;
  }
  const writers = {
    utf8: utf8Write, utf16le: ucs2Write, latin1: latin1Write, ascii: latin1Write, hex: hexWrite,
    base64: base64Write, base64url: base64Write,
  };

  // A new Buffer holding a string's bytes in a (canonical) encoding.
  function encodeString(str, enc) {
    if (enc === 'utf8') {
      const u8 = utf8Bytes(str);
      return new FastBuffer(u8.buffer, u8.byteOffset, u8.length);
    }
    const buf = new FastBuffer(byteLengthOf[enc](str));
    const n = writers[enc](buf, str, 0, buf.length);
    return n === buf.length ? buf : new FastBuffer(buf.buffer, 0, n);
  }

  // ---------------------------------------------------------------- Buffer
  // What Buffers really are (as in Node): Buffer is a plain function whose prototype is FastBuffer's.
  class FastBuffer extends Uint8Array {}

  function Buffer(arg, encodingOrOffset, length) {
    if (typeof arg === 'number') {
      if (typeof encodingOrOffset === 'string') throw argTypeError('string', 'of type string', arg);
      return Buffer.allocUnsafe(arg);
    }
    return Buffer.from(arg, encodingOrOffset, length);
  }
  Buffer.prototype = FastBuffer.prototype;
  Object.defineProperty(FastBuffer.prototype, 'constructor', { value: Buffer, writable: true, configurable: true });
  Object.setPrototypeOf(Buffer, Uint8Array);
  Object.defineProperty(Buffer, Symbol.species, { get() { return FastBuffer; }, configurable: true });

  function SlowBuffer(size) {
    validateNumber(size, 'size', 0, kMaxLength);
    return new FastBuffer(size);
  }
  Object.setPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
  Object.setPrototypeOf(SlowBuffer, Uint8Array);

  Buffer.poolSize = 8 * 1024;

  function fromArrayLike(obj) {
    if (!(obj.length > 0)) return new FastBuffer();
    if (isU8(obj)) {
      const b = new FastBuffer(obj.length);
      b.set(obj);
      return b;
    }
    return new FastBuffer(obj);
  }

  Buffer.from = function from(value, encodingOrOffset, length) {
    if (typeof value === 'string') {
      let enc = 'utf8';
      if (typeof encodingOrOffset === 'string' && encodingOrOffset.length !== 0) {
        enc = getEncoding(encodingOrOffset);
        if (enc === undefined) throw unknownEncoding(encodingOrOffset);
      }
      return value.length === 0 ? new FastBuffer() : encodeString(value, enc);
    }
    if (typeof value === 'object' && value !== null) {
      if (isAnyArrayBuffer(value)) {
        let off = encodingOrOffset === undefined ? 0 : +encodingOrOffset;
        if (off !== off) off = 0;
        const maxLength = value.byteLength - off;
        if (maxLength < 0) throw boundsErr('offset');
        let len;
        if (length === undefined) len = maxLength;
        else {
          len = +length;
          if (len > 0) { if (len > maxLength) throw boundsErr('length'); } else len = 0;
        }
        return new FastBuffer(value, off, len);
      }
      const prim = value.valueOf && value.valueOf();
      if (prim != null && prim !== value && (typeof prim === 'string' || typeof prim === 'object')) {
        return from(prim, encodingOrOffset, length);
      }
      if (value.length !== undefined || isAnyArrayBuffer(value.buffer)) {
        return typeof value.length !== 'number' ? new FastBuffer() : fromArrayLike(value);
      }
      if (value.type === 'Buffer' && Array.isArray(value.data)) return fromArrayLike(value.data);
      if (typeof value[Symbol.toPrimitive] === 'function') {
        const p = value[Symbol.toPrimitive]('string');
        if (typeof p === 'string') return from(p, encodingOrOffset);
      }
    }
    throw argTypeError('first argument',
      'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object', value);
  };

  Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
    if (!isTypedArray(view)) throw argTypeError('view', 'an instance of TypedArray', view);
    const len = view.length;
    if (len === 0) return new FastBuffer();
    if (offset !== undefined || length !== undefined) {
      if (offset !== undefined) {
        validateInteger(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
        if (offset >= len) return new FastBuffer();
      } else offset = 0;
      let end = len;
      if (length !== undefined) {
        validateInteger(length, 'length', 0, Number.MAX_SAFE_INTEGER);
        end = Math.min(offset + length, len);
      }
      const size = view.BYTES_PER_ELEMENT;
      const b = new FastBuffer((end - offset) * size);
      b.set(new Uint8Array(view.buffer, view.byteOffset + offset * size, (end - offset) * size));
      return b;
    }
    return fromArrayLike(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  };

  Buffer.of = function of(...items) {
    const b = new FastBuffer(items.length);
    for (let i = 0; i < items.length; i++) b[i] = items[i];
    return b;
  };

  Buffer.alloc = function alloc(size, fill, encoding) {
    validateNumber(size, 'size', 0, kMaxLength);
    const b = new FastBuffer(size);
    if (fill !== undefined && fill !== 0 && size > 0) return fillImpl(b, fill, 0, b.length, encoding);
    return b;
  };
  Buffer.allocUnsafe = function allocUnsafe(size) {
    validateNumber(size, 'size', 0, kMaxLength);
    return new FastBuffer(size);
  };
  Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
    validateNumber(size, 'size', 0, kMaxLength);
    return new FastBuffer(size);
  };

  Buffer.isBuffer = function isBuffer(b) { return b instanceof Buffer; };

  function compareBytes(a, as, ae, b, bs, be) {
    const n = Math.min(ae - as, be - bs);
    let i = 0;
    const ao = a.byteOffset + as, bo = b.byteOffset + bs;
    if (n >= 64 && (ao & 3) === 0 && (bo & 3) === 0) {
      // four bytes at a time up to the first differing word
      const words = n >>> 2;
      const wa = new Int32Array(a.buffer, ao, words), wb = new Int32Array(b.buffer, bo, words);
      while (i < words && wa[i] === wb[i]) i++;
      i <<= 2;
    }
    for (; i < n; i++) {
      const x = a[as + i], y = b[bs + i];
      if (x !== y) return x < y ? -1 : 1;
    }
    const la = ae - as, lb = be - bs;
    return la < lb ? -1 : la > lb ? 1 : 0;
  }

  Buffer.compare = function compare(buf1, buf2) {
    if (!isU8(buf1)) throw argTypeError('buf1', 'an instance of Buffer or Uint8Array', buf1);
    if (!isU8(buf2)) throw argTypeError('buf2', 'an instance of Buffer or Uint8Array', buf2);
    if (buf1 === buf2) return 0;
    return compareBytes(buf1, 0, buf1.length, buf2, 0, buf2.length);
  };

  Buffer.isEncoding = function isEncoding(encoding) {
    return typeof encoding === 'string' && encoding.length !== 0 && getEncoding(encoding) !== undefined;
  };

  Buffer.concat = function concat(list, length) {
    if (!Array.isArray(list)) throw argTypeError('list', 'an instance of Array', list);
    if (list.length === 0) return new FastBuffer();
    if (length === undefined) {
      length = 0;
      for (let i = 0; i < list.length; i++) if (list[i].length) length += list[i].length;
    } else validateOffset(length, 'length');
    const out = new FastBuffer(length);
    let pos = 0;
    for (let i = 0; i < list.length; i++) {
      const b = list[i];
      if (!isU8(b)) throw argTypeError(`list[${i}]`, 'an instance of Buffer or Uint8Array', b);
      const n = Math.min(b.length, length - pos);
      if (n <= 0) continue;
      out.set(n === b.length ? b : view(b, 0, n), pos);
      pos += n;
    }
    return out;
  };

  Buffer.byteLength = function byteLength(string, encoding) {
    if (typeof string !== 'string') {
      if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return string.byteLength;
      throw argTypeError('string', 'of type string or an instance of Buffer or ArrayBuffer', string);
    }
    if (string.length === 0) return 0;
    if (!encoding || encoding === 'utf8') return utf8Length(string);
    const enc = getEncoding(encoding);
    return enc === undefined ? utf8Length(string) : byteLengthOf[enc](string);
  };

  // ---------------------------------------------------------------- prototype
  const proto = Buffer.prototype;

  function toString(encoding, start, end) {
    const len = this.length;
    if (arguments.length === 0) return utf8Slice(this, 0, len);
    if (start <= 0) start = 0;
    else if (start >= len) return '';
    else start = Math.trunc(start) || 0;
    if (end === undefined || end > len) end = len;
    else end = Math.trunc(end) || 0;
    if (end <= start) return '';
    if (encoding === undefined) return utf8Slice(this, start, end);
    const enc = getEncoding(encoding);
    if (enc === undefined) throw unknownEncoding(encoding);
    return slicers[enc](this, start, end);
  }

  function adjustOffset(offset, length) {
    offset = Math.trunc(offset);
    if (offset === 0 || offset !== offset) return 0;
    if (offset < 0) { offset += length; return offset > 0 ? offset : 0; }
    return offset < length ? offset : length;
  }
  // slice and subarray alike: a Buffer sharing the memory
  function sliceOf(buf, start, end) {
    const len = buf.length;
    start = adjustOffset(start, len);
    end = end !== undefined ? adjustOffset(end, len) : len;
    return new FastBuffer(buf.buffer, buf.byteOffset + start, end > start ? end - start : 0);
  }

  function inspectBytes(b) {
    const max = INSPECT_MAX_BYTES;
    const n = Math.min(max, b.length);
    let str = '';
    for (let i = 0; i < n; i++) str += (i ? ' ' : '') + String.fromCharCode(HEXC[b[i] >> 4], HEXC[b[i] & 15]);
    const remaining = b.length - max;
    if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    return [(b.constructor && b.constructor.name) || 'Buffer', str];
  }
  function inspect(recurseTimes, ctx) {
    const [name, bytes] = inspectBytes(this);
    let str = bytes;
    // as Node: own non-index properties are shown only when called by util.inspect (with a context)
    const extras = ctx ? Object.keys(this).filter((k) => !/^(0|[1-9]\d*)$/.test(k)) : [];
    if (extras.length) {
      // primitives as util.inspect shows them; objects through util.inspect when there is one
      const fmt = (v) => {
        if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return show(v);
        try {
          const util = require('util');
          if (util && typeof util.inspect === 'function') return util.inspect(v, { breakLength: Infinity, depth: ctx.depth });
        } catch (_) { /* no util */ }
        return show(v);
      };
      str += (str ? ', ' : '') + extras.map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)}: ${fmt(this[k])}`).join(', ');
    }
    return `<${name} ${str}>`;
  }

  // Node's IndexOfOffset: where a search starts, or -1.
  function searchStart(len, off, nlen, forward) {
    if (off < 0) {
      if (off + len >= 0) return len + off;
      if (forward || nlen === 0) return 0;
      return -1;
    }
    if (off + nlen <= len) return off;
    if (nlen === 0) return len;
    return forward ? -1 : len - 1;
  }
  // Bytes of needle in hay, from start (forward) or at or before start (backward); step 2 = UTF-16 units.
  function searchBytes(hay, needle, start, forward, step) {
    const hlen = hay.length, nlen = needle.length;
    if (nlen > hlen) return -1;
    const last = hlen - nlen;
    const first = needle[0];
    if (forward) {
      for (let i = start; i <= last;) {
        i = hay.indexOf(first, i);
        if (i < 0 || i > last) return -1;
        if (step === 1 || (i & 1) === 0) {
          let j = 1;
          while (j < nlen && hay[i + j] === needle[j]) j++;
          if (j === nlen) return i;
        }
        i++;
      }
      return -1;
    }
    for (let i = Math.min(start, last); i >= 0;) {
      i = hay.lastIndexOf(first, i);
      if (i < 0) return -1;
      if (step === 1 || (i & 1) === 0) {
        let j = 1;
        while (j < nlen && hay[i + j] === needle[j]) j++;
        if (j === nlen) return i;
      }
      i--;
    }
    return -1;
  }
  function indexOfImpl(buf, val, byteOffset, encoding, forward) {
    if (typeof byteOffset === 'string') { encoding = byteOffset; byteOffset = undefined; } else if (byteOffset > 0x7fffffff) byteOffset = 0x7fffffff;
    else if (byteOffset < -0x80000000) byteOffset = -0x80000000;
    byteOffset = +byteOffset;
    if (byteOffset !== byteOffset) byteOffset = forward ? 0 : buf.length;
    byteOffset = Math.trunc(byteOffset);
    const len = buf.length;
    if (typeof val === 'number') {
      const start = searchStart(len, byteOffset, 1, forward);
      if (start <= -1 || len === 0) return -1;
      const b = (val >>> 0) & 255;
      return forward ? Uint8Array.prototype.indexOf.call(buf, b, start) : Uint8Array.prototype.lastIndexOf.call(buf, b, start);
    }
    let enc;
    if (encoding === undefined) enc = 'utf8';
    else enc = getEncoding(encoding);
    let needle;
    if (typeof val === 'string') {
      if (enc === undefined) throw unknownEncoding(encoding);
      needle = enc === 'utf8' ? utf8Bytes(val) : encodeString(val, enc);
    } else if (isU8(val)) {
      needle = val;
      if (enc === undefined) enc = 'utf8';
    } else {
      throw argTypeError('value', 'one of type number or string or an instance of Buffer or Uint8Array', val);
    }
    const ucs2 = enc === 'utf16le';
    // As Node: a string searched as UTF-16 sees only whole units of the haystack.
    const hlen = ucs2 && typeof val === 'string' ? len & ~1 : len;
    const nlen = needle.length;
    const start = searchStart(hlen, byteOffset, nlen, forward);
    if (nlen === 0) return start;
    if (hlen === 0 || start <= -1) return -1;
    if ((forward && nlen + start > hlen) || nlen > hlen) return -1;
    if (!ucs2) return searchBytes(view(buf, 0, len), isU8(needle) ? needle : view(needle, 0, nlen), start, forward, 1);
    if (hlen < 2 || nlen < 2) return -1;
    const found = searchBytes(view(buf, 0, hlen & ~1), view(needle, 0, nlen & ~1), start & ~1, forward, 2);
    // Node answers len - 1 rather than -1 for a buffer not found in an odd-length haystack.
    return found === -1 && (hlen & 1) ? hlen - 1 : found;
  }

  function fillImpl(buf, value, offset, end, encoding) {
    let enc;
    if (typeof value === 'string') {
      if (offset === undefined || typeof offset === 'string') { encoding = offset; offset = 0; end = buf.length; } else if (typeof end === 'string') { encoding = end; end = buf.length; }
      enc = normalizeEncoding(encoding);
      if (enc === undefined) {
        if (typeof encoding !== 'string') throw argTypeError('encoding', 'of type string', encoding);
        throw unknownEncoding(encoding);
      }
      if (value.length === 0) value = 0;
      else if (value.length === 1 && ((enc === 'utf8' && value.charCodeAt(0) < 128) || enc === 'latin1')) value = value.charCodeAt(0);
    }
    if (offset === undefined) { offset = 0; end = buf.length; } else {
      validateOffset(offset, 'offset');
      if (end === undefined) end = buf.length;
      else validateOffset(end, 'end', 0, buf.length);
      if (offset >= end) return buf;
    }
    if (typeof value === 'number') {
      Uint8Array.prototype.fill.call(buf, value, offset, end);
      return buf;
    }
    let pat;
    if (typeof value === 'string') pat = enc === 'utf8' ? utf8Bytes(value) : encodeString(value, enc);
    else if (ArrayBuffer.isView(value)) pat = new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
    else {
      Uint8Array.prototype.fill.call(buf, +value & 255, offset, end);
      return buf;
    }
    if (pat.length === 0) throw invalidValue('value', value);
    const len = end - offset;
    if (pat.length >= len) {
      buf.set(view(pat, 0, len), offset);
      return buf;
    }
    buf.set(pat, offset);
    let done = pat.length;
    while (done < len) {
      const n = Math.min(done, len - done);
      buf.copyWithin(offset + done, offset, offset + n);
      done += n;
    }
    return buf;
  }

  function toInteger(n, dflt) {
    n = +n;
    if (n === n && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER) return n % 1 === 0 ? n : Math.floor(n);
    return dflt;
  }
  function copyImpl(source, target, targetStart, sourceStart, sourceEnd) {
    if (!isU8(source)) throw argTypeError('source', 'an instance of Buffer or Uint8Array', source);
    if (!isU8(target)) throw argTypeError('target', 'an instance of Buffer or Uint8Array', target);
    if (targetStart === undefined) targetStart = 0;
    else {
      targetStart = Number.isInteger(targetStart) ? targetStart : toInteger(targetStart, 0);
      if (targetStart < 0) throw rangeError('targetStart', '>= 0', targetStart);
    }
    if (sourceStart === undefined) sourceStart = 0;
    else {
      sourceStart = Number.isInteger(sourceStart) ? sourceStart : toInteger(sourceStart, 0);
      if (sourceStart < 0 || sourceStart > source.byteLength) throw rangeError('sourceStart', `>= 0 && <= ${source.byteLength}`, sourceStart);
    }
    if (sourceEnd === undefined) sourceEnd = source.byteLength;
    else {
      sourceEnd = Number.isInteger(sourceEnd) ? sourceEnd : toInteger(sourceEnd, 0);
      if (sourceEnd < 0) throw rangeError('sourceEnd', '>= 0', sourceEnd);
    }
    if (targetStart >= target.byteLength || sourceStart >= sourceEnd) return 0;
    const n = Math.min(sourceEnd, source.length) - sourceStart;
    const nb = Math.min(n, target.length - targetStart);
    if (nb <= 0) return 0;
    target.set(view(source, sourceStart, sourceStart + nb), targetStart);
    return nb;
  }

  function writeImpl(buf, string, offset, length, encoding) {
    const len = buf.length;
    if (offset === undefined) {
      if (typeof string !== 'string') throw notString();
      return utf8Write(buf, string, 0, len);
    }
    if (length === undefined && typeof offset === 'string') { encoding = offset; length = len; offset = 0; } else {
      validateOffset(offset, 'offset', 0, len);
      const remaining = len - offset;
      if (length === undefined) length = remaining;
      else if (typeof length === 'string') { encoding = length; length = remaining; } else {
        validateOffset(length, 'length', 0, len);
        if (length > remaining) length = remaining;
      }
    }
    let enc = 'utf8';
    if (encoding) {
      enc = getEncoding(encoding);
      if (enc === undefined) throw unknownEncoding(encoding);
    }
    if (typeof string !== 'string') throw notString();
    return writers[enc](buf, string, offset, length);
  }

  function swap(buf, size) {
    const len = buf.length;
    if (len % size !== 0) throw nodeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', `Buffer size must be a multiple of ${size * 8}-bits`);
    for (let i = 0; i < len; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) { const t = buf[a]; buf[a] = buf[b]; buf[b] = t; }
    }
    return buf;
  }

  // ---- numbers
  function boundsError(value, length, type) {
    if (Math.floor(value) !== value) {
      validateNumber(value, type || 'offset');
      throw rangeError(type || 'offset', 'an integer', value);
    }
    if (length < 0) throw boundsErr();
    throw rangeError(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value);
  }
  // offset must be a number with bytes [offset, offset + n) inside buf.
  function check(buf, offset, n) {
    if (typeof offset !== 'number') throw argTypeError('offset', 'of type number', offset);
    if (buf[offset] === undefined || buf[offset + n - 1] === undefined) boundsError(offset, buf.length - n);
  }
  function checkInt(value, min, max, buf, offset, n) {
    if (value > max || value < min) {
      let range;
      if (n > 4) {
        range = min === 0 ? `>= 0 and < 2 ** ${n * 8}` : `>= -(2 ** ${n * 8 - 1}) and < 2 ** ${n * 8 - 1}`;
      } else range = `>= ${min} and <= ${max}`;
      throw rangeError('value', range, value);
    }
    check(buf, offset, n);
  }
  function readUnsigned(buf, offset, n, le) {
    let v = 0;
    if (le) for (let i = n - 1; i >= 0; i--) v = v * 256 + buf[offset + i];
    else for (let i = 0; i < n; i++) v = v * 256 + buf[offset + i];
    return v;
  }
  function writeBytes(buf, value, offset, n, le) {
    // value is within range; low 32 bits by shifts, the rest by division (as Node, for non-integers too)
    let lo = value, hi = Math.floor(value * 2 ** -32);
    for (let i = 0; i < n; i++) {
      const pos = le ? offset + i : offset + n - 1 - i;
      if (i < 4) { buf[pos] = lo; lo = lo >>> 8; } else { buf[pos] = hi; hi = hi >>> 8; }
    }
    return offset + n;
  }
  // The fixed-width integers, written out (a generic loop costs a third more per call in QuickJS).
  const num = (offset) => { if (typeof offset !== 'number') throw argTypeError('offset', 'of type number', offset); };
  const methods = {
    readUInt8(offset = 0) {
      num(offset);
      const a = this[offset];
      if (a === undefined) boundsError(offset, this.length - 1);
      return a;
    },
    readInt8(offset = 0) {
      num(offset);
      const a = this[offset];
      if (a === undefined) boundsError(offset, this.length - 1);
      return (a << 24) >> 24;
    },
    readUInt16LE(offset = 0) {
      num(offset);
      const a = this[offset], b = this[offset + 1];
      if (a === undefined || b === undefined) boundsError(offset, this.length - 2);
      return a | (b << 8);
    },
    readUInt16BE(offset = 0) {
      num(offset);
      const a = this[offset], b = this[offset + 1];
      if (a === undefined || b === undefined) boundsError(offset, this.length - 2);
      return (a << 8) | b;
    },
    readInt16LE(offset = 0) {
      num(offset);
      const a = this[offset], b = this[offset + 1];
      if (a === undefined || b === undefined) boundsError(offset, this.length - 2);
      return ((a | (b << 8)) << 16) >> 16;
    },
    readInt16BE(offset = 0) {
      num(offset);
      const a = this[offset], b = this[offset + 1];
      if (a === undefined || b === undefined) boundsError(offset, this.length - 2);
      return (((a << 8) | b) << 16) >> 16;
    },
    readUInt32LE(offset = 0) {
      num(offset);
      const a = this[offset], d = this[offset + 3];
      if (a === undefined || d === undefined) boundsError(offset, this.length - 4);
      return (a | (this[offset + 1] << 8) | (this[offset + 2] << 16)) + d * 0x1000000;
    },
    readUInt32BE(offset = 0) {
      num(offset);
      const a = this[offset], d = this[offset + 3];
      if (a === undefined || d === undefined) boundsError(offset, this.length - 4);
      return a * 0x1000000 + ((this[offset + 1] << 16) | (this[offset + 2] << 8) | d);
    },
    readInt32LE(offset = 0) {
      num(offset);
      const a = this[offset], d = this[offset + 3];
      if (a === undefined || d === undefined) boundsError(offset, this.length - 4);
      return a | (this[offset + 1] << 8) | (this[offset + 2] << 16) | (d << 24);
    },
    readInt32BE(offset = 0) {
      num(offset);
      const a = this[offset], d = this[offset + 3];
      if (a === undefined || d === undefined) boundsError(offset, this.length - 4);
      return (a << 24) | (this[offset + 1] << 16) | (this[offset + 2] << 8) | d;
    },
  };
  function write8(buf, value, offset, min, max) {
    value = +value;
    num(offset);
    if (value > max || value < min) throw rangeError('value', `>= ${min} and <= ${max}`, value);
    if (buf[offset] === undefined) boundsError(offset, buf.length - 1);
    buf[offset] = value;
    return offset + 1;
  }
  Object.assign(methods, {
    writeUInt8(value, offset = 0) { return write8(this, value, offset, 0, 0xff); },
    writeInt8(value, offset = 0) { return write8(this, value, offset, -0x80, 0x7f); },
    writeUInt16LE(value, offset = 0) {
      value = +value;
      checkInt(value, 0, 0xffff, this, offset, 2);
      this[offset] = value; this[offset + 1] = value >>> 8;
      return offset + 2;
    },
    writeUInt16BE(value, offset = 0) {
      value = +value;
      checkInt(value, 0, 0xffff, this, offset, 2);
      this[offset] = value >>> 8; this[offset + 1] = value;
      return offset + 2;
    },
    writeInt16LE(value, offset = 0) {
      value = +value;
      checkInt(value, -0x8000, 0x7fff, this, offset, 2);
      this[offset] = value; this[offset + 1] = value >>> 8;
      return offset + 2;
    },
    writeInt16BE(value, offset = 0) {
      value = +value;
      checkInt(value, -0x8000, 0x7fff, this, offset, 2);
      this[offset] = value >>> 8; this[offset + 1] = value;
      return offset + 2;
    },
    writeUInt32LE(value, offset = 0) {
      value = +value;
      checkInt(value, 0, 0xffffffff, this, offset, 4);
      this[offset] = value; this[offset + 1] = value >>> 8; this[offset + 2] = value >>> 16; this[offset + 3] = value >>> 24;
      return offset + 4;
    },
    writeUInt32BE(value, offset = 0) {
      value = +value;
      checkInt(value, 0, 0xffffffff, this, offset, 4);
      this[offset] = value >>> 24; this[offset + 1] = value >>> 16; this[offset + 2] = value >>> 8; this[offset + 3] = value;
      return offset + 4;
    },
    writeInt32LE(value, offset = 0) {
      value = +value;
      checkInt(value, -0x80000000, 0x7fffffff, this, offset, 4);
      this[offset] = value; this[offset + 1] = value >>> 8; this[offset + 2] = value >>> 16; this[offset + 3] = value >>> 24;
      return offset + 4;
    },
    writeInt32BE(value, offset = 0) {
      value = +value;
      checkInt(value, -0x80000000, 0x7fffffff, this, offset, 4);
      this[offset] = value >>> 24; this[offset + 1] = value >>> 16; this[offset + 2] = value >>> 8; this[offset + 3] = value;
      return offset + 4;
    },
  });
  const numName = (name, f) => Object.defineProperty(f, 'name', { value: name });
  for (const k of Object.keys(methods)) numName(k, methods[k]);
  for (const le of [true, false]) {
    const sfx = le ? 'LE' : 'BE';
    const varRead = (signed) => numName(`read${signed ? 'Int' : 'UInt'}${sfx}`, function (offset, byteLength) {
      if (offset === undefined) throw argTypeError('offset', 'of type number', offset);
      if (byteLength === 1 || byteLength === 2 || byteLength === 3 || byteLength === 4 || byteLength === 5 || byteLength === 6) {
        check(this, offset, byteLength);
        const v = readUnsigned(this, offset, byteLength, le);
        return signed && v >= 2 ** (byteLength * 8 - 1) ? v - 2 ** (byteLength * 8) : v;
      }
      boundsError(byteLength, 6, 'byteLength');
    });
    const varWrite = (signed) => numName(`write${signed ? 'Int' : 'UInt'}${sfx}`, function (value, offset, byteLength) {
      if (byteLength === 1 || byteLength === 2 || byteLength === 3 || byteLength === 4 || byteLength === 5 || byteLength === 6) {
        const bits = byteLength * 8;
        const min = signed ? -(2 ** (bits - 1)) : 0, max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
        if (byteLength === 1) return write8(this, value, offset, min, max);
        value = +value;
        checkInt(value, min, max, this, offset, byteLength);
        return writeBytes(this, value, offset, byteLength, le);
      }
      boundsError(byteLength, 6, 'byteLength');
    });
    methods[`readUInt${sfx}`] = varRead(false);
    methods[`readInt${sfx}`] = varRead(true);
    methods[`writeUInt${sfx}`] = varWrite(false);
    methods[`writeInt${sfx}`] = varWrite(true);
  }

  // floats through a shared scratch array
  const f32 = new Float32Array(1), f64 = new Float64Array(1);
  const f32b = new Uint8Array(f32.buffer), f64b = new Uint8Array(f64.buffer);
  for (const [name, arr, bytes, n] of [['Float', f32, f32b, 4], ['Double', f64, f64b, 8]]) {
    for (const le of [true, false]) {
      const sfx = le ? 'LE' : 'BE';
      const rev = le !== LE;
      methods[`read${name}${sfx}`] = numName(`read${name}${sfx}`, function (offset = 0) {
        check(this, offset, n);
        if (rev) for (let i = 0; i < n; i++) bytes[n - 1 - i] = this[offset + i];
        else for (let i = 0; i < n; i++) bytes[i] = this[offset + i];
        return arr[0];
      });
      methods[`write${name}${sfx}`] = numName(`write${name}${sfx}`, function (value, offset = 0) {
        value = +value;
        check(this, offset, n);
        arr[0] = value;
        if (rev) for (let i = 0; i < n; i++) this[offset + i] = bytes[n - 1 - i];
        else for (let i = 0; i < n; i++) this[offset + i] = bytes[i];
        return offset + n;
      });
    }
  }

  // 64-bit BigInts
  for (const le of [true, false]) {
    const sfx = le ? 'LE' : 'BE';
    const read = (signed) => numName(`readBig${signed ? 'Int' : 'UInt'}64${sfx}`, function (offset = 0) {
      check(this, offset, 8);
      const lo = readUnsigned(this, le ? offset : offset + 4, 4, le);
      const hi = readUnsigned(this, le ? offset + 4 : offset, 4, le);
      const h = signed && hi >= 2 ** 31 ? hi - 2 ** 32 : hi;
      return (BigInt(h) << 32n) + BigInt(lo);
    });
    const write = (signed) => numName(`writeBig${signed ? 'Int' : 'UInt'}64${sfx}`, function (value, offset = 0) {
      const min = signed ? -(2n ** 63n) : 0n, max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
      if (value > max || value < min) {
        throw rangeError('value', signed ? '>= -(2n ** 63n) and < 2n ** 63n' : '>= 0n and < 2n ** 64n', value);
      }
      check(this, offset, 8);
      if (typeof value !== 'bigint') throw new TypeError('Cannot mix BigInt and other types, use explicit conversions');
      const lo = Number(value & 0xffffffffn), hi = Number((value >> 32n) & 0xffffffffn);
      writeBytes(this, lo, le ? offset : offset + 4, 4, le);
      writeBytes(this, hi, le ? offset + 4 : offset, 4, le);
      return offset + 8;
    });
    methods[`readBigUInt64${sfx}`] = read(false);
    methods[`readBigInt64${sfx}`] = read(true);
    methods[`writeBigUInt64${sfx}`] = write(false);
    methods[`writeBigInt64${sfx}`] = write(true);
  }

  // Prototype methods in Node's order; the lower-case `Uint` aliases share the functions.
  const ORDER = [];
  for (const rw of ['read', 'write']) for (const s of ['UInt', 'Uint', 'Int']) ORDER.push(`${rw}Big${s}64LE`, `${rw}Big${s}64BE`);
  for (const rw of ['read', 'write']) {
    for (const s of ['UInt', 'Uint', 'Int']) ORDER.push(`${rw}${s}LE`, `${rw}${s}32LE`, `${rw}${s}16LE`, `${rw}${s}8`, `${rw}${s}BE`, `${rw}${s}32BE`, `${rw}${s}16BE`);
  }
  for (const rw of ['read', 'write']) ORDER.push(`${rw}FloatLE`, `${rw}FloatBE`, `${rw}DoubleLE`, `${rw}DoubleBE`);
  for (const name of ORDER) proto[name] = methods[name.replace('Uint', 'UInt')];

  // The encoding-specific slices and writes (undocumented, but used by libraries).
  for (const [name, enc] of [['ascii', 'ascii'], ['base64', 'base64'], ['base64url', 'base64url'], ['latin1', 'latin1'],
    ['hex', 'hex'], ['ucs2', 'utf16le'], ['utf8', 'utf8']]) {
    proto[`${name}Slice`] = numName(`${name}Slice`, function (start = 0, end = this.length) {
      start = Math.trunc(start) || 0;
      end = Math.trunc(end) || 0;
      if (end < start) end = start;
      if (start < 0 || end > this.length) throw nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'Index out of range');
      return slicers[enc](this, start, end);
    });
  }
  for (const [name, enc] of [['ascii', 'ascii'], ['base64', 'base64'], ['base64url', 'base64url'], ['latin1', 'latin1'],
    ['hex', 'hex'], ['ucs2', 'utf16le'], ['utf8', 'utf8']]) {
    proto[`${name}Write`] = numName(`${name}Write`, function (string, offset = 0, length = this.length - offset) {
      if (typeof string !== 'string') throw notString();
      offset = Math.trunc(offset) || 0;
      if (offset < 0 || offset > this.length) throw boundsErr('offset');
      length = Math.min(Math.trunc(length) || 0, this.length - offset);
      return writers[enc](this, string, offset, length < 0 ? 0 : length);
    });
  }

  Object.defineProperty(proto, 'parent', {
    enumerable: true, get() { return this instanceof Buffer ? this.buffer : undefined; },
  });
  Object.defineProperty(proto, 'offset', {
    enumerable: true, get() { return this instanceof Buffer ? this.byteOffset : undefined; },
  });

  Object.assign(proto, {
    copy(target, targetStart, sourceStart, sourceEnd) { return copyImpl(this, target, targetStart, sourceStart, sourceEnd); },
    toString,
    equals(otherBuffer) {
      if (!isU8(otherBuffer)) throw argTypeError('otherBuffer', 'an instance of Buffer or Uint8Array', otherBuffer);
      if (this === otherBuffer) return true;
      if (this.byteLength !== otherBuffer.byteLength) return false;
      return compareBytes(this, 0, this.length, otherBuffer, 0, otherBuffer.length) === 0;
    },
    inspect,
    compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
      if (!isU8(target)) throw argTypeError('target', 'an instance of Buffer or Uint8Array', target);
      if (arguments.length === 1) return compareBytes(this, 0, this.length, target, 0, target.length);
      if (targetStart === undefined) targetStart = 0; else validateOffset(targetStart, 'targetStart');
      if (targetEnd === undefined) targetEnd = target.length; else validateOffset(targetEnd, 'targetEnd', 0, target.length);
      if (sourceStart === undefined) sourceStart = 0; else validateOffset(sourceStart, 'sourceStart');
      if (sourceEnd === undefined) sourceEnd = this.length; else validateOffset(sourceEnd, 'sourceEnd', 0, this.length);
      if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
      if (targetStart >= targetEnd) return 1;
      return compareBytes(this, sourceStart, sourceEnd, target, targetStart, targetEnd);
    },
    indexOf(val, byteOffset, encoding) { return indexOfImpl(this, val, byteOffset, encoding, true); },
    lastIndexOf(val, byteOffset, encoding) { return indexOfImpl(this, val, byteOffset, encoding, false); },
    includes(val, byteOffset, encoding) { return indexOfImpl(this, val, byteOffset, encoding, true) !== -1; },
    fill(value, offset, end, encoding) { return fillImpl(this, value, offset, end, encoding); },
    write(string, offset, length, encoding) { return writeImpl(this, string, offset, length, encoding); },
    toJSON() {
      const data = new Array(this.length);
      for (let i = 0; i < this.length; i++) data[i] = this[i];
      return { type: 'Buffer', data };
    },
    subarray(start, end) { return sliceOf(this, start, end); },
    slice(start, end) { return sliceOf(this, start, end); },
    swap16() { return swap(this, 2); },
    swap32() { return swap(this, 4); },
    swap64() { return swap(this, 8); },
  });
  proto.toLocaleString = toString;
  proto[Symbol.for('nodejs.util.inspect.custom')] = inspect;
  Object.defineProperty(proto, Symbol.for('nodejs.util.inspect.custom'), { enumerable: false });

  // ---------------------------------------------------------------- atob / btoa / validation / transcode
  const DOMExceptionClass = typeof DOMException === 'function' ? DOMException : class DOMException extends Error {
    constructor(message = '', name = 'Error') {
      super(message);
      Object.defineProperty(this, 'name', { value: name, configurable: true, writable: true });
    }
    get code() { return { InvalidCharacterError: 5 }[this.name] || 0; }
  };
  const invalidChar = (msg = 'Invalid character') => new DOMExceptionClass(msg, 'InvalidCharacterError');

  function btoa(input) {
    if (arguments.length === 0) throw missingArgs('input');
    input = `${input}`;
    const n = input.length;
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = input.charCodeAt(i);
      if (c > 0xff) throw invalidChar();
      bytes[i] = c;
    }
    return base64Slice(bytes, 0, n, false);
  }
  function atob(input) {
    if (arguments.length === 0) throw missingArgs('input');
    input = `${input}`;
    let count = 0, equals = 0;
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20) continue;
      count++;
      if (c === 61) {
        equals++;
        if (equals > 2) throw invalidChar();
      } else if (c > 127 || B64V[c] === 255 || c === 45 || c === 95 || equals) throw invalidChar();
    }
    if ((count - equals) % 4 === 1) throw invalidChar('The string to be decoded is not correctly encoded.');
    if (equals && count % 4) throw invalidChar();
    const out = new Uint8Array(base64Length(input) + 3);
    return latin1Slice(out, 0, base64Write(out, input, 0, out.length));
  }

  function bytesOf(input) {
    if (isTypedArray(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (isAnyArrayBuffer(input)) return new Uint8Array(input);
    throw argTypeError('input', 'an instance of ArrayBuffer, Buffer, or TypedArray', input);
  }
  function isUtf8(input) {
    const u8 = bytesOf(input);
    try { fatalDecoder.decode(u8); return true; } catch (_) { return false; }
  }
  function isAscii(input) {
    const u8 = bytesOf(input);
    if (u8.length === 0) return true;
    if (u8[0] >= 0x80) return false;
    return ASCII_ONLY.test(decoder.decode(u8));
  }

  function transcodeError(code, errno) {
    const e = new Error(`Unable to transcode Buffer [${code}]`);
    e.code = code;
    e.errno = errno;
    return e;
  }
  // Characters a single-byte target cannot hold become '?', one per code point.
  const narrow = (str, max) => str.replace(max === 0x7f ? /[\ud800-\udbff][\udc00-\udfff]|[^\x00-\x7f]/g : /[\ud800-\udbff][\udc00-\udfff]|[^\x00-\xff]/g, '?');
  function transcode(source, fromEncoding, toEncoding) {
    if (!isU8(source)) throw argTypeError('source', 'an instance of Buffer or Uint8Array', source);
    if (source.length === 0) return new FastBuffer();
    const from = normalizeEncoding(fromEncoding) || `${fromEncoding}`.toLowerCase();
    const to = normalizeEncoding(toEncoding) || `${toEncoding}`.toLowerCase();
    const ok = { utf8: 1, utf16le: 1, latin1: 1, ascii: 1 };
    if (!ok[from] || !ok[to]) throw transcodeError('U_ILLEGAL_ARGUMENT_ERROR', 1);
    const bytes = view(source, 0, source.length);
    let str;
    if (from === 'utf8') {
      if (to === 'utf16le') {
        try { str = fatalDecoder.decode(bytes); } catch (_) { throw transcodeError('U_INVALID_CHAR_FOUND', 10); }
        if (dropsBOM && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) str = '\ufeff' + str;
      } else str = utf8Slice(bytes, 0, bytes.length);
    } else if (from === 'utf16le') {
      str = ucs2Slice(bytes, 0, bytes.length);
      const lone = SURROGATE.test(str) && str.replace(LONE, '\ufffd') !== str;
      if (to === 'utf8') {
        if (lone || bytes.length < 2) throw transcodeError('U_INVALID_CHAR_FOUND', 10);
      } else if (to === 'utf16le') {
        // ICU's UTF-16 to UTF-16: lone surrogates and a trailing odd byte become U+FFFD (a high surrogate
        // before that byte is part of the same truncated character)
        if ((bytes.length & 1) && !/[\ud800-\udbff]$/.test(str)) str += '\ufffd';
        if (lone || (bytes.length & 1)) str = str.replace(LONE, '\ufffd');
      }
    } else {
      str = latin1Slice(bytes, 0, bytes.length);
      // ASCII's high bytes are invalid (U+FFFD, then '?'), except when widened to UTF-16
      if (from === 'ascii' && to !== 'utf16le') str = str.replace(/[\x80-\xff]/g, '\ufffd');
    }
    if (to === 'latin1') str = narrow(str, 0xff);
    else if (to === 'ascii') str = narrow(str, 0x7f);
    return encodeString(str, to === 'ascii' ? 'latin1' : to);
  }

  // ---------------------------------------------------------------- Blob / File
  const isObjectLike = (v) => v !== null && (typeof v === 'object' || typeof v === 'function');
  function blobType(t) {
    t = `${t}`;
    return /^[\x20-\x7e]*$/.test(t) ? t.toLowerCase() : '';
  }
  const blobBytes = new WeakMap(); // Blob -> its bytes (immutable, so slices share them)
  function bytesOfBlob(b) {
    const bytes = blobBytes.get(b);
    if (bytes === undefined) throw nodeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type Blob');
    return bytes;
  }
  class Blob {
    #type = '';
    constructor(sources = [], options) {
      if (sources === null || typeof sources !== 'object' || typeof sources[Symbol.iterator] !== 'function') {
        throw argTypeError('sources', 'a sequence', sources);
      }
      if (options != null && !isObjectLike(options)) throw argTypeError('options', 'a dictionary', options);
      const { type = '', endings = 'transparent' } = options || {};
      if (endings !== 'transparent' && endings !== 'native') {
        throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.endings' is invalid. Received ${show(endings)}`);
      }
      const parts = [];
      let size = 0;
      for (const src of sources) {
        let u8;
        if (isAnyArrayBuffer(src)) u8 = new Uint8Array(src.slice(0));
        else if (ArrayBuffer.isView(src)) u8 = new Uint8Array(src.buffer, src.byteOffset, src.byteLength).slice();
        else if (blobBytes.has(src)) u8 = blobBytes.get(src);
        else {
          let str = `${src}`;
          if (endings === 'native') str = str.replace(/\r\n|\r/g, '\n');
          u8 = utf8Bytes(str);
        }
        parts.push(u8);
        size += u8.length;
      }
      const bytes = parts.length === 1 ? parts[0] : new Uint8Array(size);
      if (parts.length !== 1) for (let i = 0, pos = 0; i < parts.length; pos += parts[i].length, i++) bytes.set(parts[i], pos);
      blobBytes.set(this, bytes);
      this.#type = blobType(type);
    }
    get type() { bytesOfBlob(this); return this.#type; }
    get size() { return bytesOfBlob(this).length; }
    slice(start = 0, end, contentType = '') {
      const bytes = bytesOfBlob(this);
      const size = bytes.length;
      const at = (v, dflt) => {
        v = v === undefined ? dflt : Math.trunc(+v) || 0;
        return v < 0 ? Math.max(size + v, 0) : Math.min(v, size);
      };
      const s = at(start, 0), e = at(end, size);
      const b = new Blob([]);
      blobBytes.set(b, bytes.subarray(s, Math.max(s, e)));
      b.#type = blobType(contentType);
      return b;
    }
    arrayBuffer() {
      try { return Promise.resolve(bytesOfBlob(this).slice().buffer); } catch (e) { return Promise.reject(e); }
    }
    text() {
      try { return Promise.resolve(decoder.decode(bytesOfBlob(this))); } catch (e) { return Promise.reject(e); }
    }
    bytes() {
      try { return Promise.resolve(bytesOfBlob(this).slice()); } catch (e) { return Promise.reject(e); }
    }
    stream() {
      const bytes = bytesOfBlob(this);
      let RS = globalThis.ReadableStream;
      if (typeof RS !== 'function') {
        try { RS = require('stream/web').ReadableStream; } catch (_) { /* none */ }
      }
      if (typeof RS !== 'function') throw nodeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The stream() method is not implemented (no ReadableStream)');
      return new RS({
        pull(c) {
          if (bytes.length) c.enqueue(bytes.slice());
          c.close();
        },
      });
    }
    get [Symbol.toStringTag]() { return 'Blob'; }
    [Symbol.for('nodejs.util.inspect.custom')]() { return `Blob { size: ${this.size}, type: ${quote(this.type)} }`; }
  }
  for (const k of ['type', 'size', 'slice', 'arrayBuffer', 'text', 'stream']) {
    Object.defineProperty(Blob.prototype, k, { enumerable: true });
  }

  class File extends Blob {
    #name;
    #lastModified;
    constructor(fileBits, fileName, options) {
      if (arguments.length < 2) throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "fileBits" and "fileName" arguments must be specified');
      super(fileBits, options);
      this.#name = `${fileName}`;
      const lm = options != null ? options.lastModified : undefined;
      this.#lastModified = lm === undefined ? Date.now() : Math.trunc(+lm) || 0;
    }
    get name() { return this.#name; }
    get lastModified() { return this.#lastModified; }
    get [Symbol.toStringTag]() { return 'File'; }
    [Symbol.for('nodejs.util.inspect.custom')]() {
      return `File { size: ${this.size}, type: ${quote(this.type)}, name: ${quote(this.name)}, lastModified: ${this.lastModified} }`;
    }
  }
  for (const k of ['name', 'lastModified']) Object.defineProperty(File.prototype, k, { enumerable: true });

  // No URL.createObjectURL here, so no blob: URL resolves to a Blob.
  function resolveObjectURL(url) {
    url = `${url}`;
    return undefined;
  }

  const constants = {};
  Object.defineProperties(constants, {
    MAX_LENGTH: { value: kMaxLength, writable: false, enumerable: true },
    MAX_STRING_LENGTH: { value: kStringMaxLength, writable: false, enumerable: true },
  });

  module.exports = {
    Buffer, SlowBuffer, transcode, isUtf8, isAscii, kMaxLength, kStringMaxLength, btoa, atob, constants,
  };
  Object.defineProperty(module.exports, 'INSPECT_MAX_BYTES', {
    configurable: true, enumerable: true,
    get() { return INSPECT_MAX_BYTES; },
    set(v) { validateNumber(v, 'INSPECT_MAX_BYTES', 0); INSPECT_MAX_BYTES = v; },
  });
  Object.assign(module.exports, { Blob, resolveObjectURL, File });
})
