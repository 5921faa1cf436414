import util, { inherits, deprecate, isDeepStrictEqual, debuglog, toUSVString, stripVTControlCharacters, types, TextEncoder, TextDecoder } from 'node:util';
import utilTypes from 'node:util/types';

export default async function () {
  const out = {};
  // inherits
  function Animal(name) { this.name = name; }
  Animal.prototype.speak = function () { return `${this.name} speaks`; };
  function Dog(name) { Animal.call(this, name); }
  inherits(Dog, Animal);
  const d = new Dog('rex');
  out.inherits = [d.speak(), d instanceof Animal, Dog.super_ === Animal, Object.keys(Dog).includes('super_'), Object.getPrototypeOf(Dog.prototype) === Animal.prototype];
  out.inheritsErrors = [null, undefined].map((bad) => { try { inherits(bad, Animal); } catch (e) { return [e.code, e.message]; } });
  out.inheritsSuperErrors = [(() => { try { inherits(Dog, null); } catch (e) { return [e.code, e.message]; } })(),
    (() => { try { inherits(Dog, {}); } catch (e) { return [e.code, e.message]; } })()];

  // deprecate: the wrapper still works (the warning text goes to the log, not checked here)
  const oldFn = deprecate(function oldFn(a, b) { return a + b; }, 'oldFn is deprecated', 'DEP_TEST_1');
  out.deprecated = [oldFn(1, 2), oldFn(3, 4), typeof oldFn];
  class OldClass { constructor(v) { this.v = v; } }
  const Wrapped = deprecate(OldClass, 'OldClass is deprecated', 'DEP_TEST_2');
  const w = new Wrapped(5);
  out.deprecatedClass = [w.v, w instanceof OldClass];
  out.deprecateBadCode = (() => { try { deprecate(() => {}, 'm', 5); } catch (e) { return [e.code, e.message]; } })();

  // isDeepStrictEqual
  out.deepStrict = [
    isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), isDeepStrictEqual({ a: 1 }, { a: '1' }), isDeepStrictEqual(NaN, NaN),
    isDeepStrictEqual(0, -0), isDeepStrictEqual([0], [-0]), isDeepStrictEqual(new Set([1, { x: 1 }]), new Set([{ x: 1 }, 1])),
    isDeepStrictEqual(new Map([[{ k: 1 }, 'v']]), new Map([[{ k: 1 }, 'v']])), isDeepStrictEqual(new Date(5), new Date(5)),
    isDeepStrictEqual(/a/g, /a/i), isDeepStrictEqual(Object.create(null), {}), isDeepStrictEqual([1, , 3], [1, undefined, 3]),
    isDeepStrictEqual(new Number(1), new Number(1)), isDeepStrictEqual(new Uint8Array([1]), new Uint8Array([1])),
    isDeepStrictEqual(new Uint8Array([1]), new Int8Array([1])), isDeepStrictEqual(new Error('a'), new Error('a')),
    isDeepStrictEqual(new Error('a'), new TypeError('a')), isDeepStrictEqual({ [Symbol.for('s')]: 1 }, { [Symbol.for('s')]: 2 }),
  ];
  const c1 = { a: 1 };
  c1.self = c1;
  const c2 = { a: 1 };
  c2.self = c2;
  out.deepCircular = isDeepStrictEqual(c1, c2);

  // legacy helpers
  out.legacy = [util.isArray([]), util.isArray({}), util.isBoolean(false), util.isNull(null), util.isNullOrUndefined(undefined), util.isNumber(1),
    util.isString('s'), util.isSymbol(Symbol()), util.isUndefined(undefined), util.isRegExp(/x/), util.isObject({}), util.isObject(null),
    util.isDate(new Date()), util.isError(new Error()), util.isFunction(() => {}), util.isPrimitive('x'), util.isPrimitive({})];
  out.extend = util._extend({ a: 1 }, { b: 2 });

  // debuglog
  const dbg = debuglog('mysection');
  dbg('hidden %s', 'x');
  out.debuglog = [typeof dbg, dbg.enabled, typeof util.debug];

  out.toUSVString = [toUSVString('ok'), toUSVString('a\ud800b'), toUSVString('\udc00'), toUSVString('😀')];
  out.stripVT = [stripVTControlCharacters('\u001b[31mred\u001b[39m plain'), stripVTControlCharacters('\u001b[1;4mx\u001b[0m')];
  out.stripVTBad = (() => { try { stripVTControlCharacters(1); } catch (e) { return [e.code, e.message]; } })();
  out.textCodec = [new TextEncoder().encode('hé').length, new TextDecoder().decode(new Uint8Array([104, 105])), TextEncoder === globalThis.TextEncoder];
  out.typesSame = [types === utilTypes, types.isDate === utilTypes.isDate];
  out.keys = ['promisify', 'callbackify', 'inherits', 'deprecate', 'format', 'formatWithOptions', 'inspect', 'isDeepStrictEqual', 'types',
    'debuglog', 'toUSVString', 'stripVTControlCharacters', 'TextEncoder', 'TextDecoder', 'isArray'].filter((k) => typeof util[k] !== 'undefined');
  return out;
}
