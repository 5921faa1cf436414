// WHATWG FormData: append/set/get/getAll/has/delete, Blob and File values with filenames, iteration, and its multipart serialization.
import { Blob, File } from 'buffer';

const err = (f) => { try { f(); return 'no error'; } catch (e) { return `${e.name}: ${e.message}`; } };
const val = (v) => (typeof v === 'string' ? v : [v.constructor.name, v.name, v.type, v.size]);

export default async function () {
  const out = {};
  const fd = new FormData();
  fd.append('x', 1);
  fd.append('x', {});
  fd.append('y', new Blob(['q'], { type: 'text/x' }));
  out.before = [...fd].map(([k, v]) => [k, val(v)]);
  fd.set('x', 'z');
  fd.append('w', new File(['r'], 'orig.txt', { lastModified: 5 }), 'renamed.txt');
  const file = new File(['rr'], 'orig.txt', { lastModified: 5, type: 'a/b' });
  fd.append('u', file);
  fd.append('n', new Blob(['n']), 'given.bin');
  out.entries = [...fd].map(([k, v]) => [k, val(v)]);
  out.sameFile = fd.get('u') === file;
  out.renamedKeepsLastModified = fd.get('w').lastModified;
  out.blobBecomesFile = [fd.get('y') instanceof File, fd.get('y').name, typeof fd.get('y').lastModified];
  out.get = [fd.get('x'), fd.get('nope'), fd.getAll('nope'), fd.getAll('x'), fd.has('y'), fd.has('Y')];
  out.keys = [...fd.keys()];
  out.values = [...fd.values()].map(val);
  fd.delete('y');
  out.afterDelete = [...fd.keys()];
  const fe = [];
  fd.forEach(function (v, k, p) { fe.push([k, typeof v, p === fd, this]); }, 'T');
  out.forEach = fe;
  const s = new FormData();
  s.append('a', '1'); s.append('b', '2'); s.append('a', '3'); s.append('c', '4');
  s.set('a', 'new');
  out.setKeepsPosition = [...s];
  s.set('d', 'appended');
  out.setAppends = [...s].map((e) => e[0]);
  out.tags = [String(fd), Object.prototype.toString.call(fd.entries())];
  out.iteratorIsEntries = FormData.prototype[Symbol.iterator] === FormData.prototype.entries;
  out.errors = {
    ctor: err(() => new FormData({})),
    appendOne: err(() => fd.append('a')),
    appendFilenameString: err(() => fd.append('a', 'b', 'c')),
    setFilenameString: err(() => fd.set('a', 'b', 'c')),
    getNone: err(() => fd.get()),
    setOne: err(() => fd.set('a')),
    forEach: err(() => fd.forEach(1)),
  };
  out.protoKeys = Object.keys(FormData.prototype);

  // serialized by a Response: escaping, newline normalization, file parts
  const m = new FormData();
  m.append('a"b\r\nc', 'v\nw\r\nx\ry');
  m.append('f', new Blob(['z']), 'q"\n.txt');
  m.append('t', new Blob(['typed'], { type: 'text/markdown' }), 'r.md');
  m.append('é', 'ü');
  const r = new Response(m);
  const type = r.headers.get('content-type');
  const boundary = type.slice(type.indexOf('boundary=') + 9);
  const body = await r.clone().text();
  out.contentType = type.replace(boundary, 'B');
  out.boundaryShape = /^-{2,}[A-Za-z0-9-]+$/.test(boundary) && boundary.length >= 20;
  out.serialized = body.split(boundary).join('B');
  const back = await r.formData();
  out.roundTrip = [...back].map(([k, v]) => [k, val(v)]);
  out.roundTripFileText = await back.get('t').text();
  return out;
}
