// Node's `net`, client side: outbound TCP sockets (net.connect / new Socket().connect) as Duplex
// streams, plus isIP/isIPv4/isIPv6 and BlockList-free helpers. Servers are not available to cloud
// functions. Sockets belong to the app (they may outlive the call that opened them, as pooled
// database connections do); connecting is bounded by the calling invocation's deadline.
(function (exports, require, module, native) {
  'use strict';
  const { Buffer } = require('buffer');
  const { Duplex } = require('stream');

  const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  function isIPv6(s) {
    if (typeof s !== 'string' || !s.includes(':')) return false;
    try { new URL(`http://[${s.replace(/%.*$/, '')}]/`); return !/[^0-9a-fA-F:.%]/.test(s.replace(/%.*$/, '')); } catch { return false; }
  }
  const isIPv4 = (s) => typeof s === 'string' && IPV4.test(s);
  const isIP = (s) => (isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0);

  const notHere = (what) => function () {
    const e = new Error(`net.${what} is not available to cloud functions`);
    e.code = 'ERR_NOT_AVAILABLE';
    throw e;
  };

  // Node's argument forms: (port[, host][, cb]), (options[, cb]), (path[, cb]).
  function normalize(args) {
    let options = {};
    let cb = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : null;
    if (args[0] !== null && typeof args[0] === 'object') options = { ...args[0] };
    else if (typeof args[0] === 'string' && !/^\d+$/.test(args[0])) options.path = args[0];
    else {
      options.port = args[0];
      if (typeof args[1] === 'string') options.host = args[1];
    }
    return [options, cb];
  }

  class Socket extends Duplex {
    constructor(options = {}) {
      super({ allowHalfOpen: !!options.allowHalfOpen, emitClose: true, autoDestroy: true, decodeStrings: true });
      this._id = null;
      this.connecting = false;
      this._pending = [];
      this._timeoutMs = 0;
      this._timer = null;
      this.bytesRead = 0;
      this._bytesWritten = 0;
      this.remoteAddress = undefined;
      this.remotePort = undefined;
      this.remoteFamily = undefined;
      this.localAddress = undefined;
      this.localPort = undefined;
      this._tls = null;
    }
    get bytesWritten() { return this._bytesWritten; }
    get pending() { return this._id === null; }
    get readyState() {
      if (this.connecting) return 'opening';
      if (this._id === null) return 'closed';
      return this.readable && this.writable ? 'open' : this.readable ? 'readOnly' : this.writable ? 'writeOnly' : 'closed';
    }
    connect(...args) {
      const [options, cb] = normalize(args);
      if (options.path !== undefined) {
        queueMicrotask(() => this.destroy(Object.assign(new Error('connecting to a Unix socket is not available to cloud functions'), { code: 'ERR_NOT_AVAILABLE' })));
        return this;
      }
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw Object.assign(new RangeError(`Port should be >= 0 and < 65536. Received ${typeof options.port === 'string' ? `type string ('${options.port}')` : options.port}.`), { code: 'ERR_SOCKET_BAD_PORT' });
      }
      const host = options.host || 'localhost';
      if (cb) this.once(this._tls ? 'secureConnect' : 'connect', cb);
      if (options.timeout) this.setTimeout(options.timeout);
      this.connecting = true;
      this._host = host;
      native.connect(host, port, this._tls, (kind, payload, code) => this._event(kind, payload, code)).then((info) => {
        this.connecting = false;
        if (this.destroyed) { native.close(info[0]); return; }
        this._id = info[0];
        this.localAddress = info[1];
        this.localPort = info[2];
        this.remoteAddress = info[3];
        this.remotePort = info[4];
        this.remoteFamily = info[5];
        if (this._tls) this._secured(info[6]);
        this._touch();
        this.emit('connect');
        if (this._tls) this.emit('secureConnect');
        this.emit('ready');
        const pending = this._pending;
        this._pending = [];
        for (const [chunk, done, end] of pending) this._send(chunk, done, end);
      }, (error) => {
        this.connecting = false;
        error.address = host;
        error.port = port;
        this.destroy(error);
      });
      return this;
    }
    _event(kind, payload, code) {
      if (kind === 'data') {
        const b = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
        this.bytesRead += b.length;
        this._touch();
        this.push(b);
      } else if (kind === 'end') {
        this.push(null);
      } else {
        this.destroy(Object.assign(new Error(payload), { code, syscall: 'read' }));
      }
    }
    _send(chunk, done, end) {
      native.write(this._id, chunk, end).then(() => { this._bytesWritten += chunk.length; this._touch(); done(); }, (e) => done(e));
    }
    _write(chunk, encoding, cb) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
      if (this._id === null) { this._pending.push([b, cb, false]); return; }
      this._send(b, cb, false);
    }
    _final(cb) {
      if (this._id === null) { this._pending.push([new Uint8Array(0), cb, true]); return; }
      this._send(new Uint8Array(0), cb, true);
    }
    _read() {}
    _destroy(error, cb) {
      clearTimeout(this._timer);
      if (this._id !== null) native.close(this._id);
      this._id = null;
      cb(error);
    }
    _touch() {
      if (!this._timeoutMs) return;
      clearTimeout(this._timer);
      this._timer = setTimeout(() => this.emit('timeout'), this._timeoutMs);
    }
    setTimeout(ms, cb) {
      this._timeoutMs = ms;
      clearTimeout(this._timer);
      if (cb) { if (ms) this.once('timeout', cb); else this.removeListener('timeout', cb); }
      this._touch();
      return this;
    }
    setNoDelay() { return this; }
    setKeepAlive() { return this; }
    ref() { return this; }
    unref() { return this; }
    address() { return this.localAddress === undefined ? {} : { address: this.localAddress, family: this.remoteFamily, port: this.localPort }; }
    resetAndDestroy() { return this.destroy(); }
  }

  function connect(...args) {
    const [options] = normalize(args);
    const socket = new Socket(options);
    return socket.connect(...args);
  }

  module.exports = {
    Socket,
    Stream: Socket,
    connect,
    createConnection: connect,
    isIP,
    isIPv4,
    isIPv6,
    createServer: notHere('createServer'),
    Server: notHere('Server'),
    BlockList: notHere('BlockList'),
    SocketAddress: notHere('SocketAddress'),
    getDefaultAutoSelectFamily: () => true,
    setDefaultAutoSelectFamily: () => {},
    getDefaultAutoSelectFamilyAttemptTimeout: () => 250,
    setDefaultAutoSelectFamilyAttemptTimeout: () => {},
  };
})
