// Blob and File from the buffer module: sources of every kind, type normalisation, endings, slice with
// negative and out-of-range bounds, text/arrayBuffer/bytes, File's name and lastModified, and their errors.
import { Blob, File, resolveObjectURL, Buffer } from 'node:buffer';

const E = (f) => { try { const r = f(); return r instanceof Blob ? ['blob', r.size, r.type] : r; } catch (e) { return [e.name, e.code, e.message]; } };
const codes = (s) => Array.from(s, (c) => c.codePointAt(0));

export default async function () {
  const out = {};
  const b = new Blob(['hé', new Uint8Array([0x21]), Buffer.from('?'), new Blob(['xy']), new ArrayBuffer(2), new Uint16Array([0x4142]), 12, null, { toString() { return 'o'; } }],
    { type: 'Text/Plain;Charset=UTF-8' });
  out.mixed = { size: b.size, type: b.type, text: codes(await b.text()), bytes: Array.from(await b.bytes()), ab: Array.from(new Uint8Array(await b.arrayBuffer())),
    tag: Object.prototype.toString.call(b), keys: Object.keys(b), isBlob: b instanceof Blob };
  const copied = new Uint8Array([1, 2]);
  const cb = new Blob([copied]);
  copied[0] = 9;
  out.copiesSources = Array.from(await cb.bytes());
  out.types = ['', 'A/B', 'text/html; charset=UTF-8', 'é', 'a\u0019b', undefined, null, 5].map((t) => new Blob([], { type: t }).type);
  out.empty = [new Blob().size, new Blob([]).size, new Blob(undefined, undefined).type, await new Blob().text(), new Blob([''], {}).size, new Blob(new Set(['ab', 'c'])).size];
  out.endings = [new Blob(['a\r\nb\rc\n'], { endings: 'native' }).size, new Blob(['a\r\nb\rc\n'], { endings: 'transparent' }).size, new Blob(['a\r\n']).size];
  const h = new Blob(['hello world'], { type: 'x/y' });
  out.slice = await Promise.all([[], [2], [-3], [2, -2], [5, 2], [0, 100], [-100, 2], [undefined, undefined, 'A/B'], [0, 1, 5], [0, 1], [0, 1, 'é'], [6, 11]]
    .map(async (args) => { const s = h.slice(...args); return [s.size, s.type, await s.text()]; }));
  out.sliceOfSlice = await h.slice(2, 9).slice(1, -1).text();
  out.bom = codes(await new Blob([new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff])]).text());
  out.promises = [h.text() instanceof Promise, h.arrayBuffer() instanceof Promise, (await h.arrayBuffer()) instanceof ArrayBuffer, (await h.bytes()) instanceof Uint8Array];
  const f = new File(['ab', new Blob(['c'])], 'note.txt', { type: 'Text/Plain', lastModified: 1234 });
  out.file = { name: f.name, size: f.size, type: f.type, lastModified: f.lastModified, isBlob: f instanceof Blob, isFile: f instanceof File, tag: Object.prototype.toString.call(f),
    text: await f.text(), slice: [f.slice(1).size, f.slice(1) instanceof File], others: [new File([], 5).name, new File([], 'a', { lastModified: '7' }).lastModified,
      new File([], 'a', { lastModified: 'x' }).lastModified, typeof new File([], 'a').lastModified, new File([], 'a').type] };
  out.protoKeys = [Object.keys(Blob.prototype), Object.keys(File.prototype), Blob.name, File.name];
  out.errors = [E(() => new Blob('abc')), E(() => new Blob(null)), E(() => new Blob(5)), E(() => new Blob({ length: 1, 0: 'a' })), E(() => new Blob([], 5)),
    E(() => new Blob([], 'x')), E(() => new Blob([], { endings: 'x' })), E(() => new File(['x'])), E(() => new File()), E(() => new File('x', 'y'))];
  out.invalidThis = await Blob.prototype.text.call({}).then(() => 'resolved', (e) => [e.name, e.code, e.message]);
  out.resolveObjectURL = [resolveObjectURL('blob:nodedata:abc'), resolveObjectURL('http://x')];
  return out;
}
