// fetch against a server: request bodies and their content types, FormData as multipart, response shapes, redirects, set-cookie, AbortSignal, failures.
import { Blob, File } from 'buffer';

const aerr = async (f) => {
  try { await f(); return 'no error'; } catch (e) {
    if (e === null || typeof e !== 'object') return { thrown: e };
    const c = e && e.cause;
    return { name: e && e.name, message: e && e.message, code: e && e.code, cause: c === undefined ? undefined : typeof c === 'object' ? { name: c.name, code: c.code, message: c.message } : c };
  }
};
const TRANSPORT = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);
const headers = (h) => [...h].filter(([k]) => !TRANSPORT.has(k));

export default async function (ctx) {
  const base = ctx.query.base;
  const strip = (s) => s.split(base).join('BASE');
  const out = {};
  const echo = async (init, path = '/echo') => {
    const r = await fetch(base + path, init);
    return { status: r.status, echo: await r.json() };
  };
  const r = await fetch(`${base}/json`);
  out.response = {
    status: r.status, ok: r.ok, statusText: r.statusText, type: r.type, url: strip(r.url), redirected: r.redirected,
    headers: headers(r.headers), bodyUsed: r.bodyUsed, body: typeof r.body, immutable: await aerr(() => r.headers.set('a', 'b')),
  };
  out.json = await r.json();
  out.usedAfter = [r.bodyUsed, await aerr(() => r.text())];

  out.getWithHeaders = await echo({ headers: { 'X-One': '1', 'x-two': 'a', Authorization: 'Bearer t' } });
  out.headersObject = await echo({ headers: new Headers([['x-h', '1'], ['X-H', '2']]) });
  out.postString = await echo({ method: 'POST', body: 'plain text' });
  out.postJson = await echo({ method: 'post', body: JSON.stringify({ a: [1, 'ü'] }), headers: { 'content-type': 'application/json' } });
  out.postParams = await echo({ method: 'POST', body: new URLSearchParams({ q: 'a b', r: 'é&=' }) });
  out.postBytes = await echo({ method: 'PUT', body: new Uint8Array([104, 105]) });
  out.postBuffer = await echo({ method: 'PUT', body: new Uint8Array([104, 105, 33]).buffer });
  out.postBlob = await echo({ method: 'POST', body: new Blob(['blob body'], { type: 'text/x-blob' }) });
  out.deleteNoBody = await echo({ method: 'DELETE' });
  out.requestObject = await (async () => {
    const req = new Request(`${base}/echo?from=request`, { method: 'PATCH', body: 'from a Request', headers: { 'x-req': '1' } });
    const res = await fetch(req);
    return [req.bodyUsed, await res.json()];
  })();
  out.urlObject = await echo(undefined, '/echo?u=1#frag');

  // FormData: the server parses the multipart body it got
  const fd = new FormData();
  fd.append('field', 'value');
  fd.append('multi', 'one');
  fd.append('multi', 'two\nlines');
  fd.append('utf8', 'héllo ✓');
  fd.append('file', new Blob(['file content'], { type: 'text/plain' }), 'a.txt');
  fd.append('bin', new Blob([new Uint8Array([0, 1, 2, 255])]), 'b.bin');
  fd.append('named', new File(['{"x":1}'], 'data.json', { type: 'application/json' }));
  fd.append('blob', new Blob(['no name']));
  out.multipart = await (await fetch(`${base}/multipart`, { method: 'POST', body: fd })).json();
  out.multipartFromRequest = await (await fetch(new Request(`${base}/multipart`, { method: 'POST', body: fd }))).json();

  // response bodies
  out.text = await (await fetch(`${base}/text`)).text();
  out.bytes = await fetch(`${base}/bytes`).then((x) => x.arrayBuffer()).then((b) => [b.byteLength, new Uint8Array(b)[255]]);
  out.blob = await fetch(`${base}/custom-type`).then((x) => x.blob()).then(async (b) => [b.type, b.size, await b.text()]);
  out.formData = await fetch(`${base}/form`).then((x) => x.formData()).then((f) => [...f]);
  out.big = await fetch(`${base}/big?n=300000`).then((x) => x.text()).then((t) => [t.length, t.slice(-3)]);
  out.clone = await (async () => {
    const res = await fetch(`${base}/json`);
    const c = res.clone();
    return [await res.text(), (await c.json()).ok, c.url === res.url, c.type];
  })();
  out.stream = await (async () => {
    const res = await fetch(`${base}/text`);
    const reader = res.body.getReader();
    const parts = [];
    for (;;) { const { done, value } = await reader.read(); if (done) break; parts.push(...value); }
    return [parts.length, res.bodyUsed];
  })();

  // statuses
  out.statuses = await Promise.all([404, 500, 201, 204, 418].map(async (s) => {
    const x = await fetch(`${base}/status/${s}`);
    return [x.status, x.ok, x.statusText, x.body === null, await x.text()];
  }));
  out.head = await fetch(`${base}/echo`, { method: 'HEAD' }).then(async (x) => [x.status, x.body, x.headers.get('content-type'), await x.text()]);
  out.cookies = await fetch(`${base}/headers`).then((x) => [x.headers.getSetCookie(), x.headers.get('set-cookie'), x.headers.get('x-dup'), x.headers.get('age'), headers(x.headers)]);

  // redirects are followed
  out.redirect = await fetch(`${base}/redirect/3?to=/echo%3Fafter%3D1`).then(async (x) => [x.status, strip(x.url), x.redirected, (await x.json()).path]);
  out.redirectPost303 = await fetch(`${base}/redirect-code/303`, { method: 'POST', body: 'gone' }).then(async (x) => { const j = await x.json(); return [x.redirected, j.method, j.body]; });
  out.redirectPost307 = await fetch(`${base}/redirect-code/307`, { method: 'POST', body: 'kept' }).then(async (x) => { const j = await x.json(); return [x.redirected, j.method, j.body]; });
  out.redirectError = await aerr(() => fetch(`${base}/redirect/1`, { redirect: 'error' }));

  // AbortSignal
  out.preAborted = await aerr(() => fetch(`${base}/slow?ms=300`, { signal: AbortSignal.abort() }));
  out.preAbortedReason = await aerr(() => fetch(`${base}/slow?ms=300`, { signal: AbortSignal.abort('reason') }));
  out.midFlight = await aerr(() => { const c = new AbortController(); setTimeout(() => c.abort(), 100); return fetch(`${base}/slow?ms=400`, { signal: c.signal }); });
  out.midFlightReason = await aerr(() => { const c = new AbortController(); setTimeout(() => c.abort(new Error('custom')), 100); return fetch(`${base}/slow?ms=400`, { signal: c.signal }); });
  out.timeoutSignal = await aerr(() => fetch(`${base}/slow?ms=400`, { signal: AbortSignal.timeout(100) }));
  out.requestSignal = await aerr(() => { const c = new AbortController(); const q = new Request(`${base}/slow?ms=400`, { signal: c.signal }); setTimeout(() => c.abort('via request'), 100); return fetch(q); });
  out.afterAnswer = await (async () => {
    const c = new AbortController();
    const res = await fetch(`${base}/json`, { signal: c.signal });
    c.abort('late');
    return [res.status, await aerr(() => res.text())];
  })();
  out.abortAfterRead = await (async () => {
    const c = new AbortController();
    const res = await fetch(`${base}/json`, { signal: c.signal });
    const j = await res.json();
    c.abort('late');
    return j.ok;
  })();

  // failures
  out.refused = await aerr(() => fetch('http://127.0.0.1:2/'));
  out.badPort = await aerr(() => fetch('http://127.0.0.1:1/'));
  out.badUrl = await aerr(() => fetch('/relative'));
  out.scheme = await aerr(() => fetch('file:///etc/hostname'));
  out.getBody = await aerr(() => fetch(`${base}/echo`, { body: 'x' }));
  out.dataUrl = await fetch('data:text/plain;base64,aGk=').then(async (x) => [x.status, x.statusText, headers(x.headers), await x.text(), x.url]);
  out.dataUrlPlain = await fetch('data:,a%20b').then(async (x) => [headers(x.headers), await x.text()]);
  return out;
}
