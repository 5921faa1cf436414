// StringDecoder holding back what a chunk boundary splits: UTF-8 characters at every split point, invalid and
// interrupted sequences, UTF-16LE units and surrogate pairs, base64 groups; end() flushing; lastNeed/lastTotal/lastChar.
import { StringDecoder } from 'string_decoder';
import { Buffer } from 'node:buffer';

const units = (s) => { const r = []; for (let i = 0; i < s.length; i++) r.push(s.charCodeAt(i).toString(16)); return r.join(' '); };
// feeds the chunks, recording each write's output (as UTF-16 units) and the state after it
function feed(enc, chunks, endArg) {
  const d = new StringDecoder(enc);
  const steps = chunks.map((c) => {
    const s = d.write(Buffer.from(c));
    return [units(s), d.lastNeed, d.lastTotal];
  });
  const end = endArg === undefined ? d.end() : d.end(Buffer.from(endArg));
  return [steps, units(end)];
}

export default async function () {
  const out = {};
  // every split point of a mixed UTF-8 string, into two and three chunks
  const text = Buffer.from('a€b😀cé日');
  out.utf8Two = [];
  for (let i = 0; i <= text.length; i++) out.utf8Two.push(feed('utf8', [text.subarray(0, i), text.subarray(i)]));
  out.utf8Three = [];
  for (let i = 1; i < text.length; i += 2) for (let j = i; j < text.length; j += 3) out.utf8Three.push(feed('utf8', [text.subarray(0, i), text.subarray(i, j), text.subarray(j)]));
  out.utf8Bytewise = feed('utf8', Array.from(text, (b) => [b]));

  // invalid or interrupted sequences across chunks
  out.utf8Invalid = {
    interrupted: feed('utf8', [[0xe2, 0x82], [0x61]]),
    interruptedLead: feed('utf8', [[0xe2], [0xe2, 0x82, 0xac]]),
    loneCont: feed('utf8', [[0x80], [0x80, 0x61]]),
    leadOnlyEnd: feed('utf8', [[0x61, 0xf0]]),
    truncatedEnd: feed('utf8', [[0xf0, 0x9f, 0x98]]),
    c0: feed('utf8', [[0xc0], [0x80]]),
    f8: feed('utf8', [[0x61, 0xf8], [0x80]]),
    manyCont: feed('utf8', [[0x61, 0x80, 0x80, 0x80, 0x80]]),
    overlong: feed('utf8', [[0xe0], [0x80, 0x80]]),
    surrogate: feed('utf8', [[0xed, 0xa0], [0x80]]),
    endWithChunk: feed('utf8', [[0xe2]], [0x82, 0xac, 0xe2]),
    empty: feed('utf8', [[], [0xe2], [], [0x82, 0xac]]),
    bom: feed('utf8', [[0xef, 0xbb], [0xbf, 0x68]]),
  };

  // UTF-16LE: odd bytes, surrogate pairs split anywhere
  const u = Buffer.from('a😀b€', 'utf16le');
  out.utf16 = [];
  for (let i = 0; i <= u.length; i++) out.utf16.push(feed('utf16le', [u.subarray(0, i), u.subarray(i)]));
  out.utf16Bytewise = feed('ucs2', Array.from(u, (b) => [b]));
  out.utf16End = {
    oddByte: feed('utf16le', [[0x61, 0x00, 0x62]]),
    loneHigh: feed('utf16le', [[0x3d, 0xd8]]),
    highThenOdd: feed('utf16le', [[0x3d, 0xd8, 0x00]]),
    highThenOther: feed('utf16le', [[0x3d, 0xd8], [0x61, 0x00]]),
    lowFirst: feed('utf16le', [[0x00, 0xde], [0x3d, 0xd8]]),
  };

  // base64 / base64url: groups of three bytes
  const b = Buffer.from('hello world!?');
  out.base64 = [];
  for (let i = 0; i <= b.length; i++) out.base64.push(feed('base64', [b.subarray(0, i), b.subarray(i)]));
  out.base64Bytewise = feed('base64', Array.from(b, (x) => [x]));
  out.base64url = [feed('base64url', [[0xfb], [0xff]]), feed('base64url', [[0xfb, 0xff, 0xfe, 0x01]])];

  // stateless encodings
  out.simple = {
    hex: feed('hex', [[0x01, 0xab], [0xff]]),
    latin1: feed('latin1', [[0xe9, 0x41], [0xff]]),
    ascii: feed('ascii', [[0xe9, 0x41], [0xff]]),
    binary: feed('binary', [[0x80]]),
  };

  // state accessors, reuse after end, text(), strings and typed arrays as input
  const d = new StringDecoder('utf8');
  const s1 = d.write(Buffer.from([0xe2, 0x82]));
  const state = [d.lastNeed, d.lastTotal, Array.from(d.lastChar).slice(0, 2), d.lastChar.length, d.lastChar instanceof Buffer];
  const s2 = d.end();
  const afterEnd = [d.lastNeed, d.lastTotal, d.write(Buffer.from('ok')), d.end()];
  const t = new StringDecoder('utf8');
  t.write(Buffer.from([0xe2]));
  const text2 = t.text(Buffer.from('x€yz'), 1);
  out.api = {
    s1: units(s1), state, s2: units(s2), afterEnd, text: units(text2), textEnd: units(t.end()),
    string: new StringDecoder().write('already a string'),
    u16array: new StringDecoder('utf16le').write(new Uint16Array([0x68, 0x69])),
    dataView: new StringDecoder('hex').write(new DataView(new Uint8Array([1, 2]).buffer)),
    u8: new StringDecoder().write(new Uint8Array([0x68, 0xc3, 0xa9])),
    endEmpty: new StringDecoder().end(),
    encodings: [undefined, null, '', 'utf8', 'UTF-8', 'ucs2', 'UCS-2', 'utf16le', 'latin1', 'binary', 'base64', 'base64url', 'hex', 'ascii', 'BASE64']
      .map((e) => new StringDecoder(e).encoding),
    keys: Object.keys(new StringDecoder('hex')),
    protoKeys: Object.keys(StringDecoder.prototype),
    lengths: [StringDecoder.length, StringDecoder.prototype.write.length, StringDecoder.prototype.end.length, StringDecoder.prototype.text.length],
    isClassLike: (() => { try { StringDecoder('utf8'); return 'called'; } catch (e) { return e instanceof TypeError; } })(),
  };
  const E = (f) => { try { return f(); } catch (e) { return [e.name, e.code, e.message]; } };
  out.errors = [E(() => new StringDecoder('nope')), E(() => new StringDecoder(5)), E(() => new StringDecoder('utf-16')), E(() => new StringDecoder().write(5)),
    E(() => new StringDecoder().write(null)), E(() => new StringDecoder().write({})), E(() => new StringDecoder().write([1])), E(() => new StringDecoder().end(5))];
  return out;
}
