import strict, { equal, deepEqual, notEqual, notDeepEqual, strictEqual } from 'assert/strict';
import assert from 'node:assert';

const fail = (f) => {
  try { f(); return 'no throw'; } catch (e) { return { code: e.code, message: e.message, operator: e.operator, generated: e.generatedMessage }; }
};

export default async function () {
  return {
    sameAsAssertStrict: strict === assert.strict,
    strictIsFunction: typeof strict,
    equalIsStrict: [equal === assert.strictEqual, deepEqual === assert.deepStrictEqual, notEqual === assert.notStrictEqual, notDeepEqual === assert.notDeepStrictEqual,
      strictEqual === assert.strictEqual, strict.throws === assert.throws, strict.AssertionError === assert.AssertionError],
    equal: [fail(() => equal(1, '1')), fail(() => equal(1, 1)), fail(() => strict.equal(NaN, NaN))],
    deepEqual: [fail(() => deepEqual({ a: 1 }, { a: '1' })), fail(() => deepEqual([1], [1]))],
    notEqual: [fail(() => notEqual(1, '1')), fail(() => notEqual(2, 2))],
    notDeepEqual: [fail(() => notDeepEqual({ a: 1 }, { a: '1' })), fail(() => notDeepEqual({ a: 1 }, { a: 1 }))],
    ok: [fail(() => strict(1)), fail(() => strict(0, 'strict ok failed')), fail(() => strict.ok(''))].map((r) => (typeof r === 'object' ? [r.code, r.operator] : r)),
    okMessage: fail(() => strict(0, 'strict ok failed')),
    nested: strict.strict === strict,
    keys: Object.keys(strict).sort(),
  };
}
