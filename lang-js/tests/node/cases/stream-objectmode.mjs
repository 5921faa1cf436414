// Object mode: falsy values, counts against highWaterMark, read(n) returns one object, mixed mode duplexes, event order in a pipe.
import { Readable, Writable, Transform, PassThrough, pipeline } from 'stream';

const wait = (ms = 5) => new Promise((r) => setTimeout(r, ms));

export default async function () {
  const out = {};

  // falsy values flow through (except null)
  {
    const r = new Readable({ objectMode: true, read() {} });
    for (const v of [0, false, '', undefined, [], {}, NaN]) r.push(v);
    r.push(null);
    const got = [];
    r.on('data', (v) => got.push(v === undefined ? 'undefined' : Number.isNaN(v) ? 'NaN' : v));
    await new Promise((res) => r.on('end', res));
    out.falsy = got;
  }

  // read(n) returns a single object regardless of n, length counts objects
  {
    const r = new Readable({ objectMode: true, highWaterMark: 3, read() {} });
    const rets = [r.push('aa'), r.push('bbb'), r.push({ c: 1 }), r.push(4)];
    out.readN = { rets, len: r.readableLength, a: r.read(100), b: r.read(0), c: r.read(1), len2: r.readableLength };
  }

  // writable object mode: hwm in objects
  {
    const seen = [];
    const w = new Writable({ objectMode: true, highWaterMark: 2, write(o, e, cb) { seen.push(o); setTimeout(cb, 1); } });
    const rets = [w.write({ n: 1 }), w.write({ n: 2 }), w.write({ n: 3 })];
    out.writable = { rets, len: w.writableLength, needDrain: w.writableNeedDrain };
    await new Promise((res) => w.once('drain', res));
    w.end();
    await new Promise((res) => w.on('finish', res));
    out.writable.seen = seen;
  }

  // object transform pipeline: parse lines into records
  {
    const records = [];
    const lines = new Transform({
      readableObjectMode: true,
      transform(chunk, enc, cb) {
        this._buf = (this._buf || '') + chunk;
        const parts = this._buf.split('\n');
        this._buf = parts.pop();
        for (const p of parts) this.push(p);
        cb();
      },
      flush(cb) { if (this._buf) this.push(this._buf); cb(); },
    });
    const parse = new Transform({
      objectMode: true,
      transform(line, enc, cb) { const [k, v] = line.split(','); cb(null, { k, v: Number(v) }); },
    });
    const sink = new Writable({ objectMode: true, write(o, e, cb) { records.push(o); cb(); } });
    await new Promise((res, rej) => pipeline(Readable.from(['a,1\nb,', '2\nc,3']), lines, parse, sink, (e) => (e ? rej(e) : res())));
    out.records = records;
  }

  // event order through a simple pipe
  {
    const log = [];
    const r = new Readable({ objectMode: true, read() {} });
    const w = new Writable({ objectMode: true, write(o, e, cb) { log.push('write ' + o); cb(); } });
    for (const ev of ['end', 'close']) r.on(ev, () => log.push('r ' + ev));
    for (const ev of ['finish', 'close', 'unpipe', 'pipe']) w.on(ev, () => log.push('w ' + ev));
    r.pipe(w);
    r.push('one');
    r.push('two');
    r.push(null);
    await new Promise((res) => w.on('close', res));
    await wait();
    out.pipeOrder = log;
  }

  // PassThrough objectMode preserves identity
  {
    const obj = { id: 1 };
    const pt = new PassThrough({ objectMode: true });
    pt.write(obj);
    out.identity = pt.read() === obj;
  }

  // setEncoding on an object-mode stream decodes the chunks
  {
    const r = new Readable({ objectMode: true, read() {} });
    r.setEncoding('hex');
    r.push(new Uint8Array([1, 255]));
    r.push('str');
    r.push(null);
    out.objectEncoding = await r.toArray();
  }
  return out;
}
