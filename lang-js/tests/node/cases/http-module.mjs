// node:http without a network: module shape, METHODS, STATUS_CODES, Agent, header validation, ClientRequest argument handling and errors.
import http, { Agent, METHODS, STATUS_CODES, validateHeaderName, validateHeaderValue, request, get } from 'node:http';

const err = (f) => { try { f(); return 'no error'; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } };
// A request that is never sent (destroyed at once).
function made(...args) {
  const r = http.request(...args);
  r.on('error', () => {});
  const info = { path: r.path, method: r.method, host: r.host, protocol: r.protocol, headers: { ...r.getHeaders() }, raw: r.getRawHeaderNames() };
  r.destroy();
  return info;
}

export default async function () {
  const out = {};
  out.keys = ['METHODS', 'STATUS_CODES', 'Agent', 'ClientRequest', 'IncomingMessage', 'OutgoingMessage', 'Server', 'ServerResponse',
    'createServer', 'validateHeaderName', 'validateHeaderValue', 'get', 'request', 'setMaxIdleHTTPParsers', 'maxHeaderSize', 'globalAgent']
    .map((k) => [k, typeof http[k]]);
  out.named = [typeof request, typeof get, request === http.request, Agent === http.Agent];
  out.methods = METHODS;
  out.statusCodes = STATUS_CODES;
  out.maxHeaderSize = http.maxHeaderSize;
  const g = http.globalAgent;
  out.globalAgent = {
    isAgent: g instanceof Agent, defaultPort: g.defaultPort, protocol: g.protocol, keepAlive: g.keepAlive, keepAliveMsecs: g.keepAliveMsecs,
    maxSockets: g.maxSockets, maxFreeSockets: g.maxFreeSockets, maxTotalSockets: g.maxTotalSockets, scheduling: g.scheduling,
    options: { ...g.options }, totalSocketCount: g.totalSocketCount, isEmitter: typeof g.on === 'function',
  };
  const a = new Agent({ keepAlive: true, maxSockets: 5, keepAliveMsecs: 3000, maxTotalSockets: 10, scheduling: 'fifo', timeout: 100 });
  out.agent = [a.keepAlive, a.maxSockets, a.keepAliveMsecs, a.maxTotalSockets, a.scheduling, { ...a.options }, Agent.defaultMaxSockets];
  out.agentDefaults = (() => { const d = new Agent(); return [d.keepAlive, d.maxSockets, d.maxFreeSockets, d.keepAliveMsecs, d.scheduling, { ...d.options }]; })();
  out.getName = [a.getName({ host: 'h', port: 80 }), a.getName(), a.getName({ host: 'h', port: 1, localAddress: 'l', family: 6 })];
  out.agentErrors = [err(() => new Agent({ scheduling: 'x' })), err(() => new Agent({ maxTotalSockets: 0 }))];
  out.validate = {
    ok: [err(() => validateHeaderName('x-ok')), err(() => validateHeaderValue('x', 'v\t1'))],
    name: err(() => validateHeaderName('a b')),
    emptyName: err(() => validateHeaderName('')),
    nonString: err(() => validateHeaderName(5)),
    value: err(() => validateHeaderValue('a', 'x\r')),
    undef: err(() => validateHeaderValue('a', undefined)),
    latin1: err(() => validateHeaderValue('a', 'é')),
    wide: err(() => validateHeaderValue('a', '✓')),
  };
  out.requests = {
    url: made('http://example.invalid:8080/a/b?c=d#e'),
    defaults: made({ host: 'example.invalid' }),
    hostname: made({ hostname: 'example.invalid', host: 'ignored.invalid', port: 80, path: '/p', method: 'patch' }),
    urlObject: made(new URL('http://example.invalid/x?y=1')),
    urlPlusOptions: made('http://example.invalid/orig', { path: '/over', headers: { A: '1' } }),
    auth: made({ host: 'example.invalid', auth: 'u:p' }),
    ipv6: made({ host: '::1', port: 8000 }),
    noHost: made({ host: 'example.invalid', setHost: false }),
    ownHost: made({ host: 'example.invalid', headers: { Host: 'other' } }),
    rawHeaders: made({ host: 'example.invalid', headers: ['X-A', '1', 'X-A', '2'] }),
  };
  out.errors = {
    badUrl: err(() => http.request('nope')),
    protocol: err(() => http.request('ftp://x/')),
    httpsOnHttp: err(() => http.request({ host: 'x', protocol: 'https:' })),
    method: err(() => http.request({ host: 'x', method: 'BAD METHOD' })),
    methodType: err(() => http.request({ host: 'x', method: 5 })),
    path: err(() => http.request({ host: 'x', path: '/a b' })),
    headerName: err(() => http.request({ host: 'x', headers: { 'bad name': 1 } })),
    headerValue: err(() => http.request({ host: 'x', headers: { x: 'a\nb' } })),
    headerUndefined: err(() => http.request({ host: 'x', headers: { x: undefined } })),
    hostType: err(() => http.request({ host: 5 })),
    agent: err(() => http.request({ host: 'x', agent: {} })),
    timeout: err(() => http.request({ host: 'x', timeout: 'soon' })),
    signal: err(() => http.request({ host: 'x', signal: 'no' })),
  };
  const r = http.request({ host: 'example.invalid' });
  r.on('error', () => {});
  out.onRequest = {
    setUndefined: err(() => r.setHeader('a', undefined)),
    getHeaderType: err(() => r.getHeader(5)),
    write: err(() => r.write(5)),
    setTimeoutType: err(() => r.setTimeout('x')),
    chained: [r.setHeader('a', 1) === r, r.setTimeout(10) === r],
    getHeader: [r.getHeader('A'), r.getHeader('none')],
  };
  r.destroy();
  out.servers = [typeof http.createServer, typeof http.Server, typeof http.ServerResponse];
  return out;
}
