// Buffer.concat (totalLength truncating and zero-padding, Uint8Array items), Buffer.compare and buf.compare with
// ranges, equals, sorting, copy (partial, overlapping, coerced arguments), fill (all forms) and swap16/32/64.
import { Buffer } from 'buffer';

const hex = (b) => b.toString('hex');
const E = (f) => { try { return f(); } catch (e) { return [e.name, e.code, e.message]; } };

export default async function () {
  const out = {};
  const a = Buffer.from('abc'), b = Buffer.from('de'), c = new Uint8Array([0x66, 0x67]);
  out.concat = {
    plain: hex(Buffer.concat([a, b, c])),
    isBuffer: Buffer.concat([c]) instanceof Buffer,
    copies: (() => { const r = Buffer.concat([a]); r[0] = 0x7a; return [a.toString(), r.toString()]; })(),
    empty: [Buffer.concat([]).length, Buffer.concat([], 5).length, Buffer.concat([Buffer.alloc(0)]).length],
    truncate: [hex(Buffer.concat([a, b], 4)), hex(Buffer.concat([a, b], 2)), hex(Buffer.concat([a, b], 0))],
    pad: hex(Buffer.concat([a, b], 8)),
    subarrays: hex(Buffer.concat([a.subarray(1), b.subarray(0, 1), Buffer.from('xyz').slice(2)])),
    many: (() => { const parts = []; for (let i = 0; i < 1000; i++) parts.push(Buffer.from([i & 255, (i >> 8) & 255])); const r = Buffer.concat(parts); return [r.length, r.readUInt16LE(1998), r.readUInt16LE(512)]; })(),
    errors: [E(() => Buffer.concat('ab')), E(() => Buffer.concat([a, 'x'])), E(() => Buffer.concat([a, [1, 2]])), E(() => Buffer.concat([a], -1)),
      E(() => Buffer.concat([a], 1.5)), E(() => Buffer.concat([a], '2')), E(() => Buffer.concat(null)), E(() => Buffer.concat([a, undefined], 3))],
  };

  const x = Buffer.from([1, 2, 3]), y = Buffer.from([1, 2, 4]), z = Buffer.from([1, 2]), w = Buffer.from([1, 2, 3]);
  out.compare = {
    static: [Buffer.compare(x, y), Buffer.compare(y, x), Buffer.compare(x, w), Buffer.compare(x, z), Buffer.compare(z, x), Buffer.compare(x, x),
      Buffer.compare(Buffer.alloc(0), Buffer.alloc(0)), Buffer.compare(new Uint8Array([255]), new Uint8Array([1, 1]))],
    instance: [x.compare(y), y.compare(x), x.compare(w), x.compare(z), z.compare(x), x.compare(new Uint8Array([1, 2, 3]))],
    equals: [x.equals(w), x.equals(y), x.equals(z), x.equals(x), Buffer.alloc(0).equals(new Uint8Array(0)), x.equals(new Uint8Array([1, 2, 3]))],
    sorted: [Buffer.from('b'), Buffer.from('abc'), Buffer.from('ab'), Buffer.from(''), Buffer.from('c'), Buffer.from('aa')]
      .sort(Buffer.compare).map((v) => v.toString()),
  };
  const t = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const s = Buffer.from([5, 6, 7, 8]);
  out.compareRanges = [
    s.compare(t, 4), s.compare(t, 4, 8), s.compare(t, 4, 6), s.compare(t, 4, 8, 0, 2), s.compare(t, 0, 0), s.compare(t, 4, 8, 2, 2),
    s.compare(t, 5, 5, 1, 1), s.compare(t, 0, 9, 0, 0), s.compare(t, 9), s.compare(t, 4, undefined, 1), s.compare(t, undefined, 1, undefined, 1),
    s.compare(t, 6, 9, 2), s.compare(t, 100, 9),
    E(() => s.compare(t, -1)), E(() => s.compare(t, 0, 10)), E(() => s.compare(t, 0, 1, -1)), E(() => s.compare(t, 0, 1, 0, 5)),
    E(() => s.compare(t, 1.5)), E(() => s.compare(t, '1')), E(() => s.compare(t, null)), E(() => s.compare('x')), E(() => Buffer.compare(s, 'x')),
    E(() => Buffer.compare([1], s)), E(() => s.equals('x')), E(() => s.equals()),
  ];

  // copy
  const cp = (src, tgtLen, ...args) => { const tgt = Buffer.alloc(tgtLen, 0x2e); const n = E(() => src.copy(tgt, ...args)); return [n, tgt.toString()]; };
  const src = Buffer.from('abcdef');
  out.copy = {
    whole: cp(src, 8), offset: cp(src, 8, 3), partial: cp(src, 8, 1, 2, 4), tooLong: cp(src, 3), srcStart: cp(src, 8, 0, 4), beyondTarget: cp(src, 4, 4),
    atEnd: cp(src, 4, 10), srcEndBeyond: cp(src, 8, 0, 2, 100), startAfterEnd: cp(src, 8, 0, 4, 2), coerced: cp(src, 8, '2', 1.9, '4.5'),
    nanArgs: cp(src, 8, NaN, NaN), infinity: cp(src, 8, 0, 0, Infinity), toU8: (() => { const u = new Uint8Array(4); const n = src.copy(u, 1); return [n, Array.from(u)]; })(),
    fromU8: (() => { const tgt = Buffer.alloc(3); const n = Buffer.prototype.copy.call(new Uint8Array([7, 8, 9, 10]), tgt, 0, 1); return [n, hex(tgt)]; })(),
    overlapForward: (() => { const o = Buffer.from('0123456789'); o.copy(o, 2, 0, 6); return o.toString(); })(),
    overlapBack: (() => { const o = Buffer.from('0123456789'); o.copy(o, 0, 3); return o.toString(); })(),
    errors: [cp(src, 4, -1), cp(src, 4, 0, -1), cp(src, 4, 0, 7), cp(src, 4, 0, 0, -1), E(() => src.copy('x')), E(() => src.copy())],
  };

  // fill
  const fl = (len, ...args) => { const f = Buffer.alloc(len, 0x2e); const r = E(() => f.fill(...args)); return [r === f ? 'self' : r, hex(f)]; };
  out.fill = {
    num: fl(4, 7), numRange: fl(6, 9, 1, 3), numWrap: fl(3, 511), negative: fl(2, -1), float: fl(2, 2.9), str: fl(7, 'ab'), strRange: fl(7, 'ab', 2, 5),
    strEncOffset: fl(5, '0102', 'hex'), strEncEnd: fl(6, '0102', 1, 'hex'), strEncAll: fl(6, 'AQID', 0, 5, 'base64'), ucs2: fl(5, '\u20ac', 'ucs2'),
    latin1: fl(3, '\u00e9', 'latin1'), utf8Multi: fl(5, '\u00e9'), emptyStr: fl(3, ''), buffer: fl(7, Buffer.from([1, 2, 3]), 1),
    u8: fl(4, new Uint8Array([5, 6])), u16: fl(5, new Uint16Array([0x0102])), bool: fl(2, true), obj: fl(2, {}), nul: fl(2, null),
    offsetEqEnd: fl(4, 1, 2, 2), offsetGtEnd: fl(4, 1, 3, 1), offsetPastLen: fl(4, 1, 10), undefinedOffset: fl(3, 'ab', undefined, 1, 'hex'),
    self: (() => { const f = Buffer.from('abcd'); f.fill(f.subarray(1, 3)); return f.toString(); })(),
    errors: [fl(4, 'zz', 'hex'), fl(4, Buffer.alloc(0)), fl(4, 'a', -1), fl(4, 'a', 0, 5), fl(4, 'a', 0, 4, 'nope'), fl(4, 'a', 0, 4, 5),
      fl(4, 1, 1.5), fl(4, 1, '1'), fl(4, 'a', null), fl(4, 1, 0, null)],
  };

  // swaps
  const sw = (m, bytes) => { const v = Buffer.from(bytes); return E(() => hex(v[m]())); };
  out.swap = [sw('swap16', [1, 2, 3, 4]), sw('swap32', [1, 2, 3, 4, 5, 6, 7, 8]), sw('swap64', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
    sw('swap16', []), sw('swap16', [1, 2, 3]), sw('swap32', [1, 2]), sw('swap64', [1, 2, 3, 4]),
    (() => { const v = Buffer.from('abcdefgh'); const r = v.subarray(2, 6).swap16(); return [v.toString(), r.toString()]; })(),
    (() => { const big = Buffer.alloc(1024); for (let i = 0; i < 1024; i++) big[i] = i & 255; big.swap32(); return [big[0], big[3], big[1020], big[1023]]; })(),
    (() => { const v = Buffer.from('hi', 'utf16le'); v.swap16(); return v.toString('hex'); })()];
  return out;
}
