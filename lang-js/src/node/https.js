// Node's `https` client: http's request/get over https URLs (default port 443) with its own Agent and globalAgent; TLS options (ca, cert, key, rejectUnauthorized, servername) are accepted and ignored (the host verifies certificates), the server side (createServer, Server) throws ERR_NOT_AVAILABLE.
(function (exports, require, module, native) {
  'use strict';
  const http = require('http');
  const { toUrlOptions, isURL } = http[Symbol.for('laf.http.internal')];

  class Agent extends http.Agent {
    constructor(options) {
      super(options);
      this.defaultPort = 443;
      this.protocol = 'https:';
      this.maxCachedSessions = this.options.maxCachedSessions;
      if (this.maxCachedSessions === undefined) this.maxCachedSessions = 100;
      this._sessionCache = { map: {}, list: [] };
    }
    getName(options = {}) {
      let name = super.getName(options);
      for (const k of ['ca', 'cert', 'clientCertEngine', 'ciphers', 'key', 'pfx', 'rejectUnauthorized', 'servername',
        'minVersion', 'maxVersion', 'secureProtocol', 'crl', 'honorCipherOrder', 'ecdhCurve', 'dhparam', 'secureOptions',
        'sessionIdContext', 'sigalgs', 'privateKeyIdentifier', 'privateKeyEngine']) {
        name += ':';
        if (options[k] !== undefined) name += k === 'rejectUnauthorized' ? options[k] : String(options[k]);
      }
      return name;
    }
  }
  const globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });
  let currentAgent = globalAgent;

  function request(...args) {
    let options = {};
    if (typeof args[0] === 'string' || isURL(args[0])) options = toUrlOptions(args.shift());
    if (args[0] && typeof args[0] !== 'function') Object.assign(options, args.shift());
    options._defaultAgent = currentAgent;
    args.unshift(options);
    return new http.ClientRequest(...args);
  }
  function get(...args) {
    const req = request(...args);
    req.end();
    return req;
  }
  function notAvailable(what) {
    const e = new Error(`${what} is not available to cloud functions`);
    e.code = 'ERR_NOT_AVAILABLE';
    return e;
  }
  function createServer() { throw notAvailable('https.createServer'); }
  class Server extends http.Server {
    constructor() { throw notAvailable('https.Server'); }
  }

  module.exports = { Agent, globalAgent, Server, createServer, get, request };
  Object.defineProperty(module.exports, 'globalAgent', {
    configurable: true, enumerable: true, get() { return currentAgent; }, set(v) { currentAgent = v; },
  });
})
