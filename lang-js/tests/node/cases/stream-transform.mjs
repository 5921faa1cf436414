// Duplex (allowHalfOpen, per-side object mode) and Transform/PassThrough (transform, flush, errors, backpressure).
import { Duplex, Transform, PassThrough, Readable, Writable } from 'stream';
import { Buffer } from 'buffer';

const E = (e) => e && { name: e.name, code: e.code, message: e.message };
const wait = (ms = 5) => new Promise((r) => setTimeout(r, ms));
const track = (s, log, p = '') => {
  for (const ev of ['end', 'finish', 'close', 'prefinish']) s.on(ev, () => log.push(p + ev));
  s.on('error', (e) => log.push(p + 'error:' + (e.code || e.message)));
};

export default async function () {
  const out = {};

  // Transform basics: upper-casing, flush appends, event order
  {
    const log = [];
    const t = new Transform({
      transform(chunk, enc, cb) { log.push(['t', chunk.toString(), enc]); cb(null, chunk.toString().toUpperCase()); },
      flush(cb) { log.push('flush'); cb(null, '!'); },
    });
    track(t, log);
    t.on('data', (d) => log.push('data:' + d));
    t.write('ab');
    t.write('cd');
    t.end('e');
    await new Promise((r) => t.on('close', r));
    out.basic = log;
  }

  // transform that pushes several times / none
  {
    const t = new Transform({
      transform(chunk, enc, cb) {
        for (const ch of chunk.toString()) if (ch !== '-') this.push(ch + ch);
        cb();
      },
    });
    const got = [];
    t.on('data', (d) => got.push(d.toString()));
    t.end('a-b-c');
    await new Promise((r) => t.on('end', r));
    out.multiPush = got;
  }

  // object mode transform and readable/writable object modes
  {
    const t = new Transform({
      writableObjectMode: true,
      transform(obj, enc, cb) { cb(null, JSON.stringify(obj) + '\n'); },
    });
    const chunks = [];
    t.on('data', (d) => chunks.push(Buffer.isBuffer(d) ? 'buf:' + d.toString() : d));
    t.write({ a: 1 });
    t.end([2]);
    await new Promise((r) => t.on('end', r));
    out.objectSides = { chunks, w: t.writableObjectMode, r: t.readableObjectMode, rh: t.readableHighWaterMark, wh: t.writableHighWaterMark };
    const t2 = new Transform({ readableObjectMode: true, transform(c, e, cb) { cb(null, { len: c.length }); } });
    t2.end('hello');
    out.objectSides.t2 = [await t2.toArray(), t2.readableObjectMode, t2.writableObjectMode, t2.readableHighWaterMark, t2.writableHighWaterMark];
  }

  // transform errors
  {
    const log = [];
    const t = new Transform({ transform(c, e, cb) { cb(new Error('bad chunk')); } });
    track(t, log);
    t.write('x', (e) => log.push(['write cb', e && e.message]));
    await wait();
    log.push([t.destroyed, t.writable, t.readable]);
    const t2 = new Transform({ transform(c, e, cb) { cb(null, c); }, flush(cb) { cb(new Error('flush failed')); } });
    track(t2, log, 't2 ');
    t2.resume();
    t2.end('x');
    await wait();
    const t3 = new Transform();
    track(t3, log, 't3 ');
    try { t3.write('x'); } catch (e) { log.push(['t3 throw', E(e)]); }
    await wait();
    out.errors = log;
  }

  // PassThrough and backpressure through a transform
  {
    const log = [];
    const p = new PassThrough({ highWaterMark: 4 });
    const rets = [];
    for (let i = 0; i < 4; i++) rets.push(p.write('abc'));
    log.push(['rets', rets, p.readableLength, p.writableLength, p.writableNeedDrain]);
    p.on('drain', () => log.push('drain'));
    log.push(['read', p.read().toString()]);
    await wait();
    log.push(['after read', p.readableLength, p.writableLength]);
    log.push(['read2', String(p.read())]);
    await wait();
    log.push(['after read2', p.readableLength, p.writableLength]);
    p.end();
    p.resume();
    await new Promise((r) => p.on('close', r));
    log.push('closed');
    out.passThrough = log;
    out.ptInstance = [p instanceof Transform, p instanceof Duplex, p instanceof Readable, p instanceof Writable, PassThrough() instanceof PassThrough];
  }

  // Duplex with independent sides
  {
    const log = [];
    const written = [];
    const d = new Duplex({
      read() {},
      write(c, e, cb) { written.push(c.toString()); cb(); },
    });
    track(d, log);
    d.on('data', (x) => log.push('data:' + x));
    d.write('in1');
    d.push('out1');
    d.end();
    await wait();
    log.push(['after end()', d.writableFinished, d.readableEnded, d.destroyed]);
    d.push(null);
    await wait();
    log.push(['after push(null)', d.destroyed, written]);
    out.duplex = log;
  }

  // allowHalfOpen false: readable end ends the writable side
  {
    const log = [];
    const d = new Duplex({ allowHalfOpen: false, read() {}, write(c, e, cb) { cb(); } });
    track(d, log);
    d.resume();
    d.push(null);
    await wait();
    log.push(['state', d.writableEnded, d.writableFinished, d.destroyed, d.allowHalfOpen]);
    out.halfOpen = log;
  }

  // readable:false / writable:false options
  {
    const d = new Duplex({ readable: false, write(c, e, cb) { cb(); } });
    const d2 = new Duplex({ writable: false, read() {} });
    out.sides = [d.readable, d.writable, d.readableEnded, d2.writable, d2.writableEnded, d2.writableFinished, d2.readable];
    const log = [];
    d2.on('error', (e) => log.push(e.code));
    d2.write('x', (e) => log.push(['cb', e && e.code]));
    await wait();
    out.sides.push(log);
  }

  // Duplex destroy: both sides, pending write callbacks
  {
    const log = [];
    const d = new Duplex({ read() {}, write(c, e, cb) { setTimeout(cb, 2); } });
    track(d, log);
    d.write('a', (e) => log.push(['a', e && e.code]));
    d.write('b', (e) => log.push(['b', e && e.code]));
    d.destroy(new Error('dx'));
    log.push(['sync', d.destroyed, d.writable, d.readable, d.closed]);
    await wait(10);
    out.duplexDestroy = log;
  }

  // Transform with highWaterMark 0 on the readable side and a slow consumer
  {
    const seen = [];
    const t = new Transform({ readableHighWaterMark: 0, transform(c, e, cb) { seen.push('t' + c); cb(null, c); } });
    for (let i = 0; i < 3; i++) t.write(String(i));
    await wait();
    const early = seen.slice();
    t.end();
    const all = (await t.toArray()).map(String);
    out.hwm0 = { early, all, seen, rh: t.readableHighWaterMark, wh: t.writableHighWaterMark };
  }

  // _final of a Transform runs before flush
  {
    const log = [];
    const t = new Transform({
      transform(c, e, cb) { cb(null, c); },
      final(cb) { log.push('final'); cb(); },
      flush(cb) { log.push('flush'); cb(null, 'z'); },
    });
    t.on('data', (d) => log.push('data:' + d));
    track(t, log);
    t.end('a');
    await new Promise((r) => t.on('close', r));
    out.finalFlush = log;
  }
  return out;
}
