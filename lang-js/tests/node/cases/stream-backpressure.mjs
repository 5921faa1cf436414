// pipe(): backpressure (write() === false pauses, 'drain' resumes), end option, unpipe, several destinations, legacy Stream#pipe.
import stream, { Readable, Writable, PassThrough } from 'stream';

const wait = (ms = 5) => new Promise((r) => setTimeout(r, ms));

export default async function () {
  const out = {};

  // producer with many chunks into a slow writable with small hwm
  {
    const log = [];
    let produced = 0;
    const r = new Readable({
      highWaterMark: 4,
      read() { produced++; this.push(produced <= 6 ? 'ch' + produced : null); },
    });
    let writes = 0;
    const w = new Writable({
      highWaterMark: 3,
      write(c, e, cb) { writes++; log.push(['write', c.toString(), 'produced', produced]); setTimeout(cb, 1); },
    });
    r.on('pause', () => log.push('pause'));
    r.on('resume', () => log.push('resume'));
    w.on('drain', () => log.push('drain'));
    w.on('pipe', (src) => log.push(['pipe event', src === r]));
    w.on('unpipe', (src) => log.push(['unpipe event', src === r]));
    r.on('end', () => log.push('end'));
    w.on('finish', () => log.push('finish'));
    const ret = r.pipe(w);
    log.push(['returns dest', ret === w]);
    await new Promise((res) => w.on('close', res));
    out.backpressure = { log, writes };
  }

  // a fast reader into a writable that never calls back: the source stops at its hwm
  {
    let reads = 0;
    const r = new Readable({ highWaterMark: 10, read() { reads++; if (reads < 1000) this.push('0123456789'); } });
    const w = new Writable({ highWaterMark: 5, write(c, e, cb) { /* never */ } });
    r.pipe(w);
    await wait(10);
    out.stalled = { reads, rlen: r.readableLength, wlen: w.writableLength, needDrain: w.writableNeedDrain, flowing: r.readableFlowing };
    r.unpipe(w);
    r.destroy();
  }

  // pipe with end: false, and unpipe
  {
    const log = [];
    const r = new Readable({ read() {} });
    const got = [];
    const w = new Writable({ write(c, e, cb) { got.push(c.toString()); cb(); } });
    w.on('finish', () => log.push('finish'));
    w.on('unpipe', () => log.push('unpipe'));
    r.pipe(w, { end: false });
    r.push('a');
    r.push(null);
    await wait();
    log.push(['ended', w.writableEnded, r.readableEnded, got]);
    const r2 = new Readable({ read() {} });
    r2.pipe(w);
    r2.push('b');
    await wait();
    r2.unpipe(w);
    log.push(['after unpipe', r2.readableFlowing, r2.isPaused()]);
    r2.push('c');
    await wait();
    log.push(['got', got]);
    log.push(['unpipe other', r2.unpipe(new PassThrough()) === r2, r2.unpipe() === r2]);
    out.endFalse = log;
  }

  // one source, two destinations: slowest one governs
  {
    const log = [];
    let i = 0;
    const r = new Readable({ highWaterMark: 2, read() { i++; this.push(i <= 5 ? 'x' + i : null); } });
    const mkw = (name, delay) => new Writable({
      highWaterMark: 1,
      write(c, e, cb) { log.push(name + ':' + c); setTimeout(cb, delay); },
    });
    const a = mkw('a', 1);
    const b = mkw('b', 3);
    r.pipe(a);
    r.pipe(b);
    await Promise.all([new Promise((res) => a.on('finish', res)), new Promise((res) => b.on('finish', res))]);
    out.twoDest = { sorted: log.slice().sort(), aOrder: log.filter((x) => x[0] === 'a'), bOrder: log.filter((x) => x[0] === 'b') };
  }

  // destination errors unpipe the source; source keeps its data
  {
    const log = [];
    const r = new Readable({ read() {} });
    const w = new Writable({ write(c, e, cb) { cb(new Error('dest broke')); } });
    w.on('error', (e) => log.push('w error:' + e.message));
    w.on('unpipe', () => log.push('unpipe'));
    r.pipe(w);
    r.push('a');
    await wait();
    log.push(['src', r.destroyed, r.readableFlowing, r.isPaused()]);
    out.destError = log;
  }

  // destination closes early: unpipe
  {
    const log = [];
    const r = new Readable({ read() {} });
    const w = new PassThrough();
    w.on('unpipe', () => log.push('unpipe'));
    r.pipe(w);
    w.destroy();
    await wait();
    log.push(['src flowing', r.readableFlowing]);
    out.destClose = log;
  }

  // pipe into a PassThrough chain and read the result
  {
    const src = Readable.from(['a', 'b', 'c'], { objectMode: false });
    const p1 = new PassThrough();
    const p2 = new PassThrough();
    src.pipe(p1).pipe(p2);
    let s = '';
    for await (const c of p2) s += c;
    out.chain = s;
  }

  // legacy Stream#pipe
  {
    const log = [];
    const src = new stream.Stream();
    src.readable = true;
    const dst = new stream.Stream();
    dst.writable = true;
    let n = 0;
    dst.write = (c) => { log.push('write:' + c); n++; return n % 2 === 1; };
    dst.end = () => log.push('end');
    src.pause = () => log.push('pause');
    src.resume = () => log.push('resume');
    src.pipe(dst);
    src.emit('data', 'a');
    src.emit('data', 'b');
    dst.emit('drain');
    src.emit('end');
    src.emit('data', 'c');
    out.legacy = log;
  }
  return out;
}
