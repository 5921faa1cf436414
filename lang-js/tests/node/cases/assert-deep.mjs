import assert from 'assert';

const fail = (f) => {
  try { f(); return 'no throw'; } catch (e) { return { code: e.code, message: e.message, generated: e.generatedMessage, operator: e.operator }; }
};
const pass = (f) => { try { f(); return true; } catch (e) { return e.message.split('\n')[0]; } };

class A { constructor() { this.x = 1; } }

export default async function () {
  const pairs = [
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }], [{ a: 1 }, { a: '1' }], [[1, 2, 3], [1, 2, 3]], [[1, 2], [1, 2, 3]], [NaN, NaN], [0, -0], [[0], [-0]],
    [new Date(0), new Date(0)], [new Date(0), new Date(1)], [/a/g, /a/g], [/a/g, /a/i], [new Set([1, 2]), new Set([2, 1])], [new Set([1]), new Set(['1'])],
    [new Map([[1, { a: 1 }]]), new Map([[1, { a: 1 }]])], [new Map([[1, 'a']]), new Map([['1', 'a']])], [new A(), { x: 1 }], [Object.create(null), {}],
    [new Number(1), new Number(1)], [new Number(1), 1], [new String('a'), new String('b')], [new Uint8Array([1, 2]), new Uint8Array([1, 2])],
    [new Uint8Array([1]), new Uint16Array([1])], [new Float64Array([0]), new Float64Array([-0])], [new Error('x'), new Error('x')], [new Error('x'), new TypeError('x')],
    [{ [Symbol.for('k')]: 1 }, { [Symbol.for('k')]: 1 }], [{ [Symbol.for('k')]: 1 }, {}], [[1, , 3], [1, undefined, 3]], [{ a: undefined }, {}],
    [new ArrayBuffer(2), new ArrayBuffer(2)], [null, undefined], [1, true], ['', 0], [[], {}], [new WeakMap(), new WeakMap()],
  ];
  const c1 = { v: [1] };
  c1.self = c1;
  const c2 = { v: [1] };
  c2.self = c2;
  pairs.push([c1, c2]);
  return {
    strict: pairs.map(([a, b]) => pass(() => assert.deepStrictEqual(a, b))),
    loose: pairs.map(([a, b]) => pass(() => assert.deepEqual(a, b))),
    notStrict: pairs.map(([a, b]) => pass(() => assert.notDeepStrictEqual(a, b))),
    notLoose: pairs.map(([a, b]) => pass(() => assert.notDeepEqual(a, b))),
    messages: [
      fail(() => assert.deepStrictEqual({ a: 1, b: [1, 2, 3] }, { a: 1, b: [1, 2, 4] })),
      fail(() => assert.deepStrictEqual([1, 2, 3], [1, 2])),
      fail(() => assert.deepStrictEqual({ a: 1 }, { a: 1, b: 2 })),
      fail(() => assert.deepStrictEqual(1, '1')),
      fail(() => assert.deepStrictEqual(new Set([1, 2]), new Set([1, 3]))),
      fail(() => assert.deepStrictEqual(new Map([[1, { a: 1 }]]), new Map([[1, { a: 2 }]]))),
      fail(() => assert.deepStrictEqual({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 }, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 9 })),
      fail(() => assert.deepStrictEqual(Array.from({ length: 10 }, (_, x) => ({ x })), Array.from({ length: 10 }, (_, x) => ({ x: x === 9 ? 11 : x })))),
      fail(() => assert.deepStrictEqual(new A(), { x: 1 })),
      fail(() => assert.deepStrictEqual([{ id: 1, tags: ['a', 'b'] }], [{ id: 1, tags: ['a', 'c'] }], 'custom header')),
      fail(() => assert.deepEqual({ a: 1 }, { a: 2 })),
      fail(() => assert.deepEqual([1, 2], [1, 3], 'loose custom')),
      fail(() => assert.notDeepStrictEqual({ a: 1 }, { a: 1 })),
      fail(() => assert.notDeepEqual({ a: 1 }, { a: 1 })),
      fail(() => assert.notDeepEqual({ a: 1 }, { a: '1' })),
      fail(() => assert.notDeepStrictEqual([1, 2, 3], [1, 2, 3], 'not custom')),
      fail(() => assert.strictEqual([1, 2], [1, 2])),
      fail(() => assert.strictEqual({ a: 1, nested: { b: [1, 2] } }, { a: 1, nested: { b: [1, 3] } })),
      fail(() => assert.deepStrictEqual(Array.from({ length: 80 }, (_, i) => i), Array.from({ length: 80 }, (_, i) => (i === 40 ? -1 : i)))),
    ],
  };
}
