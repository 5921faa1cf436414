import types from 'util/types';
import { types as utilTypes } from 'util';

export default async function () {
  const samples = {
    object: {}, array: [], date: new Date(), regexp: /x/, regexpProto: RegExp.prototype, promise: Promise.resolve(1), thenable: { then() {} },
    map: new Map(), set: new Set(), weakMap: new WeakMap(), weakSet: new WeakSet(), mapIter: new Map().entries(), setIter: new Set().values(),
    arrayIter: [][Symbol.iterator](), u8: new Uint8Array(1), u8c: new Uint8ClampedArray(1), i16: new Int16Array(1), f32: new Float32Array(1),
    f64: new Float64Array(1), bi64: new BigInt64Array(1), bu64: new BigUint64Array(1), u16: new Uint16Array(1), u32: new Uint32Array(1),
    i8: new Int8Array(1), i32: new Int32Array(1), ab: new ArrayBuffer(1), dv: new DataView(new ArrayBuffer(1)), fn: function () {},
    asyncFn: async function () {}, genFn: function* () {}, asyncGenFn: async function* () {}, arrow: () => {}, gen: (function* () {})(),
    asyncGen: (async function* () {})(), err: new Error('e'), typeErr: new TypeError('t'), fakeErr: { name: 'Error', message: 'x', __proto__: Error.prototype },
    num: 1, numObj: new Number(1), strObj: new String('s'), boolObj: new Boolean(false), symObj: Object(Symbol('s')), bigObj: Object(1n),
    args: (function () { return arguments; })(), nullProto: Object.create(null), str: 'str', nul: null, undef: undefined,
  };
  const checks = Object.keys(types).filter((k) => !['isExternal', 'isProxy', 'isKeyObject', 'isCryptoKey', 'isModuleNamespaceObject'].includes(k)).sort();
  const table = {};
  for (const check of checks) table[check] = Object.keys(samples).filter((name) => types[check](samples[name]));
  return {
    same: types === utilTypes,
    checks,
    table,
    proxyOfPlain: types.isProxy({}),
  };
}
