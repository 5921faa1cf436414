// Error paths: 'error' then 'close', errors in _read/_transform/_final/_destroy, pipe does not forward errors, codes and messages.
import { Readable, Writable, Duplex, Transform, PassThrough, finished } from 'stream';

const E = (e) => e && { name: e.name, code: e.code, message: e.message };
const wait = (ms = 5) => new Promise((r) => setTimeout(r, ms));
const track = (s, log, p) => {
  for (const ev of ['end', 'finish', 'close']) s.on(ev, () => log.push(p + ev));
  s.on('error', (e) => log.push(p + 'error:' + (e.code || e.message)));
};

export default async function () {
  const out = {};

  // _read throws
  {
    const log = [];
    const r = new Readable({ read() { throw new Error('read threw'); } });
    track(r, log, 'r ');
    r.resume();
    await wait();
    log.push([r.destroyed, r.errored && r.errored.message]);
    out.readThrows = log;
  }

  // _transform calls back twice
  {
    const log = [];
    const t = new Transform({ transform(c, e, cb) { cb(null, c); cb(); } });
    track(t, log, 't ');
    t.resume();
    t.write('x');
    await wait();
    out.transformTwice = log;
  }

  // pipe does not forward source errors to the destination
  {
    const log = [];
    const r = new Readable({ read() {} });
    const w = new PassThrough();
    track(r, log, 'r ');
    track(w, log, 'w ');
    r.pipe(w);
    r.destroy(new Error('src failed'));
    await wait();
    log.push(['dest', w.destroyed, w.writableEnded]);
    out.pipeNoForward = log;
  }

  // destroy(err) on every kind: 'error' before 'close', once
  {
    const log = [];
    const kinds = { readable: new Readable({ read() {} }), writable: new Writable({ write(c, e, cb) { cb(); } }),
      duplex: new Duplex({ read() {}, write(c, e, cb) { cb(); } }), transform: new Transform({ transform(c, e, cb) { cb(null, c); } }) };
    for (const [name, s] of Object.entries(kinds)) {
      track(s, log, name + ' ');
      s.destroy(new Error('x'));
      s.destroy(new Error('y'));
    }
    await wait();
    out.destroyEach = log;
  }

  // _destroy changes the error
  {
    const log = [];
    const r = new Readable({ read() {}, destroy(err, cb) { log.push(['_destroy got', err && err.message]); cb(new Error('replaced')); } });
    track(r, log, 'r ');
    r.destroy(new Error('orig'));
    await wait();
    log.push(r.errored && r.errored.message);
    const r2 = new Readable({ read() {}, destroy(err, cb) { cb(null); } });
    track(r2, log, 'r2 ');
    r2.destroy(new Error('swallowed?'));
    await wait();
    log.push(r2.errored && r2.errored.message);
    const r3 = new Readable({ read() {}, destroy() { throw new Error('destroy threw'); } });
    track(r3, log, 'r3 ');
    r3.destroy();
    await wait();
    out.destroyHook = log;
  }

  // error during construct and destroy during construct
  {
    const log = [];
    const w = new Writable({ construct(cb) { setTimeout(() => cb(new Error('construct failed')), 1); }, write(c, e, cb) { cb(); } });
    track(w, log, 'w ');
    w.write('queued', (e) => log.push(['queued cb', e && e.message]));
    await wait(10);
    const w2 = new Writable({ construct(cb) { setTimeout(() => cb(new Error('late')), 1); }, write(c, e, cb) { cb(); } });
    track(w2, log, 'w2 ');
    w2.destroy(new Error('early'));
    await wait(10);
    log.push(['w2 errored', E(w2.errored)]);
    const w3 = new Writable({ construct(cb) { cb(); cb(); }, write(c, e, cb) { cb(); } });
    track(w3, log, 'w3 ');
    await wait();
    out.construct = log;
  }

  // autoDestroy false: error is emitted, no close
  {
    const log = [];
    const w = new Writable({ autoDestroy: false, write(c, e, cb) { cb(new Error('wfail')); } });
    track(w, log, 'w ');
    w.write('a');
    await wait();
    log.push([w.destroyed, E(w.errored), w.writable]);
    w.write('b', (e) => log.push(['b cb', e && e.message]));
    await wait();
    out.noAutoDestroy = log;
  }

  // unshift after end, push after destroy
  {
    const log = [];
    const r = new Readable({ read() {} });
    track(r, log, 'r ');
    r.push(null);
    r.resume();
    await wait();
    r.unshift('late');
    await wait();
    const r2 = new Readable({ read() {} });
    r2.destroy();
    log.push(['push after destroy', r2.push('x'), r2.readableLength]);
    out.late = log;
  }

  // finished reports the first error; finished on an errored stream
  {
    const log = [];
    const d = new PassThrough();
    finished(d, (e) => log.push(['finished', E(e)]));
    d.on('error', () => {});
    d.destroy(new Error('first'));
    await wait();
    finished(d, (e) => log.push(['finished later', E(e)]));
    await wait();
    out.finished = log;
  }

  // errors have Node's shape
  {
    const w = new Writable({ write(c, e, cb) { cb(); } });
    let err;
    w.on('error', (e) => { err = e; });
    w.end();
    w.write('x');
    await wait();
    out.shape = { isError: err instanceof Error, name: err.name, code: err.code, keys: Object.keys(err), str: String(err) };
  }
  return out;
}
