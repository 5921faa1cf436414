// The compressed inputs below were made once by Node 20 (zlib.gzipSync and friends).
const NODE_GZIP = "H4sIAAAAAAAAA/NJTFN42r732dQNCj6jzFEmdmZqXgoAx+DwZSkCAAA=";
const NODE_DEFLATE = "eNrzSUxTeNq+99nUDQo+o8xRJnZmal4KABemG+U=";
const NODE_RAW = "80lMU3javvfZ1A0KPqPMUSZ2ZmpeCgA=";
const NODE_BROTLI = "GygC+J0JdkyXiSP7ji9BmMg6rKzcXB9WwvYqM7fShMAIYNVBvOEB";
const NODE_TWO_MEMBERS = "H4sIAAAAAAAAA0vLLCouUQAA/HrxHAYAAAAfiwgAAAAAAAADK05Nzs9LAQBpER+2BgAAAA==";

import zlib, { gzipSync, gunzipSync, createGzip, createGunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { pipeline, Readable, Writable } from 'node:stream';

const TEXT = 'Laf 函数 '.repeat(50) + 'end';

export default async function () {
  const packed = gzipSync(TEXT);
  const errors = {};
  for (const [name, fn, input] of [['gunzipPlain', gunzipSync, 'not gzip at all'], ['inflatePlain', zlib.inflateSync, 'nope'], ['truncated', gunzipSync, packed.subarray(0, 20)]]) {
    try { fn(input); errors[name] = 'no error'; } catch (e) { errors[name] = [e.message, e.code, e.errno]; }
  }
  // Brotli's error codes name decoder internals; only the kind of failure is compared.
  try { zlib.brotliDecompressSync(Buffer.from([0xff, 0xff, 0xff, 0xff])); errors.brotliBad = 'no error'; } catch (e) { errors.brotliBad = [e instanceof Error, typeof e.code, e.errno < 0]; }
  let tooBig;
  try { gunzipSync(packed, { maxOutputLength: 10 }); } catch (e) { tooBig = [e.code, e.constructor.name]; }
  const viaCallback = await new Promise((res, rej) => zlib.deflate(TEXT, (e, b) => (e ? rej(e) : zlib.inflate(b, (e2, t) => (e2 ? rej(e2) : res(t.toString()))))));
  const viaPromise = (await promisify(zlib.brotliDecompress)(await promisify(zlib.brotliCompress)(TEXT))).toString();
  const chunks = [];
  await new Promise((res, rej) => pipeline(
    Readable.from([Buffer.from(TEXT.slice(0, 100)), Buffer.from(TEXT.slice(100))]),
    createGzip(),
    createGunzip(),
    new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } }),
    (e) => (e ? rej(e) : res()),
  ));
  let order = [];
  zlib.gzip('x', () => order.push('callback'));
  order.push('sync');
  await new Promise((r) => setTimeout(r, 20));
  return {
    gzipHeader: [packed[0], packed[1], packed[2]],
    roundTrip: gunzipSync(packed).toString() === TEXT,
    nodeGzip: gunzipSync(Buffer.from(NODE_GZIP, 'base64')).toString() === TEXT,
    nodeDeflate: zlib.inflateSync(Buffer.from(NODE_DEFLATE, 'base64')).toString().length,
    nodeRaw: zlib.inflateRawSync(Buffer.from(NODE_RAW, 'base64')).toString().slice(0, 12),
    nodeBrotli: zlib.brotliDecompressSync(Buffer.from(NODE_BROTLI, 'base64')).toString().endsWith('end'),
    twoMembers: gunzipSync(Buffer.from(NODE_TWO_MEMBERS, 'base64')).toString(),
    unzip: [zlib.unzipSync(Buffer.from(NODE_GZIP, 'base64')).length, zlib.unzipSync(Buffer.from(NODE_DEFLATE, 'base64')).length],
    levels: zlib.deflateSync(TEXT, { level: 0 }).length > zlib.deflateSync(TEXT, { level: 9 }).length,
    smaller: packed.length < Buffer.byteLength(TEXT) / 5,
    errors,
    tooBig,
    viaCallback: viaCallback === TEXT,
    viaPromise: viaPromise === TEXT,
    streamed: Buffer.concat(chunks).toString() === TEXT,
    order,
    crc32: typeof zlib.crc32 === 'function' ? [zlib.crc32('hello world'), zlib.crc32('world', zlib.crc32('hello '))] : null,
    constants: [zlib.constants.Z_BEST_COMPRESSION, zlib.constants.BROTLI_PARAM_QUALITY, zlib.Z_DEFAULT_COMPRESSION],
    classes: [typeof zlib.Gzip, createGzip() instanceof zlib.Gzip],
  };
}
