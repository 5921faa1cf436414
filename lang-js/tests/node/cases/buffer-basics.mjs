// Buffer's shape (a Uint8Array subclass), Buffer.from in all its forms, alloc/allocUnsafe/of/copyBytesFrom,
// memory sharing of slice/subarray/from(ArrayBuffer), iteration, toJSON and the module's other exports.
import buffer, { Buffer, SlowBuffer, kMaxLength, constants } from 'node:buffer';
import { Buffer as B2 } from 'buffer';

const arr = (b) => Array.from(b);
const E = (f) => { try { return ['ok', f()]; } catch (e) { return [e.name, e.code, e.message]; } };

export default async function () {
  const out = {};
  const b = Buffer.from('hello');
  out.shape = {
    same: B2 === Buffer && buffer.Buffer === Buffer,
    isU8: b instanceof Uint8Array,
    isBuffer: b instanceof Buffer,
    protoChain: Object.getPrototypeOf(Buffer.prototype) === Uint8Array.prototype,
    ctorProto: Object.getPrototypeOf(Buffer) === Uint8Array,
    ctor: b.constructor === Buffer,
    ctorName: b.constructor.name,
    protoOf: Object.getPrototypeOf(b) === Buffer.prototype,
    tag: Object.prototype.toString.call(b),
    typedTag: b[Symbol.toStringTag],
    isView: ArrayBuffer.isView(b),
    isBufferFn: [Buffer.isBuffer(b), Buffer.isBuffer(new Uint8Array(2)), Buffer.isBuffer('x'), Buffer.isBuffer(null), Buffer.isBuffer({})],
    length: [b.length, b.byteLength, Buffer.length, Buffer.name],
    poolSize: Buffer.poolSize,
    bytesPerElement: b.BYTES_PER_ELEMENT,
  };

  // slice/subarray share memory and are Buffers
  const base = Buffer.from([1, 2, 3, 4, 5, 6]);
  const sl = base.slice(1, 4);
  const sa = base.subarray(2);
  sl[0] = 20;
  sa[0] = 30;
  out.sharing = {
    base: arr(base),
    slice: [arr(sl), sl instanceof Buffer, sl.buffer === base.buffer, sl.byteOffset - base.byteOffset],
    subarray: [arr(sa), sa instanceof Buffer, sa.buffer === base.buffer],
    negative: [arr(base.slice(-2)), arr(base.subarray(-3, -1)), arr(base.slice(4, 2)), arr(base.slice(-100, 100))],
    fractional: [arr(base.slice(1.7, 3.2)), arr(base.slice('2', '4')), arr(base.slice(NaN, 2)), arr(base.slice(undefined, undefined))],
    mapIsBuffer: base.map((x) => x * 2) instanceof Buffer,
    filterIsBuffer: base.filter((x) => x > 4) instanceof Buffer,
    u8slice: Uint8Array.prototype.slice.call(base, 1, 3) instanceof Buffer,
    u8sliceCopies: (() => { const c = Uint8Array.prototype.slice.call(base, 0, 2); c[0] = 99; return base[0]; })(),
  };

  // from ArrayBuffer: shares memory, with byteOffset and length
  const ab = new ArrayBuffer(10);
  const u8 = new Uint8Array(ab);
  for (let i = 0; i < 10; i++) u8[i] = i;
  const fa = Buffer.from(ab, 2, 5);
  fa[0] = 200;
  out.fromArrayBuffer = {
    bytes: arr(fa), shared: u8[2], buffer: fa.buffer === ab, offset: fa.byteOffset, len: fa.length,
    whole: arr(Buffer.from(ab)).length,
    offsetOnly: arr(Buffer.from(ab, 7)),
    zeroLen: Buffer.from(ab, 3, 0).length,
    negLen: Buffer.from(ab, 3, -5).length,
    nanOffset: arr(Buffer.from(ab, NaN, 2)),
    stringArgs: arr(Buffer.from(ab, '8', '2')),
    outside: [E(() => Buffer.from(ab, 11)), E(() => Buffer.from(ab, 2, 9))],
    atEnd: Buffer.from(ab, 10).length,
  };

  // from Buffer / Uint8Array / typed arrays copies
  const src = Buffer.from([1, 2, 3]);
  const copy = Buffer.from(src);
  copy[0] = 9;
  const srcU8 = new Uint8Array([4, 5, 6]);
  const copyU8 = Buffer.from(srcU8);
  copyU8[0] = 7;
  out.fromCopies = {
    buffer: [arr(src), arr(copy), copy !== src],
    u8: [arr(srcU8), arr(copyU8)],
    u16: arr(Buffer.from(new Uint16Array([1, 0x1ff, 0xffff]))),
    f64: arr(Buffer.from(new Float64Array([1.5, -1.5, 300, NaN]))),
    i8: arr(Buffer.from(new Int8Array([-1, -128, 127]))),
    dataView: arr(Buffer.from(new DataView(new ArrayBuffer(4)))),
    subview: arr(Buffer.from(new Uint8Array(ab, 5, 3))),
  };

  // arrays, array-likes, objects
  out.fromObjects = {
    array: arr(Buffer.from([1, 255, 256, -1, 1.9, '7', 'x', null, true])),
    empty: Buffer.from([]).length,
    arrayLike: arr(Buffer.from({ length: 3, 0: 10, 1: 20, 2: 30 })),
    arrayLikeStrLen: Buffer.from({ length: '2', 0: 1 }).length,
    negLength: Buffer.from({ length: -5 }).length,
    json: arr(Buffer.from({ type: 'Buffer', data: [1, 2, 300] })),
    jsonRoundTrip: arr(Buffer.from(JSON.parse(JSON.stringify(Buffer.from('hi'))))),
    stringObject: arr(Buffer.from(new String('hey'))),
    valueOf: arr(Buffer.from({ valueOf() { return 'ab'; } })),
    valueOfArray: arr(Buffer.from({ valueOf() { return [7, 8]; } })),
    valueOfEnc: arr(Buffer.from({ valueOf() { return 'ff00'; } }, 'hex')),
    toPrimitive: arr(Buffer.from({ [Symbol.toPrimitive](hint) { return hint === 'string' ? 'yo' : 'no'; } })),
    toPrimitiveEnc: arr(Buffer.from({ [Symbol.toPrimitive]() { return 'AQID'; } }, 'base64')),
    stringEncIgnored: [arr(Buffer.from('ab', 5)), arr(Buffer.from('ab', '')), arr(Buffer.from('ab', null))],
    emptyString: [Buffer.from('').length, Buffer.from('', 'hex').length],
  };

  // alloc / allocUnsafe / allocUnsafeSlow / of / copyBytesFrom / SlowBuffer / Buffer()
  out.alloc = {
    zero: arr(Buffer.alloc(4)),
    fillNum: arr(Buffer.alloc(4, 7)),
    fillNumWrap: arr(Buffer.alloc(3, 257)),
    fillStr: Buffer.alloc(7, 'abc').toString(),
    fillHex: arr(Buffer.alloc(5, 'a1b2', 'hex')),
    fillB64: arr(Buffer.alloc(4, 'AQI=', 'base64')),
    fillUcs2: arr(Buffer.alloc(5, 'ab', 'ucs2')),
    fillMultibyte: arr(Buffer.alloc(5, '€')),
    fillBuffer: arr(Buffer.alloc(5, Buffer.from([1, 2]))),
    fillU8: arr(Buffer.alloc(3, new Uint8Array([9]))),
    fillEmptyStr: arr(Buffer.alloc(3, '')),
    fillBool: arr(Buffer.alloc(2, true)),
    size0: [Buffer.alloc(0).length, Buffer.alloc(0, 'x').length],
    fractional: Buffer.alloc(2.7).length,
    unsafe: [Buffer.allocUnsafe(10).length, Buffer.allocUnsafe(10) instanceof Buffer, Buffer.allocUnsafeSlow(5).length,
      Buffer.allocUnsafeSlow(5) instanceof Buffer],
    of: [arr(Buffer.of(1, 2, 300)), Buffer.of() instanceof Buffer, Buffer.of(5).length],
    copyBytesFrom: [arr(Buffer.copyBytesFrom(new Uint16Array([1, 0x203, 4]))), arr(Buffer.copyBytesFrom(new Uint16Array([1, 0x203, 4]), 1)),
      arr(Buffer.copyBytesFrom(new Uint16Array([1, 0x203, 4]), 1, 1)), arr(Buffer.copyBytesFrom(new Uint8Array([1, 2, 3]), 5)),
      arr(Buffer.copyBytesFrom(new Float32Array([1]))), Buffer.copyBytesFrom(new Uint8Array(0)).length],
    slow: [SlowBuffer(3).length, SlowBuffer(3) instanceof Buffer, Object.getPrototypeOf(SlowBuffer.prototype) === Uint8Array.prototype],
    callable: [arr(Buffer('ab')), arr(Buffer(3)), arr(new Buffer([1, 2])), arr(Buffer('6162', 'hex'))],
  };

  // iteration and inherited Uint8Array methods
  const it = Buffer.from('abc');
  out.iteration = {
    spread: [...it],
    keys: [...it.keys()],
    values: [...it.values()],
    entries: [...it.entries()],
    forOf: (() => { const r = []; for (const x of it) r.push(x); return r; })(),
    forInIndices: (() => { const r = []; for (const k in it) if (/^\d+$/.test(k)) r.push(k); return r; })(),
    reduce: it.reduce((a, x) => a + x, 0),
    join: it.join('-'),
    at: [it.at(-1), it.at(5)],
    find: it.findIndex((x) => x === 98),
    reverse: arr(Buffer.from([1, 2, 3]).reverse()),
    sort: arr(Buffer.from([3, 1, 2]).sort()),
    set: (() => { const x = Buffer.alloc(4); x.set([1, 2], 1); return arr(x); })(),
    index: [it[0], it[3], it[-1]],
    assign: (() => { const x = Buffer.alloc(2); x[0] = 300; x[1] = -1; x[5] = 1; return [arr(x), x.length]; })(),
  };

  out.json = {
    toJSON: b.toJSON(),
    stringify: JSON.stringify(Buffer.from([1, 2, 3])),
    empty: JSON.stringify(Buffer.alloc(0)),
    nested: JSON.stringify({ a: Buffer.from('A') }),
  };

  out.module = {
    kMaxLength, kMaxLength2: buffer.kMaxLength, constants: { ...constants },
    kStringMaxLength: buffer.kStringMaxLength,
    INSPECT_MAX_BYTES: buffer.INSPECT_MAX_BYTES,
    types: ['Buffer', 'SlowBuffer', 'transcode', 'isUtf8', 'isAscii', 'btoa', 'atob'].map((k) => typeof buffer[k]),
    statics: ['from', 'alloc', 'allocUnsafe', 'allocUnsafeSlow', 'concat', 'byteLength', 'compare', 'isBuffer', 'isEncoding', 'of', 'copyBytesFrom']
      .map((k) => typeof Buffer[k]),
    aliases: [Buffer.prototype.readUint8 === Buffer.prototype.readUInt8, Buffer.prototype.writeUint32BE === Buffer.prototype.writeUInt32BE,
      Buffer.prototype.readBigUint64LE === Buffer.prototype.readBigUInt64LE, Buffer.prototype.toLocaleString === Buffer.prototype.toString],
    parentOffset: (() => { const x = Buffer.from(ab, 3, 2); return [x.parent === ab, x.offset]; })(),
    protoEnumerable: ['toString', 'write', 'readUInt8', 'fill', 'equals'].map((k) => Object.prototype.propertyIsEnumerable.call(Buffer.prototype, k)),
  };
  return out;
}
