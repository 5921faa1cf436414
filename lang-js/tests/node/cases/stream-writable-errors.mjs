// Writable errors: write after end, null/invalid chunks, _write errors, destroy with pending writes, end callbacks.
import { Writable } from 'stream';

const E = (e) => e && { name: e.name, code: e.code, message: e.message };
const wait = (ms = 5) => new Promise((r) => setTimeout(r, ms));

export default async function () {
  const out = {};
  const log = [];
  const mk = (n, o = {}) => {
    const w = new Writable({ write(c, e, cb) { cb(); }, ...o });
    w.on('error', (e) => log.push(n + ' error:' + (e.code || e.message)));
    w.on('close', () => log.push(n + ' close'));
    w.on('finish', () => log.push(n + ' finish'));
    return w;
  };

  // write after end
  {
    const w = mk('wae');
    w.end('a');
    log.push(['wae ret', w.write('b', (e) => log.push(['wae cb', E(e)]))]);
    await wait();
    log.push(['wae state', w.destroyed, E(w.errored), w.writableAborted]);
  }
  // write(null) / invalid types throw synchronously
  {
    const w = mk('inv');
    for (const v of [null, 5, {}, undefined, true]) {
      try { w.write(v); log.push('no throw'); } catch (e) { log.push(E(e)); }
    }
    const wo = mk('invobj', { objectMode: true });
    try { wo.write(null); } catch (e) { log.push(['obj null', E(e)]); }
    log.push(['obj undefined', wo.write(undefined)]);
    await wait();
  }
  // _write error (sync and async)
  {
    const w = mk('we1', { write(c, e, cb) { cb(new Error('sync fail')); } });
    log.push(['we1 ret', w.write('x', (e) => log.push(['we1 cb', e && e.message]))]);
    w.write('y', (e) => log.push(['we1 cb2', e && e.message]));
    log.push(['we1 sync', w.destroyed, w.errored && w.errored.message, w.writable]);
    await wait();
    const w2 = mk('we2', { write(c, e, cb) { setTimeout(() => cb(new Error('async fail')), 1); } });
    w2.write('x', (e) => log.push(['we2 cb', e && e.message]));
    w2.write('y', (e) => log.push(['we2 cb2', E(e)]));
    w2.end((e) => log.push(['we2 end cb', E(e)]));
    await wait(10);
  }
  // _write throwing propagates synchronously
  {
    const w = mk('thr', { write() { throw new Error('thrown'); } });
    try { w.write('x'); } catch (e) { log.push(['thrown', e.message]); }
  }
  // no _write implemented
  {
    const w = new Writable();
    try { w.write('x'); } catch (e) { log.push(['noimpl', E(e)]); }
  }
  // callback called twice
  {
    const w = mk('twice', { write(c, e, cb) { cb(); cb(); } });
    w.write('x');
    await wait();
  }
  // destroy with pending writes
  {
    const w = mk('dp', { write(c, e, cb) { setTimeout(cb, 2); } });
    w.write('a', (e) => log.push(['dp a', E(e)]));
    w.write('b', (e) => log.push(['dp b', E(e)]));
    w.end((e) => log.push(['dp end', E(e)]));
    w.destroy();
    log.push(['dp sync', w.destroyed, w.writableLength]);
    await wait(10);
    log.push(['dp after', w.writableLength, w.closed]);
    log.push(['dp write after destroy', w.write('z', (e) => log.push(['dp z', E(e)]))]);
    await wait();
  }
  // destroy(err) with pending writes, then end
  {
    const w = mk('de', { write(c, e, cb) { setTimeout(cb, 2); } });
    w.write('a', (e) => log.push(['de a', e && e.message]));
    w.write('b', (e) => log.push(['de b', e && e.message]));
    w.destroy(new Error('kill'));
    w.end((e) => log.push(['de end', E(e)]));
    await wait(10);
  }
  // end(cb) scenarios from destroyed/final-failing streams
  {
    const a = mk('A');
    a.destroy();
    a.end((e) => log.push(['A cb', E(e)]));
    const d = mk('D', { autoDestroy: false, final(cb) { cb(new Error('fd')); } });
    d.end((e) => log.push(['D cb', e && e.message]));
    const f = mk('F');
    f.end();
    f.end((e) => log.push(['F cb', e]));
    const g = mk('G', { final(cb) { setTimeout(() => cb(new Error('fe')), 1); } });
    g.end((e) => log.push(['G cb', e && e.message]));
    await wait(10);
  }
  // write after end with a pending end callback
  {
    const w = mk('P', { objectMode: true, write(c, e, cb) { log.push(['P write', c]); cb(); }, final(cb) { log.push('P final'); cb(); } });
    w.write({ a: 1 });
    w.end((e) => log.push(['P end cb', e && e.code]));
    log.push('P after end');
    w.write('x', (e) => log.push(['P wcb', e && e.code]));
    await wait();
  }
  // pipe from a Writable
  {
    const w = mk('pipe');
    w.pipe(mk('dest'));
    await wait();
  }
  out.log = log;
  return out;
}
