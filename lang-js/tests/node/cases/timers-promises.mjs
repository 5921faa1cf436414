import { setTimeout, setImmediate, setInterval, scheduler } from 'timers/promises';
import timersPromises from 'node:timers/promises';

// A controller: the runtime's AbortController, or a small stand-in with the same surface.
function controller() {
  if (typeof AbortController === 'function') return new AbortController();
  const listeners = new Set();
  const signal = {
    aborted: false, reason: undefined,
    addEventListener(type, fn) { listeners.add(fn); },
    removeEventListener(type, fn) { listeners.delete(fn); },
  };
  return {
    signal,
    abort(reason) {
      if (signal.aborted) return;
      signal.aborted = true;
      signal.reason = reason === undefined ? Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }) : reason;
      for (const fn of [...listeners]) fn({ type: 'abort' });
    },
  };
}

const settle = (p) => p.then((v) => ['resolved', v], (e) => ['rejected', e.name, e.code, e.message, typeof e.cause === 'string' ? e.cause : e.cause && e.cause.name]);

export default async function () {
  const out = {};
  out.values = [await setTimeout(5, 'five'), await setTimeout(1), await setImmediate('imm'), await setImmediate(), await setTimeout(undefined, 'u'), await setTimeout(0, { o: 1 })];
  out.keys = Object.keys(timersPromises);

  const order = [];
  await Promise.all([
    setTimeout(30).then(() => order.push('t30')),
    setTimeout(10).then(() => order.push('t10')),
    setImmediate().then(() => order.push('imm')),
    Promise.resolve().then(() => order.push('micro')),
  ]);
  out.order = order;

  const pre = controller(); pre.abort();
  out.preAborted = [await settle(setTimeout(10, 'x', { signal: pre.signal })), await settle(setImmediate('x', { signal: pre.signal }))];
  const preReason = controller(); preReason.abort('why');
  out.preReason = await settle(setTimeout(10, 'x', { signal: preReason.signal }));

  const mid = controller();
  const pending = settle(setTimeout(200, 'late', { signal: mid.signal }));
  await setTimeout(5);
  mid.abort('stop');
  out.midAbort = await pending;

  const midImm = controller();
  const pImm = settle(setImmediate('v', { signal: midImm.signal }));
  midImm.abort('now');
  out.midAbortImmediate = await pImm;

  const unused = controller();
  out.notAborted = await settle(setTimeout(1, 'fine', { signal: unused.signal }));
  unused.abort();

  const err = (p) => settle(p);
  out.validation = [
    await err(setTimeout('x')), await err(setTimeout(1, 'v', 5)), await err(setTimeout(1, 'v', null)),
    await err(setTimeout(1, 'v', { signal: 5 })), await err(setTimeout(1, 'v', { signal: {} })), await err(setTimeout(1, 'v', { ref: 'yes' })),
    await err(setImmediate('v', 'opts')), await err(setTimeout(-10, 'neg')), await err(setTimeout(NaN, 'nan')),
  ];

  const it = setInterval(5, 'iv');
  out.iterator = [Object.prototype.toString.call(it), typeof it.next, typeof it.return, typeof it[Symbol.asyncIterator]];
  const seen = [];
  for await (const v of it) { seen.push(v); if (seen.length === 3) break; }
  out.intervalValues = seen;
  out.afterBreak = await it.next();

  const ivc = controller();
  const seen2 = [];
  let ivErr;
  try {
    for await (const v of setInterval(5, 'x', { signal: ivc.signal })) { seen2.push(v); if (seen2.length === 2) ivc.abort('enough'); }
  } catch (e) { ivErr = [e.name, e.code, e.message, e.cause]; }
  out.intervalAbort = [seen2, ivErr];

  const preIv = controller(); preIv.abort('x');
  out.intervalPreAborted = await settle(setInterval(5, 'v', { signal: preIv.signal }).next());
  out.intervalBadDelay = await settle(setInterval('x').next());
  out.intervalBadOptions = await settle(setInterval(5, 'v', 7).next());

  out.scheduler = [typeof scheduler, typeof scheduler.wait, typeof scheduler.yield, await scheduler.wait(2), await scheduler.yield()];
  try { scheduler.wait.call({}, 1); out.badThis = 'no error'; } catch (e) { out.badThis = [e.name, e.code, e.message]; }
  out.schedulerAbort = await settle((() => { const c = controller(); c.abort('w'); return scheduler.wait(10, { signal: c.signal }); })());
  return out;
}
