import { inspect } from 'util';

class Foo { constructor() { this.a = 1; } }
class Bar extends Foo { constructor() { super(); this.b = [1, 2]; } }
class Empty {}
class Tagged { get [Symbol.toStringTag]() { return 'TG'; } }
class MyMap extends Map {}
class MyArray extends Array {}

export default async function () {
  const i = (v, o) => inspect(v, o);
  return {
    maps: [i(new Map()), i(new Map([[1, 2], ['a', { b: 1 }]])), i(new Map([[{ k: 1 }, [1]]])), i(new MyMap([[1, 2]])), i(Object.assign(new Map([[1, 2]]), { extra: true }))],
    sets: [i(new Set()), i(new Set([1, 'a', [2]])), i(new Set(Array.from({ length: 30 }, (_, k) => k)))],
    deepMap: i(new Map([['l1', new Map([['l2', new Map([['l3', new Map([['l4', 1]])]])]])]])),
    weak: [i(new WeakMap()), i(new WeakSet())],
    typed: [i(new Uint8Array(0)), i(new Uint8Array([1, 2, 3])), i(new Uint8Array(20)), i(new Float64Array([1.5, -0, NaN])), i(new BigInt64Array([1n, -2n])),
      i(new Int16Array(7)), i(new Uint8ClampedArray([255])), i(new Uint8Array(200)), i(Object.assign(new Uint8Array(2), { x: 1 }))],
    buffers: [i(new ArrayBuffer(0)), i(new ArrayBuffer(4)), i(new Uint8Array([1, 255, 16]).buffer), i(new DataView(new ArrayBuffer(3))), i(new ArrayBuffer(120))],
    dates: [i(new Date(0)), i(new Date(NaN)), i(new Date(Date.UTC(2024, 1, 29, 12, 30))), i(Object.assign(new Date(86400000), { z: 2 })), i({ when: new Date(1e12) })],
    regexps: [i(/abc/g), i(/a\/b[c]/imsuy), i(new RegExp('x y', 'u')), i(Object.assign(/x/, { y: 1 }))],
    boxed: [i(new Number(3)), i(new Number(-0)), i(new String('abc')), i(new Boolean(true)), i(Object(Symbol('bx'))), i(Object(10n)), i(Object.assign(new String('ab'), { extra: 1 }))],
    functions: [i(function () {}), i(function named() {}), i(() => {}), i(async () => {}), i(async function af() {}), i(function* gen() {}), i(async function* agen() {}),
      i(Object.assign(function withProps() {}, { a: 1 })), i(Object.setPrototypeOf(function nop() {}, null)), i(Object.defineProperty(function renamed() {}, 'name', { value: 'other' }))],
    classes: [i(class {}), i(class A {}), i(class B extends Object {}), i(class C extends Foo {}), i(Object.assign(class WithStatic {}, { s: 2 })), i(Foo), i(Bar)],
    instances: [i(new Foo()), i(new Bar()), i(new Empty()), i(new Tagged()), i(Object.assign(new Tagged(), { q: 1 })), i(Object.create(Foo.prototype)), i(new MyArray()), i(MyArray.from([1, 2]))],
    anonymousInstance: i(new (class { constructor() { this.v = 1; } })()),
    nullProto: [i(Object.create(null)), i(Object.assign(Object.create(null), { x: 1 })), i(Object.create(Object.create(null)))],
    ownTag: i({ [Symbol.toStringTag]: 'Own', a: 1 }),
    hiddenTag: i(Object.defineProperty({}, Symbol.toStringTag, { value: 'Hidden' })),
    inherited: i(Object.create({ inherited: 1 })),
    args: i((function () { return arguments; })(1, 'a')),
    generators: [i((function* () {})()), i((async function* () {})())],
    promisePending: i(new Promise(() => {})),
    objectWithEverything: i({ str: 'hello world', num: 42, arr: [1, 2, 3], nested: { deep: { deeper: { deepest: 1 } }, list: [{ a: 1 }, { b: 2 }] },
      map: new Map([['k', { v: 1 }]]), set: new Set([1, 2]), fn() {}, date: new Date(0), re: /x/ }),
    methods: i({ f() {}, g: () => 1, h: async () => {}, j: class {}, k: class K extends Array {} }),
  };
}
