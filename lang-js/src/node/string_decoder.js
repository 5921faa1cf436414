// Node's `string_decoder` module: StringDecoder (write/end/text, lastChar/lastNeed/lastTotal) for every Buffer encoding, holding back split UTF-8 characters, UTF-16 units and surrogate pairs, and base64 groups as Node does.
(function (exports, require, module, native) {
  'use strict';

  const { Buffer } = require('buffer');

  const ENC = Object.assign(Object.create(null), {
    utf8: 'utf8', 'utf-8': 'utf8', ucs2: 'utf16le', 'ucs-2': 'utf16le', utf16le: 'utf16le', 'utf-16le': 'utf16le',
    latin1: 'latin1', binary: 'latin1', base64: 'base64', base64url: 'base64url', hex: 'hex', ascii: 'ascii',
  });
  function normalizeEncoding(enc) {
    if (enc == null || enc === '') return 'utf8';
    if (typeof enc !== 'string') return undefined;
    return ENC[enc] || ENC[enc.toLowerCase()];
  }
  function nodeError(Base, code, message) {
    const e = new Base(message);
    Object.defineProperty(e, 'code', { value: code, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(e, 'toString', {
      value() { return `${this.name} [${code}]: ${this.message}`; }, writable: true, configurable: true,
    });
    return e;
  }
  function describe(v) {
    if (v == null) return `${v}`;
    if (typeof v === 'function') return `function ${v.name}`;
    if (typeof v === 'object') return v.constructor && v.constructor.name ? `an instance of ${v.constructor.name}` : '[Object: null prototype] {}';
    if (typeof v === 'string') {
      if (v.length > 28) v = v.slice(0, 25) + '...';
      return `type string (${v.includes("'") ? JSON.stringify(v) : `'${v}'`})`;
    }
    let s = typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : String(v);
    if (s.length > 28) s = s.slice(0, 25) + '...';
    return `type ${typeof v} (${s})`;
  }

  // Decodes bytes [s, e) of a Uint8Array (Buffer's toString works on any Uint8Array).
  const toString = Buffer.prototype.toString;
  const decode = (u8, s, e, enc) => (e <= s ? '' : toString.call(u8, enc, s, e));

  class StringDecoder {
    #enc;
    #chars = Buffer.alloc(4); // the held-back bytes of an incomplete character
    #buffered = 0;
    #missing = 0;

    constructor(encoding) {
      const enc = normalizeEncoding(encoding);
      if (enc === undefined) throw nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
      this.#enc = enc;
      this.encoding = enc;
    }

    write(buf) {
      if (typeof buf === 'string') return buf;
      if (!ArrayBuffer.isView(buf)) {
        throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
          `The "buf" argument must be an instance of Buffer, TypedArray, or DataView. Received ${describe(buf)}`);
      }
      const data = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      const enc = this.#enc;
      if (enc === 'latin1' || enc === 'ascii' || enc === 'hex') return decode(data, 0, data.length, enc);
      const chars = this.#chars;
      let i = 0, n = data.length, prepend = '';
      if (this.#missing > 0) {
        if (enc === 'utf8') {
          // a byte that is not a continuation ends the incomplete character early
          for (let k = 0; k < n && k < this.#missing; k++) {
            if ((data[k] & 0xc0) !== 0x80) {
              this.#missing = 0;
              chars.set(data.subarray(0, k), this.#buffered);
              this.#buffered += k;
              i = k;
              break;
            }
          }
        }
        const take = Math.min(n - i, this.#missing);
        chars.set(data.subarray(i, i + take), this.#buffered);
        i += take;
        this.#missing -= take;
        this.#buffered += take;
        if (this.#missing > 0) return '';
        prepend = decode(chars, 0, this.#buffered, enc);
        this.#buffered = 0;
      }
      if (i >= n) return prepend;
      if (enc === 'utf8') {
        if (data[n - 1] & 0x80) {
          // find where the last character starts and whether it is complete
          for (let k = n - 1; ; k--) {
            this.#buffered++;
            if ((data[k] & 0xc0) === 0x80) {
              if (this.#buffered >= 4 || k === i) { this.#buffered = 0; break; }
            } else {
              const lead = data[k];
              let need;
              if ((lead & 0xe0) === 0xc0) need = 2;
              else if ((lead & 0xf0) === 0xe0) need = 3;
              else if ((lead & 0xf8) === 0xf0) need = 4;
              else { this.#buffered = 0; break; }
              if (this.#buffered >= need) { this.#buffered = 0; need = 0; }
              this.#missing = need - this.#buffered;
              if (this.#missing < 0) this.#missing = 0;
              break;
            }
          }
        }
      } else if (enc === 'utf16le') {
        if ((n - i) % 2 === 1) { this.#buffered = 1; this.#missing = 1; } else if ((data[n - 1] & 0xfc) === 0xd8) { this.#buffered = 2; this.#missing = 2; }
      } else {
        this.#buffered = (n - i) % 3;
        if (this.#buffered > 0) this.#missing = 3 - this.#buffered;
      }
      if (this.#buffered > 0) {
        n -= this.#buffered;
        chars.set(data.subarray(n, n + this.#buffered), 0);
      }
      return prepend + decode(data, i, n, enc);
    }

    end(buf) {
      let ret = '';
      if (buf !== undefined) ret = this.write(buf);
      if (this.#buffered > 0) {
        if (this.#enc === 'utf16le' && this.#buffered % 2 === 1) { this.#buffered--; this.#missing--; }
        ret += decode(this.#chars, 0, this.#buffered, this.#enc);
      }
      this.#buffered = 0;
      this.#missing = 0;
      return ret;
    }

    text(buf, offset) {
      this.#buffered = 0;
      this.#missing = 0;
      return this.write(buf.slice(offset));
    }

    get lastChar() { return this.#chars; }
    get lastNeed() { return this.#missing; }
    get lastTotal() { return this.#buffered + this.#missing; }
  }

  // as Node: the methods and accessors are enumerable
  for (const k of ['write', 'end', 'text', 'lastChar', 'lastNeed', 'lastTotal']) {
    Object.defineProperty(StringDecoder.prototype, k, { enumerable: true });
  }

  module.exports = { StringDecoder };
})
