import querystring from 'querystring';
import { stringify, encode, escape } from 'querystring';

export default async function () {
  const err = (f) => { try { return ['ok', f()]; } catch (e) { return [e.name, e.code, e.message]; } };
  return {
    basic: stringify({ foo: 'bar', baz: ['qux', 'quux'], corge: '' }),
    same: encode === stringify,
    types: stringify({ s: 'x y', n: 42, f: 1.5, neg: -0, nan: NaN, inf: Infinity, big: 10n, t: true, f2: false, nul: null, und: undefined, obj: { a: 1 }, fn() {}, sym: Symbol('s'), date: new Date(0) }),
    arrays: [stringify({ a: [] }), stringify({ a: [1, 'b', null, undefined, true, {}] }), stringify({ a: [[1, 2]] })],
    seps: [stringify({ w: 'x', y: 'z' }, ';', ':'), stringify({ w: ['a', 'b'] }, '&&', '=='), stringify({ a: 1 }, '', '')],
    nonObjects: [stringify('a=b'), stringify(5), stringify(null), stringify(undefined), stringify([1, 2]), stringify(true)],
    inherited: stringify(Object.assign(Object.create({ inh: 1 }), { own: 2 })),
    encoded: stringify({ 'a b': 'c&d', 'é': '中文', emoji: '😀', reserved: "!'()*-._~", others: '#$&+,/:;=?@[]', pct: '100%' }),
    custom: [
      stringify({ w: '中文', foo: 'bar' }, null, null, { encodeURIComponent: (s) => s.toUpperCase() }),
      stringify({ a: [null, 1] }, null, null, { encodeURIComponent: (s) => `<${s}>` }),
      stringify({ a: '' }, null, null, { encodeURIComponent: (s) => `[${s}]` }),
    ],
    escape: [escape('a b&c=d/é'), escape(5), escape(null), escape(undefined), escape({}), escape([1, 2]), escape(true), querystring.escape("~!*()'")],
    surrogates: [err(() => escape('\ud800')), err(() => escape('a\ud800b')), err(() => escape('\udc00x')), err(() => stringify({ k: '\ud83d' })), err(() => escape('\ud83d\ude00'))],
    roundTrip: querystring.parse(stringify({ a: ['1', '2'], 'b c': 'd+e', f: 'é' })),
  };
}
