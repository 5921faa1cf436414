// Node's `crypto` on RustCrypto natives: hashes, HMAC, random values, PBKDF2, scrypt, AES (CBC, CTR,
// ECB, GCM), key objects, RSA (PKCS#1 v1.5 / PSS signatures, OAEP / PKCS#1 encryption) and ECDSA P-256
// signatures, key generation, and the Web Crypto subset (getRandomValues, randomUUID, subtle.digest,
// HMAC keys). Not yet: encrypted PEM keys, X.509 certificates, JWK, other curves, DH/ECDH, HKDF.
(function (exports, require, module, native) {
  'use strict';
  const { Buffer } = require('buffer');
  const { Transform } = require('stream');

  // Node's LazyTransform: hashes, HMACs and ciphers are streams, but most code only calls update()
  // and digest(); the stream's state (tens of microseconds to build here) is made on first use.
  const STREAM_FIELDS = ['_readableState', '_writableState', 'allowHalfOpen', '_events', '_eventsCount', '_maxListeners'];
  const kOptions = Symbol('options');
  const kBuilding = Symbol('building');
  function LazyTransform(options) { this[kOptions] = options; }
  Object.setPrototypeOf(LazyTransform.prototype, Transform.prototype);
  Object.setPrototypeOf(LazyTransform, Transform);
  for (const name of STREAM_FIELDS) {
    Object.defineProperty(LazyTransform.prototype, name, {
      configurable: true,
      enumerable: true,
      get() {
        if (this[kBuilding]) return undefined;
        this[kBuilding] = true;
        Transform.call(this, this[kOptions]);
        return this[name];
      },
      set(value) {
        Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
      },
    });
  }

  const typeError = (code, message) => Object.assign(new TypeError(message), { code });
  const notYet = (what) => function () {
    const e = new Error(`crypto.${what} is not available in lang-js yet`);
    e.code = 'ERR_NOT_AVAILABLE';
    throw e;
  };
  // Strings (in `encoding`), Buffers, typed arrays, DataViews and ArrayBuffers, as bytes.
  function bytes(data, encoding, name = 'data') {
    if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
    if (data instanceof Uint8Array) return data;
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer)) return new Uint8Array(data);
    if (data instanceof KeyObject && data.type === 'secret') return data[KEY].bytes;
    throw typeError('ERR_INVALID_ARG_TYPE', `The "${name}" argument must be of type string or an instance of Buffer, TypedArray, or DataView.${received(data)}`);
  }
  function received(v) {
    if (v == null) return ` Received ${v}`;
    if (typeof v === 'function') return ` Received function ${v.name}`;
    if (typeof v === 'object') return v.constructor && v.constructor.name ? ` Received an instance of ${v.constructor.name}` : ` Received ${typeof v}`;
    let s = String(v);
    if (s.length > 28) s = s.slice(0, 25) + '...';
    return ` Received type ${typeof v} (${typeof v === 'string' ? `'${s}'` : s})`;
  }
  // What update() keeps: a well-formed UTF-8 string as is (the native side encodes it; no Buffer
  // per call), other input as bytes, copied because a caller's buffer may change before digest().
  const chunk = (data, encoding) => {
    if (typeof data === 'string' && (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8') && data.isWellFormed?.() === true) return data;
    return typeof data === 'string' ? bytes(data, encoding) : Uint8Array.from(bytes(data, encoding));
  };
  // The native side answers text for hex/base64/base64url/latin1, bytes otherwise.
  const answer = (r, encoding) => (typeof r === 'string' ? r : out(r, encoding));
  const out = (u8, encoding) => {
    const b = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
    return encoding && encoding !== 'buffer' ? b.toString(encoding) : b;
  };
  const HASHES = native.hashes;
  // Node's aliases: 'SHA256', 'RSA-SHA256', 'sha-256'.
  function hashName(alg) {
    let a = String(alg).toLowerCase();
    if (a.startsWith('rsa-')) a = a.slice(4);
    if (/^sha-\d/.test(a)) a = a.replace('sha-', 'sha');
    if (a === 'sha512/224') a = 'sha512-224';
    if (a === 'sha512/256') a = 'sha512-256';
    return a;
  }

  class Hash extends LazyTransform {
    constructor(algorithm, _options, chunks) {
      super();
      const alg = hashName(algorithm);
      if (!HASHES.includes(alg)) throw new Error('Digest method not supported');
      this._alg = alg;
      this._chunks = chunks ? chunks.slice() : [];
      this._done = false;
    }
    update(data, encoding) {
      if (this._done) throw Object.assign(new Error('Digest already called'), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
      this._chunks.push(chunk(data, encoding));
      return this;
    }
    digest(encoding) {
      if (this._done) throw Object.assign(new Error('Digest already called'), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
      this._done = true;
      return answer(native.digest(this._alg, this._chunks, encoding), encoding);
    }
    copy() {
      if (this._done) throw Object.assign(new Error('Digest already called'), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
      return new Hash(this._alg, undefined, this._chunks);
    }
    _transform(chunk, encoding, cb) { this.update(chunk, encoding); cb(); }
    _flush(cb) { this.push(this.digest()); cb(); }
  }

  class Hmac extends LazyTransform {
    constructor(algorithm, key, _options) {
      super();
      const alg = hashName(algorithm);
      if (!HASHES.includes(alg)) throw new Error(`Invalid digest: ${algorithm}`);
      this._alg = alg;
      this._key = Uint8Array.from(bytes(key, undefined, 'key'));
      this._chunks = [];
      this._done = false;
    }
    update(data, encoding) {
      if (this._done) throw Object.assign(new Error('Digest already called'), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
      this._chunks.push(chunk(data, encoding));
      return this;
    }
    digest(encoding) {
      // Node answers an empty digest for a second call on an Hmac.
      if (this._done) return out(new Uint8Array(0), encoding);
      this._done = true;
      return answer(native.hmac(this._alg, this._key, this._chunks, encoding), encoding);
    }
    _transform(chunk, encoding, cb) { this.update(chunk, encoding); cb(); }
    _flush(cb) { this.push(this.digest()); cb(); }
  }

  const CIPHERS = native.ciphers;
  class Cipheriv extends LazyTransform {
    constructor(decrypt, algorithm, key, iv, options) {
      super();
      const alg = String(algorithm).toLowerCase();
      if (!CIPHERS.includes(alg)) throw new Error('Invalid cipher type');
      this._alg = alg;
      this._decrypt = decrypt;
      this._key = Uint8Array.from(bytes(key, undefined, 'key'));
      this._iv = iv == null ? new Uint8Array(0) : Uint8Array.from(bytes(iv, undefined, 'iv'));
      this._gcm = alg.endsWith('-gcm');
      this._authTagLength = (options && options.authTagLength) || 16;
      this._chunks = [];
      this._padding = true;
      this._aad = new Uint8Array(0);
      this._tag = null;
      this._done = false;
      // Checked now, as Node does, rather than at final().
      native.cipher(alg, [this._key, this._iv, new Uint8Array(0)], [false, !this._gcm && !alg.endsWith('-ctr')]);
    }
    update(data, inputEncoding, outputEncoding) {
      if (this._done) throw Object.assign(new Error('Unsupported state'), { code: 'ERR_CRYPTO_INVALID_STATE' });
      this._chunks.push(Uint8Array.from(bytes(data, inputEncoding)));
      // The whole text is processed at final(): update answers nothing, and the concatenation of
      // every answer is the same as Node's.
      return out(new Uint8Array(0), outputEncoding);
    }
    final(outputEncoding) {
      if (this._done) throw Object.assign(new Error('Unsupported state'), { code: 'ERR_CRYPTO_INVALID_STATE' });
      this._done = true;
      const data = Buffer.concat(this._chunks);
      const parts = [this._key, this._iv, data, this._aad, this._tag || new Uint8Array(0)];
      let result = native.cipher(this._alg, parts, [this._decrypt, this._padding]);
      if (this._gcm && !this._decrypt) {
        this._tag = Buffer.from(result.subarray(result.length - 16, result.length - 16 + this._authTagLength));
        result = result.subarray(0, result.length - 16);
      }
      return out(result, outputEncoding);
    }
    setAutoPadding(on = true) { this._padding = !!on; return this; }
    setAAD(aad) { this._aad = Uint8Array.from(bytes(aad, undefined, 'buffer')); return this; }
    getAuthTag() {
      if (!this._gcm || this._decrypt || !this._tag) throw new Error('Invalid state for operation getAuthTag');
      return this._tag;
    }
    setAuthTag(tag) {
      if (!this._gcm || !this._decrypt) throw new Error('Invalid state for operation setAuthTag');
      this._tag = Uint8Array.from(bytes(tag, undefined, 'buffer'));
      return this;
    }
    _transform(chunk, encoding, cb) { this.update(chunk, encoding); cb(); }
    _flush(cb) { try { this.push(this.final()); cb(); } catch (e) { cb(e); } }
  }

  function randomBytes(size, cb) {
    if (typeof size !== 'number' || !(size >= 0) || size > 2 ** 31 - 1) {
      throw typeError('ERR_INVALID_ARG_TYPE', `The "size" argument must be of type number.${received(size)}`);
    }
    const b = Buffer.from(native.random(size).buffer);
    if (typeof cb === 'function') { queueMicrotask(() => cb(null, b)); return; }
    return b;
  }
  function randomFillSync(target, offset = 0, size) {
    const view = bytes(target, undefined, 'buf');
    const n = size === undefined ? view.length - offset : size;
    view.set(native.random(n), offset);
    return target;
  }
  function randomFill(target, offset, size, cb) {
    if (typeof offset === 'function') { cb = offset; offset = 0; size = undefined; }
    else if (typeof size === 'function') { cb = size; size = undefined; }
    randomFillSync(target, offset, size);
    queueMicrotask(() => cb(null, target));
  }
  function randomInt(min, max, cb) {
    if (max === undefined || typeof max === 'function') { cb = max; max = min; min = 0; }
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min) {
      throw Object.assign(new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`), { code: 'ERR_OUT_OF_RANGE' });
    }
    const range = max - min;
    // Rejection sampling over 48 bits, so every value is equally likely.
    const limit = 2 ** 48 - (2 ** 48 % range);
    let x;
    do {
      const r = native.random(6);
      x = r[0] * 2 ** 40 + r[1] * 2 ** 32 + r[2] * 2 ** 24 + r[3] * 2 ** 16 + r[4] * 2 ** 8 + r[5];
    } while (x >= limit);
    const value = min + (x % range);
    if (typeof cb === 'function') { queueMicrotask(() => cb(null, value)); return; }
    return value;
  }
  function randomUUID() {
    const r = native.random(16);
    r[6] = (r[6] & 0x0f) | 0x40;
    r[8] = (r[8] & 0x3f) | 0x80;
    const h = Buffer.from(r.buffer).toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  function getRandomValues(array) {
    if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
      throw Object.assign(new TypeError('The data argument must be an integer-type TypedArray'), { code: 17, name: 'TypeMismatchError' });
    }
    if (array.byteLength > 65536) {
      throw Object.assign(new Error(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`), { name: 'QuotaExceededError', code: 22 });
    }
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(native.random(array.byteLength));
    return array;
  }
  function timingSafeEqual(a, b) {
    const x = bytes(a, undefined, 'buf1'), y = bytes(b, undefined, 'buf2');
    if (x.length !== y.length) throw Object.assign(new RangeError('Input buffers must have the same byte length'), { code: 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH' });
    let diff = 0;
    for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
    return diff === 0;
  }
  function pbkdf2Sync(password, salt, iterations, keylen, digest) {
    const alg = hashName(digest);
    if (!HASHES.includes(alg)) throw typeError('ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${digest}`);
    return Buffer.from(native.pbkdf2(alg, Uint8Array.from(bytes(password, undefined, 'password')), Uint8Array.from(bytes(salt, undefined, 'salt')), iterations, keylen).buffer);
  }
  function pbkdf2(password, salt, iterations, keylen, digest, cb) {
    const key = pbkdf2Sync(password, salt, iterations, keylen, digest);
    queueMicrotask(() => cb(null, key));
  }
  function scryptSync(password, salt, keylen, options = {}) {
    const N = options.N ?? options.cost ?? 16384, r = options.r ?? options.blockSize ?? 8, p = options.p ?? options.parallelization ?? 1;
    return Buffer.from(native.scrypt(Uint8Array.from(bytes(password, undefined, 'password')), Uint8Array.from(bytes(salt, undefined, 'salt')), keylen, [N, r, p]).buffer);
  }
  function scrypt(password, salt, keylen, options, cb) {
    if (typeof options === 'function') { cb = options; options = {}; }
    let key;
    try { key = scryptSync(password, salt, keylen, options); } catch (e) { queueMicrotask(() => cb(e)); return; }
    queueMicrotask(() => cb(null, key));
  }
  // crypto.hash (Node 20.12+): a one-shot digest, hex by default.
  const hash = (algorithm, data, encoding = 'hex') => new Hash(algorithm).update(data).digest(encoding);


  // ---- Key objects: private keys held as PKCS#8 DER, public keys as SPKI DER (see keys.rs).
  const KEY = Symbol('key');
  class KeyObject {
    constructor(type, data) {
      this[KEY] = data;
      Object.defineProperty(this, 'type', { value: type, enumerable: true });
    }
    get asymmetricKeyType() { return this.type === 'secret' ? undefined : this[KEY].alg; }
    get asymmetricKeyDetails() {
      const k = this[KEY];
      if (this.type === 'secret') return undefined;
      return k.alg === 'rsa' ? { modulusLength: k.bits, publicExponent: BigInt(k.exp) } : { namedCurve: 'prime256v1' };
    }
    get symmetricKeySize() { return this.type === 'secret' ? this[KEY].bytes.length : undefined; }
    export(options = {}) {
      const k = this[KEY];
      if (this.type === 'secret') {
        return options.format === 'jwk' ? { kty: 'oct', k: Buffer.from(k.bytes).toString('base64url') } : Buffer.from(k.bytes);
      }
      const format = options.format || 'pem';
      if (format === 'jwk') throw new Error('JWK export is not available in lang-js yet');
      if (options.cipher || options.passphrase) throw new Error('encrypted key export is not available in lang-js yet');
      const type = options.type || (this.type === 'private' ? 'pkcs8' : 'spki');
      const r = native.keyExport(k.alg, this.type === 'private', k.der, type, format === 'pem');
      return typeof r === 'string' ? r : Buffer.from(r.buffer, r.byteOffset, r.byteLength);
    }
    equals(other) {
      if (!(other instanceof KeyObject) || other.type !== this.type) return false;
      const a = this.type === 'secret' ? this[KEY].bytes : this[KEY].der;
      const b = other.type === 'secret' ? other[KEY].bytes : other[KEY].der;
      return a.length === b.length && timingSafeEqual(a, b);
    }
    static from(key) { return key; }
  }
  const parsedKey = (r) => ({ alg: r[1], der: r[2], bits: r[3], exp: r[4] });
  // A key argument as Node takes it: a KeyObject, PEM/DER text or bytes, or { key, format, ... }.
  function keyInput(key) {
    if (key && typeof key === 'object' && !(key instanceof KeyObject) && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer) && 'key' in key) return key;
    return { key };
  }
  function createPrivateKey(key) {
    const o = keyInput(key);
    if (o.key instanceof KeyObject) {
      if (o.key.type !== 'private') throw typeError('ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${o.key.type}, expected private.`);
      return o.key;
    }
    if (o.format === 'jwk') throw new Error('JWK keys are not available in lang-js yet');
    const r = native.keyParse(Uint8Array.from(bytes(o.key, o.encoding, 'key')), true);
    return new KeyObject('private', parsedKey(r));
  }
  function createPublicKey(key) {
    const o = keyInput(key);
    if (o.key instanceof KeyObject) {
      if (o.key.type === 'private') {
        const k = o.key[KEY];
        return new KeyObject('public', { ...k, der: native.keyPublic(k.alg, k.der) });
      }
      if (o.key.type === 'public') return o.key;
      throw typeError('ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', 'Invalid key object type secret, expected private or public.');
    }
    if (o.format === 'jwk') throw new Error('JWK keys are not available in lang-js yet');
    const r = native.keyParse(Uint8Array.from(bytes(o.key, o.encoding, 'key')), false);
    const k = parsedKey(r);
    return new KeyObject('public', r[0] ? { ...k, der: native.keyPublic(k.alg, k.der) } : k);
  }
  function createSecretKey(key, encoding) {
    return new KeyObject('secret', { bytes: Uint8Array.from(bytes(key, encoding, 'key')) });
  }
  const privateOf = (key) => (key instanceof KeyObject && key.type === 'private' ? key : createPrivateKey(key));
  const publicOf = (key) => (key instanceof KeyObject && key.type === 'public' ? key : createPublicKey(key));
  function signOptions(algorithm, o) {
    const pss = o.padding === constants.RSA_PKCS1_PSS_PADDING;
    return { hash: algorithm == null ? 'sha256' : hashName(algorithm), pss, salt: o.saltLength ?? -2, p1363: o.dsaEncoding === 'ieee-p1363' };
  }
  function signBytes(algorithm, data, key) {
    const o = keyInput(key);
    const k = privateOf(o)[KEY];
    const opts = signOptions(algorithm, o);
    return Buffer.from(native.sign(k.alg, k.der, Uint8Array.from(data), opts).buffer);
  }
  function verifyBytes(algorithm, data, key, signature) {
    const o = keyInput(key);
    const k = publicOf(o)[KEY];
    const opts = signOptions(algorithm, o);
    return native.verify(k.alg, k.der, Uint8Array.from(data), Uint8Array.from(signature), opts);
  }
  class Sign extends LazyTransform {
    constructor(algorithm) { super(); this._alg = hashName(algorithm); this._chunks = []; }
    update(data, encoding) { this._chunks.push(Uint8Array.from(bytes(data, encoding))); return this; }
    sign(key, encoding) { return out(signBytes(this._alg, Buffer.concat(this._chunks), key), encoding); }
    _transform(chunk, encoding, cb) { this.update(chunk, encoding); cb(); }
  }
  class Verify extends LazyTransform {
    constructor(algorithm) { super(); this._alg = hashName(algorithm); this._chunks = []; }
    update(data, encoding) { this._chunks.push(Uint8Array.from(bytes(data, encoding))); return this; }
    verify(key, signature, encoding) {
      return verifyBytes(this._alg, Buffer.concat(this._chunks), key, bytes(signature, encoding, 'signature'));
    }
    _transform(chunk, encoding, cb) { this.update(chunk, encoding); cb(); }
  }
  function sign(algorithm, data, key, cb) {
    const s = signBytes(algorithm, bytes(data), key);
    if (typeof cb === 'function') { queueMicrotask(() => cb(null, s)); return; }
    return s;
  }
  function verify(algorithm, data, key, signature, cb) {
    const ok = verifyBytes(algorithm, bytes(data), key, bytes(signature, undefined, 'signature'));
    if (typeof cb === 'function') { queueMicrotask(() => cb(null, ok)); return; }
    return ok;
  }
  function rsaCrypt(decrypt, key, buffer) {
    const o = keyInput(key);
    const k = decrypt ? privateOf(o)[KEY] : publicOf(o)[KEY];
    if (k.alg !== 'rsa') throw new Error('public-key encryption takes RSA keys');
    const oaep = o.padding === undefined || o.padding === constants.RSA_PKCS1_OAEP_PADDING;
    const r = native.rsaCrypt(k.der, Uint8Array.from(bytes(buffer, undefined, 'buffer')), decrypt, oaep, o.oaepHash ? hashName(o.oaepHash) : 'sha1');
    return Buffer.from(r.buffer, r.byteOffset, r.byteLength);
  }
  function generateKeyPairSync(type, options = {}) {
    let alg;
    if (type === 'rsa') alg = 'rsa';
    else if (type === 'ec' && ['prime256v1', 'P-256', 'secp256r1'].includes(options.namedCurve)) alg = 'ec';
    else throw new Error(`lang-js generates rsa and ec (prime256v1) keys; not ${type}${options.namedCurve ? ` ${options.namedCurve}` : ''}`);
    const [priv, pub] = native.generate(alg, options.modulusLength || 2048, options.publicExponent || 65537);
    const privateKey = createPrivateKey({ key: Buffer.from(priv.buffer), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey({ key: Buffer.from(pub.buffer), format: 'der', type: 'spki' });
    return {
      publicKey: options.publicKeyEncoding ? publicKey.export(options.publicKeyEncoding) : publicKey,
      privateKey: options.privateKeyEncoding ? privateKey.export(options.privateKeyEncoding) : privateKey,
    };
  }
  function generateKeyPair(type, options, cb) {
    let pair;
    try { pair = generateKeyPairSync(type, options); } catch (e) { queueMicrotask(() => cb(e)); return; }
    queueMicrotask(() => cb(null, pair.publicKey, pair.privateKey));
  }

  // ---- Web Crypto: random values, digests and HMAC keys.
  const SUBTLE_HASH = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
  const hashOf = (h) => {
    const name = typeof h === 'string' ? h : h && h.name;
    const alg = SUBTLE_HASH[String(name).toUpperCase()];
    if (!alg) throw Object.assign(new Error('Unrecognized algorithm name'), { name: 'NotSupportedError' });
    return alg;
  };
  class CryptoKey {
    constructor(algorithm, extractable, usages, key) {
      Object.defineProperty(this, '_key', { value: key });
      this.type = 'secret';
      this.extractable = extractable;
      this.algorithm = algorithm;
      this.usages = usages;
    }
  }
  const subtle = {
    async digest(algorithm, data) {
      const r = native.digest(hashOf(algorithm), [Uint8Array.from(bytes(data))]);
      return r.buffer.slice(r.byteOffset, r.byteOffset + r.byteLength);
    },
    async importKey(format, keyData, algorithm, extractable, usages) {
      const name = typeof algorithm === 'string' ? algorithm : algorithm.name;
      if (String(name).toUpperCase() !== 'HMAC' || format !== 'raw') {
        throw Object.assign(new Error(`lang-js's subtle.importKey takes raw HMAC keys only (got ${format} ${name})`), { name: 'NotSupportedError' });
      }
      const key = Uint8Array.from(bytes(keyData));
      return new CryptoKey({ name: 'HMAC', hash: { name: String(algorithm.hash.name || algorithm.hash).toUpperCase() }, length: key.length * 8 }, !!extractable, usages, key);
    },
    async exportKey(format, key) {
      if (format !== 'raw' || !key.extractable) throw Object.assign(new Error('key is not extractable'), { name: 'InvalidAccessError' });
      return key._key.slice().buffer;
    },
    async sign(algorithm, key, data) {
      const r = native.hmac(hashOf(key.algorithm.hash), key._key, [Uint8Array.from(bytes(data))]);
      return r.buffer.slice(r.byteOffset, r.byteOffset + r.byteLength);
    },
    async verify(algorithm, key, signature, data) {
      const want = native.hmac(hashOf(key.algorithm.hash), key._key, [Uint8Array.from(bytes(data))]);
      const got = bytes(signature);
      return got.length === want.length && timingSafeEqual(got, want);
    },
  };
  const webcrypto = { getRandomValues, randomUUID, subtle, CryptoKey };

  const constants = { RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4, RSA_PKCS1_PSS_PADDING: 6, RSA_PSS_SALTLEN_DIGEST: -1, RSA_PSS_SALTLEN_AUTO: -2, RSA_PSS_SALTLEN_MAX_SIGN: -2 };
  module.exports = {
    createHash: (algorithm, options) => new Hash(algorithm, options),
    createHmac: (algorithm, key, options) => new Hmac(algorithm, key, options),
    createCipheriv: (algorithm, key, iv, options) => new Cipheriv(false, algorithm, key, iv, options),
    createDecipheriv: (algorithm, key, iv, options) => new Cipheriv(true, algorithm, key, iv, options),
    hash,
    Hash,
    Hmac,
    randomBytes,
    pseudoRandomBytes: randomBytes,
    prng: randomBytes,
    rng: randomBytes,
    randomFill,
    randomFillSync,
    randomInt,
    randomUUID,
    getRandomValues,
    timingSafeEqual,
    pbkdf2,
    pbkdf2Sync,
    scrypt,
    scryptSync,
    getHashes: () => HASHES.slice(),
    getCiphers: () => CIPHERS.slice(),
    getCurves: () => ['prime256v1'],
    webcrypto,
    subtle,
    constants,
    createSign: (algorithm) => new Sign(algorithm),
    createVerify: (algorithm) => new Verify(algorithm),
    Sign,
    Verify,
    sign,
    verify,
    KeyObject,
    createPublicKey,
    createPrivateKey,
    createSecretKey,
    publicEncrypt: (key, buffer) => rsaCrypt(false, key, buffer),
    privateDecrypt: (key, buffer) => rsaCrypt(true, key, buffer),
    privateEncrypt: notYet('privateEncrypt'),
    publicDecrypt: notYet('publicDecrypt'),
    generateKeyPair,
    generateKeyPairSync,
    createECDH: notYet('createECDH'),
    createDiffieHellman: notYet('createDiffieHellman'),
    hkdf: notYet('hkdf'),
    hkdfSync: notYet('hkdfSync'),
  };
})
