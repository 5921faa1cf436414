// WHATWG Response: constructor rules, statics (json, error, redirect), body methods incl. blob and formData, clone.
import { Blob } from 'buffer';

const err = (f) => { try { f(); return 'no error'; } catch (e) { return `${e.name}: ${e.message}`; } };
const aerr = async (f) => { try { await f(); return 'no error'; } catch (e) { return `${e.name}: ${e.message}`; } };
const shape = (r) => ({ type: r.type, url: r.url, redirected: r.redirected, status: r.status, ok: r.ok, statusText: r.statusText, headers: [...r.headers], bodyNull: r.body === null, bodyUsed: r.bodyUsed });

export default async function () {
  const out = {};
  out.plain = shape(new Response('x'));
  out.empty = shape(new Response());
  out.nullBody = [await new Response(null).text(), await new Response(undefined, { status: 204 }).text()];
  out.init = shape(new Response('y', { status: 201, statusText: 'Made', headers: [['a', '1']] }));
  out.notOk = [new Response('', { status: 404 }).ok, new Response('', { status: 299 }).ok, new Response('', { status: 300 }).ok];
  out.errors = {
    status204: err(() => new Response('x', { status: 204 })),
    status304: err(() => new Response('x', { status: 304 })),
    status600: err(() => new Response('x', { status: 600 })),
    status199: err(() => new Response(null, { status: 199 })),
    statusNaN: err(() => new Response('', { status: 'abc' })),
    statusText: err(() => new Response('x', { statusText: 'a\nb' })),
    initNumber: err(() => new Response('', 5)),
    redirect200: err(() => Response.redirect('http://x/', 200)),
    redirectRel: err(() => Response.redirect('/rel')),
    jsonUndefined: err(() => Response.json(undefined)),
    jsonFn: err(() => Response.json(() => 1)),
    json204: err(() => Response.json('x', { status: 204 })),
  };
  out.nullBodyStatusOk = [new Response(null, { status: 204 }).status, new Response('', { status: 599 }).status];

  // bodies
  out.types = {
    string: new Response('s').headers.get('content-type'),
    params: new Response(new URLSearchParams('a=1')).headers.get('content-type'),
    bytes: new Response(new Uint8Array(2)).headers.get('content-type'),
    blob: new Response(new Blob(['ab'], { type: 'Text/Plain' })).headers.get('content-type'),
    blobNoType: new Response(new Blob(['ab'])).headers.get('content-type'),
    explicit: new Response('s', { headers: { 'content-type': 'x/y' } }).headers.get('content-type'),
  };
  out.text = await new Response('héllo ✓').text();
  out.bom = JSON.stringify(await new Response('\ufeffhi').text());
  out.invalidUtf8 = await new Response(new Uint8Array([0x68, 0xff, 0x69])).text();
  out.bomBytes = JSON.stringify(await new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x68])).text());
  out.json = await new Response('{"a":[1,{"b":null}]}').json();
  out.badJson = await aerr(() => new Response('{').json()).then((s) => s.split(':')[0]);
  out.arrayBuffer = await new Response(new ArrayBuffer(3)).arrayBuffer().then((b) => [b.constructor.name, b.byteLength]);
  out.dataView = await new Response(new DataView(new Uint8Array([1, 2, 3]).buffer, 1)).bytes().then((b) => [b.constructor.name, ...b]);
  const shared = new Uint8Array([1, 2]);
  const copied = new Response(shared);
  shared[0] = 9;
  out.bytesCopied = [...await copied.bytes()];
  out.objectBody = [await new Response({}).text(), await new Response(5).text()];
  out.blob = await (async () => {
    const b = await new Response('x', { headers: { 'content-type': 'Text/HTML; Charset="UTF-8"; A=B' } }).blob();
    const n = await new Response('x', { headers: { 'content-type': 'nonsense' } }).blob();
    const none = await new Response(new Uint8Array([1])).blob();
    return [b.type, b.size, await b.text(), n.type, none.type, none.size, b instanceof Blob];
  })();
  out.blobBody = await (async () => {
    const r = new Response(new Blob(['from blob'], { type: 'a/b' }));
    const b = await r.blob();
    return [b.type, await b.text()];
  })();
  out.used = await (async () => {
    const r = new Response('x');
    await r.text();
    return [r.bodyUsed, await aerr(() => r.text()), await aerr(() => r.json()), await aerr(() => r.arrayBuffer()), err(() => r.clone())];
  })();
  out.usedSync = (() => { const r = new Response('x'); r.text(); return r.bodyUsed; })();
  out.emptyBodyNotUsed = await (async () => { const r = new Response(); await r.text(); return [r.bodyUsed, await r.text()]; })();

  // formData
  out.formUrlencoded = await new Response('a=1&b=%20x+y&a=2', { headers: { 'content-type': 'Application/X-WWW-Form-Urlencoded; charset=utf-8' } })
    .formData().then((f) => [...f]);
  out.formWrongType = await aerr(() => new Response('a=1').formData());
  const mp = '--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello\r\n' +
    '--XX\r\ncontent-disposition: form-data; name="f"; filename="a.txt"\r\n\r\nfile body\r\n' +
    '--XX\r\nContent-Disposition: form-data; name="g"; filename="b.bin"\r\nContent-Type: Image/PNG\r\n\r\n\x01\x02\r\n' +
    '--XX\r\nContent-Disposition: form-data; name="ü"\r\n\r\nmulti\r\nline\r\n--XX--\r\n';
  const fd = await new Response(mp, { headers: { 'content-type': 'multipart/form-data; boundary=XX' } }).formData();
  out.multipart = await Promise.all([...fd].map(async ([k, v]) => [k, typeof v === 'string' ? v : [v.constructor.name, v.name, v.type, v.size, await v.text()]]));
  out.multipartQuotedBoundary = await new Response('--a b\r\nContent-Disposition: form-data; name="q"\r\n\r\nv\r\n--a b--', { headers: { 'content-type': 'multipart/form-data; boundary="a b"' } })
    .formData().then((f) => [...f]);
  out.multipartGarbage = await aerr(() => new Response('garbage', { headers: { 'content-type': 'multipart/form-data; boundary=XX' } }).formData());
  out.multipartEmpty = await new Response('--XX--', { headers: { 'content-type': 'multipart/form-data; boundary=XX' } }).formData().then((f) => [...f]);
  out.multipartNoBoundary = await aerr(() => new Response('', { headers: { 'content-type': 'multipart/form-data' } }).formData());

  // statics
  const j = Response.json({ a: 1 }, { status: 201, headers: { 'x-a': '1' } });
  out.json_ = [j.status, [...j.headers], await j.text()];
  out.jsonOwnType = [...Response.json([1], { headers: { 'content-type': 'text/x' } }).headers];
  out.jsonNull = await Response.json(null).text();
  const e = Response.error();
  out.error = shape(e);
  const rd = Response.redirect('http://x/a b', 301);
  out.redirect = [shape(rd), err(() => rd.headers.set('a', 'b'))];
  out.redirectDefault = Response.redirect(new URL('http://y/')).status;
  out.redirectCodes = [301, 302, 303, 307, 308].map((s) => Response.redirect('http://z/', s).status);

  // clone
  const orig = new Response('twice', { status: 202, headers: { h: '1' } });
  const copy = orig.clone();
  copy.headers.set('h', '2');
  out.clone = [await orig.text(), await copy.text(), orig.headers.get('h'), copy.headers.get('h'), copy.status, copy instanceof Response];
  out.cloneError = [Response.error().clone().type, err(() => Response.error().clone().headers.set('a', 'b'))];

  // body as a stream
  const sr = new Response('abc');
  const chunks = [];
  for await (const c of sr.body) chunks.push(...c);
  out.streamIter = [chunks, sr.bodyUsed, sr.body.locked];
  const rr = new Response('reader');
  const reader = rr.body.getReader();
  out.locked = [rr.body.locked, err(() => rr.body.getReader()), await aerr(() => rr.text())];
  const first = await reader.read();
  const second = await reader.read();
  out.reader = [first.done, new TextDecoder().decode(first.value), second.done, second.value];
  reader.releaseLock();
  out.released = rr.body.locked;
  out.fromStream = await new Response(new Response('piped').body).text();
  out.fromStreamUsesIt = await (async () => { const src = new Response('src'); const r = new Response(src.body); return [src.bodyUsed, await r.text()]; })();
  out.asyncIterable = await (async () => {
    const r = new Response((async function* () { yield new Uint8Array([97, 98]); yield new Uint8Array([99]); })());
    const c = r.clone();
    return [await r.text(), await c.text(), r.headers.get('content-type')];
  })();
  out.requestStreamNeedsDuplex = err(() => new Request('http://x/', { method: 'POST', body: new Response('s').body }));
  out.requestStreamDuplex = await new Request('http://x/', { method: 'POST', body: new Response('s').body, duplex: 'half' }).text();
  out.protoKeys = Object.keys(Response.prototype);
  out.staticKeys = Object.getOwnPropertyNames(Response).sort();
  out.tag = Object.prototype.toString.call(new Response());
  out.ownKeys = Object.keys(new Response());
  return out;
}
