// WHATWG Request: URL and method rules, defaults, bodies and their content types, body reuse, clone, signal.
import { Blob } from 'buffer';

const err = (f) => { try { f(); return 'no error'; } catch (e) { return `${e.name}: ${e.message}`; } };
const aerr = async (f) => { try { await f(); return 'no error'; } catch (e) { return `${e.name}: ${e.message}`; } };

export default async function () {
  const out = {};
  const r = new Request('http://x/a#f?', { method: 'POST', body: 'hi' });
  out.defaults = {
    url: r.url, method: r.method, destination: r.destination, referrer: r.referrer, referrerPolicy: r.referrerPolicy,
    mode: r.mode, credentials: r.credentials, cache: r.cache, redirect: r.redirect, integrity: r.integrity,
    keepalive: r.keepalive, isReloadNavigation: r.isReloadNavigation, isHistoryNavigation: r.isHistoryNavigation,
    duplex: r.duplex, signalAborted: r.signal.aborted, contentType: r.headers.get('content-type'), bodyUsed: r.bodyUsed,
    bodyIsObject: typeof r.body === 'object' && r.body !== null,
  };
  out.text = await r.text();
  out.usedAfter = r.bodyUsed;
  out.reread = await aerr(() => r.text());
  out.cloneUsed = err(() => r.clone());
  out.getNoBody = new Request('http://x').body;
  out.urlNormalized = new Request('HTTP://X.com:80/a/../b?q=1').url;
  out.methods = ['patch', 'post', 'get', 'delete', 'options', 'put', 'head', 'Custom'].map((m) => new Request('http://x/', { method: m }).method);
  out.options = (() => {
    const q = new Request('http://x/', { mode: 'no-cors', credentials: 'include', cache: 'no-store', redirect: 'manual', referrerPolicy: 'origin', integrity: 'sha256-x', keepalive: true, referrer: '' });
    return [q.mode, q.credentials, q.cache, q.redirect, q.referrerPolicy, q.integrity, q.keepalive, q.referrer];
  })();
  out.errors = {
    noArgs: err(() => new Request()),
    relative: err(() => new Request('/rel')),
    credentials: err(() => new Request('http://u:p@x/')),
    getBody: err(() => new Request('http://x/', { method: 'GET', body: 'a' })),
    headBody: err(() => new Request('http://x/', { method: 'HEAD', body: 'a' })),
    connect: err(() => new Request('http://x/', { method: 'CONNECT' })),
    trace: err(() => new Request('http://x/', { method: 'trace' })),
    badMethod: err(() => new Request('http://x/', { method: 'bad method' })),
    navigate: err(() => new Request('http://x/', { mode: 'navigate' })),
    badRedirect: err(() => new Request('http://x/', { redirect: 'bad' })),
    badCache: err(() => new Request('http://x/', { cache: 'nope' })),
    badSignal: err(() => new Request('http://x/', { signal: 5 })),
    badHeaders: err(() => new Request('http://x/', { headers: { 'a b': '1' } })),
  };
  out.nullSignal = new Request('http://x/', { signal: null }).signal.aborted;

  // body types and their content types
  const types = {};
  const bodies = {
    string: 'str', params: new URLSearchParams({ a: 'b c', d: 'é' }), bytes: new Uint8Array([104, 105]),
    arrayBuffer: new Uint8Array([65, 66]).buffer, dataView: new DataView(new Uint8Array([67]).buffer),
    blob: new Blob(['blob'], { type: 'Text/X-Thing' }), blobNoType: new Blob(['nb']), number: 42, object: {},
  };
  for (const [k, body] of Object.entries(bodies)) {
    const q = new Request('http://x/', { method: 'POST', body });
    types[k] = [q.headers.get('content-type'), await q.text()];
  }
  out.bodyTypes = types;
  out.explicitType = new Request('http://x/', { method: 'POST', body: 'x', headers: { 'Content-Type': 'a/b' } }).headers.get('content-type');
  out.blobOut = await (async () => { const b = await new Request('http://x', { method: 'POST', body: new Blob(['a'], { type: 't/x' }) }).blob(); return [b.type, b.size, await b.text()]; })();
  out.json = await new Request('http://x', { method: 'POST', body: '{"a":[1,2]}' }).json();
  out.arrayBuffer = await new Request('http://x', { method: 'POST', body: 'ab' }).arrayBuffer().then((b) => [b.constructor.name, b.byteLength]);
  out.bytes = await new Request('http://x', { method: 'POST', body: 'ab' }).bytes().then((b) => [b.constructor.name, ...b]);
  out.badJson = await aerr(() => new Request('http://x', { method: 'POST', body: '{' }).json()).then((s) => s.split(':')[0]);
  out.formUrlencoded = await new Request('http://x', { method: 'POST', body: new URLSearchParams('a=1&b=2&a=3') }).formData().then((f) => [...f]);

  // from another Request
  const src = new Request('http://x/', { method: 'POST', body: 'abc', headers: { a: '1' } });
  const copy = new Request(src, { method: 'PUT' });
  out.fromRequest = [src.bodyUsed, copy.method, copy.url, copy.headers.get('a'), await copy.text(), await aerr(() => src.text())];
  out.fromUsed = err(() => new Request(copy));
  const headerOverride = new Request(new Request('http://x/', { headers: { a: '1' } }), { headers: { b: '2' } });
  out.headerOverride = [...headerOverride.headers];
  const plainCopy = new Request(new Request('http://y/', { method: 'DELETE', redirect: 'error' }));
  out.plainCopy = [plainCopy.url, plainCopy.method, plainCopy.redirect];

  // clone
  const c1 = new Request('http://x/', { method: 'POST', body: 'clone me', headers: { h: 'v' } });
  const c2 = c1.clone();
  c2.headers.set('h', 'changed');
  out.clone = [await c1.text(), await c2.text(), c1.headers.get('h'), c2.headers.get('h'), c2.method, c2 instanceof Request];

  // signals follow the given one
  const ac = new AbortController();
  const sr = new Request('http://x', { signal: ac.signal });
  const sc = sr.clone();
  const events = [];
  sr.signal.addEventListener('abort', () => events.push('request'));
  ac.abort('why');
  out.signal = [sr.signal === ac.signal, sr.signal.aborted, sr.signal.reason, sc.signal.aborted, sc.signal.reason, events];
  out.preAborted = (() => { const s = AbortSignal.abort('pre'); const q = new Request('http://x', { signal: s }); return [q.signal.aborted, q.signal.reason]; })();

  // a body read through its stream
  const sreq = new Request('http://x', { method: 'POST', body: 'streamed' });
  const reader = sreq.body.getReader();
  out.streamLocked = [sreq.body.locked, sreq.bodyUsed];
  const chunks = [];
  for (;;) { const { done, value } = await reader.read(); if (done) break; chunks.push(new TextDecoder().decode(value)); }
  out.stream = [chunks.join(''), sreq.bodyUsed, await aerr(() => sreq.text())];
  out.protoKeys = Object.keys(Request.prototype).filter((k) => k !== 'attribute');
  out.tag = Object.prototype.toString.call(r);
  return out;
}
