// StringDecoder over large inputs cut into LCG-sized chunks (1..40 bytes and 1..5000 bytes): valid multilingual
// UTF-8, random bytes, UTF-16LE and base64; the joined output equals the whole decode where Node's does.
import { StringDecoder } from 'node:string_decoder';
import { Buffer } from 'buffer';

const hashStr = (s) => { let h = 0x811c9dc5; for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; } return h.toString(16); };
function lcg(seed) { let x = seed >>> 0; return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x; }; }
function decodeChunked(enc, buf, seed, max) {
  const next = lcg(seed);
  const d = new StringDecoder(enc);
  const parts = [];
  let writes = 0;
  for (let i = 0; i < buf.length;) {
    const n = 1 + (next() % max);
    parts.push(d.write(buf.subarray(i, i + n)));
    i += n;
    writes++;
  }
  parts.push(d.end());
  return { s: parts.join(''), writes };
}

export default async function () {
  const out = {};
  const words = ['ascii ', 'héllo ', '€uro ', '日本語 ', '😀🎉 ', '𝄞 ', 'Ελληνικά ', 'عربى ', '\n'];
  const next = lcg(3);
  let text = '';
  while (text.length < 40000) text += words[next() % words.length];
  const utf8 = Buffer.from(text);
  const random = Buffer.alloc(50000);
  const r = lcg(99);
  for (let i = 0; i < random.length; i++) random[i] = r() >>> 24;

  out.utf8Text = [[7, 40], [8, 5000], [9, 3]].map(([seed, max]) => {
    const { s, writes } = decodeChunked('utf8', utf8, seed, max);
    return { equal: s === text, len: s.length, hash: hashStr(s), writes };
  });
  out.utf8Random = [[1, 40], [2, 5000], [3, 4]].map(([seed, max]) => {
    const { s, writes } = decodeChunked('utf8', random, seed, max);
    return { len: s.length, hash: hashStr(s), fffd: s.split('\ufffd').length - 1, sameAsWhole: s === random.toString('utf8'), writes };
  });
  const u16 = Buffer.from(text, 'utf16le');
  out.utf16 = [[4, 41], [5, 5001], [6, 3]].map(([seed, max]) => {
    const { s, writes } = decodeChunked('utf16le', u16, seed, max);
    return { equal: s === text, len: s.length, hash: hashStr(s), writes };
  });
  out.base64 = [[10, 40], [11, 5000]].map(([seed, max]) => {
    const { s, writes } = decodeChunked('base64', random, seed, max);
    return { equal: s === random.toString('base64'), len: s.length, hash: hashStr(s), writes, back: Buffer.from(s, 'base64').equals(random) };
  });
  out.hex = (() => { const { s } = decodeChunked('hex', random.subarray(0, 9999), 12, 77); return [s.length, s === random.toString('hex', 0, 9999), s.slice(-20)]; })();
  out.latin1 = (() => { const { s } = decodeChunked('latin1', random, 13, 500); return [s.length, hashStr(s)]; })();
  return out;
}
