// qs, CommonJS style: nested query strings both ways.
const qs = require('qs')

exports.main = async function (ctx) {
  const nested = { user: { name: 'Ann Lee', langs: ['js', 'rust'] }, page: 2, q: 'a&b=c' }
  return {
    parseNested: qs.parse('a[b][c]=1&arr[]=1&arr[]=2'),
    parseIndices: qs.parse('list[1]=b&list[0]=a'),
    parseDots: qs.parse('a.b.c=d', { allowDots: true }),
    parsePrefix: qs.parse('?x=1&y=%E2%9C%93', { ignoreQueryPrefix: true }),
    parseComma: qs.parse('ids=1,2,3', { comma: true }),
    parseDepth: qs.parse('a[b][c][d][e][f][g]=deep', { depth: 2 }),
    parseEmpty: qs.parse('a&b=&c=1', { strictNullHandling: true }),
    brackets: qs.stringify(nested, { arrayFormat: 'brackets' }),
    indices: qs.stringify(nested, { arrayFormat: 'indices' }),
    repeat: qs.stringify(nested, { arrayFormat: 'repeat' }),
    comma: qs.stringify({ ids: [1, 2, 3] }, { arrayFormat: 'comma' }),
    unencoded: qs.stringify(nested, { encode: false }),
    valuesOnly: qs.stringify(nested, { encodeValuesOnly: true }),
    rfc1738: qs.stringify({ q: 'a b' }, { format: 'RFC1738' }),
    prefix: qs.stringify({ a: 1, b: null, c: undefined }, { addQueryPrefix: true }),
    skipNulls: qs.stringify({ a: 1, b: null }, { skipNulls: true }),
    allowDots: qs.stringify({ a: { b: { c: 'd' } } }, { allowDots: true }),
    sorted: qs.stringify({ z: 1, a: 2, m: 3 }, { sort: (a, b) => a.localeCompare(b) }),
    unicode: qs.stringify({ word: 'héllo ✓' }),
    roundTrip: qs.parse(qs.stringify(nested)),
  }
}
