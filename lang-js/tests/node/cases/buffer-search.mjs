// indexOf / lastIndexOf / includes with string, number and buffer needles, every kind of byteOffset (negative,
// past the end, fractional, NaN, strings as the encoding), encodings (hex, base64, utf16le, latin1) and empty needles.
import { Buffer } from 'buffer';

const E = (f) => { try { return f(); } catch (e) { return [e.name, e.code, e.message]; } };

export default async function () {
  const out = {};
  const b = Buffer.from('this is a buffer; this is a test');
  const needles = ['this', 'is', 'a', 'test', 'buffer', 'nope', 't', ';', '', 'this is a buffer; this is a test!', Buffer.from('is'),
    Buffer.from(''), new Uint8Array([0x61, 0x20]), 0x74, 0x74 + 256, -140, 116.9, 0];
  const offsets = [undefined, 0, 1, 5, 18, 31, 32, 40, -1, -5, -31, -32, -40, 2.9, -2.9, NaN, null, Infinity, -Infinity, 2 ** 40, true, {}];
  out.grid = needles.map((n) => offsets.map((o) => [b.indexOf(n, o), b.lastIndexOf(n, o), b.includes(n, o)]));

  const h = Buffer.from('abc\u20ac\u00e9xyz\u00e9');
  out.encodings = {
    utf8: [h.indexOf('\u20ac'), h.indexOf('\u00e9'), h.lastIndexOf('\u00e9'), h.indexOf('xyz', 'utf8'), h.indexOf('\u00e9', 7)],
    hex: [h.indexOf('6263', 'hex'), h.indexOf('e282ac', 0, 'hex'), h.lastIndexOf('c3a9', 'hex'), h.indexOf('zz', 'hex'), h.indexOf('6', 'hex')],
    base64: [h.indexOf('YmM=', 'base64'), h.indexOf('eHl6', 0, 'base64'), h.includes('4oKs', 'base64')],
    latin1: [h.indexOf('\u00e9', 'latin1'), h.indexOf('\u00c3\u00a9', 'latin1'), h.indexOf('\u0161', 'latin1'), h.indexOf('xyz', 'binary')],
    ascii: [h.indexOf('xyz', 'ascii'), h.indexOf('\u00c3', 'ascii')],
    upper: [h.indexOf('XYZ'), h.indexOf('6263', 'HEX')],
  };
  const u = Buffer.from('abcabc\u00e9', 'utf16le');
  out.utf16 = {
    bytes: u.toString('hex'),
    find: [u.indexOf('b', 'utf16le'), u.indexOf('bc', 'ucs2'), u.lastIndexOf('a', 'ucs2'), u.indexOf('\u00e9', 'utf16le'), u.indexOf('c', 5, 'ucs2'),
      u.indexOf('c', 4, 'ucs2'), u.lastIndexOf('c', 9, 'ucs2'), u.indexOf('', 'ucs2'), u.lastIndexOf('', 'ucs2'), u.indexOf('z', 'ucs2')],
    // a UTF-16 needle only matches at even byte offsets
    aligned: [Buffer.from([0x61, 0x62, 0x00, 0x63]).indexOf('\u6200', 'ucs2'), Buffer.from([0x00, 0x62, 0x00, 0x63]).indexOf('\u6200', 'ucs2')],
    buffers: [u.indexOf(Buffer.from('b', 'ucs2'), 'ucs2'), u.indexOf(Buffer.from([0x62, 0x00, 0x63]), 0, 'ucs2')],
    oddLength: [Buffer.from([0x61, 0, 0x62, 0, 0x63]).indexOf('c', 'ucs2'), Buffer.from([0x61, 0, 0x62, 0, 0x63]).lastIndexOf('', 'ucs2')],
  };

  // numbers: only the low byte counts
  const n = Buffer.from([0, 1, 2, 255, 1, 0]);
  out.numbers = [n.indexOf(1), n.lastIndexOf(1), n.indexOf(255), n.indexOf(-1), n.indexOf(257), n.indexOf(1.5), n.indexOf(1, 2), n.lastIndexOf(0, -2),
    n.indexOf(0, -1), n.lastIndexOf(2, 1), n.includes(3), n.indexOf(0, 6), n.lastIndexOf(0, 100), Buffer.alloc(0).indexOf(0), Buffer.alloc(0).lastIndexOf(0)];

  // empty haystack / needles
  const z = Buffer.alloc(0);
  out.empty = [z.indexOf(''), z.lastIndexOf(''), z.indexOf('a'), z.includes(''), z.indexOf(Buffer.alloc(0)), b.indexOf('', 100), b.lastIndexOf('', 100),
    b.indexOf('', -100), b.lastIndexOf('', -100), b.indexOf(Buffer.alloc(0), 3), b.lastIndexOf(Buffer.alloc(0), -3)];

  // large haystack, needle near the end
  const big = Buffer.alloc(100000, 'abcdefgh');
  big.write('NEEDLE', 99000);
  out.large = [big.indexOf('NEEDLE'), big.lastIndexOf('NEEDLE'), big.indexOf('NEEDLE', 99001), big.lastIndexOf('hab'), big.indexOf('habc', 50000),
    big.includes('gha'), big.indexOf(Buffer.from('hNEE')), big.lastIndexOf(0x4e)];

  out.errors = [E(() => b.indexOf({})), E(() => b.indexOf(null)), E(() => b.indexOf(undefined)), E(() => b.indexOf('a', 0, 'nope')),
    E(() => b.lastIndexOf('a', 'nope')), E(() => b.includes(true)), E(() => b.indexOf(Buffer.from('a'), 0, 'nope')), E(() => b.indexOf(1n)), E(() => b.indexOf('a', '5'))];
  return out;
}
