// Node's `http` client (request/get, ClientRequest, IncomingMessage, Agent, METHODS, STATUS_CODES) over the host's HTTP client; the host follows redirects and buffers whole bodies, sockets are stand-ins, the server side (createServer, Server) throws ERR_NOT_AVAILABLE.
(function (exports, require, module, native) {
  'use strict';
  const EE = require('events');
  const { Writable, Readable } = require('stream');
  const { Buffer } = require('buffer');
  const { urlToHttpOptions } = require('url');
  const { nextTick } = require('process');
  const {
    codedError, errInvalidArgType, validateString, validateNumber, validateInteger, validateAbortSignal, AbortError,
  } = require('util')[Symbol.for('laf.node.internal')];

  const METHODS = ['ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK', 'M-SEARCH', 'MERGE',
    'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH', 'POST', 'PROPFIND', 'PROPPATCH', 'PURGE', 'PUT',
    'QUERY', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE', 'SUBSCRIBE', 'TRACE', 'UNBIND', 'UNLINK', 'UNLOCK', 'UNSUBSCRIBE'];
  const STATUS_CODES = {
    100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints', 200: 'OK', 201: 'Created',
    202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content', 205: 'Reset Content', 206: 'Partial Content',
    207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used', 300: 'Multiple Choices', 301: 'Moved Permanently',
    302: 'Found', 303: 'See Other', 304: 'Not Modified', 305: 'Use Proxy', 307: 'Temporary Redirect',
    308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
    404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required',
    408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed',
    413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
    417: 'Expectation Failed', 418: "I'm a Teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity', 423: 'Locked',
    424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
    429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
    500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
    504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates', 507: 'Insufficient Storage',
    508: 'Loop Detected', 509: 'Bandwidth Limit Exceeded', 510: 'Not Extended', 511: 'Network Authentication Required',
  };

  const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
  const BAD_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
  const BAD_PATH = /[^\u0021-\u00ff]/;
  const kOutHeaders = Symbol('kOutHeaders');
  const kRawHeaders = Symbol('kRawHeaders');
  const kHeaderSent = Symbol('kHeaderSent');
  const kChunks = Symbol('kChunks');
  const kFinal = Symbol('kFinal');
  const kTarget = Symbol('kTarget');
  const kAutoHost = Symbol('kAutoHost');
  const kQuiet = Symbol('kQuiet');
  const kTimeoutListening = Symbol('kTimeoutListening');
  const kHeaders = Symbol('kHeaders');
  const kHeadersDistinct = Symbol('kHeadersDistinct');
  const kTrailers = Symbol('kTrailers');

  function validateHeaderName(name, label = 'Header name') {
    if (typeof name !== 'string' || !name || !TOKEN.test(name)) {
      throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `${label} must be a valid HTTP token ["${name}"]`);
    }
  }
  function validateHeaderValue(name, value) {
    if (value === undefined) throw codedError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', `Invalid value "${value}" for header "${name}"`);
    if (BAD_HEADER_CHAR.test(String(value))) throw codedError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
  }
  const headersSent = (verb) => codedError(Error, 'ERR_HTTP_HEADERS_SENT', `Cannot ${verb} headers after they are sent to the client`);
  function connReset(message) {
    return codedError(Error, 'ECONNRESET', message);
  }
  function notAvailable(what) {
    const e = new Error(`${what} is not available to cloud functions`);
    e.code = 'ERR_NOT_AVAILABLE';
    return e;
  }
  // The host's failure as Node's network error (code, syscall) where its message says which one.
  // The host's failures as Node's network errors, as fetch raises them.
  const { netError } = require('internal/fetch');

  // ---- Agent: kept for its options and shape; connections are the host's.
  class Agent extends EE {
    constructor(options) {
      super();
      this.defaultPort = 80;
      this.protocol = 'http:';
      this.options = { __proto__: null, ...options };
      if (this.options.noDelay === undefined) this.options.noDelay = true;
      this.options.path = null;
      this.requests = { __proto__: null };
      this.sockets = { __proto__: null };
      this.freeSockets = { __proto__: null };
      this.keepAliveMsecs = this.options.keepAliveMsecs || 1000;
      this.keepAlive = this.options.keepAlive || false;
      this.maxSockets = this.options.maxSockets || Agent.defaultMaxSockets;
      this.maxFreeSockets = this.options.maxFreeSockets || 256;
      this.scheduling = this.options.scheduling || 'lifo';
      if (this.scheduling !== 'fifo' && this.scheduling !== 'lifo') {
        throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'scheduling' must be one of: 'fifo', 'lifo'. Received '${this.scheduling}'`);
      }
      this.maxTotalSockets = this.options.maxTotalSockets;
      if (this.maxTotalSockets !== undefined) validateNumber(this.maxTotalSockets, 'maxTotalSockets', 1);
      else this.maxTotalSockets = Infinity;
      this.totalSocketCount = 0;
    }
    getName(options = {}) {
      let name = options.host || 'localhost';
      name += ':';
      if (options.port) name += options.port;
      name += ':';
      if (options.localAddress) name += options.localAddress;
      if (options.family === 4 || options.family === 6) name += `:${options.family}`;
      if (options.socketPath) name += `:${options.socketPath}`;
      return name;
    }
    addRequest() {}
    createSocket() {}
    removeSocket() {}
    createConnection() { throw notAvailable('http.Agent.createConnection'); }
    keepSocketAlive() { return true; }
    reuseSocket() {}
    destroy() {}
  }
  Agent.defaultMaxSockets = Infinity;
  const globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });
  let currentAgent = globalAgent; // http.globalAgent, which may be replaced

  // ---- a stand-in socket: events, timeouts and the no-op knobs libraries call
  class Socket extends EE {
    constructor(encrypted) {
      super();
      this.connecting = false;
      this.destroyed = false;
      this.readable = true;
      this.writable = true;
      this.timeout = 0;
      this.encrypted = encrypted || undefined;
      this.authorized = encrypted ? true : undefined;
      this.remoteAddress = undefined;
      this.remotePort = undefined;
      this.remoteFamily = undefined;
      this.localAddress = undefined;
      this.localPort = undefined;
      this.bytesWritten = 0;
      this.bytesRead = 0;
      this._active = false;
      this._timer = null;
      for (const k of ['_active', '_timer']) Object.defineProperty(this, k, { enumerable: false, writable: true });
    }
    // Idle timeout: armed while a request waits for its answer.
    setTimeout(msecs, callback) {
      this.timeout = msecs;
      if (callback) {
        if (msecs === 0) this.removeListener('timeout', callback);
        else this.once('timeout', callback);
      }
      this._arm();
      return this;
    }
    _arm() {
      if (this._timer !== null) { clearTimeout(this._timer); this._timer = null; }
      if (this.timeout > 0 && this._active && !this.destroyed) {
        this._timer = setTimeout(() => { this._timer = null; this.emit('timeout'); }, this.timeout);
      }
    }
    _activate(on) {
      this._active = on;
      this._arm();
    }
    setNoDelay() { return this; }
    setKeepAlive() { return this; }
    setEncoding() { return this; }
    ref() { return this; }
    unref() { return this; }
    pause() { return this; }
    resume() { return this; }
    address() { return {}; }
    getPeerCertificate() { return {}; }
    getCipher() { return undefined; }
    getProtocol() { return this.encrypted ? 'TLSv1.3' : null; }
    write() { return true; }
    end() { return this.destroy(); }
    destroy(err) {
      if (this.destroyed) return this;
      this.destroyed = true;
      this._activate(false);
      nextTick(() => this.emit('close', !!err));
      return this;
    }
    destroySoon() { this.destroy(); }
  }

  // ---- OutgoingMessage: the header book of a request
  class OutgoingMessage extends Writable {
    constructor(options) {
      super({ autoDestroy: false, ...options });
      this[kOutHeaders] = null;
      this[kHeaderSent] = false;
      this.sendDate = false;
      this.chunkedEncoding = false;
      this.useChunkedEncodingByDefault = true;
      this.shouldKeepAlive = true;
      this.maxRequestsOnConnectionReached = false;
      this.strictContentLength = false;
      this.socket = null;
    }
    get connection() { return this.socket; }
    set connection(v) { this.socket = v; }
    get headersSent() { return this[kHeaderSent]; }
    get finished() { return this.writableEnded; }
    setHeader(name, value) {
      if (this[kHeaderSent]) throw headersSent('set');
      validateHeaderName(name);
      validateHeaderValue(name, value);
      (this[kOutHeaders] ??= { __proto__: null })[name.toLowerCase()] = [name, value];
      return this;
    }
    appendHeader(name, value) {
      if (this[kHeaderSent]) throw headersSent('append');
      validateHeaderName(name);
      validateHeaderValue(name, value);
      const book = (this[kOutHeaders] ??= { __proto__: null });
      const k = name.toLowerCase();
      const prev = book[k];
      if (prev === undefined) book[k] = [name, value];
      else {
        const list = Array.isArray(prev[1]) ? prev[1] : [prev[1]];
        prev[1] = list.concat(value);
      }
      return this;
    }
    getHeader(name) {
      validateString(name, 'name');
      const e = this[kOutHeaders] && this[kOutHeaders][name.toLowerCase()];
      return e && e[1];
    }
    getHeaders() {
      const out = { __proto__: null };
      if (this[kOutHeaders]) for (const k of Object.keys(this[kOutHeaders])) out[k] = this[kOutHeaders][k][1];
      return out;
    }
    getHeaderNames() { return this[kOutHeaders] ? Object.keys(this[kOutHeaders]) : []; }
    getRawHeaderNames() { return this[kOutHeaders] ? Object.values(this[kOutHeaders]).map((e) => e[0]) : []; }
    hasHeader(name) {
      validateString(name, 'name');
      return !!(this[kOutHeaders] && this[kOutHeaders][name.toLowerCase()]);
    }
    removeHeader(name) {
      validateString(name, 'name');
      if (this[kHeaderSent]) throw headersSent('remove');
      if (this[kOutHeaders]) delete this[kOutHeaders][name.toLowerCase()];
    }
    flushHeaders() { this[kHeaderSent] = true; }
    write(chunk, encoding, callback) {
      if (chunk !== null && chunk !== undefined && typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
        throw errInvalidArgType('chunk', ['string', 'Buffer', 'Uint8Array'], chunk);
      }
      this[kHeaderSent] = true;
      return super.write(chunk, encoding, callback);
    }
    end(chunk, encoding, callback) {
      if (typeof chunk === 'function') { callback = chunk; chunk = null; } else if (typeof encoding === 'function') { callback = encoding; encoding = null; }
      this[kHeaderSent] = true;
      if (chunk !== null && chunk !== undefined && !this.writableEnded) this.write(chunk, encoding);
      if (typeof callback === 'function') {
        if (this.writableFinished) nextTick(callback);
        else this.once('finish', callback);
      }
      return super.end();
    }
    _write(chunk, encoding, callback) {
      (this[kChunks] ??= []).push(chunk);
      callback();
    }
  }

  // ---- ClientRequest: collects the body, sends it through the host when ended
  function validateHost(host, name) {
    if (host !== null && host !== undefined && typeof host !== 'string') {
      throw errInvalidArgType(`options.${name}`, ['string', 'undefined', 'null'], host);
    }
    return host;
  }
  const isURL = (v) => v instanceof URL || (v != null && typeof v === 'object' && typeof v.href === 'string' &&
    typeof v.protocol === 'string' && v.auth === undefined && v.path === undefined);
  function toUrlOptions(input) {
    let url;
    try {
      url = typeof input === 'string' ? new URL(input) : input;
    } catch (_) {
      throw codedError(TypeError, 'ERR_INVALID_URL', 'Invalid URL', { input });
    }
    return urlToHttpOptions(url);
  }

  class ClientRequest extends OutgoingMessage {
    constructor(input, options, cb) {
      super();
      if (typeof input === 'string' || isURL(input)) input = toUrlOptions(input);
      else { cb = options; options = input; input = null; }
      if (typeof options === 'function') { cb = options; options = input || {}; } else options = Object.assign(input || {}, options);

      const defaultAgent = options._defaultAgent || currentAgent;
      let agent = options.agent;
      if (agent === false) agent = new defaultAgent.constructor();
      else if (agent === null || agent === undefined) agent = defaultAgent;
      else if (typeof agent.addRequest !== 'function') throw errInvalidArgType('options.agent', ['Agent-like Object', 'undefined', 'false'], agent);
      this.agent = agent;
      const protocol = options.protocol || defaultAgent.protocol;
      const expected = agent.protocol || defaultAgent.protocol;
      if (protocol !== expected) throw codedError(TypeError, 'ERR_INVALID_PROTOCOL', `Protocol "${protocol}" not supported. Expected "${expected}"`);
      const defaultPort = options.defaultPort || agent.defaultPort;
      const port = options.port = options.port || defaultPort || 80;
      const host = options.host = validateHost(options.hostname, 'hostname') || validateHost(options.host, 'host') || 'localhost';
      const setHost = options.setHost === undefined || Boolean(options.setHost);
      this.socketPath = options.socketPath;
      if (options.timeout !== undefined) {
        validateNumber(options.timeout, 'timeout', 0);
        this.timeout = options.timeout;
      }
      const signal = options.signal;
      if (signal) validateAbortSignal(signal, 'signal');
      let method = options.method;
      if (method !== null && method !== undefined && typeof method !== 'string') throw errInvalidArgType('options.method', 'string', method);
      if (method) {
        validateHeaderName(method, 'Method');
        method = method.toUpperCase();
      } else method = 'GET';
      this.method = method;
      if (options.maxHeaderSize !== undefined) validateInteger(options.maxHeaderSize, 'maxHeaderSize', 0);
      this.path = options.path || '/';
      if (BAD_PATH.test(this.path)) throw codedError(TypeError, 'ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
      this.host = host;
      this.protocol = protocol;
      this.aborted = false;
      this.res = null;
      this.reusedSocket = false;
      this.maxHeadersCount = null;
      this.timeoutCb = null;
      this.upgradeOrConnect = false;
      this[kChunks] = null;
      this[kFinal] = null;
      this[kQuiet] = false;
      this[kTimeoutListening] = false;
      this[kRawHeaders] = null;
      this[kAutoHost] = null;
      if (cb) this.once('response', cb);

      const headers = options.headers;
      if (!Array.isArray(headers)) {
        if (headers) for (const k of Object.keys(headers)) this.setHeader(k, headers[k]);
        if (host && !this.getHeader('host') && setHost) {
          let hostHeader = host;
          const colon = hostHeader.indexOf(':');
          if (colon !== -1 && hostHeader.includes(':', colon + 1) && hostHeader.charCodeAt(0) !== 91) hostHeader = `[${hostHeader}]`;
          if (port && +port !== defaultPort) hostHeader += `:${port}`;
          this.setHeader('Host', hostHeader);
          this[kAutoHost] = hostHeader;
        }
        if (options.auth && !this.getHeader('Authorization')) {
          this.setHeader('Authorization', `Basic ${Buffer.from(options.auth).toString('base64')}`);
        }
      } else {
        if (headers.length % 2 !== 0) throw codedError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument 'headers' is invalid. Received " + `[ ${headers.length} items ]`);
        for (let i = 0; i < headers.length; i += 2) {
          validateHeaderName(headers[i]);
          validateHeaderValue(headers[i], headers[i + 1]);
        }
        this[kRawHeaders] = headers.slice();
      }
      // Where the host sends it (a bad host shows up as a failed lookup, as in Node).
      const hostInUrl = host.includes(':') && host[0] !== '[' && host.indexOf(':') !== host.lastIndexOf(':') ? `[${host}]` : host;
      const protoPort = protocol === 'https:' ? 443 : 80;
      // (A proxy-style absolute path names the target itself; the host's client does the proxying.)
      const url = /^https?:\/\//i.test(this.path) ? this.path
        : `${protocol}//${hostInUrl}${+port === protoPort ? '' : `:${port}`}${this.path[0] === '/' ? '' : '/'}${this.path}`;
      this[kTarget] = { url, host, port };

      if (signal) {
        const onAbort = () => this.destroy(new AbortError(undefined, { cause: signal.reason }));
        if (signal.aborted) onAbort();
        else {
          signal.addEventListener('abort', onAbort, { once: true });
          this.once('close', () => signal.removeEventListener('abort', onAbort));
        }
      }
      // The socket comes on the next tick, as from an agent.
      nextTick(() => {
        if (this.destroyed) return;
        const socket = new Socket(protocol === 'https:');
        this.socket = socket;
        if (this.timeout !== undefined) this.setTimeout(this.timeout);
        this.emit('socket', socket);
        if (this[kFinal]) this._send();
      });
    }
    _final(callback) {
      this[kFinal] = callback;
      if (this.socket) this._send();
    }
    _send() {
      const callback = this[kFinal];
      this[kFinal] = null;
      if (this.destroyed) return;
      const { url, host, port } = this[kTarget];
      if (this.socketPath) {
        callback();
        nextTick(() => this.destroy(notAvailable('http.request over a Unix socket')));
        return;
      }
      const chunks = this[kChunks] || [];
      const body = chunks.length === 0 ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const flat = [];
      const drop = (k, v) => k === 'transfer-encoding' || k === 'connection' || k === 'keep-alive' || k === 'expect' ||
        (k === 'content-length' && +v !== (body ? body.length : 0));
      const push = (name, v) => {
        const k = name.toLowerCase();
        if (Array.isArray(v) && k === 'cookie') flat.push(name, v.join('; '));
        else if (Array.isArray(v)) { for (const x of v) if (!drop(k, x)) flat.push(name, String(x)); } else if (!drop(k, v)) flat.push(name, String(v));
      };
      if (this[kRawHeaders]) {
        const raw = this[kRawHeaders];
        for (let i = 0; i < raw.length; i += 2) push(raw[i], raw[i + 1]);
      } else if (this[kOutHeaders]) {
        for (const k of Object.keys(this[kOutHeaders])) {
          const [name, v] = this[kOutHeaders][k];
          if (k === 'host' && v === this[kAutoHost]) continue;
          push(name, v);
        }
      }
      let valid = true;
      try { new URL(url); } catch (_) { valid = false; }
      let call = null;
      if (valid) {
        try {
          if (!native || typeof native.fetch !== 'function') throw new Error('the host has no HTTP client for this context');
          call = native.fetch(url, this.method, flat, body);
        } catch (e) { call = Promise.reject(e); }
      } else call = Promise.reject(new Error(`dns error: failed to lookup address information for ${host}`));
      this.socket._activate(true);
      callback();
      call.then((r) => this._onResponse(r), (e) => {
        if (this.destroyed) return;
        this.socket._activate(false);
        this.destroy(netError(e, host, port));
      });
    }
    _onResponse(r) {
      if (this.destroyed) return; // aborted meanwhile: the host's answer is dropped
      const socket = this.socket;
      socket._activate(false);
      const res = new IncomingMessage(socket);
      res.req = this;
      res.statusCode = r[0];
      res.statusMessage = r[1];
      const raw = r[2];
      for (let i = 0; i + 1 < raw.length; i += 2) res.rawHeaders.push(`${raw[i]}`, `${raw[i + 1]}`);
      this.res = res;
      res.once('close', () => { if (!this.destroyed) this.destroy(); });
      if (!this.emit('response', res)) res._dump();
      const bytes = r[3];
      if (this.method !== 'HEAD' && bytes && bytes.length) {
        res.push(bytes instanceof Uint8Array ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) : Buffer.from(`${bytes}`));
      }
      res.complete = true;
      res.push(null);
    }
    _destroy(err, callback) {
      if (!err && !this.res && !this[kQuiet]) err = connReset('socket hang up');
      if (this.res && !this.res.complete) this.res.destroy(connReset('aborted'));
      // A finished exchange leaves its socket open (back to a keep-alive pool, as Node's agent does).
      if (this.socket) {
        if (err || !this.res) this.socket.destroy(err);
        else this.socket._activate(false);
      }
      callback(err);
    }
    abort() {
      if (this.aborted) return;
      this.aborted = true;
      if (this.socket) {
        this.emit('abort');
        this.destroy();
      } else {
        this[kQuiet] = true;
        this.destroy();
        nextTick(() => this.emit('abort'));
      }
    }
    setTimeout(msecs, callback) {
      validateNumber(msecs, 'msecs', 0);
      if (callback) this.once('timeout', callback);
      const arm = (socket) => {
        if (!this[kTimeoutListening]) {
          this[kTimeoutListening] = true;
          socket.on('timeout', () => this.emit('timeout'));
        }
        socket.setTimeout(msecs);
      };
      if (this.socket) arm(this.socket);
      else this.once('socket', arm);
      return this;
    }
    setNoDelay() {}
    setSocketKeepAlive() {}
    onSocket() {}
  }

  // ---- IncomingMessage: the answer, its body pushed at once (the host buffered it)
  const FIRST_ONLY = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host',
    'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer',
    'retry-after', 'server', 'user-agent']);
  function joinHeaders(raw) {
    const out = {};
    for (let i = 0; i < raw.length; i += 2) {
      const k = raw[i].toLowerCase();
      const v = raw[i + 1];
      const prev = out[k];
      if (k === 'set-cookie') { if (prev === undefined) out[k] = [v]; else prev.push(v); } else if (prev === undefined) out[k] = v;
      else if (FIRST_ONLY.has(k)) continue;
      else out[k] = `${prev}${k === 'cookie' ? '; ' : ', '}${v}`;
    }
    return out;
  }
  function distinct(raw) {
    const out = { __proto__: null };
    for (let i = 0; i < raw.length; i += 2) {
      const k = raw[i].toLowerCase();
      (out[k] ??= []).push(raw[i + 1]);
    }
    return out;
  }
  class IncomingMessage extends Readable {
    constructor(socket) {
      super();
      this._readableState.readingMore = true;
      this.socket = socket;
      this.httpVersionMajor = 1;
      this.httpVersionMinor = 1;
      this.httpVersion = '1.1';
      this.complete = false;
      this.rawHeaders = [];
      this.rawTrailers = [];
      this.joinDuplicateHeaders = false;
      this.aborted = false;
      this.upgrade = false;
      this.url = '';
      this.method = null;
      this.statusCode = null;
      this.statusMessage = null;
      this.client = socket;
      this._consuming = false;
      this._dumped = false;
      this.req = null;
      this[kHeaders] = null;
      this[kHeadersDistinct] = null;
      this[kTrailers] = null;
    }
    get connection() { return this.socket; }
    set connection(v) { this.socket = v; }
    get headers() { return (this[kHeaders] ??= joinHeaders(this.rawHeaders)); }
    set headers(v) { this[kHeaders] = v; }
    get headersDistinct() { return (this[kHeadersDistinct] ??= distinct(this.rawHeaders)); }
    set headersDistinct(v) { this[kHeadersDistinct] = v; }
    get trailers() { return (this[kTrailers] ??= {}); }
    set trailers(v) { this[kTrailers] = v; }
    get trailersDistinct() { return { __proto__: null }; }
    setTimeout(msecs, callback) {
      if (callback) this.on('timeout', callback);
      this.socket.setTimeout(msecs);
      return this;
    }
    _read() {
      this._consuming = true;
    }
    _destroy(err, callback) {
      if (!this.readableEnded || !this.complete) {
        this.aborted = true;
        this.emit('aborted');
      }
      // As Node: the error is emitted only to a listener.
      callback(this.listenerCount('error') === 0 ? undefined : err);
    }
    _dump() {
      if (!this._dumped) {
        this._dumped = true;
        this.removeAllListeners('data');
        this.resume();
      }
    }
  }

  function request(url, options, cb) {
    return new ClientRequest(url, options, cb);
  }
  function get(url, options, cb) {
    const req = request(url, options, cb);
    req.end();
    return req;
  }

  // ---- the server side: importable, refused when used
  function createServer() { throw notAvailable('http.createServer'); }
  class Server extends EE {
    constructor() { super(); throw notAvailable('http.Server'); }
  }
  class ServerResponse extends OutgoingMessage {
    constructor() { super(); throw notAvailable('http.ServerResponse'); }
  }

  module.exports = {
    METHODS: METHODS.slice(),
    STATUS_CODES,
    Agent,
    ClientRequest,
    IncomingMessage,
    OutgoingMessage,
    Server,
    ServerResponse,
    createServer,
    validateHeaderName,
    validateHeaderValue,
    get,
    request,
    setMaxIdleHTTPParsers(max) { validateInteger(max, 'max', 1); },
    maxHeaderSize: 16384,
    globalAgent,
  };
  Object.defineProperty(module.exports, 'globalAgent', {
    configurable: true, enumerable: true, get() { return currentAgent; }, set(v) { currentAgent = v; },
  });
  // For https: the same client over its own agent.
  Object.defineProperty(module.exports, Symbol.for('laf.http.internal'), { value: { toUrlOptions, isURL } });
})
