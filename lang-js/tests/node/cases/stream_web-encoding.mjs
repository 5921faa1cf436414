import { ReadableStream, TextEncoderStream, TextDecoderStream, TransformStream } from 'node:stream/web';

const err = async (f) => { try { const r = await f(); return ['ok', r === undefined ? null : r]; } catch (e) { return [e.name, e.code ?? null, e.message]; } };
const code = async (f) => { try { await f(); return 'ok'; } catch (e) { return [e.name, e.code ?? null]; } };
const fromArray = (items) => new ReadableStream({ start(c) { for (const x of items) c.enqueue(x); c.close(); } });
const collect = async (rs) => { const out = []; for await (const x of rs) out.push(x); return out; };
const decodeAll = async (chunks, ...args) => (await collect(fromArray(chunks).pipeThrough(new TextDecoderStream(...args))));
const encodeAll = async (chunks) => (await collect(fromArray(chunks).pipeThrough(new TextEncoderStream()))).map((u) => [u.constructor.name, Array.from(u)]);
const bytes = (...xs) => new Uint8Array(xs);

export default async function () {
  const out = {};
  const enc = new TextEncoderStream();
  const dec = new TextDecoderStream();
  out.shapes = [
    Object.keys(TextEncoderStream.prototype), Object.keys(TextDecoderStream.prototype), enc.encoding, dec.encoding, dec.fatal, dec.ignoreBOM,
    enc.readable instanceof ReadableStream, typeof enc.writable.getWriter, enc instanceof TransformStream,
    new TextDecoderStream('utf8', { fatal: true, ignoreBOM: true }).fatal, new TextDecoderStream('UTF-8 ', { ignoreBOM: 1 }).ignoreBOM,
  ];
  out.encode = [
    await encodeAll(['h\u00e9', '', 'llo']),
    await encodeAll(['a\ud83d', '\ude00b']),
    await encodeAll(['\ud83d']),
    await encodeAll(['\ude00x', 'y\ud83d', 'z']),
    await encodeAll([42, null, { toString() { return 'obj'; } }]),
  ];
  const euro = [0xe2, 0x82, 0xac];
  const grin = [0xf0, 0x9f, 0x98, 0x80];
  out.decode = [
    await decodeAll([bytes(104, 105)]),
    await decodeAll([bytes(euro[0]), bytes(euro[1]), bytes(euro[2], 33)]),
    await decodeAll([bytes(grin[0], grin[1]), bytes(grin[2], grin[3], 0x61)]),
    await decodeAll([bytes(0x61, 0xff, 0x62)]),
    await decodeAll([bytes(0x61, euro[0], euro[1])]),
    await decodeAll([bytes(0xef, 0xbb, 0xbf, 0x61)]),
    await decodeAll([bytes(0xef, 0xbb), bytes(0xbf, 0x61), bytes(0xef, 0xbb, 0xbf)]),
    await decodeAll([bytes(0xef, 0xbb, 0xbf, 0x61)], 'utf-8', { ignoreBOM: true }),
    await decodeAll([bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf)]),
    await decodeAll([new Uint16Array([0x6968]).buffer, new DataView(bytes(0x21).buffer)]),
    await decodeAll([bytes(0xc3), bytes(0x28)]),
  ];
  out.fatal = [
    await err(() => decodeAll([bytes(0x61, 0xff)], 'utf-8', { fatal: true })),
    await err(() => decodeAll([bytes(0x61, euro[0])], 'utf-8', { fatal: true })),
    await decodeAll([bytes(euro[0], euro[1]), bytes(euro[2])], 'utf-8', { fatal: true }),
  ];
  out.roundTrip = (await collect(fromArray(['Laf ', '函数 ', '😀']).pipeThrough(new TextEncoderStream()).pipeThrough(new TextDecoderStream()))).join('');
  out.errors = [
    await err(() => new TextDecoderStream('nope')),
    await code(() => decodeAll(['a string'])),
    await code(() => decodeAll([5])),
  ];
  return out;
}
