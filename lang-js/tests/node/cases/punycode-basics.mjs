import punycode from 'punycode';
import { encode, decode, toASCII, toUnicode, ucs2 } from 'node:punycode';

const err = (f) => { try { return ['ok', f()]; } catch (e) { return [e.name, e.message]; } };

export default async function () {
  const words = ['mañana', 'bücher', '中文', '☃-⌘', 'ليهمابتكلموشعربي؟', 'Pročprostěnemluvíčesky', '他们为什么不说中文', 'abc', '', '-', 'a-', 'ü-', '😀', 'MajiでKoiする5秒前'];
  return {
    version: punycode.version,
    keys: Object.keys(punycode),
    encode: words.map((w) => [w, encode(w)]),
    decode: ['maana-pta', 'bcher-kva', 'fiqz9s', '--dqo34k', 'abc-', 'ls8h', 'MajiKoi5-783gue6qz075azm5e'].map((w) => [w, decode(w)]),
    roundTrip: words.every((w) => decode(encode(w)) === w),
    toASCII: ['mañana.com', 'Bücher.example', '☃-⌘.com', 'example.com', 'джумла@джpумлатест.bрфa', 'a。b．c｡d', '', 'xn--already.com'].map((d) => [d, toASCII(d)]),
    toUnicode: ['xn--maana-pta.com', 'xn--bcher-kva.example', 'XN--MAANA-PTA.com', 'example.com', 'джумла@xn--p-8sbkgc5ag7bhce.xn--ba-lmcq', 'xn--ls8h.la'].map((d) => [d, toUnicode(d)]),
    ucs2: {
      decode: [ucs2.decode('abc'), ucs2.decode('\ud834\udf06'), ucs2.decode('\ud800'), ucs2.decode('\ud800x'), ucs2.decode('\udc00\ud800')],
      encode: [ucs2.encode([0x61, 0x62]), ucs2.encode([0x1d306]), ucs2.encode([])],
      fromCodePoints: err(() => ucs2.encode([0x110000])).slice(0, 1),
    },
    errors: [err(() => decode('ü-abc')), err(() => decode('a!')), err(() => decode('99999999')), err(() => decode('zzzzzzzzzzzz')), err(() => decode('-')), err(() => toUnicode('xn--@'))],
  };
}
