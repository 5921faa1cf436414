// Node's error codes and messages for Buffer's argument checks (ERR_INVALID_ARG_TYPE with its "Received ..."
// forms, ERR_OUT_OF_RANGE, ERR_BUFFER_OUT_OF_BOUNDS, ERR_UNKNOWN_ENCODING, ERR_INVALID_ARG_VALUE,
// ERR_INVALID_BUFFER_SIZE) and the shape of the error objects.
import { Buffer, SlowBuffer } from 'buffer';

const E = (f) => { try { const r = f(); return ['no error', r && r.length]; } catch (e) { return [e.name, e.code, e.message]; } };

export default async function () {
  const out = {};
  function named() {}
  class Klass {}
  out.from = [5, -1.5, null, undefined, true, Symbol('sym'), 10n, {}, Object.create(null), new Klass(), named, () => 1, class K2 {},
    new Map(), /re/, new Number(5), 'x'.repeat(40), NaN, -0]
    .map((v) => E(() => Buffer.from(v)));
  out.fromMore = [E(() => Buffer.from('a', 'nope')), E(() => Buffer.from('a', 'utf-9')), E(() => Buffer.from('', 'nope')),
    E(() => Buffer.from(new ArrayBuffer(2), 3)), E(() => Buffer.from(new ArrayBuffer(2), 1, 2)), E(() => Buffer.from(new ArrayBuffer(2), 2, 1)),
    E(() => Buffer.from({ valueOf() { return 5; } })), E(() => Buffer.from({ [Symbol.toPrimitive]() { return 5; } })),
    E(() => Buffer.from(new Klass(), 'utf8'))];
  out.alloc = [E(() => Buffer.alloc(-1)), E(() => Buffer.alloc('5')), E(() => Buffer.alloc(NaN)), E(() => Buffer.alloc(2 ** 32 + 1)),
    E(() => Buffer.alloc()), E(() => Buffer.alloc(null)), E(() => Buffer.alloc(4, 'zz', 'hex')), E(() => Buffer.alloc(4, 'a', 'nope')),
    E(() => Buffer.alloc(4, Buffer.alloc(0))), E(() => Buffer.allocUnsafe(-5)), E(() => Buffer.allocUnsafe('1')), E(() => Buffer.allocUnsafeSlow(-5)),
    E(() => Buffer.allocUnsafeSlow({})), E(() => SlowBuffer(-1)), E(() => Buffer(-1)), E(() => Buffer(5, 'utf8')), E(() => Buffer.alloc(1e20)),
    E(() => Buffer.alloc(Infinity)), E(() => Buffer.alloc(-Infinity))];
  out.misc = [E(() => Buffer.byteLength(5)), E(() => Buffer.byteLength({})), E(() => Buffer.byteLength(null)), E(() => Buffer.byteLength()),
    E(() => Buffer.copyBytesFrom([1, 2])), E(() => Buffer.copyBytesFrom(new DataView(new ArrayBuffer(1)))), E(() => Buffer.copyBytesFrom(new Uint8Array(2), -1)),
    E(() => Buffer.copyBytesFrom(new Uint8Array(2), 0, 1.5)), E(() => Buffer.copyBytesFrom(new Uint8Array(2), '1'))];
  const b = Buffer.from('abcdef');
  out.instance = [E(() => b.toString('nope')), E(() => b.toString(null)), E(() => b.toString('')), E(() => b.toString(5)),
    E(() => b.toString('nope', 0, 0)), E(() => b.write(5)), E(() => b.write(5, 'hex')), E(() => b.write({}, 0)), E(() => b.write('a', 7)),
    E(() => b.write('a', -1)), E(() => b.write('a', 1.5)), E(() => b.write('a', '1', 2)), E(() => b.write('a', 0, 7)), E(() => b.write('a', 0, -1)),
    E(() => b.write('a', 0, null)), E(() => b.write('a', 0, 1, 'nope')), E(() => b.write('a', 'nope')), E(() => b.write('a', 0, 'nope')),
    E(() => b.utf8Write(5)), E(() => b.latin1Write('a', 7)), E(() => b.hexSlice(2, 10)), E(() => b.latin1Slice(-1)),
    E(() => b.swap16.call(Buffer.alloc(3))), E(() => b.swap32.call(Buffer.alloc(6))), E(() => b.swap64.call(Buffer.alloc(4)))];
  // how values are shown after "Received"
  out.received = ['str', "it's", 'say "hi" it\'s', 'a\nb\tc\\d', '\u0001\u007f', 'x'.repeat(30), 12345, 2 ** 32, 2 ** 32 + 1, -(2 ** 40), 1.5, -0, NaN,
    Infinity, 10n, 2n ** 40n, true, undefined, null, Symbol('s'), Symbol(), [], [1], new Error('e'), Object.create(null)]
    .map((v) => E(() => Buffer.alloc(4).readUInt8(v)))
    .concat([2 ** 40, -(2 ** 40), 1.5, -0, NaN, 'str', 2 ** 32, 2 ** 32 + 1, -(2 ** 32) - 1].map((v) => E(() => Buffer.alloc(4).writeUInt8(v < 0 || v > 255 ? v : 300, typeof v === 'string' ? 0 : 0))));

  // the error objects
  let err;
  try { Buffer.alloc(1).readUInt16LE(0); } catch (e) { err = e; }
  let err2;
  try { Buffer.alloc(1).readUInt8(5); } catch (e) { err2 = e; }
  let err3;
  try { Buffer.from(5); } catch (e) { err3 = e; }
  let err4;
  try { Buffer.from('a').toString('nope'); } catch (e) { err4 = e; }
  out.shape = [err, err2, err3, err4].map((e) => ({
    isError: e instanceof Error, isRange: e instanceof RangeError, isType: e instanceof TypeError, name: e.name, code: e.code,
    keys: Object.keys(e), str: String(e), toStr: e.toString(), ctor: e.constructor.name, codeEnum: Object.prototype.propertyIsEnumerable.call(e, 'code'),
    hasStack: typeof e.stack === 'string',
  }));
  return out;
}
