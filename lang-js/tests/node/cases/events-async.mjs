import { EventEmitter, once, on } from 'events';

// A minimal AbortSignal look-alike (our runtime has no AbortController global): enough for events.once/on.
function fakeSignal() {
  const listeners = new Set();
  const signal = {
    aborted: false,
    reason: undefined,
    addEventListener(type, fn) { if (type === 'abort') listeners.add(fn); },
    removeEventListener(type, fn) { listeners.delete(fn); },
    abort(reason) { signal.aborted = true; signal.reason = reason; for (const fn of [...listeners]) fn(); },
    listenerCount: () => listeners.size,
  };
  return signal;
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const describe = (x) => (x instanceof Error ? { name: x.name, message: x.message, code: x.code, cause: x.cause } : x);

export default async function () {
  const out = {};
  const e = new EventEmitter();

  // once resolves with the argument array and removes its listeners
  setTimeout(() => e.emit('ready', 1, 'two'), 0);
  out.onceArgs = await once(e, 'ready');
  out.onceCleaned = [e.listenerCount('ready'), e.listenerCount('error')];

  // once rejects on 'error'
  setTimeout(() => e.emit('error', new Error('failed')), 0);
  out.onceError = await once(e, 'ready').then(() => 'resolved', describe);
  out.onceErrorCleaned = [e.listenerCount('ready'), e.listenerCount('error')];

  // once('error') resolves with the error
  setTimeout(() => e.emit('error', new Error('as value')), 0);
  out.onceErrorEvent = (await once(e, 'error')).map(describe);

  // AbortSignal
  const s1 = fakeSignal();
  s1.aborted = true;
  s1.reason = 'early';
  out.onceAborted = await once(e, 'x', { signal: s1 }).then(() => 'resolved', describe);
  const s2 = fakeSignal();
  const p = once(e, 'later', { signal: s2 });
  out.listenersWhileWaiting = [e.listenerCount('later'), e.listenerCount('error'), s2.listenerCount()];
  s2.abort('stop');
  out.onceAbortLater = await p.then(() => 'resolved', describe);
  out.afterAbort = [e.listenerCount('later'), e.listenerCount('error'), s2.listenerCount()];
  const s3 = fakeSignal();
  setTimeout(() => e.emit('ok', 5), 0);
  out.onceSignalResolved = await once(e, 'ok', { signal: s3 });
  out.signalListenerRemoved = s3.listenerCount();
  out.badSignal = await once(e, 'x', { signal: 5 }).then(() => 'resolved', describe);

  // once on an EventTarget-like object
  const target = {
    fns: [],
    addEventListener(type, fn, opts) { this.fns.push([type, fn, opts && opts.once]); },
    removeEventListener() {},
  };
  const tp = once(target, 'ping');
  out.targetRegistered = target.fns.map(([t, , o]) => [t, o]);
  target.fns[0][1]({ type: 'ping' });
  out.targetOnce = await tp;

  // on(): async iterator
  const e2 = new EventEmitter();
  const it = on(e2, 'data');
  out.onIteratorShape = [typeof it.next, typeof it.return, typeof it[Symbol.asyncIterator], it[Symbol.asyncIterator]() === it];
  e2.emit('data', 1);
  e2.emit('data', 2, 'x');
  setTimeout(() => { e2.emit('data', 3); e2.emit('data', 4); }, 0);
  const got = [];
  for await (const args of it) {
    got.push(args);
    if (got.length === 4) break;
  }
  out.onValues = got;
  out.onCleaned = [e2.listenerCount('data'), e2.listenerCount('error')];

  // on(): error rejects the pending next()
  const e3 = new EventEmitter();
  const it3 = on(e3, 'tick');
  const pending = it3.next();
  e3.emit('error', new Error('iter failed'));
  out.onError = await pending.then(() => 'resolved', describe);
  out.onAfterError = await it3.next();

  // on(): error before next() is delivered once, then done
  const e4 = new EventEmitter();
  const it4 = on(e4, 'tick');
  e4.emit('tick', 'a');
  e4.emit('error', new Error('queued'));
  out.onQueued = [await it4.next(), await it4.next().then(() => 'resolved', describe), await it4.next()];

  // on(): close events and abort
  const e5 = new EventEmitter();
  const it5 = on(e5, 'v', { close: ['end'] });
  setTimeout(() => { e5.emit('v', 1); e5.emit('end'); }, 0);
  const got5 = [];
  for await (const [v] of it5) got5.push(v);
  out.onClose = [got5, e5.listenerCount('v'), e5.listenerCount('end')];
  const s6 = fakeSignal();
  const e6 = new EventEmitter();
  const it6 = on(e6, 'v', { signal: s6 });
  const n6 = it6.next();
  s6.abort();
  out.onAbort = await n6.then(() => 'resolved', describe);
  out.onBadWatermark = (() => { try { on(e6, 'v', { highWaterMark: 0 }); } catch (x) { return [x.code, x.message]; } })();
  out.onReturn = await on(e6, 'v').return();

  // captureRejections
  const e7 = new EventEmitter({ captureRejections: true });
  const caught = [];
  e7.on('error', (x) => caught.push(`error:${x.message}`));
  e7.on('job', async () => { throw new Error('async fail'); });
  e7.emit('job');
  await tick();
  out.captureToError = caught.splice(0);
  const e8 = new EventEmitter({ captureRejections: true });
  e8[Symbol.for('nodejs.rejection')] = (x, type, ...args) => caught.push(`rejection:${x.message}:${type}:${args.join(',')}`);
  e8.on('job', async () => { throw new Error('custom'); });
  e8.emit('job', 1, 2);
  await tick();
  out.captureToSymbol = caught.splice(0);
  const e9 = new EventEmitter();
  e9.on('job', async () => 'fine');
  out.noCaptureReturn = e9.emit('job');
  return out;
}
