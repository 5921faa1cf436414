// node:url — WHATWG URL/URLSearchParams (the runtime's), legacy parse/format/resolve/resolveObject, file URL and domain helpers (POSIX); no DEP0170 warning for invalid ports.
(function (exports, require, module, native) {
  'use strict';
  // decodeURIComponent with V8's message for a bad escape, which callers see through Node.
  const decodeURI_ = (s) => { try { return decodeURIComponent(s); } catch (e) { if (e instanceof URIError) throw new URIError('URI malformed'); throw e; } };

  const querystring = require('querystring');
  const punycode = require('punycode');
  const pathMod = require('path');

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
  function nodeError(Ctor, code, message, props) {
    const e = new Ctor(message);
    e.code = code;
    if (props) Object.assign(e, props);
    return e;
  }
  const argType = (name, what, v) => nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be ${what}.${describe(v)}`);
  const invalidUrl = (input) => nodeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL', { input });

  // ---- the legacy parser

  const SLASHED = new Set(['http', 'http:', 'https', 'https:', 'ftp', 'ftp:', 'gopher', 'gopher:', 'file', 'file:']);
  const HOSTLESS = new Set(['javascript', 'javascript:']);
  const SIMPLE_PATH = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/;
  const PROTOCOL = /^[a-z0-9.+-]+:/i;
  const AUTH_HOST = /^\/\/[^@/]+@[^@/]+/;
  const PORT = /:[0-9]*$/;
  const FORBIDDEN_HOST = /[\0\t\n\r #%/:<>?@[\\\]^|]/;
  const FORBIDDEN_HOST6 = /[\0\t\n\r #%/<>?@\\^|]/;
  // characters escaped in the path, query and hash even though encodeURIComponent would not
  const AUTO_ESCAPE = /[\t\n\r "'<>\\^`{|}]/g;
  const ESCAPES = {
    '\t': '%09', '\n': '%0A', '\r': '%0D', ' ': '%20', '"': '%22', "'": '%27', '<': '%3C', '>': '%3E',
    '\\': '%5C', '^': '%5E', '`': '%60', '{': '%7B', '|': '%7C', '}': '%7D',
  };

  function Url() {
    this.protocol = null;
    this.slashes = null;
    this.auth = null;
    this.host = null;
    this.port = null;
    this.hostname = null;
    this.hash = null;
    this.search = null;
    this.query = null;
    this.pathname = null;
    this.path = null;
    this.href = null;
  }

  const isWs = (c) => c < 33 || c === 0xa0 || c === 0xfeff;

  // The ASCII form of a (lowercased) hostname as Node's IDNA step gives it; '' when invalid. A NUL
  // ends it; code points IDNA ignores (soft hyphen, zero-width space, BOM, variation selectors) vanish.
  const IDNA_IGNORED = /[\u00ad\u034f\u180b-\u180d\u200b\u2060\ufe00-\ufe0f\ufeff]/g;
  function hostToASCII(h) {
    const nul = h.indexOf('\0');
    if (nul >= 0) h = h.slice(0, nul);
    if (/[^\0-\x7f]/.test(h)) h = h.replace(IDNA_IGNORED, '');
    const labels = h.split(/[.\u3002\uff0e\uff61]/);
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i];
      if (/[^\0-\x7f]/.test(label)) {
        labels[i] = labelToASCII(label);
        if (labels[i] === '') return '';
      } else if (label.startsWith('xn--')) {
        if (label.length === 4) return '';
        // the decoded label must be one IDNA would encode back the same way
        let u;
        try { u = punycode.decode(label.slice(4)); } catch { return ''; }
        if (/[^\0-\x7f]/.test(u) && labelToASCII(u) !== label) return '';
      }
    }
    return labels.join('.');
  }
  // IDNA (UTS 46) of one label, through the URL parser's host handling; '' when invalid.
  function labelToASCII(label) {
    try {
      const h = hostOf(label + '.a');
      return h.endsWith('.a') ? h.slice(0, -2) : '';
    } catch {
      return '';
    }
  }

  Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
    if (typeof url !== 'string') throw argType('url', 'of type string', url);

    // Trim whitespace at both ends; '\' is '/' before the query or hash.
    let start = 0;
    let end = url.length;
    while (start < end && isWs(url.charCodeAt(start))) start++;
    while (end > start && isWs(url.charCodeAt(end - 1))) end--;
    let split = end;
    let hasAt = false;
    for (let i = start; i < end; i++) {
      const c = url.charCodeAt(i);
      if (c === 35 || c === 63) { split = i; break; }
      if (c === 64) hasAt = true;
    }
    const hash = url.indexOf('#', start);
    const hasHash = hash >= 0 && hash < end;
    let rest = url.slice(start, split);
    if (rest.indexOf('\\') >= 0) rest = rest.replace(/\\/g, '/');
    if (split < end) rest += url.slice(split, end);

    if (!slashesDenoteHost && !hasHash && !hasAt) {
      const m = SIMPLE_PATH.exec(rest);
      if (m) {
        this.path = rest;
        this.href = rest;
        this.pathname = m[1];
        if (m[2]) {
          this.search = m[2];
          this.query = parseQueryString ? querystring.parse(m[2].slice(1)) : m[2].slice(1);
        } else if (parseQueryString) {
          this.search = null;
          this.query = { __proto__: null };
        }
        return this;
      }
    }

    let proto = PROTOCOL.exec(rest);
    let lowerProto;
    if (proto) {
      proto = proto[0];
      lowerProto = proto.toLowerCase();
      this.protocol = lowerProto;
      rest = rest.slice(proto.length);
    }

    let slashes;
    if (slashesDenoteHost || proto || AUTH_HOST.test(rest)) {
      slashes = rest.charCodeAt(0) === 47 && rest.charCodeAt(1) === 47;
      if (slashes && !(proto && HOSTLESS.has(lowerProto))) {
        rest = rest.slice(2);
        this.slashes = true;
      }
    }

    if (!HOSTLESS.has(lowerProto) && (slashes || (proto && !SLASHED.has(proto)))) {
      // The host runs to the first '/', '?' or '#'; the last '@' before it ends the auth; the
      // first character never allowed in a host (after that '@') ends the host early.
      // tabs and newlines vanish from the authority part
      let authEnd = 0;
      for (let c; authEnd < rest.length && (c = rest.charCodeAt(authEnd)) !== 35 && c !== 47 && c !== 63;) authEnd++;
      const auth = rest.slice(0, authEnd);
      if (/[\t\n\r]/.test(auth)) rest = auth.replace(/[\t\n\r]/g, '') + rest.slice(authEnd);
      let atSign = -1;
      let nonHost = -1;
      for (let i = 0; i < rest.length; i++) {
        const c = rest.charCodeAt(i);
        if (c === 35 || c === 47 || c === 63) { if (nonHost < 0) nonHost = i; break; }
        if (c === 64) { atSign = i; nonHost = -1; }
        else if (nonHost < 0 && (c === 32 || c === 34 || c === 37 || c === 39 ||
          c === 59 || c === 60 || c === 62 || c === 92 || c === 94 || c === 96 || c === 123 || c === 124 || c === 125)) nonHost = i;
      }
      let from = 0;
      if (atSign >= 0) {
        this.auth = decodeURI_(rest.slice(0, atSign));
        from = atSign + 1;
      }
      if (nonHost < 0) { this.host = rest.slice(from); rest = ''; }
      else { this.host = rest.slice(from, nonHost); rest = rest.slice(nonHost); }
      this.parseHost();
      if (typeof this.hostname !== 'string') this.hostname = '';
      let hostname = this.hostname;
      const v6 = hostname.charCodeAt(0) === 91 && hostname.charCodeAt(hostname.length - 1) === 93;
      if (!v6) {
        // a '/', '\', '#', '?' or ':' left in the hostname starts the path
        for (let i = 0; i < hostname.length; i++) {
          const c = hostname.charCodeAt(i);
          if (c === 47 || c === 92 || c === 35 || c === 63 || c === 58) {
            this.hostname = hostname.slice(0, i);
            rest = '/' + hostname.slice(i) + rest;
            break;
          }
        }
      }
      hostname = this.hostname.length > 255 ? '' : this.hostname.toLowerCase();
      if (hostname !== '') {
        if (v6) {
          if (FORBIDDEN_HOST6.test(hostname)) throw invalidUrl(url);
        } else {
          hostname = hostToASCII(hostname);
          if (hostname === '' || FORBIDDEN_HOST.test(hostname)) throw invalidUrl(url);
        }
      }
      this.hostname = hostname;
      this.host = hostname + (this.port ? ':' + this.port : '');
      if (v6) {
        this.hostname = hostname.slice(1, -1);
        if (rest[0] !== '/') rest = '/' + rest;
      }
    }

    if (!HOSTLESS.has(lowerProto)) rest = rest.replace(AUTO_ESCAPE, (c) => ESCAPES[c]);

    let q = -1;
    let h = -1;
    for (let i = 0; i < rest.length; i++) {
      const c = rest.charCodeAt(i);
      if (c === 35) { h = i; break; }
      if (c === 63 && q < 0) q = i;
    }
    if (h >= 0) this.hash = rest.slice(h);
    if (q >= 0) {
      const qEnd = h >= 0 ? h : rest.length;
      this.search = rest.slice(q, qEnd);
      this.query = rest.slice(q + 1, qEnd);
      if (parseQueryString) this.query = querystring.parse(this.query);
    } else if (parseQueryString) {
      this.search = null;
      this.query = { __proto__: null };
    }
    const first = q >= 0 ? q : h;
    if (first < 0) { if (rest.length > 0) this.pathname = rest; }
    else if (first > 0) this.pathname = rest.slice(0, first);
    if (SLASHED.has(lowerProto) && this.hostname && !this.pathname) this.pathname = '/';
    if (this.pathname || this.search) this.path = (this.pathname || '') + (this.search || '');
    this.href = this.format();
    return this;
  };

  // Percent-encodes as encodeURIComponent, pairing a lone surrogate with the next code unit as
  // Node does (only one at the very end throws).
  function encodeLoose(s) {
    try {
      return encodeURIComponent(s);
    } catch {
      return querystring.escape(s);
    }
  }

  Url.prototype.format = function format() {
    let auth = this.auth || '';
    if (auth) auth = encodeLoose(auth).replace(/%3A/g, ':') + '@';
    let protocol = this.protocol || '';
    let pathname = this.pathname || '';
    let hash = this.hash || '';
    let host = '';
    let query = '';
    if (this.host) host = auth + this.host;
    else if (this.hostname) {
      const hn = this.hostname;
      host = auth + (hn.includes(':') && !(hn[0] === '[' && hn[hn.length - 1] === ']') ? '[' + hn + ']' : hn);
      if (this.port) host += ':' + this.port;
    }
    if (this.query !== null && typeof this.query === 'object') query = querystring.stringify(this.query);
    let search = this.search || (query && '?' + query) || '';
    if (protocol && protocol.charCodeAt(protocol.length - 1) !== 58) protocol += ':';
    if (typeof pathname === 'string' && /[#?]/.test(pathname)) pathname = pathname.replace(/[#?]/g, (c) => (c === '#' ? '%23' : '%3F'));
    if (this.slashes || SLASHED.has(protocol)) {
      if (this.slashes || host) {
        if (pathname && pathname[0] !== '/') pathname = '/' + pathname;
        host = '//' + host;
      } else if (protocol === 'file:') host = '//';
    }
    if (typeof search === 'string') search = search.replace(/#/g, '%23');
    if (hash && hash[0] !== '#') hash = '#' + hash;
    if (search && search[0] !== '?') search = '?' + search;
    return protocol + host + pathname + search + hash;
  };

  Url.prototype.resolve = function resolve(relative) {
    return this.resolveObject(urlParse(relative, false, true)).format();
  };

  // The legacy resolution rules, kept with their oddities (hosts of non-slashed protocols live in
  // the first path segment while resolving, '..' may climb above a relative root, ...).
  Url.prototype.resolveObject = function resolveObject(relative) {
    if (typeof relative === 'string') {
      const rel = new Url();
      rel.parse(relative, false, true);
      relative = rel;
    }
    const result = new Url();
    for (const k of Object.keys(this)) result[k] = this[k];
    result.hash = relative.hash;
    if (relative.href === '') {
      result.href = result.format();
      return result;
    }

    // '//host/path' keeps only the protocol
    if (relative.slashes && !relative.protocol) {
      for (const k of Object.keys(relative)) if (k !== 'protocol') result[k] = relative[k];
      if (SLASHED.has(result.protocol) && result.hostname && !result.pathname) result.path = result.pathname = '/';
      result.href = result.format();
      return result;
    }

    if (relative.protocol && relative.protocol !== result.protocol) {
      if (!SLASHED.has(relative.protocol)) {
        for (const k of Object.keys(relative)) result[k] = relative[k];
        result.href = result.format();
        return result;
      }
      result.protocol = relative.protocol;
      if (!relative.host && !/^file:?$/.test(relative.protocol) && !HOSTLESS.has(relative.protocol)) {
        // 'http:path' takes its host from the path's first non-empty segment
        const parts = (relative.pathname || '').split('/');
        while (parts.length && !(relative.host = parts.shift()));
        if (!relative.host) relative.host = '';
        if (!relative.hostname) relative.hostname = '';
        if (parts[0] !== '') parts.unshift('');
        if (parts.length < 2) parts.unshift('');
        result.pathname = parts.join('/');
      } else result.pathname = relative.pathname;
      result.search = relative.search;
      result.query = relative.query;
      result.host = relative.host || '';
      result.auth = relative.auth;
      result.hostname = relative.hostname || relative.host;
      result.port = relative.port;
      if (result.pathname || result.search) result.path = (result.pathname || '') + (result.search || '');
      result.slashes = result.slashes || relative.slashes;
      result.href = result.format();
      return result;
    }

    const srcAbs = result.pathname && result.pathname.charAt(0) === '/';
    const relAbs = relative.host || (relative.pathname && relative.pathname.charAt(0) === '/');
    let mustEndAbs = relAbs || srcAbs || (result.host && relative.pathname);
    const removeAllDots = mustEndAbs;
    let src = (result.pathname && result.pathname.split('/')) || [];
    const rel = (relative.pathname && relative.pathname.split('/')) || [];
    const hostInPath = result.protocol && !SLASHED.has(result.protocol);

    if (hostInPath) {
      result.hostname = '';
      result.port = null;
      if (result.host) { if (src[0] === '') src[0] = result.host; else src.unshift(result.host); }
      result.host = '';
      if (relative.protocol) {
        result.auth = null;
        relative.hostname = null;
        relative.port = null;
        if (relative.host) { if (rel[0] === '') rel[0] = relative.host; else rel.unshift(relative.host); }
        relative.host = null;
      }
      mustEndAbs = mustEndAbs && (rel[0] === '' || src[0] === '');
    }

    const takeHostFromPath = () => {
      result.hostname = result.host = src.length ? src.shift() : '';
      const at = result.host && result.host.indexOf('@') > 0 ? result.host.split('@') : null;
      if (at) {
        result.auth = at.shift();
        result.host = result.hostname = at.shift();
      }
    };

    if (relAbs) {
      if (relative.host || relative.host === '') {
        if (result.host !== relative.host) result.auth = null;
        result.host = relative.host;
        result.port = relative.port;
      }
      if (relative.hostname || relative.hostname === '') {
        if (result.hostname !== relative.hostname) result.auth = null;
        result.hostname = relative.hostname;
      }
      result.search = relative.search;
      result.query = relative.query;
      src = rel;
    } else if (rel.length) {
      src.pop();
      src = src.concat(rel);
      result.search = relative.search;
      result.query = relative.query;
    } else if (relative.search !== null && relative.search !== undefined) {
      if (hostInPath) {
        result.hostname = result.host = src.shift();
        const at = result.host && result.host.indexOf('@') > 0 ? result.host.split('@') : null;
        if (at) {
          result.auth = at.shift();
          result.host = result.hostname = at.shift();
        }
      }
      result.search = relative.search;
      result.query = relative.query;
      if (result.pathname !== null || result.search !== null) result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '');
      result.href = result.format();
      return result;
    }

    if (!src.length) {
      result.pathname = null;
      result.path = result.search ? '/' + result.search : null;
      result.href = result.format();
      return result;
    }

    let last = src[src.length - 1];
    const trailingSlash = ((result.host || relative.host || src.length > 1) && (last === '.' || last === '..')) || last === '';
    let up = 0;
    for (let i = src.length - 1; i >= 0; i--) {
      last = src[i];
      if (last === '.') src.splice(i, 1);
      else if (last === '..') { src.splice(i, 1); up++; } else if (up) { src.splice(i, 1); up--; }
    }
    if (!mustEndAbs && !removeAllDots) while (up--) src.unshift('..');
    if (mustEndAbs && src[0] !== '' && (!src[0] || src[0].charAt(0) !== '/')) src.unshift('');
    if (trailingSlash && src.join('/').slice(-1) !== '/') src.push('');
    const isAbs = src[0] === '' || (src[0] && src[0].charAt(0) === '/');
    if (hostInPath) {
      if (isAbs) { result.hostname = result.host = ''; } else takeHostFromPath();
    }
    mustEndAbs = mustEndAbs || (result.host && src.length);
    if (mustEndAbs && !isAbs) src.unshift('');
    if (src.length > 0) result.pathname = src.join('/');
    else { result.pathname = null; result.path = null; }
    if (result.pathname !== null || result.search !== null) result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '');
    result.auth = relative.auth || result.auth;
    result.slashes = result.slashes || relative.slashes;
    result.href = result.format();
    return result;
  };

  Url.prototype.parseHost = function parseHost() {
    let host = this.host;
    const m = PORT.exec(host);
    if (m) {
      if (m[0] !== ':') this.port = m[0].slice(1);
      host = host.slice(0, host.length - m[0].length);
    }
    if (host) this.hostname = host;
  };

  function urlParse(url, parseQueryString, slashesDenoteHost) {
    if (url instanceof Url) return url;
    const u = new Url();
    u.parse(url, parseQueryString, slashesDenoteHost);
    return u;
  }

  // Node's test for a WHATWG URL (also accepts look-alikes carrying href and protocol).
  const isURL = (v) => Boolean(v && v.href && v.protocol && v.auth === undefined && v.path === undefined);

  function urlFormat(obj, options) {
    if (typeof obj === 'string') obj = urlParse(obj);
    else if (typeof obj !== 'object' || obj === null) throw argType('urlObject', 'one of type object or string', obj);
    else if (obj instanceof URL) return formatURL(obj, options);
    return Url.prototype.format.call(obj);
  }

  function formatURL(u, options) {
    let auth = true;
    let fragment = true;
    let search = true;
    let unicode = false;
    if (options !== undefined && options !== null) {
      if (typeof options !== 'object') throw argType('options', 'of type object', options);
      if ('auth' in options) auth = !!options.auth;
      if ('fragment' in options) fragment = !!options.fragment;
      if ('search' in options) search = !!options.search;
      if ('unicode' in options) unicode = !!options.unicode;
    }
    const href = u.href;
    const protocol = u.protocol;
    let tail = href.slice(protocol.length);
    let out = protocol;
    if (tail.startsWith('//')) {
      let i = 2;
      while (i < tail.length && tail[i] !== '/' && tail[i] !== '?' && tail[i] !== '#') i++;
      let authority = tail.slice(2, i);
      tail = tail.slice(i);
      const at = authority.lastIndexOf('@');
      let userinfo = '';
      if (at >= 0) { userinfo = authority.slice(0, at + 1); authority = authority.slice(at + 1); }
      if (unicode && u.hostname && u.hostname[0] !== '[') {
        authority = domainToUnicode(u.hostname) + (u.port ? ':' + u.port : '');
      }
      out += '//' + (auth ? userinfo : '') + authority;
    }
    if (!fragment && u.hash) tail = tail.slice(0, tail.length - u.hash.length);
    else if (!fragment && tail.endsWith('#')) tail = tail.slice(0, -1);
    if (!search) {
      const q = tail.indexOf('?');
      if (q >= 0) {
        const h = tail.indexOf('#', q);
        tail = tail.slice(0, q) + (h >= 0 ? tail.slice(h) : '');
      }
    }
    return out + tail;
  }

  function urlResolve(source, relative) {
    return urlParse(source, false, true).resolve(relative);
  }

  function urlResolveObject(source, relative) {
    if (!source) return relative;
    return urlParse(source, false, true).resolveObject(relative);
  }

  // ---- domains

  function hostOf(domain) {
    const u = new URL('ws://x');
    u.hostname = domain;
    const h = u.hostname;
    return h === 'x' && domain.toLowerCase() !== 'x' ? '' : h;
  }
  function domainToASCII(domain) {
    if (arguments.length < 1) throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "domain" argument must be specified');
    try { return hostOf(`${domain}`); } catch { return ''; }
  }
  function domainToUnicode(domain) {
    if (arguments.length < 1) throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "domain" argument must be specified');
    let h;
    try { h = hostOf(`${domain}`); } catch { return ''; }
    if (!h || h[0] === '[') return h;
    try { return punycode.toUnicode(h); } catch { return ''; }
  }

  // ---- file URLs (POSIX)

  function fileURLToPath(path) {
    if (typeof path === 'string') path = new URL(path);
    else if (!isURL(path)) throw argType('path', 'of type string or an instance of URL', path);
    if (path.protocol !== 'file:') throw nodeError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
    if (path.hostname !== '') throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on linux');
    const p = path.pathname;
    if (/%2f/i.test(p)) throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
    return decodeURI_(p);
  }

  // what Node encodes itself before the URL parser sees the path
  const PATH_ESCAPES = {
    '%': '%25', '\\': '%5C', '\n': '%0A', '\r': '%0D', '\t': '%09', '?': '%3F', '#': '%23',
    '[': '%5B', ']': '%5D', '^': '%5E', '|': '%7C', '~': '%7E',
  };
  function pathToFileURL(filepath) {
    if (typeof filepath !== 'string') throw argType('path', 'of type string', filepath);
    let resolved = pathMod.resolve(filepath);
    if (filepath.charCodeAt(filepath.length - 1) === 47 && resolved[resolved.length - 1] !== '/') resolved += '/';
    return new URL('file://' + resolved.replace(/[%\\\n\r\t?#[\]^|~]/g, (c) => PATH_ESCAPES[c]));
  }

  function urlToHttpOptions(url) {
    const own = {};
    for (const k of Object.keys(url)) if (k !== '_p' && k !== '_sp') own[k] = url[k];
    const { hostname, pathname, port, username, password, search } = url;
    const options = {
      __proto__: null,
      ...own,
      protocol: url.protocol,
      hostname: hostname && hostname[0] === '[' ? hostname.slice(1, -1) : hostname,
      hash: url.hash,
      search,
      pathname,
      path: `${pathname || ''}${search || ''}`,
      href: url.href,
    };
    if (port !== '') options.port = Number(port);
    if (username || password) options.auth = `${decodeURI_(username)}:${decodeURI_(password)}`;
    return options;
  }

  module.exports = {
    Url,
    parse: urlParse,
    resolve: urlResolve,
    resolveObject: urlResolveObject,
    format: urlFormat,
    URL,
    URLSearchParams,
    domainToASCII,
    domainToUnicode,
    pathToFileURL,
    fileURLToPath,
    urlToHttpOptions,
  };
})
