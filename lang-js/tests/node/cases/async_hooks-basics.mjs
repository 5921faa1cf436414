import asyncHooks, { AsyncLocalStorage, AsyncResource, executionAsyncId, triggerAsyncId, executionAsyncResource, createHook, asyncWrapProviders } from 'node:async_hooks';
import plain from 'async_hooks';

const err = (f) => { try { return ['ok', f()]; } catch (e) { return [e.name, e.code, e.message]; } };
const errName = (f) => { try { return ['ok', f()]; } catch (e) { return [e.name]; } };

// Only what holds in the synchronous part of run() is compared: lang-js does not carry a store
// across awaits, timers or promise callbacks (Node does).
export default async function () {
  const als = new AsyncLocalStorage();
  const other = new AsyncLocalStorage();
  const out = {};
  out.keys = Object.keys(asyncHooks).sort();
  out.same = plain === asyncHooks;
  out.protos = [
    ['disable', 'enterWith', 'run', 'exit', 'getStore'].map((k) => typeof AsyncLocalStorage.prototype[k]),
    ['bind', 'snapshot'].map((k) => typeof AsyncLocalStorage[k]),
    ['runInAsyncScope', 'emitDestroy', 'asyncId', 'triggerAsyncId', 'bind'].map((k) => typeof AsyncResource.prototype[k]),
    typeof AsyncResource.bind,
    AsyncResource.length,
  ];
  out.outside = [als.getStore(), AsyncLocalStorage.prototype.getStore.call({})];
  out.run = als.run({ id: 1 }, (a, b) => [als.getStore(), other.getStore(), a, b], 'x', 'y');
  out.nested = als.run('outer', () => {
    const inner = als.run('inner', () => [als.getStore(), other.run('o', () => [als.getStore(), other.getStore()])]);
    return [als.getStore(), inner, other.getStore()];
  });
  out.afterRun = als.getStore();
  out.exit = als.run('s', () => [als.exit((x) => [als.getStore(), x], 4), als.getStore(), other.exit(() => als.getStore())]);
  out.exitOutside = als.exit((...a) => [a, als.getStore()], 1, 2);
  out.enterWith = als.run('a', () => { als.enterWith('e'); return [als.getStore(), other.getStore()]; });
  out.afterEnterWith = als.getStore();
  out.throws = [err(() => als.run('t', () => { throw new Error('boom'); })), als.getStore()];
  out.syncPartOfAsync = await als.run('async', async () => { const seen = als.getStore(); await null; return seen; });
  out.disable = als.run('d', () => { als.disable(); const a = als.getStore(); const b = als.run('again', () => als.getStore()); return [a, b]; });
  // Binding captures the stores of the moment it is made.
  const bound = als.run('B', () => AsyncLocalStorage.bind(function h(x) { return [als.getStore(), this, x]; }));
  out.bind = [bound.call('t', 1), bound.name, bound.length, Object.keys(bound), als.run('elsewhere', () => bound(2))];
  const snap = als.run('S', () => other.run('O', () => AsyncLocalStorage.snapshot()));
  out.snapshot = [snap((a, b) => [als.getStore(), other.getStore(), a, b], 9, 8), snap.name, snap.length, als.run('z', () => snap(() => als.getStore()))];
  out.runErrors = [errName(() => als.run(1)), errName(() => als.exit(5)), errName(() => snap(5)), err(() => AsyncLocalStorage.bind(5))];

  // AsyncResource
  const r = new AsyncResource('X', { triggerAsyncId: 5 });
  const r2 = new AsyncResource('Y');
  out.resource = [r.triggerAsyncId(), typeof r.asyncId(), r.asyncId() !== r2.asyncId(), r2.asyncId() > r.asyncId(), r.emitDestroy() === r, Object.keys(r), r.type, new AsyncResource('Z', 7).triggerAsyncId()];
  out.resourceErrors = [
    err(() => new AsyncResource()),
    err(() => new AsyncResource(5)),
    err(() => new AsyncResource('x', { triggerAsyncId: -2 })),
    err(() => new AsyncResource('x', { triggerAsyncId: 'a' })),
    err(() => new AsyncResource('x', { triggerAsyncId: 1.5 })),
    err(() => r.bind(5)),
    err(() => AsyncResource.bind(5)),
    errName(() => r.runInAsyncScope(5)),
  ];
  const captured = als.run('R', () => new AsyncResource('CAP'));
  out.runInAsyncScope = [
    captured.runInAsyncScope(function (a, b) { return [als.getStore(), this, a, b]; }, 'th', 1, 2),
    als.run('later', () => captured.runInAsyncScope(() => als.getStore())),
    captured.runInAsyncScope(() => executionAsyncId() === captured.asyncId() && triggerAsyncId() === captured.triggerAsyncId()),
    captured.runInAsyncScope(() => executionAsyncResource() === captured),
    als.getStore(),
  ];
  const rb = captured.bind(function f(a, b, c) { return [als.getStore(), this, a]; });
  const rbThis = captured.bind(function g(a) { return [als.getStore(), this, a]; }, { z: 1 });
  const sb = als.run('static', () => AsyncResource.bind(function k(a, b) { return als.getStore(); }));
  out.resourceBind = [rb.length, rb.name, Object.keys(rb), rb.call('T', 1), rbThis.name, rbThis.length, rbThis.call('ignored', 2), sb(), sb.length, sb.name];

  // ids, hooks
  const h = createHook({ init() {}, destroy() {} });
  out.ids = [typeof executionAsyncId(), typeof triggerAsyncId(), typeof executionAsyncResource(), executionAsyncResource() !== null];
  out.hook = [h.enable() === h, h.disable() === h, h.constructor.name, typeof createHook({}).enable];
  out.hookErrors = [
    err(() => createHook({ init: 5 })),
    err(() => createHook({ before: 'x' })),
    err(() => createHook({ after: {} })),
    err(() => createHook({ destroy: 1 })),
    err(() => createHook({ promiseResolve: true })),
    errName(() => createHook()),
  ];
  out.providers = [Object.isFrozen(asyncWrapProviders), Object.getPrototypeOf(asyncWrapProviders), asyncWrapProviders.NONE, asyncWrapProviders.PROMISE, asyncWrapProviders.TCPWRAP, Object.keys(asyncWrapProviders).length];
  return out;
}
