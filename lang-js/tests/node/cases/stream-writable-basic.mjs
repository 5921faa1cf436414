// Writable: write/end/callbacks, highWaterMark and 'drain', cork/uncork/_writev, final, finish/close order, getters.
import { Writable } from 'stream';
import { Buffer } from 'buffer';

const E = (e) => e && { name: e.name, code: e.code, message: e.message };
const tick = () => new Promise((r) => setTimeout(r, 0));
const show = (c) => (typeof c === 'string' ? 's:' + c : Buffer.isBuffer(c) ? 'b:' + c.toString('hex') : c);

export default async function () {
  const out = {};

  {
    const w = new Writable();
    out.defaults = {
      hwm: w.writableHighWaterMark, om: w.writableObjectMode, len: w.writableLength, ended: w.writableEnded,
      finished: w.writableFinished, needDrain: w.writableNeedDrain, corked: w.writableCorked, writable: w.writable,
      destroyed: w.destroyed, closed: w.closed, errored: w.errored, aborted: w.writableAborted, buf: w.writableBuffer,
      callable: Writable() instanceof Writable, objHwm: new Writable({ objectMode: true }).writableHighWaterMark,
    };
  }

  // synchronous _write: events order, callbacks
  {
    const log = [];
    const w = new Writable({
      write(chunk, enc, cb) { log.push(['_write', show(chunk), enc]); cb(); },
    });
    for (const ev of ['finish', 'close', 'prefinish', 'drain']) w.on(ev, () => log.push(ev));
    log.push(['ret', w.write('hi', (e) => log.push(['cb1', e]))]);
    log.push(['ret', w.write(Buffer.from([1, 2]), 'hex', (e) => log.push(['cb2', e]))]);
    log.push(['ret', w.write('ff', 'hex')]);
    log.push(['ret', w.write(new Uint8Array([9]))]);
    w.end('end', (e) => log.push(['endcb', e]));
    log.push(['after end', w.writableEnded, w.writableFinished, w.writable, w.writableLength]);
    await new Promise((r) => w.on('close', r));
    log.push(['done', w.writableFinished, w.destroyed, w.closed]);
    out.syncWrite = log;
  }

  // asynchronous _write: buffering, writableLength, highWaterMark, drain
  {
    const log = [];
    const w = new Writable({
      highWaterMark: 5,
      write(chunk, enc, cb) { log.push(['_write', show(chunk)]); setTimeout(cb, 1); },
    });
    w.on('drain', () => log.push(['drain', w.writableLength, w.writableNeedDrain]));
    w.on('finish', () => log.push('finish'));
    w.on('close', () => log.push('close'));
    log.push(['w1', w.write('ab'), w.writableLength, w.writableNeedDrain]);
    log.push(['w2', w.write('cd'), w.writableLength]);
    log.push(['w3', w.write('e'), w.writableLength, w.writableNeedDrain]);
    log.push(['w4', w.write('fgh'), w.writableLength, w.writableBuffer.length]);
    await new Promise((r) => w.once('drain', r));
    log.push(['w5', w.write('i')]);
    w.end();
    log.push(['ended needDrain', w.writableNeedDrain]);
    await new Promise((r) => w.on('close', r));
    out.asyncWrite = log;
  }

  // cork / uncork with _writev
  {
    const log = [];
    const w = new Writable({
      write(chunk, enc, cb) { log.push(['_write', show(chunk), enc]); cb(); },
      writev(chunks, cb) { log.push(['_writev', chunks.map((c) => [show(c.chunk), c.encoding])]); cb(); },
    });
    w.cork();
    w.write('a');
    w.write('b', () => log.push('cb b'));
    w.cork();
    log.push(['corked', w.writableCorked, w.writableLength]);
    w.write('c');
    w.uncork();
    log.push(['still corked', w.writableCorked]);
    w.uncork();
    log.push(['uncorked', w.writableCorked, w.writableLength]);
    w.write('d');
    await tick();
    w.cork();
    w.write('e');
    w.write('f');
    w.end('g');
    log.push(['end uncorks', w.writableCorked]);
    await new Promise((r) => w.on('finish', r));
    out.cork = log;
  }

  // writev batching while a write is in flight
  {
    const log = [];
    const w = new Writable({
      decodeStrings: false,
      write(chunk, enc, cb) { log.push(['_write', chunk, enc]); setTimeout(cb, 1); },
      writev(chunks, cb) { log.push(['_writev', chunks.map((c) => c.chunk + '/' + c.encoding)]); setTimeout(cb, 1); },
    });
    w.write('1');
    w.write('2', 'latin1');
    w.write('3');
    w.write(Buffer.from('4'));
    w.end();
    await new Promise((r) => w.on('finish', r));
    out.writevBatch = log;
  }

  // only _writev given
  {
    const log = [];
    const w = new Writable({ writev(chunks, cb) { log.push(chunks.map((c) => show(c.chunk))); cb(); } });
    w.write('x');
    w.write('y');
    w.end();
    await new Promise((r) => w.on('finish', r));
    out.onlyWritev = log;
  }

  // final
  {
    const log = [];
    const w = new Writable({
      write(c, e, cb) { log.push('write'); cb(); },
      final(cb) { log.push('final'); setTimeout(() => { log.push('final done'); cb(); }, 1); },
    });
    for (const ev of ['finish', 'close', 'prefinish']) w.on(ev, () => log.push(ev));
    w.write('a');
    w.end(() => log.push('end cb'));
    log.push('sync');
    await new Promise((r) => w.on('close', r));
    const w2 = new Writable({ write(c, e, cb) { cb(); }, final(cb) { cb(new Error('final failed')); } });
    for (const ev of ['finish', 'close', 'error']) w2.on(ev, (e) => log.push(ev + (e ? ':' + e.message : '')));
    w2.end((e) => log.push(['end cb2', e && e.message]));
    await new Promise((r) => w2.on('close', r));
    out.final = log;
  }

  // decodeStrings false / defaultEncoding / setDefaultEncoding
  {
    const log = [];
    const w = new Writable({
      decodeStrings: false, defaultEncoding: 'latin1',
      write(c, e, cb) { log.push([show(c), e]); cb(); },
    });
    w.write('a');
    w.write('b', 'hex');
    w.setDefaultEncoding('UTF8');
    w.write('c');
    const w2 = new Writable({ defaultEncoding: 'hex', write(c, e, cb) { log.push([show(c), e]); cb(); } });
    w2.write('abcd');
    w2.write('abcd', 'utf8');
    w2.write('AQI=', 'base64');
    try { w2.setDefaultEncoding('nope'); } catch (e) { log.push(E(e)); }
    try { w2.write('x', 'nope'); } catch (e) { log.push(E(e)); }
    try { new Writable({ defaultEncoding: 'nope' }); } catch (e) { log.push(E(e)); }
    await tick();
    out.encodings = log;
  }

  // object mode
  {
    const log = [];
    const w = new Writable({ objectMode: true, highWaterMark: 2, write(c, e, cb) { log.push([c, typeof e]); setTimeout(cb, 1); } });
    log.push(w.write({ a: 1 }), w.write('str'), w.write(5), w.writableLength, w.writableNeedDrain);
    log.push(w.write(0, () => {}), w.write(false, 'utf8'));
    await new Promise((r) => w.end(r));
    out.objectMode = log;
  }

  // end(cb) twice, end after finished, write(cb) argument values
  {
    const log = [];
    const w = new Writable({ write(c, e, cb) { cb(); } });
    w.write('a', (...a) => log.push(['wcb', a.length, a[0]]));
    w.end((...a) => log.push(['end1', a.length, a[0]]));
    w.end((...a) => log.push(['end2', a.length, a[0]]));
    await new Promise((r) => w.on('close', r));
    w.end((e) => log.push(['end3', E(e)]));
    await tick();
    out.endTwice = log;
  }

  // emitClose false / autoDestroy false
  {
    const log = [];
    const w = new Writable({ emitClose: false, write(c, e, cb) { cb(); } });
    w.on('close', () => log.push('close'));
    w.on('finish', () => log.push('finish'));
    w.end('x');
    await tick();
    log.push(['destroyed', w.destroyed]);
    const w2 = new Writable({ autoDestroy: false, write(c, e, cb) { cb(); } });
    w2.on('close', () => log.push('close2'));
    w2.on('finish', () => log.push('finish2'));
    w2.end('x');
    await tick();
    log.push(['destroyed2', w2.destroyed]);
    w2.destroy();
    await tick();
    out.closeOptions = log;
  }

  // construct delays writes
  {
    const log = [];
    const w = new Writable({
      construct(cb) { log.push('construct'); setTimeout(() => { log.push('ready'); cb(); }, 1); },
      write(c, e, cb) { log.push('write ' + c); cb(); },
      final(cb) { log.push('final'); cb(); },
    });
    log.push(['ret', w.write('a'), w.writableLength]);
    w.end('b');
    w.on('finish', () => log.push('finish'));
    await new Promise((r) => w.on('close', r));
    out.construct = log;
  }
  return out;
}
