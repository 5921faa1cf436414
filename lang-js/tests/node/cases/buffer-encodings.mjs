// Every encoding both ways with Node's exact rules: invalid UTF-8 → U+FFFD, lone surrogates, BOM kept, ASCII
// masking the high bit, latin1 truncation, lenient base64/base64url, hex stopping at the first bad pair,
// byteLength per encoding, case-insensitive names, toString ranges and partial writes.
import { Buffer } from 'buffer';

const hex = (b) => b.toString('hex');
const codes = (s) => Array.from(s, (c) => c.codePointAt(0).toString(16));
const units = (s) => { const r = []; for (let i = 0; i < s.length; i++) r.push(s.charCodeAt(i).toString(16)); return r.join(' '); };

export default async function () {
  const out = {};
  const samples = ['', 'hello', 'héllo wörld', '€100', '日本語テキスト', '😀 emoji 🎉', 'a\u0000b', '\u00ff\u0100\u07ff\u0800\uffff', 'tab\tnew\nline'];
  const encs = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'utf16le', 'ucs2', 'ucs-2', 'utf-16le'];
  out.fromString = {};
  for (const s of samples) {
    out.fromString[s] = Object.fromEntries(encs.map((e) => [e, hex(Buffer.from(s, e))]));
  }
  const bytes = Buffer.from([0x00, 0x41, 0x7f, 0x80, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xfe]);
  out.toString = Object.fromEntries(encs.map((e) => [e, units(bytes.toString(e))]));
  out.toStringRaw = { hex: bytes.toString('hex'), base64: bytes.toString('base64'), base64url: bytes.toString('base64url') };

  // UTF-8 decoding of invalid input: one U+FFFD per maximal subpart, as WHATWG and Node
  const invalid = {
    lone80: [0x80], loneBF: [0xbf], c0: [0xc0, 0x80], c1: [0xc1, 0xbf], truncated2: [0xc3], truncated3: [0xe2, 0x82],
    truncated4: [0xf0, 0x9f, 0x98], overlong3: [0xe0, 0x80, 0x80], overlong4: [0xf0, 0x80, 0x80, 0x80],
    surrogate: [0xed, 0xa0, 0x80], surrogatePair: [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], tooBig: [0xf4, 0x90, 0x80, 0x80],
    f5: [0xf5, 0x80, 0x80, 0x80], ff: [0xff, 0x41], fe: [0xfe, 0xff], mixed: [0x41, 0xe2, 0x41, 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x41],
    interrupted: [0xe2, 0x82, 0xe2, 0x82, 0xac], trailing: [0x41, 0x42, 0xf0], bomOnly: [0xef, 0xbb, 0xbf],
    bomText: [0xef, 0xbb, 0xbf, 0x68, 0x69], doubleBom: [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], max: [0xf4, 0x8f, 0xbf, 0xbf],
    nul: [0x00, 0x00],
  };
  out.invalidUtf8 = {};
  for (const [k, v] of Object.entries(invalid)) out.invalidUtf8[k] = units(Buffer.from(v).toString());

  // encoding strings with lone surrogates and non-latin1 characters
  const odd = 'a\ud800b\udc00c\ud83d\ude00\ud83d';
  out.oddStrings = {
    utf8: hex(Buffer.from(odd)), utf16: hex(Buffer.from(odd, 'utf16le')), latin1: hex(Buffer.from(odd, 'latin1')),
    ascii: hex(Buffer.from(odd, 'ascii')), utf8Len: Buffer.byteLength(odd), roundUtf16: units(Buffer.from(odd, 'utf16le').toString('utf16le')),
    roundUtf8: codes(Buffer.from(odd).toString()),
    latin1High: hex(Buffer.from('\u0100\u0141\u20ac\uffff', 'latin1')),
  };

  // ASCII decoding masks the high bit; latin1 keeps it
  const high = Buffer.from([0x41, 0x80, 0xc1, 0xe9, 0xff, 0x7f]);
  out.asciiLatin1 = { ascii: units(high.toString('ascii')), latin1: units(high.toString('latin1')), binary: units(high.toString('binary')) };

  // base64: lenient decoding
  const b64 = ['YWJj', 'YWJjZA', 'YWJjZA=', 'YWJjZA==', 'YWJjZA===', 'YW Jj\nZA==', ' Y W J j ', 'YWJj=YWJj', 'YQ==YQ==', '=YWJj',
    'YW=Jj', 'a$b@c', 'Y', 'YW', 'YWJ', '-_-_', '+/+/', '_/+-', 'YWJj\r\n\tZGVm', '////', '', '====', 'Zm9vYmFy', 'Zm9vYg', 'Zm9vYmE',
    'Zm9v\u00e9YmFy', 'Zm9v\u0161YmFy', 'Zm9v\u0130'];
  out.base64 = {};
  for (const s of b64) out.base64[JSON.stringify(s)] = [hex(Buffer.from(s, 'base64')), hex(Buffer.from(s, 'base64url')), Buffer.byteLength(s, 'base64')];
  out.base64Encode = {};
  for (const s of ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar', '\xff\xfe\xfd', '\xfb\xff']) {
    out.base64Encode[JSON.stringify(s)] = [Buffer.from(s, 'latin1').toString('base64'), Buffer.from(s, 'latin1').toString('base64url')];
  }

  // hex: pairs until the first invalid one; odd length drops the last digit
  out.hex = {};
  for (const s of ['', 'a', 'ab', 'abc', 'ABCDEF', 'aBcD', 'abzz12', 'zz12', '0g', 'ab cd', '01\u0130', '\u0161\u0162', '00ff7f80']) {
    out.hex[JSON.stringify(s)] = [hex(Buffer.from(s, 'hex')), Buffer.byteLength(s, 'hex')];
  }

  // byteLength per encoding (and of non-strings)
  out.byteLength = {};
  for (const s of ['', 'abc', 'héllo', '€', '😀', '\ud800', 'YWJjZA==', 'YWJjZA', 'abcd', 'a b']) {
    out.byteLength[JSON.stringify(s)] = ['utf8', 'hex', 'base64', 'base64url', 'latin1', 'ascii', 'ucs2', 'UTF16LE', 'nope', undefined]
      .map((e) => Buffer.byteLength(s, e));
  }
  out.byteLengthOther = [Buffer.byteLength(Buffer.alloc(5)), Buffer.byteLength(new Uint16Array(3)), Buffer.byteLength(new ArrayBuffer(7)),
    Buffer.byteLength(new DataView(new ArrayBuffer(2)))];

  // names: case-insensitive, isEncoding
  out.names = {
    isEncoding: ['utf8', 'UTF8', 'utf-8', 'Utf-8', 'ucs2', 'UCS-2', 'utf16le', 'UTF-16LE', 'utf-16', 'utf16', 'latin1', 'binary', 'BINARY',
      'base64', 'Base64URL', 'hex', 'HEX', 'ascii', 'ASCII', 'latin-1', 'utf32', '', 'utf8 ', null, undefined, 5, {}].map((e) => Buffer.isEncoding(e)),
    upper: [Buffer.from('ff', 'HEX')[0], Buffer.from('abc').toString('BASE64'), Buffer.from('é').toString('UTF-8'), Buffer.from('a', 'UCS2').length],
  };

  // toString(encoding, start, end)
  const t = Buffer.from('hello world');
  out.ranges = [t.toString('utf8', 0, 5), t.toString('utf8', 6), t.toString(undefined, 2, 4), t.toString('hex', 1, 3), t.toString('utf8', -5, 3),
    t.toString('utf8', 5, 2), t.toString('utf8', 20), t.toString('utf8', 3, 100), t.toString('utf8', '2', '4'), t.toString('utf8', 1.9, 3.9),
    t.toString('utf8', NaN, 2), t.toString('base64', 0, 4), t.toString('utf16le', 0, 5), t.toString(), t.toLocaleString(), String(t), `${t}`];
  out.splitChar = [Buffer.from('€uro').toString('utf8', 0, 2), Buffer.from('€uro').toString('utf8', 1), Buffer.from('😀').toString('utf8', 0, 3)];

  // write with partial characters: only whole characters (utf8), whole units (ucs2), whole bytes (hex/base64)
  const w = (s, off, len, enc, size = 6) => { const b = Buffer.alloc(size, 0x2e); const n = b.write(s, off, len, enc); return [n, hex(b)]; };
  out.write = {
    utf8: w('héllo'), fit: w('€€€'), offset: w('€€', 1), len: w('€€', 0, 4), len2: w('a€', 0, 3), len3: w('a€', 0, 4),
    emoji: w('😀😀', 0, 7, undefined, 8), emojiShort: w('😀', 0, 3), encArg2: w('6162', 'hex'), encArg3: w('6162', 1, 'hex'),
    hex: w('a1b2c3d4e5f6a7', 0), hexOdd: w('abc', 0, 6, 'hex'), hexBad: w('abzz', 0, 6, 'hex'), b64: w('AQIDBAUGBwg=', 0, 6, 'base64'),
    b64len: w('AQIDBAUG', 1, 2, 'base64'), ucs2: w('abcd', 0, 5, 'ucs2'), ucs2Off: w('ab', 1, undefined, 'ucs2'),
    latin1: w('\u00e9\u0100xyz', 2, undefined, 'latin1'), ascii: w('\u00e9a', 0, 6, 'ascii'), empty: w(''), zeroLen: w('abc', 2, 0),
    atEnd: w('abc', 6), lone: w('\ud800x', 0), utf8Names: [w('é', 0, 2, 'utf-8'), w('é', 0, 2, 'UTF8')],
  };

  // internal slices/writes used by libraries
  const s = Buffer.from('héllo');
  out.internal = [s.utf8Slice(0, 3), s.latin1Slice(1, 3), s.hexSlice(0, 2), s.base64Slice(), s.asciiSlice(0, 2), s.ucs2Slice(0, 4),
    s.base64urlSlice(0, 4), s.utf8Slice(), (() => { const b = Buffer.alloc(4); return [b.utf8Write('€a'), b.hexWrite('ff', 3), hex(b)]; })(),
    (() => { const b = Buffer.alloc(4); return [b.latin1Write('abc', 1), b.ucs2Write('z'), b.asciiWrite('q', 3, 1), hex(b)]; })()];
  return out;
}
