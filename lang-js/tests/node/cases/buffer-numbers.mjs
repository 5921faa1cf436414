// Numeric reads and writes: (U)Int8/16/32 LE/BE, the variable-width (U)IntLE/BE of 1..6 bytes, floats, doubles,
// BigInt64, the lower-case Uint aliases, return values, wrapping of non-integers, and their range errors.
import { Buffer } from 'node:buffer';

const hex = (b) => b.toString('hex');
const E = (f) => { try { const r = f(); return typeof r === 'bigint' ? `${r}n` : r; } catch (e) { return [e.name, e.code, e.message]; } };

export default async function () {
  const out = {};
  const src = Buffer.from([0x01, 0x82, 0xff, 0x7f, 0x80, 0x00, 0xfe, 0x10, 0x9a, 0xbc, 0xde, 0xf0]);

  out.reads = {};
  for (const m of ['readUInt8', 'readInt8', 'readUInt16LE', 'readUInt16BE', 'readInt16LE', 'readInt16BE', 'readUInt32LE', 'readUInt32BE',
    'readInt32LE', 'readInt32BE', 'readFloatLE', 'readFloatBE', 'readDoubleLE', 'readDoubleBE', 'readBigUInt64LE', 'readBigUInt64BE',
    'readBigInt64LE', 'readBigInt64BE', 'readUint8', 'readUint16LE', 'readUint32BE', 'readBigUint64LE']) {
    out.reads[m] = [0, 1, 2, 3, 4].map((o) => E(() => src[m](o)));
  }
  out.readDefaultOffset = [src.readUInt8(), src.readInt16BE(), src.readUInt32LE(), String(src.readBigInt64BE()), src.readDoubleLE()];
  out.variable = {};
  for (const m of ['readUIntLE', 'readUIntBE', 'readIntLE', 'readIntBE', 'readUintLE', 'readUintBE']) {
    out.variable[m] = [1, 2, 3, 4, 5, 6].map((n) => [0, 1, 6].map((o) => E(() => src[m](o, n))));
  }

  // writes: bytes and return values
  const wr = (size, f) => { const b = Buffer.alloc(size); const r = E(() => f(b)); return [r, hex(b)]; };
  out.writes = {
    u8: wr(3, (b) => [b.writeUInt8(255), b.writeUInt8(1, 1), b.writeUint8(128, 2)]),
    i8: wr(3, (b) => [b.writeInt8(-1), b.writeInt8(127, 1), b.writeInt8(-128, 2)]),
    u16: wr(4, (b) => [b.writeUInt16LE(0x1234), b.writeUInt16BE(0x1234, 2)]),
    i16: wr(4, (b) => [b.writeInt16LE(-2), b.writeInt16BE(-32768, 2)]),
    u32: wr(8, (b) => [b.writeUInt32LE(0xdeadbeef), b.writeUInt32BE(0xdeadbeef, 4)]),
    i32: wr(8, (b) => [b.writeInt32LE(-2), b.writeInt32BE(-2147483648, 4)]),
    float: wr(8, (b) => [b.writeFloatLE(1.5), b.writeFloatBE(-0.25, 4)]),
    floatSpecial: wr(16, (b) => [b.writeFloatLE(NaN), b.writeFloatBE(Infinity, 4), b.writeFloatLE(-0, 8), b.writeFloatBE(3.4e39, 12)]),
    floatRound: wr(4, (b) => [b.writeFloatLE(0.1), b.readFloatLE(0)]),
    double: wr(16, (b) => [b.writeDoubleLE(Math.PI), b.writeDoubleBE(-1e300, 8)]),
    doubleSpecial: wr(24, (b) => [b.writeDoubleBE(NaN), b.writeDoubleLE(-Infinity, 8), b.writeDoubleBE(-0, 16)]),
    big: wr(16, (b) => [b.writeBigUInt64LE(0x0102030405060708n), b.writeBigUInt64BE(0xfffffffffffffffen, 8)]),
    bigSigned: wr(16, (b) => [b.writeBigInt64LE(-2n), b.writeBigInt64BE(-(2n ** 63n), 8)]),
    bigAliases: wr(16, (b) => [b.writeBigUint64LE(1n), b.writeBigUint64BE(2n, 8)]),
    uintLE: wr(6, (b) => [b.writeUIntLE(0x123456, 0, 3), b.writeUIntLE(0x7890ab, 3, 3)]),
    uintBE48: wr(6, (b) => b.writeUIntBE(0x123456789abc, 0, 6)),
    uintLE48: wr(6, (b) => b.writeUIntLE(0x123456789abc, 0, 6)),
    uint40: wr(6, (b) => [b.writeUIntBE(0x123456789a, 0, 5), b.writeUInt8(7, 5)]),
    intLE48neg: wr(6, (b) => b.writeIntLE(-2, 0, 6)),
    intBE40neg: wr(5, (b) => b.writeIntBE(-(2 ** 39), 0, 5)),
    int24: wr(6, (b) => [b.writeIntBE(-8388608, 0, 3), b.writeIntLE(8388607, 3, 3)]),
    intWidths: wr(21, (b) => [b.writeIntLE(-1, 0, 1), b.writeIntLE(-1, 1, 2), b.writeIntLE(-1, 3, 3), b.writeIntLE(-1, 6, 4), b.writeIntLE(-1, 10, 5), b.writeIntLE(-1, 15, 6)]),
    nonInteger: wr(12, (b) => [b.writeUInt8(3.7), b.writeUInt16LE(300.9, 1), b.writeInt32BE(-1.5, 3), b.writeUIntLE(2.5, 7, 3), b.writeInt8(-0.5, 10)]),
    coerced: wr(8, (b) => [b.writeUInt8('17'), b.writeUInt16BE(true, 1), b.writeInt32LE(NaN, 3), b.writeUInt8(null, 7)]),
  };
  // round trips of every width
  const rt = [];
  for (const [n, v] of [[1, 200], [2, 65000], [3, 0xabcdef], [4, 0xfedcba98], [5, 0xfedcba9876], [6, 0xfedcba987654]]) {
    const b = Buffer.alloc(8);
    b.writeUIntBE(v, 1, n);
    const sv = v - 2 ** (8 * n);
    const c = Buffer.alloc(8);
    c.writeIntLE(sv, 2, n);
    rt.push([n, b.readUIntBE(1, n) === v, hex(b), c.readIntLE(2, n) === sv, c.readUIntLE(2, n) === v, hex(c)]);
  }
  out.roundTrips = rt;
  const bigs = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 123456789012345678n, -98765432109876543n];
  out.bigRoundTrips = bigs.map((v) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    const le = Buffer.alloc(8);
    le.writeBigInt64LE(v);
    return [hex(b), `${b.readBigInt64BE()}`, `${le.readBigInt64LE()}`, `${b.readBigUInt64BE()}`, hex(le)];
  });
  out.floats = [1, -1, 0.5, 1e-40, 3.4028234663852886e38, 16777217, 0.1].map((v) => {
    const b = Buffer.alloc(12);
    b.writeFloatBE(v);
    b.writeDoubleLE(v, 4);
    return [hex(b), b.readFloatBE(0), b.readDoubleLE(4)];
  });

  // errors
  const b4 = Buffer.alloc(4);
  out.errors = {
    readOffset: [E(() => b4.readUInt8(4)), E(() => b4.readUInt16LE(3)), E(() => b4.readUInt32BE(1)), E(() => b4.readInt8(-1)),
      E(() => b4.readUInt8(1.5)), E(() => b4.readUInt8('1')), E(() => b4.readUInt8(NaN)), E(() => b4.readDoubleLE(0)),
      E(() => b4.readBigInt64LE()), E(() => b4.readFloatBE(1)), E(() => b4.readUInt8(null)), E(() => b4.readInt32LE(Infinity))],
    empty: [E(() => Buffer.alloc(0).readUInt8()), E(() => Buffer.alloc(1).readUInt16BE()), E(() => Buffer.alloc(7).readBigUInt64LE())],
    variable: [E(() => b4.readUIntLE(0, 0)), E(() => b4.readUIntLE(0, 7)), E(() => b4.readIntBE(0)), E(() => b4.readIntBE()),
      E(() => b4.readUIntLE(0, 1.5)), E(() => b4.readUIntBE(0, '2')), E(() => b4.readIntLE(2, 3)), E(() => b4.readUIntBE('0', 2)),
      E(() => b4.writeUIntLE(1, 0)), E(() => b4.writeIntBE(1, 0, 7)), E(() => b4.writeUIntBE(1, undefined, 2))],
    writeValue: [E(() => b4.writeUInt8(256)), E(() => b4.writeUInt8(-1)), E(() => b4.writeInt8(128)), E(() => b4.writeInt8(-129)),
      E(() => b4.writeUInt16LE(65536)), E(() => b4.writeInt16BE(-32769)), E(() => b4.writeUInt32LE(2 ** 32)), E(() => b4.writeInt32BE(2 ** 31)),
      E(() => b4.writeUInt32LE(-0.5)), E(() => b4.writeUInt8(Infinity)), E(() => b4.writeUIntLE(2 ** 24, 0, 3)), E(() => b4.writeIntBE(-(2 ** 23) - 1, 0, 3))],
    writeValue48: [E(() => Buffer.alloc(6).writeUIntBE(2 ** 48, 0, 6)), E(() => Buffer.alloc(6).writeIntLE(2 ** 47, 0, 6)),
      E(() => Buffer.alloc(6).writeIntBE(-(2 ** 47) - 1, 0, 6)), E(() => Buffer.alloc(5).writeUIntLE(2 ** 40, 0, 5)),
      E(() => Buffer.alloc(6).writeIntLE(2 ** 50, 0, 6)), E(() => Buffer.alloc(6).writeUIntLE(-1, 0, 6))],
    writeOffset: [E(() => b4.writeUInt8(1, 4)), E(() => b4.writeUInt16LE(1, 3)), E(() => b4.writeUInt32BE(1, 1)), E(() => b4.writeInt8(1, 1.5)),
      E(() => b4.writeUInt8(1, '0')), E(() => b4.writeFloatLE(1, 1)), E(() => b4.writeDoubleBE(1)), E(() => b4.writeUInt16BE(1, -1)),
      E(() => b4.writeUInt16BE(70000, 'x'))],
    bigint: [E(() => Buffer.alloc(8).writeBigInt64LE(2n ** 63n)), E(() => Buffer.alloc(8).writeBigInt64BE(-(2n ** 63n) - 1n)),
      E(() => Buffer.alloc(8).writeBigUInt64LE(-1n)), E(() => Buffer.alloc(8).writeBigUInt64BE(2n ** 64n)), E(() => Buffer.alloc(8).writeBigUInt64LE(1n, 1)),
      E(() => Buffer.alloc(7).writeBigInt64LE(1n)), E(() => Buffer.alloc(8).writeBigUInt64LE(5n, 0.5)), E(() => Buffer.alloc(8).writeBigInt64LE(123n, '0'))],
    largeReceived: [E(() => b4.writeUInt32LE(2 ** 40)), E(() => b4.writeInt32LE(-(2 ** 33))), E(() => b4.readUInt8(2 ** 33)), E(() => b4.writeInt32LE(4294967296))],
  };
  out.lengths = ['readUInt8', 'writeUInt8', 'readIntLE', 'writeIntLE', 'readBigInt64LE', 'writeBigInt64LE', 'readDoubleBE', 'writeFloatLE']
    .map((m) => Buffer.prototype[m].length);
  return out;
}
