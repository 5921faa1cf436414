import { setTimeout, setImmediate, setInterval, clearTimeout, clearInterval, clearImmediate } from 'timers';

// Runs fn inside a timer callback (Node's timers phase), where the order of what it schedules is
// deterministic, and resolves with the log once `done` is called.
const scenario = (fn) => new Promise((resolve) => {
  const log = [];
  setTimeout(() => fn(log, () => resolve(log)), 1);
});

export default async function () {
  const out = {};

  out.phases = await scenario((log, done) => {
    setTimeout(() => { log.push('timeout0'); }, 0);
    setImmediate(() => log.push('immediate'));
    Promise.resolve().then(() => log.push('promise'));
    queueMicrotask(() => log.push('microtask'));
    log.push('sync');
    setTimeout(() => done(), 30);
  });

  out.immediateMicrotasks = await scenario((log, done) => {
    setImmediate(() => { log.push('i1'); Promise.resolve().then(() => log.push('p1')); queueMicrotask(() => log.push('q1')); });
    setImmediate(() => { log.push('i2'); setImmediate(() => log.push('i4')); });
    setImmediate(() => log.push('i3'));
    setTimeout(done, 30);
  });

  out.timeoutOrder = await scenario((log, done) => {
    setTimeout(() => log.push('t40'), 40);
    setTimeout(() => log.push('t10a'), 10);
    setTimeout(() => log.push('t10b'), 10);
    setTimeout(() => log.push('t0'), 0);
    setTimeout(() => log.push('tneg'), -5);
    setTimeout(() => log.push('tnan'), 'abc');
    setTimeout(done, 80);
  });

  out.args = await scenario((log, done) => {
    const t = setTimeout(function (a, b) { log.push(['timeout', a, b, this === t]); }, 1, 'x', 2);
    const im = setImmediate(function (...a) { log.push(['immediate', a, this === im]); }, 'y', [3]);
    setTimeout(done, 30);
  });

  out.clearing = await scenario((log, done) => {
    const a = setTimeout(() => log.push('a'), 5);
    const b = setTimeout(() => log.push('b'), 5);
    const c = setTimeout(() => log.push('c'), 5);
    const d = setImmediate(() => log.push('d'));
    clearTimeout(a);
    clearTimeout(+b); // the numeric id from Symbol.toPrimitive
    clearImmediate(d);
    clearTimeout(undefined);
    clearTimeout(null);
    clearTimeout({});
    clearImmediate(null);
    clearTimeout(c); clearTimeout(c);
    setTimeout(() => log.push('e'), 5);
    setTimeout(done, 40);
  });

  out.interval = await scenario((log, done) => {
    let n = 0;
    const iv = setInterval(() => {
      n++;
      log.push(`tick${n}`);
      if (n === 3) { clearInterval(iv); setTimeout(() => { log.push(['after', n, iv._destroyed]); done(); }, 40); }
    }, 5);
  });

  out.intervalSelfClearStr = await scenario((log, done) => {
    let n = 0;
    const iv = setInterval(() => { n++; if (n === 2) clearTimeout(`${+iv}`); }, 5);
    setTimeout(() => { log.push(n); done(); }, 60);
  });

  out.refresh = await scenario((log, done) => {
    const start = Date.now();
    const t = setTimeout(() => log.push('refreshed'), 100);
    setTimeout(() => t.refresh(), 60);
    setTimeout(() => log.push('at130'), 130);
    setTimeout(() => { log.push(Date.now() - start >= 150); done(); }, 220);
  });

  out.errors = [];
  for (const f of [() => setTimeout(5), () => setTimeout(), () => setInterval('x', 1), () => setImmediate(null), () => setImmediate({})]) {
    try { f(); out.errors.push('no error'); } catch (e) { out.errors.push([e.name, e.code, e.message]); }
  }
  return out;
}
