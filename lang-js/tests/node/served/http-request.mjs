// http.request: bodies (write/end, JSON POST as axios does), header book, raw header arrays, auth, methods, HEAD, end callbacks.
import http from 'http';
import { Buffer } from 'buffer';

// Sends a request and resolves with the echo server's JSON and the request's events.
function send(make, body) {
  return new Promise((resolve, reject) => {
    const log = [];
    const req = make((res) => {
      log.push(`response ${res.statusCode}`);
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed;
        try { parsed = JSON.parse(text); } catch { parsed = text; }
        resolve({ status: res.statusCode, type: res.headers['content-type'], echo: parsed, log });
      });
    });
    req.on('error', reject);
    for (const ev of ['socket', 'finish']) req.on(ev, () => log.push(ev));
    if (body !== undefined) body(req, log);
  });
}

export default async function (ctx) {
  const base = ctx.query.base;
  const { port } = new URL(base);
  const out = {};

  // axios' pattern: options object, callback, then end(body)
  const payload = JSON.stringify({ name: 'laf', n: [1, 2, 3], u: 'ü' });
  out.axiosLike = await send((cb) => http.request({
    protocol: 'http:', hostname: '127.0.0.1', port, path: '/echo?via=axios', method: 'POST',
    headers: { Accept: 'application/json, text/plain, */*', 'Content-Type': 'application/json', 'User-Agent': 'axios/1.6.0', 'Content-Length': Buffer.byteLength(payload) },
    agent: new http.Agent({ keepAlive: true }),
  }, cb), (req) => req.end(payload));

  // write() several times, then end() with a callback
  out.written = await send((cb) => http.request(`${base}/echo`, { method: 'PUT', headers: { 'content-type': 'text/plain' } }, cb), (req, log) => {
    log.push(`write ${req.write('hello ')}`);
    log.push(`sent ${req.headersSent}`);
    req.write(Buffer.from('wörld '));
    req.write('6869', 'hex');
    req.end(() => log.push('end callback'));
    log.push(`ended ${req.writableEnded} finished ${req.writableFinished}`);
  });

  // the header book
  out.headerBook = await send((cb) => {
    const req = http.request(`${base}/echo`, { method: 'post', headers: { 'X-Num': 5, 'X-Arr': ['a', 'b'] } }, cb);
    req.setHeader('X-Later', 'yes');
    req.setHeader('Cookie', ['a=1', 'b=2']);
    req.appendHeader('X-Arr', 'c');
    req.removeHeader('x-num');
    req.setHeader('X-Removed', '1');
    req.removeHeader('X-REMOVED');
    const names = req.getHeaderNames();
    out.book = {
      headers: { ...req.getHeaders(), host: typeof req.getHeaders().host },
      names, raw: req.getRawHeaderNames(), has: [req.hasHeader('x-later'), req.hasHeader('X-Removed')],
      arr: req.getHeader('x-arr'), method: req.method,
    };
    return req;
  }, (req) => req.end('x'));
  out.setAfterSent = await send((cb) => http.request(`${base}/echo`, { method: 'POST' }, cb), (req, log) => {
    req.write('a');
    try { req.setHeader('x-late', '1'); } catch (e) { log.push(`${e.name} ${e.code} ${e.message}`); }
    try { req.removeHeader('x-late'); } catch (e) { log.push(`${e.code} ${e.message}`); }
    req.end();
  });

  // raw header arrays, auth, query strings, path defaults
  out.rawArray = await send((cb) => http.request({ host: '127.0.0.1', port, path: '/echo', method: 'PATCH', headers: ['Host', '127.0.0.1', 'X-Raw', '1', 'X-Raw', '2', 'Content-Type', 'text/plain'] }, cb),
    (req) => req.end('raw'));
  out.auth = await send((cb) => http.request({ hostname: '127.0.0.1', port, path: '/echo', auth: 'us er:p@ss' }, cb), (req) => req.end());
  out.urlAuth = await send((cb) => http.request(`http://user:pa%20ss@127.0.0.1:${port}/echo?x=1`, cb), (req) => req.end());
  out.urlAndOptions = await send((cb) => http.request(`${base}/echo?from=url`, { method: 'DELETE', headers: { 'x-merged': 'yes' } }, cb), (req) => req.end());
  out.head = await send((cb) => http.request(`${base}/echo`, { method: 'HEAD' }, cb), (req) => req.end());
  out.emptyPost = await send((cb) => http.request(`${base}/echo`, { method: 'POST' }, cb), (req) => req.end());
  out.binary = await send((cb) => http.request(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' } }, cb),
    (req) => req.end(new Uint8Array([0xe2, 0x9c, 0x93, 0x21])));
  out.status = await send((cb) => http.request(`${base}/status/418`, cb), (req) => req.end());
  out.flushHeaders = await send((cb) => http.request(`${base}/echo`, { method: 'POST' }, cb), (req, log) => {
    req.flushHeaders();
    log.push(`flushed ${req.headersSent}`);
    req.end('after flush');
  });

  // the request's own fields
  const r = http.request(`${base}/echo?q=1`, { method: 'OPTIONS', timeout: 5000 });
  out.fields = {
    path: r.path, method: r.method, host: r.host, protocol: r.protocol, agentIsGlobal: r.agent === http.globalAgent,
    reusedSocket: r.reusedSocket, maxHeadersCount: r.maxHeadersCount, aborted: r.aborted, destroyed: r.destroyed,
    writable: r.writable, headersSent: r.headersSent, finished: r.finished, timeout: r.timeout, socket: r.socket,
    res: r.res, isClientRequest: r instanceof http.ClientRequest, isOutgoing: r instanceof http.OutgoingMessage,
  };
  await new Promise((resolve) => { r.on('response', (res) => { res.resume(); res.on('end', resolve); }); r.end(); });
  return out;
}
