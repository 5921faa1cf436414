// The module's helpers: atob/btoa (forgiving base64 and their DOMException errors), isUtf8/isAscii, transcode
// between utf8/latin1/ascii/ucs2, inspect output (INSPECT_MAX_BYTES) and the Buffer() function form.
import buffer, { Buffer, atob, btoa, isUtf8, isAscii, transcode } from 'node:buffer';

const hex = (b) => b.toString('hex');
const units = (s) => { const r = []; for (let i = 0; i < s.length; i++) r.push(s.charCodeAt(i).toString(16)); return r.join(' '); };
const E = (f) => { try { const r = f(); return r instanceof Uint8Array ? hex(r) : typeof r === 'string' ? units(r) : r; } catch (e) { return [e.name, e.code, e.message]; } };

export default async function () {
  const out = {};
  out.atob = ['', 'YQ==', 'YQ', 'YWI=', 'YWJj', ' Y W J j ', 'YW\nJj\t', 'YQ===', 'Y', 'YWJjZ', 'YW=Jj', '=YWJ', 'YQ=', 'YWI==', 'YW-_', 'YW+/',
    'YWJj====', '////', 'AAAA', '/w==', 'a b\fc\rd', 'ab\u00a0cd', 'ab\u000bcd', 'YWJ\u00e9', '=', '==', 'YQ== ', null, undefined, 12, 'YWJj=']
    .map((s) => E(() => atob(s)));
  out.atobMissing = E(() => atob());
  out.btoa = ['', 'a', 'ab', 'abc', 'hello world', '\u00ff\u00fe\u0000', 'é', null, undefined, 123, true].map((s) => E(() => btoa(s)));
  out.btoaErrors = [E(() => btoa('€')), E(() => btoa('\ud83d')), E(() => btoa())];
  out.domException = (() => {
    try { atob('a'); } catch (e) {
      return { name: e.name, code: e.code, message: e.message, isError: e instanceof Error, keys: Object.keys(e), ctor: e.constructor.name };
    }
  })();

  const utf8Cases = { ascii: [0x61, 0x62], empty: [], twoByte: [0xc3, 0xa9], threeByte: [0xe2, 0x82, 0xac], fourByte: [0xf0, 0x9f, 0x98, 0x80],
    truncated: [0xe2, 0x82], lone: [0x80], overlong: [0xc0, 0xaf], surrogate: [0xed, 0xa0, 0x80], tooBig: [0xf4, 0x90, 0x80, 0x80], bom: [0xef, 0xbb, 0xbf],
    ff: [0xff], nul: [0x00], del: [0x7f] };
  out.isUtf8 = Object.fromEntries(Object.entries(utf8Cases).map(([k, v]) => [k, [isUtf8(Buffer.from(v)), isUtf8(new Uint8Array(v).buffer), isAscii(Buffer.from(v)),
    isAscii(new Uint8Array(v))]]));
  out.isUtf8Views = [isUtf8(new Uint16Array([0x6261])), isAscii(new Uint16Array([0x8061])), isUtf8(Buffer.from('h€llo').subarray(1, 3)),
    isUtf8(Buffer.from('h€llo').subarray(1, 4)), isAscii(Buffer.from('h€llo').subarray(4))];
  out.isUtf8Errors = [E(() => isUtf8('abc')), E(() => isAscii(null)), E(() => isUtf8(new DataView(new ArrayBuffer(1)))), E(() => isAscii([1]))];

  const tc = (bytes, from, to) => E(() => transcode(Buffer.from(bytes), from, to));
  const euro = [0xe2, 0x82, 0xac];
  out.transcode = {
    utf8ToUcs2: tc([0x61, ...euro, 0xf0, 0x9f, 0x98, 0x80], 'utf8', 'ucs2'), utf8ToLatin1: tc([0x61, 0xc3, 0xa9, ...euro], 'utf8', 'latin1'),
    utf8ToAscii: tc([0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80], 'utf8', 'ascii'), latin1ToUtf8: tc([0x61, 0xe9, 0xff], 'latin1', 'utf8'),
    latin1ToUcs2: tc([0x61, 0xe9, 0xff], 'binary', 'utf16le'), ucs2ToUtf8: tc([0x61, 0x00, 0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde], 'ucs2', 'utf8'),
    ucs2ToLatin1: tc([0x61, 0x00, 0xe9, 0x00, 0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde], 'ucs2', 'latin1'), ucs2ToAscii: tc([0x61, 0x00, 0xe9, 0x00], 'ucs2', 'ascii'),
    asciiToUtf8: tc([0x61, 0xe9], 'ascii', 'utf8'), asciiToLatin1: tc([0x61, 0xe9], 'ascii', 'latin1'), asciiToUcs2: tc([0x61, 0xe9], 'ascii', 'ucs2'),
    latin1ToAscii: tc([0x61, 0xe9], 'latin1', 'ascii'), utf8ToUtf8: tc([0x61, 0xff, 0xe2, 0x82], 'utf8', 'utf8'), latin1ToLatin1: tc([0xe9], 'latin1', 'latin1'),
    ucs2ToUcs2: tc([0x61, 0x00, 0x3d, 0xd8, 0x62, 0x00], 'ucs2', 'ucs2'), ucs2Odd: tc([0x61, 0x00, 0x62], 'ucs2', 'ucs2'),
    names: tc([0x61], 'UTF-8', 'UCS-2'), empty: tc([], 'utf8', 'ucs2'), bom: tc([0xef, 0xbb, 0xbf, 0x61], 'utf8', 'ucs2'),
    errors: [tc([0x61], 'utf8', 'hex'), tc([0x61], 'base64', 'utf8'), tc([0x61], 'nope', 'utf8'), tc([0xe2, 0x82], 'utf8', 'ucs2'),
      tc([0x3d, 0xd8], 'ucs2', 'utf8'), E(() => transcode('a', 'utf8', 'ucs2')), E(() => transcode(null, 'utf8', 'ucs2'))],
    errorShape: (() => { try { transcode(Buffer.from('a'), 'utf8', 'hex'); } catch (e) { return [e.name, e.code, e.errno, e.message, e instanceof Error]; } })(),
    resultIsBuffer: transcode(Buffer.from('a'), 'utf8', 'ucs2') instanceof Buffer,
  };

  const insp = Symbol.for('nodejs.util.inspect.custom');
  out.inspect = {
    small: Buffer.from('hello')[insp](),
    empty: Buffer.alloc(0)[insp](),
    fifty: Buffer.alloc(50, 1)[insp](),
    fiftyOne: Buffer.alloc(51, 2)[insp](),
    many: Buffer.alloc(300)[insp](),
    method: Buffer.from([0, 15, 16, 255]).inspect(),
    sub: Buffer.from('abcdef').subarray(2, 4)[insp](),
    extraProps: (() => { const b = Buffer.from('ab'); b.foo = 1; b.bar = 'x'; return [b.inspect(), b[insp](2, {})]; })(),
    maxBytes: (() => {
      const before = buffer.INSPECT_MAX_BYTES;
      buffer.INSPECT_MAX_BYTES = 2;
      const r = [buffer.INSPECT_MAX_BYTES, Buffer.from('abc')[insp](), Buffer.from('abcd')[insp](), Buffer.from('ab')[insp]()];
      buffer.INSPECT_MAX_BYTES = 0;
      r.push(Buffer.from('ab')[insp]());
      buffer.INSPECT_MAX_BYTES = before;
      r.push(E(() => { buffer.INSPECT_MAX_BYTES = -1; }), E(() => { buffer.INSPECT_MAX_BYTES = '3'; }), buffer.INSPECT_MAX_BYTES);
      return r;
    })(),
  };
  out.toStringTag = [String(Buffer.from('abc')), Buffer.from('abc') + '!', [Buffer.from('x'), Buffer.from('y')].join(',')];
  return out;
}
