// node:querystring — parse/decode, stringify/encode, escape, unescape, unescapeBuffer (a Buffer when the buffer module is present), as Node 20.
(function (exports, require, module, native) {
  'use strict';

  // Bytes of a percent-encoded string: valid %XX sequences become bytes, everything else its
  // char code's low byte (as Node), '+' a space when decodeSpaces.
  function unescapeBytes(s, decodeSpaces) {
    const n = s.length;
    const out = new Uint8Array(n);
    let o = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 37 && i + 2 < n) {
        const h = hex(s.charCodeAt(i + 1));
        const l = hex(s.charCodeAt(i + 2));
        if (h >= 0 && l >= 0) { out[o++] = h * 16 + l; i += 2; continue; }
      }
      out[o++] = c === 43 && decodeSpaces ? 32 : c & 0xff;
    }
    return out.subarray(0, o);
  }
  function hex(c) {
    if (c >= 48 && c <= 57) return c - 48;
    c |= 0x20;
    if (c >= 97 && c <= 102) return c - 87;
    return -1;
  }

  let utf8;
  function unescape(s, decodeSpaces) {
    try {
      return decodeURIComponent(s);
    } catch {
      utf8 ||= new TextDecoder();
      return utf8.decode(unescapeBytes(s, decodeSpaces));
    }
  }

  function unescapeBuffer(s, decodeSpaces) {
    const bytes = unescapeBytes(String(s), decodeSpaces);
    let Buffer;
    try { Buffer = require('buffer').Buffer; } catch { return bytes; }
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  function escape(s) {
    if (typeof s !== 'string') s = typeof s === 'object' ? String(s) : s + '';
    try {
      return encodeURIComponent(s);
    } catch {
      return escapeLoose(s);
    }
  }
  // Node pairs a lone surrogate with whatever code unit follows it; only one at the very end fails.
  function escapeLoose(s) {
    let out = '';
    const pct = (b) => '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0xd800 || c > 0xdfff) { out += encodeURIComponent(s[i]); continue; }
      if (++i >= s.length) {
        const e = new URIError('URI malformed');
        e.code = 'ERR_INVALID_URI';
        throw e;
      }
      c = 0x10000 + (((c & 0x3ff) << 10) | (s.charCodeAt(i) & 0x3ff));
      out += pct(0xf0 | (c >> 18)) + pct(0x80 | ((c >> 12) & 0x3f)) + pct(0x80 | ((c >> 6) & 0x3f)) + pct(0x80 | (c & 0x3f));
    }
    return out;
  }

  function primitive(v) {
    switch (typeof v) {
      case 'string': return v;
      case 'number': return isFinite(v) ? '' + v : '';
      case 'bigint': return '' + v;
      case 'boolean': return v ? 'true' : 'false';
      default: return '';
    }
  }

  function stringify(obj, sep, eq, options) {
    sep = sep || '&';
    eq = eq || '=';
    const enc = options && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : qs.escape;
    if (obj === null || typeof obj !== 'object') return '';
    const keys = Object.keys(obj);
    let out = '';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = obj[k];
      const ks = enc(primitive(k)) + eq;
      if (Array.isArray(v)) {
        for (let j = 0; j < v.length; j++) {
          if (out) out += sep;
          out += ks + enc(primitive(v[j]));
        }
      } else {
        if (out) out += sep;
        out += ks + enc(primitive(v));
      }
    }
    return out;
  }

  const isHex = (c) => (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);

  function add(obj, k, v, kEnc, vEnc, decode) {
    if (k.length > 0 && kEnc) k = decodeStr(k, decode);
    if (v.length > 0 && vEnc) v = decodeStr(v, decode);
    const cur = obj[k];
    if (cur === undefined) obj[k] = v;
    else if (typeof cur === 'string') obj[k] = [cur, v];
    else cur.push(v);
  }
  function decodeStr(s, decode) {
    try { return decode(s); } catch { return qs.unescape(s, true); }
  }

  // One pass over the text, as Node's: separators are matched code unit by code unit (a partial
  // match is dropped, not retried), '+' becomes a space (%20 for a custom decoder), and the default
  // decoder runs on a key or value only once a %XX sequence was seen (the key's characters after
  // its first %XX already count toward the value's).
  function parse(str, sep, eq, options) {
    const obj = { __proto__: null };
    if (typeof str !== 'string' || str.length === 0) return obj;
    sep = sep ? String(sep) : '&';
    eq = eq ? String(eq) : '=';
    let maxKeys = 1000;
    if (options && typeof options.maxKeys === 'number') maxKeys = options.maxKeys;
    let decode = qs.unescape;
    if (options && typeof options.decodeURIComponent === 'function') decode = options.decodeURIComponent;
    const custom = decode !== unescape;
    const plus = custom ? '%20' : ' ';
    const n = str.length;
    const sl = sep.length;
    const el = eq.length;
    let pairs = maxKeys > 0 ? maxKeys : -1;
    let key = '';
    let val = '';
    let last = 0;
    let si = 0;
    let ei = 0;
    let ec = 0;
    let kEnc = custom;
    let vEnc = custom;
    for (let i = 0; i < n; i++) {
      const c = str.charCodeAt(i);
      if (c === sep.charCodeAt(si)) {
        if (++si === sl) {
          const end = i - sl + 1;
          if (ei < el) {
            if (last < end) key += str.slice(last, end);
            else if (key.length === 0) {
              if (--pairs === 0) return obj;
              last = i + 1;
              si = ei = 0;
              continue;
            }
          } else if (last < end) val += str.slice(last, end);
          add(obj, key, val, kEnc, vEnc, decode);
          if (--pairs === 0) return obj;
          kEnc = vEnc = custom;
          key = val = '';
          ec = 0;
          last = i + 1;
          si = ei = 0;
        }
        continue;
      }
      si = 0;
      if (ei < el) {
        if (c === eq.charCodeAt(ei)) {
          if (++ei === el) {
            const end = i - el + 1;
            if (last < end) key += str.slice(last, end);
            ec = 0;
            last = i + 1;
          }
          continue;
        }
        ei = 0;
        if (!kEnc) {
          if (c === 37) { ec = 1; continue; }
          if (ec > 0) {
            if (isHex(c)) { if (++ec === 3) kEnc = true; continue; }
            ec = 0;
          }
        }
        if (c === 43) {
          if (last < i) key += str.slice(last, i);
          key += plus;
          last = i + 1;
          continue;
        }
      }
      if (c === 43) {
        if (last < i) val += str.slice(last, i);
        val += plus;
        last = i + 1;
      } else if (!vEnc) {
        if (c === 37) ec = 1;
        else if (ec > 0) {
          if (isHex(c)) { if (++ec === 3) vEnc = true; } else ec = 0;
        }
      }
    }
    if (last < n) {
      if (ei < el) key += str.slice(last);
      else val += str.slice(last);
    } else if (ei === 0 && key.length === 0) return obj;
    add(obj, key, val, kEnc, vEnc, decode);
    return obj;
  }

  const qs = {
    unescapeBuffer,
    unescape,
    escape,
    stringify,
    encode: stringify,
    parse,
    decode: parse,
  };
  module.exports = qs;
})
