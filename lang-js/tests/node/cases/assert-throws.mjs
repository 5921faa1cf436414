import assert from 'node:assert';

const fail = (f) => {
  try { f(); return 'no throw'; } catch (e) {
    return { name: e.name, code: e.code, message: e.message, generated: e.generatedMessage, operator: e.operator };
  }
};
const failAsync = (p) => p.then(() => 'no throw', (e) => ({ name: e.name, code: e.code, message: e.message, generated: e.generatedMessage, operator: e.operator }));
const thrower = (e) => () => { throw e; };

class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; this.code = 'E_MINE'; } }

export default async function () {
  const boom = new Error('boom');
  return {
    throwsPass: [
      fail(() => assert.throws(thrower(boom))),
      fail(() => assert.throws(thrower(boom), Error)),
      fail(() => assert.throws(thrower(new MyError('m')), MyError)),
      fail(() => assert.throws(thrower(boom), /bo+m/)),
      fail(() => assert.throws(thrower(boom), (e) => e === boom)),
      fail(() => assert.throws(thrower(new MyError('m')), { name: 'MyError', code: 'E_MINE', message: /^m$/ })),
      fail(() => assert.throws(thrower(new MyError('m')), new MyError('m'))),
      fail(() => assert.throws(thrower('a string'), /string/)),
      fail(() => assert.throws(thrower(boom), 'a message only')),
    ],
    missing: [fail(() => assert.throws(() => {})), fail(() => assert.throws(() => {}, TypeError)), fail(() => assert.throws(() => {}, 'must throw')),
      fail(() => assert.throws(() => {}, TypeError, 'with both'))],
    wrongClass: [fail(() => assert.throws(thrower(new TypeError('x')), RangeError)), fail(() => assert.throws(thrower(new Error('')), RangeError)),
      fail(() => assert.throws(thrower('prim'), RangeError)), fail(() => assert.throws(thrower(new TypeError('x')), RangeError, 'custom class msg'))],
    wrongRegExp: [fail(() => assert.throws(thrower(boom), /nope/)), fail(() => assert.throws(thrower(boom), /nope/, 'custom re msg'))],
    validationFn: [fail(() => assert.throws(thrower(boom), (e) => false)), fail(() => assert.throws(thrower(boom), function check() { return 'yes'; })),
      fail(() => assert.throws(thrower(boom), () => { throw new Error('inner'); }))],
    objectMismatch: [fail(() => assert.throws(thrower(boom), { message: 'other' })), fail(() => assert.throws(thrower(boom), { message: 'boom', code: 'NOPE' })),
      fail(() => assert.throws(thrower(boom), { message: /x/ })), fail(() => assert.throws(thrower(new MyError('m')), new MyError('n'))),
      fail(() => assert.throws(thrower(boom), { message: 'other' }, 'custom obj msg')), fail(() => assert.throws(thrower('prim'), { a: 1 })),
      fail(() => assert.throws(thrower(boom), {}))],
    badArgs: [fail(() => assert.throws('notfn')), fail(() => assert.throws(thrower(boom), 5)), fail(() => assert.throws(thrower(boom), 'boom')),
      fail(() => assert.throws(thrower('same'), 'same')), fail(() => assert.throws(thrower(boom), 'x', 'y'))],
    doesNotThrow: [fail(() => assert.doesNotThrow(() => 1)), fail(() => assert.doesNotThrow(thrower(boom))), fail(() => assert.doesNotThrow(thrower(boom), 'custom')),
      fail(() => assert.doesNotThrow(thrower(boom), TypeError)), fail(() => assert.doesNotThrow(thrower(boom), Error)), fail(() => assert.doesNotThrow(thrower(boom), /boom/, 'msg')),
      fail(() => assert.doesNotThrow(thrower(boom), /zzz/)), fail(() => assert.doesNotThrow(thrower(boom), 5))],
    rejects: [
      await failAsync(assert.rejects(Promise.reject(boom))),
      await failAsync(assert.rejects(() => Promise.reject(new MyError('m')), MyError)),
      await failAsync(assert.rejects(async () => { throw boom; }, { message: 'boom' })),
      await failAsync(assert.rejects(Promise.resolve(1))),
      await failAsync(assert.rejects(Promise.resolve(1), Error, 'custom')),
      await failAsync(assert.rejects(() => Promise.reject(boom), TypeError)),
      await failAsync(assert.rejects(() => 5)),
      await failAsync(assert.rejects(5)),
      await failAsync(assert.rejects({ then(res, rej) { rej(boom); }, catch() {} })),
      await failAsync(assert.rejects(async () => { throw boom; }, /nope/)),
    ],
    doesNotReject: [
      await failAsync(assert.doesNotReject(Promise.resolve(1))),
      await failAsync(assert.doesNotReject(() => Promise.reject(boom))),
      await failAsync(assert.doesNotReject(Promise.reject(boom), 'custom')),
      await failAsync(assert.doesNotReject(Promise.reject(boom), TypeError)),
      await failAsync(assert.doesNotReject(() => 'x')),
    ],
    rejectsReturnsPromise: assert.rejects(Promise.reject(boom)) instanceof Promise,
  };
}
