// Node's `dns`: lookup (the system resolver, as Node's default), and resolve4/resolve6/resolve
// answered from it. Record types other than A/AAAA (MX, TXT, SRV...) and reverse lookups are not
// available to cloud functions.
(function (exports, require, module, native) {
  'use strict';
  const notHere = (what) => function () {
    const e = new Error(`dns.${what} is not available to cloud functions`);
    e.code = 'ERR_NOT_AVAILABLE';
    throw e;
  };
  const net = () => require('net');
  async function lookupAll(hostname, family) {
    if (!hostname) return [];
    const ip = net().isIP(hostname);
    if (ip) return [{ address: hostname, family: ip }];
    const found = await native.lookup(String(hostname));
    const list = found.map(([address, f]) => ({ address, family: f })).filter((a) => !family || a.family === family);
    if (!list.length) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
    }
    return list;
  }
  const familyOf = (options) => (typeof options === 'number' ? options : options && options.family === 'IPv6' ? 6 : options && options.family === 'IPv4' ? 4 : (options && options.family) || 0);
  const promises = {
    async lookup(hostname, options = {}) {
      const list = await lookupAll(hostname, familyOf(options));
      return options && options.all ? list : list[0];
    },
    async resolve4(hostname) { return (await lookupAll(hostname, 4)).map((a) => a.address); },
    async resolve6(hostname) { return (await lookupAll(hostname, 6)).map((a) => a.address); },
    async resolve(hostname, rrtype = 'A') {
      if (rrtype === 'A') return promises.resolve4(hostname);
      if (rrtype === 'AAAA') return promises.resolve6(hostname);
      return notHere(`resolve(${rrtype})`)();
    },
  };
  for (const t of ['resolveMx', 'resolveTxt', 'resolveSrv', 'resolveNs', 'resolveCname', 'resolveSoa', 'resolvePtr', 'resolveNaptr', 'resolveCaa', 'resolveAny', 'reverse']) promises[t] = async () => notHere(t)();
  promises.setDefaultResultOrder = () => {};
  promises.getDefaultResultOrder = () => 'verbatim';
  promises.setServers = notHere('setServers');
  promises.getServers = () => [];
  class Resolver {
    constructor() { Object.assign(this, promises); }
    cancel() {}
  }
  promises.Resolver = Resolver;
  const callback = (fn) => function (...args) {
    const cb = args.pop();
    fn(...args).then((r) => cb(null, ...(Array.isArray(r) && fn === promises.lookup ? [r] : r && typeof r === 'object' && 'address' in r && !Array.isArray(r) ? [r.address, r.family] : [r])), (e) => cb(e));
  };
  function lookup(hostname, options, cb) {
    if (typeof options === 'function') { cb = options; options = {}; }
    promises.lookup(hostname, options).then((r) => (Array.isArray(r) ? cb(null, r) : cb(null, r.address, r.family)), (e) => cb(e));
  }
  const api = { lookup, promises, Resolver, ADDRCONFIG: 1024, V4MAPPED: 2048, ALL: 256, NOTFOUND: 'ENOTFOUND', NODATA: 'ENODATA', SERVFAIL: 'ESERVFAIL', CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT' };
  for (const name of Object.keys(promises)) if (!(name in api) && typeof promises[name] === 'function') api[name] = name.startsWith('resolve') || name === 'reverse' ? callback(promises[name]) : promises[name];
  module.exports = api;
})
