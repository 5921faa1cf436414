import querystring from 'querystring';
import { parse, decode } from 'node:querystring';

// null-prototype results become plain objects with their key order kept
const plain = (o) => ({ proto: Object.getPrototypeOf(o) === null, entries: Object.entries(o) });

export default async function () {
  const inputs = [
    'a=1&b=2', 'a=1&a=2&a=3', 'a&b=&=c&&d', '=', '&&&', 'a=b=c', 'foo=bar&abc=xyz&abc=123',
    'a+b=c+d', 'a%20b=c%2Bd', 'x=%E4%B8%AD%E6%96%87', 'bad=%zz&half=%E4', 'pct=100%&ok=1', 'mixed=%41%zz%42',
    '%E4=%20', '?a=1', 'a[]=1&a[]=2', '__proto__=1&constructor=x&hasOwnProperty=y', 'k=v#frag', 'é=ü', 'plus=%2B+%2B',
    'a=%C3%A9%', 'a=%F0%9F%98%80', 'emoji=😀', 'k=%', 'k=%2', 'k=%%41', 'a=1;b=2',
  ];
  const out = {};
  for (const s of inputs) out[s] = plain(parse(s));
  return {
    out,
    same: decode === parse && querystring.decode === querystring.parse,
    empty: [plain(parse('')), plain(parse(5)), plain(parse(null)), plain(parse(undefined)), plain(parse({}))],
    seps: [
      plain(parse('a:1;b:2;a:3', ';', ':')),
      plain(parse('a==1&&b==2', '&&', '==')),
      plain(parse('a=1&b=2', '', '')),
      plain(parse('a->1|b->2', '|', '->')),
      plain(parse('a=1&&b', '&&')),
    ],
    maxKeys: [
      plain(parse('a=1&b=2&c=3', null, null, { maxKeys: 2 })),
      plain(parse('&&a=1&b=2', null, null, { maxKeys: 2 })),
      plain(parse('a=1&b=2&c=3', null, null, { maxKeys: 0 })),
      plain(parse('a=1&b=2&c=3', null, null, { maxKeys: -1 })),
      Object.keys(parse(Array.from({ length: 1100 }, (_, i) => `k${i}=${i}`).join('&'))).length,
    ],
    customDecode: [
      plain(parse('a=%41+b&c+d=e&f', null, null, { decodeURIComponent: (s) => `[${s}]` })),
      plain(parse('a=%41', null, null, { decodeURIComponent: () => { throw new Error('no'); } })),
      plain(parse('a=b', null, null, { decodeURIComponent: (s) => s.toUpperCase() })),
      plain(parse('a=%zz%41', null, null, { decodeURIComponent: decodeURIComponent })),
    ],
    unescape: [
      querystring.unescape('a%20b'), querystring.unescape('a+b'), querystring.unescape('a+b', true),
      querystring.unescape('%E4%zz'), querystring.unescape('%'), querystring.unescape('%C3%A9'), querystring.unescape('abc%41%'),
    ],
    unescapeBuffer: [Array.from(querystring.unescapeBuffer('a%20b%FF')), Array.from(querystring.unescapeBuffer('a+b', true)), Array.from(querystring.unescapeBuffer('%4'))],
  };
}
