// node:punycode — RFC 3492 Punycode (encode/decode/toASCII/toUnicode/ucs2), as Node's bundled punycode.js 2.1.0; no deprecation warning.
(function (exports, require, module, native) {
  'use strict';

  const BASE = 36;
  const TMIN = 1;
  const TMAX = 26;
  const SKEW = 38;
  const DAMP = 700;
  const INITIAL_BIAS = 72;
  const INITIAL_N = 128;
  const MAX = 2147483647;

  const MESSAGES = {
    overflow: 'Overflow: input needs wider integers to process',
    'not-basic': 'Illegal input >= 0x80 (not a basic code point)',
    'invalid-input': 'Invalid input',
  };
  function fail(type) { throw new RangeError(MESSAGES[type]); }

  function ucs2decode(s) {
    const out = [];
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if ((d & 0xfc00) === 0xdc00) { out.push(((c & 0x3ff) << 10) + (d & 0x3ff) + 0x10000); i++; continue; }
      }
      out.push(c);
    }
    return out;
  }
  const ucs2encode = (cps) => String.fromCodePoint(...cps);

  // Digit value of a code point (36 for none).
  function digitOf(c) {
    if (c >= 0x30 && c < 0x3a) return c - 0x16;
    if (c >= 0x41 && c < 0x5b) return c - 0x41;
    if (c >= 0x61 && c < 0x7b) return c - 0x61;
    return BASE;
  }
  const charOf = (d) => String.fromCharCode(d + 22 + 75 * (d < 26));

  function adapt(delta, numPoints, first) {
    delta = first ? Math.floor(delta / DAMP) : delta >> 1;
    delta += Math.floor(delta / numPoints);
    let k = 0;
    while (delta > ((BASE - TMIN) * TMAX) >> 1) { delta = Math.floor(delta / (BASE - TMIN)); k += BASE; }
    return Math.floor(k + ((BASE - TMIN + 1) * delta) / (delta + SKEW));
  }

  function decode(input) {
    const out = [];
    const len = input.length;
    let basic = input.lastIndexOf('-');
    if (basic < 0) basic = 0;
    for (let j = 0; j < basic; j++) {
      if (input.charCodeAt(j) >= 0x80) fail('not-basic');
      out.push(input.charCodeAt(j));
    }
    let i = 0;
    let n = INITIAL_N;
    let bias = INITIAL_BIAS;
    for (let pos = basic > 0 ? basic + 1 : 0; pos < len;) {
      const oldi = i;
      for (let w = 1, k = BASE; ; k += BASE) {
        if (pos >= len) fail('invalid-input');
        const digit = digitOf(input.charCodeAt(pos++));
        if (digit >= BASE) fail('invalid-input');
        if (digit > Math.floor((MAX - i) / w)) fail('overflow');
        i += digit * w;
        const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
        if (digit < t) break;
        if (w > Math.floor(MAX / (BASE - t))) fail('overflow');
        w *= BASE - t;
      }
      const size = out.length + 1;
      bias = adapt(i - oldi, size, oldi === 0);
      if (Math.floor(i / size) > MAX - n) fail('overflow');
      n += Math.floor(i / size);
      i %= size;
      out.splice(i++, 0, n);
    }
    return String.fromCodePoint(...out);
  }

  function encode(input) {
    const cps = ucs2decode(input);
    const len = cps.length;
    let out = '';
    for (let j = 0; j < len; j++) if (cps[j] < 0x80) out += String.fromCharCode(cps[j]);
    const basic = out.length;
    let handled = basic;
    if (basic) out += '-';
    let n = INITIAL_N;
    let delta = 0;
    let bias = INITIAL_BIAS;
    while (handled < len) {
      let m = MAX;
      for (let j = 0; j < len; j++) if (cps[j] >= n && cps[j] < m) m = cps[j];
      const step = handled + 1;
      if (m - n > Math.floor((MAX - delta) / step)) fail('overflow');
      delta += (m - n) * step;
      n = m;
      for (let j = 0; j < len; j++) {
        const c = cps[j];
        if (c < n && ++delta > MAX) fail('overflow');
        if (c === n) {
          let q = delta;
          for (let k = BASE; ; k += BASE) {
            const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
            if (q < t) break;
            const r = q - t;
            const b = BASE - t;
            out += charOf(t + (r % b));
            q = Math.floor(r / b);
          }
          out += charOf(q);
          bias = adapt(delta, step, handled === basic);
          delta = 0;
          handled++;
        }
      }
      delta++;
      n++;
    }
    return out;
  }

  // Applies fn to each label of a domain (or of an email address's domain part).
  function mapDomain(s, fn) {
    const parts = s.split('@');
    let head = '';
    if (parts.length > 1) { head = parts[0] + '@'; s = parts[1]; }
    return head + s.replace(/[\x2E\u3002\uFF0E\uFF61]/g, '.').split('.').map(fn).join('.');
  }
  const toASCII = (domain) => mapDomain(domain, (l) => (/[^\0-\x7F]/.test(l) ? 'xn--' + encode(l) : l));
  const toUnicode = (domain) => mapDomain(domain, (l) => (/^xn--/.test(l) ? decode(l.slice(4).toLowerCase()) : l));

  module.exports = {
    version: '2.1.0',
    ucs2: { decode: ucs2decode, encode: ucs2encode },
    decode,
    encode,
    toASCII,
    toUnicode,
  };
})
