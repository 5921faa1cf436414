import util from 'util';

export default async function () {
  const i = util.inspect;
  const deep = { l1: { l2: { l3: { l4: { l5: 'bottom' } } } }, arr: [[1, [2, [3, [4]]]]] };
  const wide = { alpha: [1, 2, 3], beta: { x: 'some text', y: 'more text' }, gamma: 'a fairly long string value' };
  const customCalls = [];
  const custom = {
    [util.inspect.custom](depth, options, insp) {
      customCalls.push([depth, typeof options.stylize, options.breakLength, insp === util.inspect]);
      return { replaced: true };
    },
  };
  const customString = { [util.inspect.custom]() { return 'line1\nline2'; } };
  const customThis = { a: 1, [util.inspect.custom]() { return this; } };
  const out = {
    depth0: i(deep, { depth: 0 }),
    depth1: i(deep, { depth: 1 }),
    depthNull: i(deep, { depth: null }),
    depthInf: i(deep, { depth: Infinity }),
    legacyArgs: i(deep, false, 0),
    compactFalse: i(wide, { compact: false }),
    compactTrue: i(wide, { compact: true }),
    compact1: i(wide, { compact: 1 }),
    breakLength40: i(wide, { breakLength: 40 }),
    breakLengthInf: i({ ...wide, more: Array.from({ length: 20 }, (_, k) => k) }, { breakLength: Infinity }),
    sorted: i({ b: 1, a: 2, c: { z: 1, y: 2 } }, { sorted: true }),
    sortedFn: i({ b: 1, a: 2, c: 3 }, { sorted: (x, y) => (x < y ? 1 : -1) }),
    showHiddenArray: i([1, 2], { showHidden: true }),
    showHiddenObj: i(Object.defineProperty({ v: 1 }, 'hidden', { value: 2, enumerable: false }), { showHidden: true }),
    maxArrayLength: [i([1, 2, 3, 4], { maxArrayLength: 2 }), i(new Set([1, 2, 3]), { maxArrayLength: 1 }), i(new Map([[1, 2], [3, 4]]), { maxArrayLength: 0 }), i(new Uint8Array(5), { maxArrayLength: 3 })],
    maxStringLength: [i('abcdefgh', { maxStringLength: 4 }), i({ s: 'abcdef' }, { maxStringLength: 1 })],
    getters: i({ get a() { return { x: 1 }; }, get b() { return 2; }, get n() { return null; }, get t() { throw new Error('nope'); }, set s(v) {} }, { getters: true }),
    numericSeparator: i([1234567, 1234.5678, -9876543210, 123456789n, 0.000001], { numericSeparator: true }),
    custom: i({ wrap: custom }),
    customTop: i(custom, { depth: 5 }),
    customCalls,
    customString: i({ nested: { v: customString } }),
    customThis: i(customThis),
    customOff: i(custom, { customInspect: false }),
  };
  const saved = util.inspect.defaultOptions.depth;
  util.inspect.defaultOptions = { depth: 0 };
  out.changedDefaults = i(deep);
  util.inspect.defaultOptions.depth = saved;
  out.restoredDefaults = i(deep);
  out.badDefaults = (() => { try { util.inspect.defaultOptions = null; } catch (e) { return [e.code, e.message]; } })();
  return out;
}
