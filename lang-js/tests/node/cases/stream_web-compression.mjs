// Runs on QuickJS only (zlib's natives are Rust), like zlib-basics. The gzip input below was made
// once by Node 20 (zlib.gzipSync('Laf compression stream')).
const NODE_GZIP = 'H4sIAAAAAAAAA/NJTFNIzs8tKEotLs7Mz1MoLilKTcwFAOE/vrEWAAAA';
import { CompressionStream, DecompressionStream, ReadableStream } from 'node:stream/web';
import { Buffer } from 'node:buffer';

const err = async (f) => { try { const r = await f(); return ['ok', r === undefined ? null : r]; } catch (e) { return [e.name, e.code ?? null]; } };
const fromArray = (items) => new ReadableStream({ start(c) { for (const x of items) c.enqueue(x); c.close(); } });
const concat = async (rs) => { const parts = []; for await (const x of rs) parts.push(Buffer.from(x)); return Buffer.concat(parts); };

export default async function () {
  const text = 'Laf 函数 '.repeat(40);
  const out = {};
  for (const format of ['gzip', 'deflate', 'deflate-raw']) {
    const packed = await concat(fromArray([Buffer.from(text.slice(0, 50)), new TextEncoder().encode(text.slice(50))]).pipeThrough(new CompressionStream(format)));
    const back = await concat(fromArray([packed.subarray(0, 7), packed.subarray(7)]).pipeThrough(new DecompressionStream(format)));
    out[format] = [packed.length < Buffer.byteLength(text), back.toString() === text];
  }
  out.gzipMagic = Array.from((await concat(fromArray([Buffer.from('x')]).pipeThrough(new CompressionStream('gzip')))).subarray(0, 2));
  out.fromNode = (await concat(fromArray([Buffer.from(NODE_GZIP, 'base64')]).pipeThrough(new DecompressionStream('gzip')))).toString();
  out.shapes = [Object.keys(CompressionStream.prototype), Object.keys(DecompressionStream.prototype), typeof new CompressionStream('gzip').readable.getReader];
  out.errors = [
    await err(() => new CompressionStream('zip')),
    await err(() => new DecompressionStream()),
    await err(() => concat(fromArray([Buffer.from('not gzip at all')]).pipeThrough(new DecompressionStream('gzip')))),
  ];
  // Node's streams take strings too (as UTF-8).
  out.stringChunk = (await concat(fromArray(['a string']).pipeThrough(new CompressionStream('gzip')).pipeThrough(new DecompressionStream('gzip')))).toString();
  return out;
}
