// Large inputs: 100 KB of LCG bytes through every encoding and back, a large multilingual UTF-8 text, random
// (mostly invalid) UTF-8 decoded, concat/fill/copy/compare/indexOf on big buffers; compared by checksums.
import { Buffer } from 'buffer';

// FNV-1a over a string's UTF-16 units or a buffer's bytes
const hashStr = (s) => { let h = 0x811c9dc5; for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; } return h.toString(16); };
const units = (s) => { const r = []; for (let i = 0; i < s.length; i++) r.push(s.charCodeAt(i).toString(16)); return r.join(' '); };
const hashBuf = (b) => { let h = 0x811c9dc5; for (let i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193) >>> 0; } return h.toString(16); };
function lcgBytes(n, seed) {
  const b = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; b[i] = x >>> 24; }
  return b;
}

export default async function () {
  const out = {};
  const data = lcgBytes(100 * 1024 + 7, 42);
  out.data = { len: data.length, hash: hashBuf(data), head: data.toString('hex', 0, 16), tail: data.toString('hex', data.length - 16) };
  out.roundTrips = {};
  for (const enc of ['hex', 'base64', 'base64url', 'latin1', 'binary', 'utf16le']) {
    const s = data.toString(enc);
    const back = Buffer.from(s, enc);
    out.roundTrips[enc] = { strLen: s.length, strHash: hashStr(s), head: units(s.slice(0, 16)), tail: units(s.slice(-16)), backLen: back.length, equal: back.equals(data),
      byteLength: Buffer.byteLength(s, enc) };
  }
  const ascii = data.toString('ascii');
  out.ascii = { len: ascii.length, hash: hashStr(ascii), max: Math.max(...Buffer.from(ascii, 'latin1').subarray(0, 5000)) };
  const utf8 = data.toString('utf8');
  const reenc = Buffer.from(utf8);
  out.randomUtf8 = { len: utf8.length, hash: hashStr(utf8), fffd: utf8.split('\ufffd').length - 1, reencLen: reenc.length, reencHash: hashBuf(reenc),
    byteLength: Buffer.byteLength(utf8) };

  // a big valid UTF-8 text of 1- to 4-byte characters
  const words = ['plain', 'ascii', 'héllo', 'wörld', 'ñandú', '€uro', '日本語', 'テキスト', '😀🎉', '𝄞music', 'Ελληνικά', 'русский', 'عربى'];
  let text = '';
  let x = 7;
  while (text.length < 60000) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; text += words[x % words.length] + ((x >> 8) % 5 === 0 ? '\n' : ' '); }
  const tb = Buffer.from(text);
  out.text = { chars: text.length, bytes: tb.length, byteLength: Buffer.byteLength(text), hash: hashBuf(tb), back: tb.toString() === text,
    utf16: Buffer.from(text, 'utf16le').toString('utf16le') === text, b64: Buffer.from(tb.toString('base64'), 'base64').toString() === text,
    sliceChars: tb.toString('utf8', 1000, 1040), indexOf: tb.indexOf('𝄞music'), lastIndexOf: tb.lastIndexOf('€uro'), count: text.split('日本語').length - 1 };

  // write into a large buffer at offsets, partial at the end
  const big = Buffer.alloc(70000);
  let off = 0, writes = 0;
  while (off < big.length) { const n = big.write(text.slice(writes * 97, writes * 97 + 500), off); if (n === 0) break; off += n; writes++; }
  out.writeLoop = { off, writes, hash: hashBuf(big) };

  // concat, fill, copy, compare, swap on big buffers
  const parts = [];
  for (let i = 0; i < 200; i++) parts.push(data.subarray(i * 500, i * 500 + 300));
  const cat = Buffer.concat(parts);
  const filled = Buffer.alloc(100000, 'abc€');
  const copied = Buffer.alloc(data.length);
  data.copy(copied, 0, 50000);
  data.copy(copied, data.length - 50000, 0, 50000);
  const swapped = Buffer.from(data.subarray(0, 65536)).swap64();
  out.ops = { catLen: cat.length, catHash: hashBuf(cat), fillHash: hashBuf(filled), fillTail: filled.toString('hex', 99990), copyHash: hashBuf(copied),
    cmp: [data.compare(copied), Buffer.compare(data, Buffer.from(data)), data.compare(copied, 0, 10, 50000, 50010)],
    swapHash: hashBuf(swapped), readSum: (() => { let s = 0; for (let i = 0; i + 4 <= 4096; i += 4) s = (s + data.readUInt32LE(i)) % 1000000007; return s; })(),
    needle: data.indexOf(data.subarray(77777, 77790)), lastNeedle: data.lastIndexOf(data.subarray(100, 108)) };
  return out;
}
