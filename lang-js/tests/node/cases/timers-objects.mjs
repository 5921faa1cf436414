import timers from 'node:timers';
import { setTimeout as sleep } from 'timers/promises';

export default async function () {
  const t = timers.setTimeout(() => {}, 10);
  const prim = t[Symbol.toPrimitive]();
  const shape = {
    name: t.constructor.name,
    keys: Object.keys(t),
    idleTimeout: t._idleTimeout,
    repeat: t._repeat,
    destroyed: t._destroyed,
    args: t._timerArgs,
    methods: ['ref', 'unref', 'hasRef', 'refresh', 'close'].map((m) => typeof t[m]),
    prim: [typeof prim, Number.isInteger(prim), +t === prim, `${t}` === String(prim)],
    refs: [t.hasRef(), t.unref() === t, t.hasRef(), t.ref() === t, t.hasRef(), t.refresh() === t],
  };
  timers.clearTimeout(t);
  shape.afterClear = [t._destroyed, t._onTimeout];

  const fired = timers.setTimeout((a) => a, 1, 'arg');
  await sleep(20);
  const afterFire = [fired._destroyed, fired._timerArgs, fired.hasRef(), fired._idleTimeout];

  const iv = timers.setInterval(() => {}, 7);
  const interval = [iv.constructor.name, iv._idleTimeout, iv._repeat];
  timers.clearInterval(iv);
  interval.push(iv._idleTimeout, iv._destroyed);

  const delays = [0, -1, NaN, 'abc', '15', 2.5, 2 ** 31 - 1, 2 ** 31].map((d) => { const x = timers.setTimeout(() => {}, d); const ms = x._idleTimeout; timers.clearTimeout(x); return [ms, x._idleTimeout]; });

  const im = timers.setImmediate(() => {});
  const immediate = {
    name: im.constructor.name,
    keys: Object.keys(im),
    methods: ['ref', 'unref', 'hasRef', 'refresh', 'close'].map((m) => typeof im[m]),
    prim: typeof im[Symbol.toPrimitive],
    refs: [im.hasRef(), im.unref() === im, im.hasRef(), im.ref() === im, im.hasRef()],
  };
  timers.clearImmediate(im);
  immediate.cleared = im._destroyed;

  const closed = timers.setTimeout(() => { closed.fired = true; }, 1);
  const closeRet = closed.close() === closed;
  await sleep(10);

  return {
    shape, afterFire, interval, delays, immediate,
    close: [closeRet, closed._destroyed, closed.fired === undefined],
    keys: Object.keys(timers).filter((k) => !['_unrefActive', 'active', 'unenroll', 'enroll'].includes(k)),
    promises: timers.promises === (await import('timers/promises')).default,
  };
}
