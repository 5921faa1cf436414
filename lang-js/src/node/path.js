// node:path — POSIX path functions (the cwd is '/'); path.win32 covers the common Windows forms (drive letters, UNC roots) but not \\?\ device namespaces' finer rules; matchesGlob supports * ** ? [..] {a,b}.
(function (exports, require, module, native) {
  'use strict';

  function describe(v) {
    if (v == null) return ' Received ' + v;
    if (typeof v === 'function') return ' Received function ' + v.name;
    if (typeof v === 'object') {
      if (v.constructor && v.constructor.name) return ' Received an instance of ' + v.constructor.name;
      return ' Received ' + (Object.getPrototypeOf(v) === null ? '[Object: null prototype] {}' : '{}');
    }
    let s = typeof v === 'string' ? (v.includes("'") ? '"' + v + '"' : "'" + v + "'")
      : typeof v === 'bigint' ? v + 'n' : Object.is(v, -0) ? '-0' : String(v);
    if (s.length > 28) s = s.slice(0, 25) + '...';
    return ' Received type ' + typeof v + ' (' + s + ')';
  }
  function argError(name, type, v) {
    const e = new TypeError(`The "${name}" argument must be of type ${type}.${describe(v)}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    return e;
  }
  function str(v, name) { if (typeof v !== 'string') throw argError(name, 'string', v); }

  // ---- POSIX

  // Joins the non-empty, non-'.' segments of `p`, resolving '..' (kept at the front when `above`).
  function squash(p, above) {
    const out = [];
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      const s = parts[i];
      if (s === '' || s === '.') continue;
      if (s === '..') {
        if (out.length && out[out.length - 1] !== '..') out.pop();
        else if (above) out.push('..');
      } else out.push(s);
    }
    return out.join('/');
  }

  function resolve(...args) {
    let acc = '';
    let abs = false;
    for (let i = args.length - 1; i >= 0 && !abs; i--) {
      const p = args[i];
      str(p, `paths[${i}]`);
      if (p === '') continue;
      acc = acc ? p + '/' + acc : p;
      abs = p.charCodeAt(0) === 47;
    }
    // the runtime's working directory is '/'
    return '/' + squash(acc, false);
  }

  function normalize(p) {
    str(p, 'path');
    if (p === '') return '.';
    const abs = p.charCodeAt(0) === 47;
    const trail = p.charCodeAt(p.length - 1) === 47;
    let r = squash(p, !abs);
    if (r === '') return abs ? '/' : trail ? './' : '.';
    if (trail) r += '/';
    return abs ? '/' + r : r;
  }

  function isAbsolute(p) { str(p, 'path'); return p.charCodeAt(0) === 47; }

  function join(...args) {
    let acc = '';
    for (let i = 0; i < args.length; i++) {
      const p = args[i];
      str(p, 'path');
      if (p !== '') acc = acc ? acc + '/' + p : p;
    }
    return acc === '' ? '.' : normalize(acc);
  }

  function relative(from, to) {
    str(from, 'from');
    str(to, 'to');
    if (from === to) return '';
    from = resolve(from);
    to = resolve(to);
    if (from === to) return '';
    const f = from === '/' ? [] : from.slice(1).split('/');
    const t = to === '/' ? [] : to.slice(1).split('/');
    let i = 0;
    while (i < f.length && i < t.length && f[i] === t[i]) i++;
    const up = [];
    for (let j = i; j < f.length; j++) up.push('..');
    return up.concat(t.slice(i)).join('/');
  }

  function dirname(p) {
    str(p, 'path');
    if (p === '') return '.';
    const root = p.charCodeAt(0) === 47;
    let i = p.length - 1;
    while (i > 0 && p.charCodeAt(i) === 47) i--; // trailing slashes
    while (i > 0 && p.charCodeAt(i) !== 47) i--; // the last segment
    if (i <= 0) return root ? '/' : '.';
    // the slash before the last segment; further slashes are kept, as Node does
    return root && i === 1 ? '//' : p.slice(0, i);
  }

  // [start, end) of the last segment, trailing separators excluded; sepTest tells separators.
  function lastSegment(p, from, isSep) {
    let end = p.length;
    while (end > from && isSep(p.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > from && !isSep(p.charCodeAt(start - 1))) start--;
    return [start, end];
  }
  const posixSep = (c) => c === 47;

  function basenameOf(p, suffix, from, isSep) {
    const [start, end] = lastSegment(p, from, isSep);
    if (suffix === undefined || suffix.length === 0 || suffix.length > p.length) return p.slice(start, end);
    if (suffix === p) return '';
    // Node matches the suffix backwards from the segment's end; a match that is not completed
    // inside the segment leaves the trailing separators in place.
    let k = suffix.length - 1;
    let i = end - 1;
    while (i >= start && k >= 0 && p.charCodeAt(i) === suffix.charCodeAt(k)) { i--; k--; }
    if (k < 0) return i + 1 === start ? p.slice(start, end) : p.slice(start, i + 1);
    if (i < start) return p.slice(start); // ran out of segment while still matching
    return p.slice(start, end);
  }

  function basename(p, suffix) {
    if (suffix !== undefined) str(suffix, 'suffix');
    str(p, 'path');
    return basenameOf(p, suffix, 0, posixSep);
  }

  function extOf(base) {
    const i = base.lastIndexOf('.');
    if (i <= 0) return '';
    if (i === 1 && base === '..') return '';
    // a name of dots only has no extension unless there are three or more
    return base.slice(i);
  }

  function extname(p) {
    str(p, 'path');
    const [s, e] = lastSegment(p, 0, posixSep);
    return extOf(p.slice(s, e));
  }

  function format(obj) { return formatWith(obj, '/'); }
  function formatWith(obj, sep) {
    if (obj === null || typeof obj !== 'object') throw argError('pathObject', 'object', obj);
    const dir = obj.dir || obj.root;
    const ext = obj.ext ? (obj.ext[0] === '.' ? obj.ext : '.' + obj.ext) : '';
    const base = obj.base || `${obj.name || ''}${ext}`;
    if (!dir) return base;
    return dir === obj.root ? dir + base : dir + sep + base;
  }

  function parse(p) {
    str(p, 'path');
    const r = { root: '', dir: '', base: '', ext: '', name: '' };
    if (p === '') return r;
    const abs = p.charCodeAt(0) === 47;
    if (abs) r.root = '/';
    const [s, e] = lastSegment(p, 0, posixSep);
    const base = p.slice(s, e);
    if (s > 0) r.dir = s - 1 === 0 ? '/' : p.slice(0, s - 1);
    if (base === '') { if (abs) r.dir = '/'; return r; }
    r.base = base;
    // Node's quirk: '/..' (the segment right after the root) parses with ext '.'
    r.ext = s === 1 && base === '..' ? '.' : extOf(base);
    r.name = r.ext ? base.slice(0, base.length - r.ext.length) : base;
    return r;
  }

  function toNamespacedPath(p) { return p; }

  // ---- glob matching (path.matchesGlob): * ? [...] {a,b} within a segment, ** across segments

  const globCache = new Map();
  function globRegex(pattern, win) {
    const key = (win ? 'w' : 'p') + pattern;
    let re = globCache.get(key);
    if (re) return re;
    const sepClass = win ? '[\\\\/]' : '\\/';
    const notSep = win ? '[^\\\\/]' : '[^/]';
    let src = '';
    let depth = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === '*') {
        if (pattern[i + 1] === '*') {
          const atStart = i === 0 || pattern[i - 1] === '/' || (win && pattern[i - 1] === '\\');
          let j = i + 2;
          const atEnd = j === pattern.length || pattern[j] === '/' || (win && pattern[j] === '\\');
          if (atStart && atEnd) {
            if (j === pattern.length) src += `(?:(?!\\.)${notSep}*(?:${sepClass}(?!\\.)${notSep}*)*)?`;
            else { src += `(?:(?!\\.)${notSep}*${sepClass})*`; j++; }
            i = j - 1;
            continue;
          }
          i++;
        }
        const segStart = i === 0 || pattern[i - 1] === '/';
        const whole = segStart && (i + 1 === pattern.length || pattern[i + 1] === '/');
        src += (segStart ? '(?!\\.)' : '') + notSep + (whole ? '+' : '*');
      } else if (c === '?') src += notSep;
      else if (c === '[') {
        const close = pattern.indexOf(']', i + 2);
        if (close < 0) { src += '\\['; continue; }
        let body = pattern.slice(i + 1, close);
        if (body[0] === '!') body = '^' + body.slice(1);
        if (i === 0 || pattern[i - 1] === '/') src += '(?!\\.)';
        src += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = close;
      } else if (c === '{') { src += '(?:'; depth++; }
      else if (c === '}' && depth) { src += ')'; depth--; }
      else if (c === ',' && depth) src += '|';
      else if (c === '/' || (win && c === '\\')) src += sepClass;
      else src += c.replace(/[.+^$()|\\\]]/g, '\\$&');
    }
    while (depth-- > 0) src += ')';
    try { re = new RegExp('^' + src + '$'); } catch { re = /$^/; }
    globCache.set(key, re);
    return re;
  }
  function matchesGlob(p, pattern) {
    str(p, 'path');
    str(pattern, 'pattern');
    const re = globRegex(pattern, false);
    return re.test(p) || (p.length > 1 && p.endsWith('/') && re.test(p.replace(/\/+$/, '')));
  }

  const posix = {
    resolve, normalize, isAbsolute, join, relative, toNamespacedPath, dirname, basename, extname, format, parse,
    matchesGlob, sep: '/', delimiter: ':', win32: null, posix: null, _makeLong: toNamespacedPath,
  };

  // ---- win32

  const wsep = (c) => c === 47 || c === 92;
  const isLetter = (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

  // The root of a Windows path: [length of the device part, is it absolute, device string].
  // Devices: 'C:' or a UNC '\\server\share'.
  function wroot(p, dirs) {
    const n = p.length;
    if (n === 0) return [0, false, ''];
    const c0 = p.charCodeAt(0);
    if (wsep(c0)) {
      if (n > 1 && wsep(p.charCodeAt(1))) {
        // UNC: \\server\share
        // \\.\ and \\?\ open the device namespace: the rest is an ordinary absolute path
        if (!dirs && n >= 5 && (p.charCodeAt(2) === 46 || p.charCodeAt(2) === 63) && wsep(p.charCodeAt(3)) && !wsep(p.charCodeAt(4))) return [3, true, '\\\\' + p[2]];
        let j = 2;
        while (j < n && wsep(p.charCodeAt(j))) j++;
        if (j < n && j === 2) {
          let k = j;
          while (k < n && !wsep(p.charCodeAt(k))) k++;
          if (k < n) {
            const server = p.slice(j, k);
            let m = k;
            while (m < n && wsep(p.charCodeAt(m))) m++;
            if (m < n) {
              let q = m;
              while (q < n && !wsep(p.charCodeAt(q))) q++;
              const share = p.slice(m, q);
              return [q, true, `\\\\${server}\\${share}`];
            }
          }
        }
      }
      return [0, true, ''];
    }
    if (n >= 2 && isLetter(c0) && p.charCodeAt(1) === 58) return [2, n > 2 && wsep(p.charCodeAt(2)), p.slice(0, 2)];
    return [0, false, ''];
  }

  function wsquash(p, above) {
    const out = [];
    const parts = p.split(/[\\/]/);
    for (let i = 0; i < parts.length; i++) {
      const s = parts[i];
      if (s === '' || s === '.') continue;
      if (s === '..') {
        if (out.length && out[out.length - 1] !== '..') out.pop();
        else if (above) out.push('..');
      } else out.push(s);
    }
    return out.join('\\');
  }

  function wnormalize(p) {
    str(p, 'path');
    const n = p.length;
    if (n === 0) return '.';
    if (n === 1) return wsep(p.charCodeAt(0)) ? '\\' : p;
    const [len, abs, dev] = wroot(p);
    if (dev.startsWith('\\\\') && len === n) return dev + '\\';
    let tail = wsquash(p.slice(len), !abs);
    if (tail === '' && !abs) tail = '.';
    // a trailing separator stays, except after the single name of a \\.\ or \\?\ device
    if (tail && wsep(p.charCodeAt(n - 1)) && !(dev.length === 3 && !tail.includes('\\'))) tail += '\\';
    if (!abs && dev === '') {
      if (tail.length >= 2 && tail.charCodeAt(1) === 58 && isLetter(tail.charCodeAt(0))) return '.\\' + tail;
      // a relative path whose colon could read as a drive or stream gets an explicit '.\'
      for (let i = p.indexOf(':'); i >= 0; i = p.indexOf(':', i + 1)) {
        if (i === n - 1 || wsep(p.charCodeAt(i + 1))) return '.\\' + tail;
      }
    }
    return dev + (abs ? '\\' + tail : tail);
  }

  function wisAbsolute(p) {
    str(p, 'path');
    const n = p.length;
    if (n === 0) return false;
    const c = p.charCodeAt(0);
    return wsep(c) || (n > 2 && isLetter(c) && p.charCodeAt(1) === 58 && wsep(p.charCodeAt(2)));
  }

  function wjoin(...args) {
    let acc;
    let first;
    for (let i = 0; i < args.length; i++) {
      const p = args[i];
      str(p, 'path');
      if (p.length) {
        if (acc === undefined) acc = first = p;
        else acc += '\\' + p;
      }
    }
    if (acc === undefined) return '.';
    // A leading '\\' that does not form a full UNC root collapses, unless the first part
    // itself starts with two separators.
    let needs = true;
    let slashes = 0;
    if (wsep(first.charCodeAt(0))) {
      slashes++;
      if (first.length > 1 && wsep(first.charCodeAt(1))) {
        slashes++;
        if (first.length > 2) {
          if (wsep(first.charCodeAt(2))) slashes++;
          else needs = false;
        }
      }
    }
    if (needs) {
      while (slashes < acc.length && wsep(acc.charCodeAt(slashes))) slashes++;
      if (slashes >= 2) acc = '\\' + acc.slice(slashes);
    }
    return wnormalize(acc);
  }

  function wresolve(...args) {
    let dev = '';
    let tail = '';
    let abs = false;
    for (let i = args.length - 1; i >= -1; i--) {
      let p;
      if (i >= 0) { p = args[i]; str(p, `paths[${i}]`); if (p === '') continue; }
      else if (!dev) p = '\\'; // the runtime's cwd is '/'
      else p = dev + '\\';
      const [len, isAbs, d] = wroot(p);
      if (d) {
        if (dev && d.toLowerCase() !== dev.toLowerCase()) continue; // another drive
        if (!dev) dev = d;
      }
      if (!abs) {
        tail = p.slice(len) + '\\' + tail;
        abs = isAbs;
      }
      if (abs && dev) break;
    }
    tail = wsquash(tail, !abs);
    return abs ? dev + '\\' + tail : (dev + tail) || '.';
  }

  function wrelative(from, to) {
    str(from, 'from');
    str(to, 'to');
    if (from === to) return '';
    const f = wresolve(from);
    const t = wresolve(to);
    if (f === t) return '';
    const fl = f.toLowerCase();
    const tl = t.toLowerCase();
    if (fl === tl) return '';
    const [fr] = wroot(f);
    const [tr] = wroot(t);
    if (fl.slice(0, fr) !== tl.slice(0, tr)) return t;
    const fp = f.slice(fr).split('\\').filter(Boolean);
    const tp = t.slice(tr).split('\\').filter(Boolean);
    let i = 0;
    while (i < fp.length && i < tp.length && fp[i].toLowerCase() === tp[i].toLowerCase()) i++;
    const up = [];
    for (let j = i; j < fp.length; j++) up.push('..');
    return up.concat(tp.slice(i)).join('\\');
  }

  function wdirname(p) {
    str(p, 'path');
    const n = p.length;
    if (n === 0) return '.';
    const [len, abs] = wroot(p, true);
    const rootEnd = abs && len < n && wsep(p.charCodeAt(len)) ? len + 1 : len;
    if (n === 1) return wsep(p.charCodeAt(0)) ? p : '.';
    if (len === n && len > 2) return p; // a bare UNC root
    let i = n - 1;
    while (i >= rootEnd && wsep(p.charCodeAt(i))) i--;
    while (i >= rootEnd && !wsep(p.charCodeAt(i))) i--;
    if (i < rootEnd) return rootEnd === 0 ? '.' : p.slice(0, rootEnd);
    return p.slice(0, i);
  }

  function wstart(p) {
    return p.length >= 2 && isLetter(p.charCodeAt(0)) && p.charCodeAt(1) === 58 ? 2 : 0;
  }

  function wbasename(p, suffix) {
    if (suffix !== undefined) str(suffix, 'suffix');
    str(p, 'path');
    return basenameOf(p, suffix, wstart(p), wsep);
  }

  function wextname(p) {
    str(p, 'path');
    const [s, e] = lastSegment(p, wstart(p), wsep);
    return extOf(p.slice(s, e));
  }

  function wparse(p) {
    str(p, 'path');
    const r = { root: '', dir: '', base: '', ext: '', name: '' };
    if (p === '') return r;
    const [len, abs] = wroot(p, true);
    const rootEnd = abs && len < p.length && wsep(p.charCodeAt(len)) ? len + 1 : len;
    r.root = p.length === 1 && wsep(p.charCodeAt(0)) ? p : p.slice(0, rootEnd);
    if (rootEnd >= p.length || (p.length === 1 && wsep(p.charCodeAt(0)))) { r.dir = r.root; return r; }
    const [s, e] = lastSegment(p, rootEnd, wsep);
    const base = p.slice(s, e);
    r.dir = s > rootEnd ? p.slice(0, s - 1) : r.root;
    if (s > rootEnd && r.dir.length < rootEnd) r.dir = r.root;
    if (base === '') return r;
    r.base = base;
    r.ext = extOf(base);
    r.name = r.ext ? base.slice(0, base.length - r.ext.length) : base;
    return r;
  }

  function wtoNamespacedPath(p) {
    if (typeof p !== 'string' || p.length === 0) return p;
    const r = wresolve(p);
    if (r.length <= 2) return p;
    if (r.startsWith('\\\\')) {
      if (r.charCodeAt(2) !== 63 && r.charCodeAt(2) !== 46) return '\\\\?\\UNC\\' + r.slice(2);
    } else if (isLetter(r.charCodeAt(0)) && r.charCodeAt(1) === 58 && r.charCodeAt(2) === 92) return '\\\\?\\' + r;
    return r;
  }

  const win32 = {
    resolve: wresolve, normalize: wnormalize, isAbsolute: wisAbsolute, join: wjoin, relative: wrelative,
    toNamespacedPath: wtoNamespacedPath, dirname: wdirname, basename: wbasename, extname: wextname,
    format: (obj) => formatWith(obj, '\\'), parse: wparse,
    matchesGlob(p, pattern) { str(p, 'path'); str(pattern, 'pattern'); const re = globRegex(pattern, true);
      return re.test(p) || (p.length > 1 && /[\\/]$/.test(p) && re.test(p.replace(/[\\/]+$/, '')));
    },
    sep: '\\', delimiter: ';', win32: null, posix, _makeLong: wtoNamespacedPath,
  };
  posix.win32 = win32;
  posix.posix = posix;
  win32.win32 = win32;

  module.exports = posix;
})
