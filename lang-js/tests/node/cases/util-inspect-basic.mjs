import util, { inspect } from 'node:util';

export default async function () {
  const i = (v, o) => inspect(v, o);
  const long = {};
  for (let k = 0; k < 10; k++) long[`key${k}`] = `value${k}`;
  return {
    primitives: [i(1), i(-0), i(0), i(1.5), i(NaN), i(-Infinity), i(1e21), i(2 ** 53), i(123n), i(-5n), i(true), i(null), i(undefined)],
    strings: [i(''), i('abc'), i("it's"), i('say "hi" it\'s'), i('it\'s "x" `y`'), i('a\nb\tc'), i('\x00\x07\x1b\x7f'), i('\\'), i('ünïcödé 😀'), i('\ud83d')],
    longString: i('x'.repeat(120)),
    multilineString: i('line one\nline two\nline three\nline four\nline five\nline six\nline 7\n'),
    stringInObject: i({ s: 'first line\nsecond line\nthird line\nfourth line\nfifth line\nsixth line\n' }),
    symbols: [i(Symbol()), i(Symbol('desc')), i(Symbol.iterator), i(Symbol.for('reg'))],
    objects: [i({}), i({ a: 1, b: 'two', c: [3] }), i({ 'a-b': 1, $x: 2, _y: 3, 1: 4, 'key with space': 5 }), i({ undef: undefined, nul: null })],
    nested: [i({ a: { b: { c: { d: 1 } } } }), i({ a: { b: { c: {} } } }), i({ a: { b: { c: [] } } }), i([[[[1]]]]), i([[[[]]]])],
    nestedMixed: i({ a: [{ b: 1 }, { c: 2 }], d: 'hello world this is a long string', e: 12345678 }),
    tenKeys: i(long),
    arrays: [i([]), i([1, 2, 3]), i(['a', 'b']), i([1, , 3]), i([, , 1, , ,]), i(new Array(5)), i([undefined, null])],
    arrayExtras: i(Object.assign([1, 2], { x: 1, [Symbol('q')]: 2 })),
    groupedNumbers: i([1, 2, 3, 4, 5, 6, 7]),
    groupedLong: i(Array.from({ length: 30 }, (_, k) => k * 7)),
    groupedStrings: i(Array.from({ length: 26 }, (_, k) => `str${k}`)),
    mixedArray: i(['a', 1, 'bb', 22, 'ccc', 333, 'dddd']),
    over100: i(Array.from({ length: 120 }, (_, k) => k)),
    objectsInArray: i(Array.from({ length: 8 }, (_, k) => ({ id: k, name: `n${k}` }))),
    symbolKeys: i({ [Symbol('s')]: 1, normal: 2 }),
    getters: i({ get a() { return 1; }, set b(v) {}, get c() { return 2; }, set c(v) {} }),
    wideObject: i({ alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbb', gamma: 'cccccccccc', delta: 'dddddddddd', eps: 'eeeeeeeeee' }),
    numbersInObject: i({ a: -0, b: 0.1, c: 1e-7, d: 123456789n }),
    protoKey: i(JSON.parse('{"__proto__": 5}')),
    defaultOptions: util.inspect.defaultOptions,
    customSymbol: [inspect.custom === Symbol.for('nodejs.util.inspect.custom'), typeof inspect.custom],
  };
}
