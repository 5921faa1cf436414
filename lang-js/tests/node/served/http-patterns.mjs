// How SDKs drive http: streams piped in and out, pipeline, events.once, socket knobs (axios, got, node-fetch), concurrent requests, https over a plain server refused by protocol.
import http from 'http';
import { once } from 'events';
import { Readable, PassThrough, Writable, pipeline } from 'stream';
import { pipeline as pipelineP } from 'stream/promises';
import { Buffer } from 'buffer';

const collect = (stream) => new Promise((resolve, reject) => {
  const chunks = [];
  stream.on('data', (c) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
  stream.on('end', () => resolve(Buffer.concat(chunks).toString()));
  stream.on('error', reject);
});

export default async function (ctx) {
  const base = ctx.query.base;
  const out = {};

  // a Readable piped into the request (form-data, request bodies from streams)
  out.pipedIn = await new Promise((resolve, reject) => {
    const req = http.request(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' } }, async (res) => resolve(JSON.parse(await collect(res))));
    req.on('error', reject);
    Readable.from(['chunk one, ', Buffer.from('chunk two, '), 'end']).pipe(req);
  });

  // events.once on 'response', then pipeline into a Writable
  out.pipeline = await (async () => {
    const req = http.get(`${base}/big?n=50000`);
    const [res] = await once(req, 'response');
    let n = 0;
    await pipelineP(res, new Writable({ write(c, _e, cb) { n += c.length; cb(); } }));
    return [res.statusCode, n];
  })();
  out.pipelineCallback = await new Promise((resolve) => {
    http.get(`${base}/text`, (res) => {
      const pt = new PassThrough();
      const got = collect(pt);
      pipeline(res, pt, (err) => got.then((t) => resolve([err === undefined ? 'no error' : String(err), t])));
    });
  });
  out.pipe = await new Promise((resolve) => http.get(`${base}/json`, (res) => {
    const pt = new PassThrough();
    res.pipe(pt);
    collect(pt).then((t) => resolve(JSON.parse(t)));
  }));

  // the socket knobs libraries reach for
  out.socketKnobs = await new Promise((resolve, reject) => {
    const log = [];
    const req = http.get(`${base}/json`, (res) => {
      log.push(`res.socket ${res.socket === req.socket} ${res.connection === res.socket}`);
      res.resume();
      res.on('end', () => resolve(log));
    });
    req.on('error', reject);
    req.on('socket', (socket) => {
      log.push(`socket ${typeof socket.setKeepAlive} ${typeof socket.setNoDelay} ${typeof socket.setTimeout} ${socket === req.socket} ${req.connection === req.socket}`);
      socket.setKeepAlive(true, 60000);
      socket.setNoDelay(true);
      // (node-fetch listens for the socket's close until the request closes; whether it closes
      // first is the transport's business: Node's here does, ours stays for a keep-alive pool.)
      const onClose = () => {};
      socket.prependListener('close', onClose);
      req.on('close', () => socket.removeListener('close', onClose));
      log.push(`writable ${socket.writable}`);
    });
  });

  // socket.setTimeout from a 'socket' listener (got, request): the socket's 'timeout' fires
  out.socketTimeout = await new Promise((resolve) => {
    const log = [];
    const req = http.get(`${base}/slow?ms=400`);
    req.on('socket', (s) => s.setTimeout(100, () => { log.push('socket timeout'); req.destroy(new Error('timed out')); }));
    req.on('error', (e) => log.push(`error ${e.message}`));
    req.on('close', () => resolve(log));
  });

  // concurrent requests
  out.concurrent = await Promise.all([200, 201, 404, 500, 202, 203].map((s) => new Promise((resolve) => {
    http.get(`${base}/status/${s}`, async (res) => resolve([res.statusCode, res.statusMessage, await collect(res)]));
  })));

  // async iteration with setEncoding, and readable events
  out.readableEvent = await new Promise((resolve) => http.get(`${base}/text`, (res) => {
    res.setEncoding('utf8');
    let s = '';
    res.on('readable', () => { let c; while ((c = res.read()) !== null) s += c; });
    res.on('end', () => resolve(s));
  }));
  out.iterateText = await new Promise((resolve) => http.get(`${base}/text`, async (res) => {
    res.setEncoding('utf8');
    const parts = [];
    for await (const c of res) parts.push(c);
    resolve(parts.join(''));
  }));

  // promisified helper as SDKs write it
  const getJson = (path) => new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { headers: { accept: 'application/json' } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => { try { resolve({ status: res.statusCode, body: JSON.parse(data) }); } catch (e) { reject(e); } });
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
    req.end();
  });
  out.promisified = await getJson('/json');
  out.promisifiedError = await getJson('/status/500').catch((e) => e.name);
  return out;
}
