// The driver's value types functions import from 'mongodb' (Long, Decimal128, Binary, UUID,
// Timestamp, Int32, Double, MinKey, MaxKey), with the Node driver's `bson` API and its
// `_bsontype` marks, by which the host stores them as the BSON types they stand for.
(function (exports, require, module) {
  'use strict';
  const { Buffer } = require('buffer');
  const TWO32 = 4294967296n;
  const tag = (C, name) => Object.defineProperty(C.prototype, '_bsontype', { value: name });

  class Long {
    constructor(low = 0, high = 0, unsigned = false) {
      if (typeof low === 'bigint') { const l = Long.fromBigInt(low, high === true); low = l.low; high = l.high; unsigned = l.unsigned; }
      else if (typeof low === 'string') { const l = Long.fromString(low, high === true); low = l.low; high = l.high; unsigned = l.unsigned; }
      this.low = low | 0;
      this.high = high | 0;
      this.unsigned = !!unsigned;
    }
    static fromBigInt(v, unsigned = false) {
      const n = BigInt.asUintN(64, BigInt(v));
      return new Long(Number(n & 0xffffffffn) | 0, Number(n >> 32n) | 0, unsigned);
    }
    static fromNumber(v, unsigned = false) { return Long.fromBigInt(BigInt(Math.trunc(Number.isFinite(v) ? v : 0)), unsigned); }
    static fromInt(v, unsigned = false) { return Long.fromNumber(v | 0, unsigned); }
    static fromString(s, unsigned = false, radix = 10) {
      const text = String(s).trim();
      const neg = text.startsWith('-');
      const digits = neg ? text.slice(1) : text;
      let n = 0n;
      for (const ch of digits.toLowerCase()) {
        const d = parseInt(ch, radix);
        if (Number.isNaN(d)) throw new Error(`invalid Long string ${s}`);
        n = n * BigInt(radix) + BigInt(d);
      }
      return Long.fromBigInt(neg ? -n : n, typeof unsigned === 'boolean' ? unsigned : false);
    }
    static fromBits(low, high, unsigned) { return new Long(low, high, unsigned); }
    static isLong(v) { return v instanceof Long; }
    toBigInt() {
      const n = (BigInt(this.high >>> 0) * TWO32) + BigInt(this.low >>> 0);
      return this.unsigned ? n : BigInt.asIntN(64, n);
    }
    toNumber() { return Number(this.toBigInt()); }
    toString(radix = 10) { return this.toBigInt().toString(radix); }
    toJSON() { return this.toString(); }
    valueOf() { return this.toNumber(); }
    equals(other) { return Long.fromValue(other).toBigInt() === this.toBigInt(); }
    compare(other) { const a = this.toBigInt(), b = Long.fromValue(other).toBigInt(); return a < b ? -1 : a > b ? 1 : 0; }
    isZero() { return this.low === 0 && this.high === 0; }
    isNegative() { return !this.unsigned && this.high < 0; }
    add(o) { return Long.fromBigInt(this.toBigInt() + Long.fromValue(o).toBigInt(), this.unsigned); }
    subtract(o) { return Long.fromBigInt(this.toBigInt() - Long.fromValue(o).toBigInt(), this.unsigned); }
    multiply(o) { return Long.fromBigInt(this.toBigInt() * Long.fromValue(o).toBigInt(), this.unsigned); }
    static fromValue(v) { return v instanceof Long ? v : typeof v === 'bigint' ? Long.fromBigInt(v) : typeof v === 'string' ? Long.fromString(v) : Long.fromNumber(Number(v)); }
  }
  Long.ZERO = new Long(0, 0);
  Long.ONE = new Long(1, 0);
  Long.MAX_VALUE = new Long(-1, 0x7fffffff);
  Long.MIN_VALUE = new Long(0, -0x80000000);
  tag(Long, 'Long');

  class Decimal128 {
    #text;
    constructor(value) {
      const text = typeof value === 'string' ? value.trim() : String(value);
      if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$|^[-+]?(Infinity|Inf|NaN)$/i.test(text)) {
        throw Object.assign(new Error(`${text} not a valid Decimal128 string`), { name: 'BSONError' });
      }
      this.#text = text;
    }
    static fromString(s) { return new Decimal128(s); }
    toString() { return this.#text; }
    toJSON() { return { $numberDecimal: this.#text }; }
  }
  tag(Decimal128, 'Decimal128');

  class Binary {
    constructor(buffer, subType = 0) {
      this.sub_type = subType;
      this.buffer = buffer == null ? Buffer.alloc(0) : typeof buffer === 'string' ? Buffer.from(buffer, 'binary') : Buffer.from(buffer);
      this.position = this.buffer.length;
    }
    length() { return this.buffer.length; }
    value() { return this.buffer; }
    read(position, length) { return this.buffer.subarray(position, position + length); }
    toString(encoding = 'utf8') { return this.buffer.toString(encoding); }
    toJSON() { return this.buffer.toString('base64'); }
    static createFromBase64(s, subType) { return new Binary(Buffer.from(s, 'base64'), subType); }
    static createFromHexString(s, subType) { return new Binary(Buffer.from(s, 'hex'), subType); }
  }
  Object.assign(Binary, { SUBTYPE_DEFAULT: 0, SUBTYPE_FUNCTION: 1, SUBTYPE_BYTE_ARRAY: 2, SUBTYPE_UUID_OLD: 3, SUBTYPE_UUID: 4, SUBTYPE_MD5: 5, SUBTYPE_ENCRYPTED: 6, SUBTYPE_COLUMN: 7, SUBTYPE_USER_DEFINED: 128 });
  tag(Binary, 'Binary');

  const HEX = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
  class UUID extends Binary {
    constructor(input) {
      let bytes;
      if (input === undefined) {
        bytes = Buffer.from(require('crypto').randomUUID().replace(/-/g, ''), 'hex');
      } else if (typeof input === 'string') {
        if (!HEX.test(input)) throw Object.assign(new Error('UUID string representation must be 32 hex digits or canonical hyphenated representation'), { name: 'BSONError' });
        bytes = Buffer.from(input.replace(/-/g, ''), 'hex');
      } else {
        bytes = Buffer.from(input instanceof Binary ? input.buffer : input);
      }
      super(bytes, 4);
    }
    toHexString(dashes = true) {
      const h = this.buffer.toString('hex');
      return dashes ? `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` : h;
    }
    toString(encoding) { return encoding ? this.buffer.toString(encoding) : this.toHexString(); }
    toJSON() { return this.toHexString(); }
    equals(other) { return other != null && this.toHexString() === new UUID(other instanceof Binary ? other.buffer : other).toHexString(); }
    toBinary() { return new Binary(this.buffer, 4); }
    static generate() { return new UUID(); }
    static isValid(v) { try { new UUID(v); return true; } catch { return false; } }
  }
  Object.defineProperty(UUID.prototype, '_bsontype', { value: 'Binary' });

  class Timestamp {
    constructor(low, high) {
      if (low && typeof low === 'object' && 't' in low) { this.t = low.t >>> 0; this.i = low.i >>> 0; }
      else if (low instanceof Long) { this.t = low.high >>> 0; this.i = low.low >>> 0; }
      else { this.i = (low ?? 0) >>> 0; this.t = (high ?? 0) >>> 0; }
    }
    get high() { return this.t; }
    get low() { return this.i; }
    toJSON() { return { $timestamp: { t: this.t, i: this.i } }; }
    toString() { return `Timestamp(${this.t}, ${this.i})`; }
  }
  tag(Timestamp, 'Timestamp');

  class Int32 { constructor(v) { this.value = Number(v) | 0; } valueOf() { return this.value; } toJSON() { return this.value; } }
  tag(Int32, 'Int32');
  class Double { constructor(v) { this.value = Number(v); } valueOf() { return this.value; } toJSON() { return this.value; } }
  tag(Double, 'Double');
  class MinKey {}
  tag(MinKey, 'MinKey');
  class MaxKey {}
  tag(MaxKey, 'MaxKey');

  module.exports = { Long, Decimal128, Binary, UUID, Timestamp, Int32, Double, MinKey, MaxKey };
})
