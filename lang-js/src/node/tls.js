// Node's `tls`, client side, on rustls: tls.connect (to a host, or over an existing net.Socket for
// STARTTLS), servername (SNI), ca (replaces the default webpki roots), rejectUnauthorized. Servers,
// client certificates and session resumption are not available to cloud functions.
(function (exports, require, module, native) {
  'use strict';
  const net = require('net');
  const { Buffer } = require('buffer');

  const notHere = (what) => function () {
    const e = new Error(`tls.${what} is not available to cloud functions`);
    e.code = 'ERR_NOT_AVAILABLE';
    throw e;
  };
  const caOf = (ca) => {
    if (ca === undefined || ca === null) return null;
    const list = Array.isArray(ca) ? ca : [ca];
    return list.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString())).join('\n');
  };

  // A socket over any duplex stream (Node's internal JSStreamSocket): what goes in is written to the
  // stream, what the stream gives is read. http2-wrapper (under got) takes the class at load
  // through `new tls.TLSSocket(stream)._handle._parentWrap.constructor`.
  class JSStreamSocket extends require('stream').Duplex {
    constructor(stream) {
      super();
      this.stream = stream;
      stream.on('data', (chunk) => { if (!this.push(chunk)) stream.pause(); });
      stream.on('end', () => this.push(null));
      stream.on('error', (e) => this.destroy(e));
    }
    _read() { this.stream.resume(); }
    _write(chunk, encoding, cb) { this.stream.write(chunk, encoding, cb); }
    _final(cb) { this.stream.end(cb); }
  }

  class TLSSocket extends net.Socket {
    constructor(socket, options = {}) {
      super(options);
      this.encrypted = true;
      this.authorized = false;
      this.authorizationError = null;
      this.alpnProtocol = false;
      this._protocol = null;
      this.servername = options.servername;
    }
    _secured(protocol) {
      this._protocol = protocol;
      this.authorized = this._tls.rejectUnauthorized !== false;
      if (!this.authorized) this.authorizationError = 'verification skipped (rejectUnauthorized: false)';
    }
    get _handle() { return { _parentWrap: { constructor: JSStreamSocket } }; }
    getProtocol() { return this._protocol; }
    getPeerCertificate() { return {}; }
    getCipher() { return { name: null, standardName: null, version: this._protocol }; }
    getSession() { return undefined; }
    isSessionReused() { return false; }
    setServername(name) { this.servername = name; }
  }

  function connect(...args) {
    let options = {};
    let cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    if (args[0] !== null && typeof args[0] === 'object') options = { ...args[0] };
    else {
      options = { ...(typeof args[2] === 'object' ? args[2] : {}), port: args[0] };
      if (typeof args[1] === 'string') options.host = args[1];
      else if (args[1] && typeof args[1] === 'object') Object.assign(options, args[1]);
    }
    const context = options.secureContext && options.secureContext.context ? options.secureContext.context : {};
    const host = options.host || 'localhost';
    const servername = options.servername ?? (net.isIP(host) ? host : host);
    const tlsOptions = { servername, ca: caOf(options.ca ?? context.ca), rejectUnauthorized: options.rejectUnauthorized !== false };
    const socket = new TLSSocket(null, options);
    socket.servername = servername;
    socket._tls = tlsOptions;
    if (cb) socket.once('secureConnect', cb);
    if (options.socket) {
      // STARTTLS: the plain socket's connection continues encrypted in this one.
      const plain = options.socket;
      const upgrade = () => {
        const id = plain._id;
        plain._id = null;
        plain.removeAllListeners('data');
        plain.destroy();
        socket._id = id;
        socket.remoteAddress = plain.remoteAddress;
        socket.remotePort = plain.remotePort;
        socket.remoteFamily = plain.remoteFamily;
        socket.localAddress = plain.localAddress;
        socket.localPort = plain.localPort;
        socket.connecting = true;
        native.upgrade(id, tlsOptions, (kind, payload, code) => socket._event(kind, payload, code)).then((protocol) => {
          socket.connecting = false;
          socket._secured(protocol);
          socket.emit('secureConnect');
          socket.emit('ready');
          const pending = socket._pending;
          socket._pending = [];
          for (const [chunk, done, end] of pending) socket._send(chunk, done, end);
        }, (error) => { socket.connecting = false; socket.destroy(error); });
      };
      if (plain._id === null) plain.once('connect', upgrade);
      else upgrade();
      return socket;
    }
    return socket.connect({ ...options, host });
  }

  module.exports = {
    connect,
    TLSSocket,
    createSecureContext: (options = {}) => ({ context: { ...options } }),
    SecureContext: function SecureContext(options) { this.context = options; },
    checkServerIdentity: () => undefined,
    getCiphers: () => ['tls_aes_128_gcm_sha256', 'tls_aes_256_gcm_sha384', 'tls_chacha20_poly1305_sha256', 'ecdhe-rsa-aes128-gcm-sha256', 'ecdhe-rsa-aes256-gcm-sha384', 'ecdhe-ecdsa-aes128-gcm-sha256', 'ecdhe-ecdsa-aes256-gcm-sha384'],
    rootCertificates: [],
    DEFAULT_ECDH_CURVE: 'auto',
    DEFAULT_MIN_VERSION: 'TLSv1.2',
    DEFAULT_MAX_VERSION: 'TLSv1.3',
    DEFAULT_CIPHERS: 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256',
    createServer: notHere('createServer'),
    Server: notHere('Server'),
    createSecurePair: notHere('createSecurePair'),
  };
})
