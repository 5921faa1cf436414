// http.get: event order, status line, headers (Node's duplicate rules, set-cookie array), rawHeaders, body concatenation.
import http from 'http';
import { Buffer } from 'buffer';

const TRANSPORT = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);
const rawShown = (raw) => raw.filter((_, i) => i % 2 === 0 ? !TRANSPORT.has(raw[i].toLowerCase()) : !TRANSPORT.has(raw[i - 1].toLowerCase()));
const headersShown = (h) => Object.fromEntries(Object.entries(h).filter(([k]) => !TRANSPORT.has(k)));

function get(url, options) {
  return new Promise((resolve, reject) => {
    const log = [];
    const onResponse = (res) => {
      log.push('response');
      const info = {
        statusCode: res.statusCode, statusMessage: res.statusMessage, httpVersion: res.httpVersion,
        httpVersionMajor: res.httpVersionMajor, httpVersionMinor: res.httpVersionMinor, completeAtResponse: res.complete,
        headers: headersShown(res.headers), rawHeaders: rawShown(res.rawHeaders), reqLinked: res.req === req && req.res === res,
        socketShared: res.socket === req.socket, url: res.url, method: res.method, trailers: res.trailers, rawTrailers: res.rawTrailers,
        aborted: res.aborted, readable: res.readable, isReadable: res instanceof http.IncomingMessage,
      };
      const chunks = [];
      res.on('data', (c) => { chunks.push(c); if (!log.includes('data')) log.push('data'); });
      res.on('end', () => { log.push('end'); info.completeAtEnd = res.complete; info.body = Buffer.concat(chunks).toString(); info.chunkIsBuffer = Buffer.isBuffer(chunks[0]); });
      res.on('close', () => { log.push('res close'); });
      req.on('close', () => { log.push('req close'); info.log = log; info.reqDestroyed = req.destroyed; resolve(info); });
    };
    const req = options ? http.get(url, options, onResponse) : http.get(url, onResponse);
    for (const ev of ['socket', 'finish', 'prefinish']) req.on(ev, () => log.push(ev));
    req.on('error', reject);
    log.push(`sync ${req.method} ${req.path} ${req.host} ${req.protocol} sent=${req.headersSent} ended=${req.writableEnded} socket=${req.socket}`);
  });
}

export default async function (ctx) {
  const base = ctx.query.base;
  const out = {};
  out.headers = await get(`${base}/headers`);
  out.distinct = await new Promise((resolve) => http.get(`${base}/headers`, (res) => {
    res.resume();
    const d = res.headersDistinct;
    resolve(Object.fromEntries(Object.entries(d).filter(([k]) => !TRANSPORT.has(k))));
  }));
  out.json = await get(`${base}/json`);
  out.notFound = await get(`${base}/status/404`);
  out.serverError = await get(`${base}/status/500`);
  out.noContent = await get(`${base}/status/204`);
  out.urlObject = await get(new URL(`${base}/echo?a=1&b=%C3%A9#frag`), { headers: { 'X-From': 'url object' } });
  out.optionsObject = await get({ hostname: '127.0.0.1', port: +new URL(base).port, path: '/echo?q=opts', headers: { 'x-k': 'v' } });
  // No 'response' listener: the answer is dumped and the request still closes.
  out.dumped = await new Promise((resolve) => {
    const req = http.get(`${base}/json`);
    const log = [];
    req.on('finish', () => log.push('finish'));
    req.on('close', () => { log.push('close'); resolve(log); });
  });
  // The body as Buffers, then as text through setEncoding, and by async iteration.
  out.bytes = await new Promise((resolve) => http.get(`${base}/bytes`, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => { const b = Buffer.concat(chunks); resolve([b.length, b.subarray(0, 4).toString('hex'), b.subarray(252).toString('hex')]); });
  }));
  out.text = await new Promise((resolve) => http.get(`${base}/text`, (res) => {
    res.setEncoding('utf8');
    let s = '';
    const types = new Set();
    res.on('data', (c) => { s += c; types.add(typeof c); });
    res.on('end', () => resolve([s, [...types]]));
  }));
  out.iterated = await new Promise((resolve) => http.get(`${base}/big?n=100000`, async (res) => {
    let n = 0;
    let sum = 0;
    for await (const c of res) { n += c.length; for (let i = 0; i < c.length; i += 997) sum += c[i]; }
    resolve([n, res.complete, res.readableEnded]);
  }));
  out.big = await new Promise((resolve) => http.get(`${base}/big?n=250000`, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      const b = Buffer.concat(chunks);
      resolve([b.length, res.headers['content-length'], b.subarray(0, 12).toString(), b.subarray(b.length - 5).toString()]);
    });
  }));
  return out;
}
