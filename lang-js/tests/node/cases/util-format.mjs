import util, { format, formatWithOptions } from 'node:util';

export default async function () {
  const circ = {};
  circ.self = circ;
  class WithToString { toString() { return 'custom-to-string'; } }
  class Plain { constructor() { this.p = 1; } }
  return {
    noArgs: format(),
    single: [format('plain'), format('%s'), format('%%'), format('%d')],
    s: [format('%s', 'str'), format('%s', 42), format('%s', -0), format('%s', 12n), format('%s', null), format('%s', undefined), format('%s', true),
      format('%s', Symbol('sy')), format('%s', { a: { b: { c: 1 } } }), format('%s', [1, [2, [3]]]), format('%s', new Date(0)),
      format('%s', new WithToString()), format('%s', new Plain()), format('%s', Object.create(null)), format('%s', new Error('err msg').message),
      format('%s', { [Symbol.toPrimitive]() { return 'prim'; } }), format('%s', new Map([[1, 2]]))],
    d: [format('%d', 42), format('%d', '42.5'), format('%d', 'abc'), format('%d', 10n), format('%d', Symbol('x')), format('%d', -0), format('%d', {}), format('%d', '')],
    i: [format('%i', 42.9), format('%i', '-7.5'), format('%i', 'x'), format('%i', 5n), format('%i', Symbol('y'))],
    f: [format('%f', '1.5'), format('%f', 'abc'), format('%f', 2), format('%f', Symbol('z'))],
    j: [format('%j', { a: [1, 'b'] }), format('%j', circ), format('%j', undefined), format('%j', 'str'), format('%j', { toJSON() { return 'tj'; } })],
    o: [format('%o', { a: [1] }), format('%o', [1, { b: 2 }]), format('%o', 'str'), format('%o', function foo() {}), format('%o', async () => {}),
      format('%o', new Plain()), format('%o', new (class G { get g() { return 1; } })()), format('%o', new Map([[1, { deep: { deeper: { deepest: {} } } }]]))],
    O: [format('%O', { a: { b: { c: { d: 1 } } } }), format('%O', 'str')],
    c: format('%cstyled%c', 'color: red', 'x'),
    percent: [format('100%'), format('%% %s', 'x'), format('a%', 1), format('%%s', 1), format('%x', 1), format('%s%', 'a')],
    missingArgs: [format('%s and %s', 'one'), format('%d-%d', 1)],
    extraArgs: [format('%s', 'a', 'b', 3, { c: 4 }, [5], null, undefined), format('x', 'y'), format(1, 2, '3'), format({ a: 1 }, 'str', [2])],
    nonStringFirst: [format(null), format(undefined, 'x'), format({ a: 'b' }), format(['x'], 's')],
    multiline: format('%s', 'line1\nline2'),
    withOptions: [formatWithOptions({ depth: 0 }, '%O', { a: { b: 1 } }), formatWithOptions({ compact: false }, { a: 1 }), formatWithOptions({}, 'n %d', 3)],
    withOptionsBad: (() => { try { formatWithOptions(null, 'x'); } catch (e) { return [e.code, e.message]; } })(),
    sameAsUtil: util.format === format,
  };
}
