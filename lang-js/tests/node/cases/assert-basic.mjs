import assert, { AssertionError, strictEqual, deepStrictEqual } from 'node:assert';

const fail = (f) => {
  try { f(); return 'no throw'; } catch (e) {
    return { name: e.name, code: e.code, message: e.message, generated: e.generatedMessage, operator: e.operator, isAE: e instanceof AssertionError,
      actual: typeof e.actual === 'bigint' ? `${e.actual}n` : e.actual, expected: typeof e.expected === 'bigint' ? `${e.expected}n` : e.expected };
  }
};

export default async function () {
  return {
    okPass: [fail(() => assert(1)), fail(() => assert.ok('x')), fail(() => assert(true, 'unused'))],
    okNoArgs: fail(() => assert.ok()),
    okMessage: fail(() => assert(0, 'zero is falsy')),
    okErrorMessage: fail(() => assert.ok(false, new TypeError('own error'))),
    okShape: (() => { try { assert.ok(null); } catch (e) { return [e.code, e.operator, e.actual, e.expected, e.generatedMessage, e.name]; } })(),
    equal: [fail(() => assert.equal(1, 1)), fail(() => assert.equal(1, '1')), fail(() => assert.equal(NaN, NaN)), fail(() => assert.equal(1, 2)),
      fail(() => assert.equal('a', 'b')), fail(() => assert.equal(null, undefined)), fail(() => assert.equal({}, {})), fail(() => assert.equal(1, 2, 'msg'))],
    notEqual: [fail(() => assert.notEqual(1, 2)), fail(() => assert.notEqual(1, '1')), fail(() => assert.notEqual(NaN, NaN))],
    strictEqual: [fail(() => strictEqual(1, 1)), fail(() => strictEqual(1, 2)), fail(() => strictEqual('a', 'b')), fail(() => strictEqual(1, '1')),
      fail(() => strictEqual(NaN, NaN)), fail(() => strictEqual(0, -0)), fail(() => strictEqual(null, undefined)), fail(() => strictEqual(true, false)),
      fail(() => strictEqual(1n, 2n)), fail(() => strictEqual('hello world', 'hello there')), fail(() => strictEqual('a\nb', 'a\nc')),
      fail(() => strictEqual({}, {})), fail(() => strictEqual([1, 2], [1, 3])), fail(() => strictEqual(1, 2, 'custom')),
      fail(() => strictEqual('some long string value', 'another long string value', 'custom diff header'))],
    notStrictEqual: [fail(() => assert.notStrictEqual(1, 2)), fail(() => assert.notStrictEqual(1, 1)), fail(() => assert.notStrictEqual('a long string here', 'a long string here')),
      fail(() => { const o = { a: 1 }; assert.notStrictEqual(o, o); }), fail(() => assert.notStrictEqual(NaN, NaN, 'custom'))],
    missingArgs: [fail(() => assert.equal(1)), fail(() => strictEqual()), fail(() => deepStrictEqual({}))],
    failFn: [fail(() => assert.fail()), fail(() => assert.fail('boom')), fail(() => assert.fail(new RangeError('thrown as is'))), fail(() => assert.fail(undefined))],
    ifError: [fail(() => assert.ifError(null)), fail(() => assert.ifError(undefined)), fail(() => assert.ifError(new Error('boom'))),
      fail(() => assert.ifError('str')), fail(() => assert.ifError(0)), fail(() => assert.ifError(new TypeError(''))), fail(() => assert.ifError({ message: 'obj' }))],
    match: [fail(() => assert.match('abc', /b/)), fail(() => assert.match('abc', /x/)), fail(() => assert.doesNotMatch('abc', /x/)),
      fail(() => assert.doesNotMatch('abc', /b/)), fail(() => assert.match(1, /x/)), fail(() => assert.match('a', 'x')), fail(() => assert.match('abc', /x/, 'custom'))],
    assertionError: (() => {
      const e = new AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' });
      const e2 = new AssertionError({ message: 'given', actual: 'a' });
      return [e.message, e.name, e.code, String(e), Object.keys(e), e.generatedMessage, e2.message, e2.generatedMessage, e2.operator,
        e instanceof Error, Object.prototype.propertyIsEnumerable.call(e, 'name')];
    })(),
    assertionErrorBad: fail(() => new AssertionError('x')),
    callTracker: (() => {
      const tracker = new assert.CallTracker();
      function target(a) { return a * 2; }
      const twice = tracker.calls(target, 2);
      const once = tracker.calls();
      const r = [twice(2), twice.name, twice.length, tracker.getCalls(twice).map((c) => c.arguments)];
      const report = tracker.report().map((x) => [x.message, x.actual, x.expected, x.operator]);
      const verify = fail(() => tracker.verify());
      twice(3);
      once();
      tracker.reset(once);
      const afterReset = tracker.report().map((x) => x.message);
      const untracked = fail(() => tracker.getCalls(() => {}));
      return { r, report, verify, afterReset, untracked: [untracked.code, untracked.name] };
    })(),
    exportedKeys: Object.keys(assert).sort(),
    selfRef: [assert.ok === assert, assert.strict.strict === assert.strict, typeof assert.strict],
  };
}
