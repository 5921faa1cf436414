// Readable: flowing mode ('data'), pause/resume, event order of data/end/close, destroy, construct, signal.
import { Readable } from 'stream';
import stream from 'stream';

const E = (e) => e && { name: e.name, code: e.code, message: e.message };
const tick = () => new Promise((r) => setTimeout(r, 0));
const track = (s, log, evs = ['data', 'end', 'close', 'error', 'pause', 'resume', 'readable']) => {
  for (const ev of evs) {
    s.on(ev, (x) => log.push(ev === 'data' ? 'data:' + x : ev === 'error' ? 'error:' + (x.code || x.message) : ev));
  }
};

export default async function () {
  const out = {};

  // data listener switches to flowing on next tick
  {
    const log = [];
    const r = new Readable({ read() {} });
    r.push('a');
    r.push('b');
    log.push(['before', r.readableFlowing, r.isPaused()]);
    r.on('data', (d) => log.push('data:' + d));
    log.push(['sync after on', r.readableFlowing, r.readableLength]);
    r.on('end', () => log.push('end'));
    r.on('close', () => log.push('close'));
    r.on('resume', () => log.push('resume'));
    await tick();
    r.push('c');
    log.push('pushed c');
    r.push(null);
    await tick();
    log.push(['after', r.readableFlowing, r.readableEnded, r.destroyed, r.readableDidRead]);
    out.flowing = log;
  }

  // pause/resume
  {
    const log = [];
    const r = new Readable({ read() {} });
    track(r, log, ['data', 'pause', 'resume', 'end']);
    r.resume();
    log.push(['after resume', r.readableFlowing, r.isPaused()]);
    await tick();
    r.push('x');
    r.pause();
    log.push(['paused', r.readableFlowing, r.isPaused()]);
    r.push('y');
    r.push('z');
    await tick();
    log.push(['buffered', r.readableLength]);
    r.resume();
    r.push(null);
    await tick();
    r.pause();
    out.pauseResume = log;
  }

  // resume() with no data listener drains into nothing and still ends
  {
    const log = [];
    const r = new Readable({ read() { this.push('q'); this.push(null); } });
    track(r, log, ['end', 'close']);
    r.resume();
    await tick();
    out.resumeDrain = [log, r.readableEnded];
  }

  // sync push in _read: order of data events vs end/close
  {
    const log = [];
    let i = 0;
    const r = new Readable({ read() { i++; this.push(i <= 3 ? String(i) : null); } });
    track(r, log, ['data', 'end', 'close']);
    await new Promise((res) => r.on('close', res));
    out.syncRead = log;
  }

  // async push in _read
  {
    const log = [];
    let i = 0;
    const r = new Readable({
      read() { i++; setTimeout(() => this.push(i <= 3 ? 'n' + i : null), 1); },
    });
    track(r, log, ['data', 'end', 'close']);
    await new Promise((res) => r.on('close', res));
    out.asyncRead = log;
  }

  // readable + data together: readable wins (flowing false)
  {
    const log = [];
    const r = new Readable({ read() {} });
    r.on('readable', () => { log.push('readable'); let c; while ((c = r.read()) !== null) log.push('read:' + c); });
    r.on('data', (d) => log.push('data:' + d));
    log.push(['flowing', r.readableFlowing]);
    r.push('1');
    await tick();
    r.removeAllListeners('readable');
    await tick();
    log.push(['flowing after remove', r.readableFlowing]);
    r.push('2');
    await tick();
    out.readableAndData = log;
  }

  // destroy(err) ordering and state
  {
    const log = [];
    const r = new Readable({ read() {} });
    track(r, log, ['data', 'end', 'close', 'error']);
    r.push('a');
    const err = new Error('boom');
    r.destroy(err);
    log.push(['sync', r.destroyed, r.closed, E(r.errored), r.readableAborted, r.readable]);
    r.destroy(new Error('second'));
    await tick();
    log.push(['after', r.closed, r.errored === err, r.readableLength]);
    log.push(['push after destroy', r.push('z')]);
    out.destroyErr = log;
  }

  // destroy() without error, custom _destroy, callback
  {
    const log = [];
    const r = new Readable({
      read() {},
      destroy(err, cb) { log.push(['_destroy', err]); setTimeout(() => cb(), 1); },
    });
    track(r, log, ['end', 'close', 'error']);
    r.destroy(null, (e) => log.push(['cb', e]));
    log.push(['sync', r.destroyed, r.closed]);
    await new Promise((res) => setTimeout(res, 10));
    log.push(['closed', r.closed]);
    const r2 = new Readable({ read() {}, destroy(err, cb) { cb(new Error('from _destroy')); } });
    track(r2, log, ['close', 'error']);
    r2.destroy();
    await tick();
    out.destroyCustom = log;
  }

  // emitClose: false, autoDestroy: false
  {
    const log = [];
    const r = new Readable({ read() {}, emitClose: false });
    track(r, log, ['end', 'close']);
    r.push(null);
    r.resume();
    await tick();
    log.push(['destroyed', r.destroyed]);
    const r2 = new Readable({ read() {}, autoDestroy: false });
    track(r2, log, ['end', 'close', 'error']);
    r2.push(null);
    r2.resume();
    await tick();
    log.push(['noauto destroyed', r2.destroyed]);
    const r3 = new Readable({ read() {}, autoDestroy: false });
    track(r3, log, ['close', 'error']);
    r3.push(7);
    await tick();
    log.push(['noauto error', r3.destroyed, E(r3.errored)]);
    out.closeOptions = log;
  }

  // construct
  {
    const log = [];
    const r = new Readable({
      construct(cb) { log.push('construct'); setTimeout(() => { log.push('constructed'); cb(); }, 1); },
      read() { log.push('read'); this.push('v'); this.push(null); },
    });
    track(r, log, ['data', 'end', 'close']);
    log.push('sync');
    await new Promise((res) => r.on('close', res));
    const r2 = new Readable({ construct(cb) { cb(new Error('ctor fail')); }, read() { log.push('never'); } });
    track(r2, log, ['error', 'close']);
    r2.resume();
    await tick();
    const r3 = new Readable({ construct(cb) { setTimeout(cb, 1); }, read() {} });
    track(r3, log, ['error', 'close']);
    r3.destroy(new Error('early'));
    log.push(['early destroyed', r3.destroyed]);
    await new Promise((res) => setTimeout(res, 10));
    out.construct = log;
  }

  // signal
  {
    const log = [];
    const ac = new AbortController();
    const r = new Readable({ read() {}, signal: ac.signal });
    r.on('error', (e) => log.push(['error', e.name, e.code, e.message, e.cause === ac.signal.reason]));
    r.on('close', () => log.push('close'));
    ac.abort();
    await tick();
    log.push([r.destroyed, r.readableAborted]);
    const r2 = stream.addAbortSignal(AbortSignal.abort(), new Readable({ read() {} }));
    r2.on('error', (e) => log.push(['error2', e.name]));
    await tick();
    try { stream.addAbortSignal('x', r2); } catch (e) { log.push(E(e)); }
    try { stream.addAbortSignal(new AbortController().signal, {}); } catch (e) { log.push(E(e)); }
    out.signal = log;
  }

  // readable event with hwm 0 / objectMode reads
  {
    const log = [];
    const r = new Readable({ objectMode: true, read() {} });
    r.push({ a: 1 });
    r.push('s');
    r.push(null);
    r.on('readable', () => { let c; log.push('readable'); while ((c = r.read()) !== null) log.push(c); });
    r.on('end', () => log.push('end'));
    await tick();
    out.objectReadable = log;
  }

  // on('data') after end already emitted does nothing; isPaused after pause()
  {
    const r = new Readable({ read() {} });
    r.pause();
    const a = [r.isPaused(), r.readableFlowing];
    r.on('data', () => {});
    const b = [r.isPaused(), r.readableFlowing];
    r.resume();
    const c = [r.isPaused(), r.readableFlowing];
    r.readableFlowing = false;
    out.pausedFlags = [a, b, c, r.readableFlowing];
  }
  return out;
}
