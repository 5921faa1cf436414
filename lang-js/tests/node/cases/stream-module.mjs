// The stream module's shape: exports, class relations, legacy constructors (util.inherits + Stream.call), helpers.
import stream, { Stream, Readable, Writable, Duplex, Transform, PassThrough } from 'stream';
import * as ns from 'node:stream';
import streamPromises from 'stream/promises';
import { EventEmitter } from 'events';
import util from 'util';

const E = (e) => e && { name: e.name, code: e.code, message: e.message };
const wait = (ms = 5) => new Promise((r) => setTimeout(r, ms));

export default async function () {
  const out = {};
  const names = ['Stream', 'Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough', 'pipeline', 'finished',
    'addAbortSignal', 'compose', 'isReadable', 'isErrored', 'isDisturbed', 'getDefaultHighWaterMark', 'setDefaultHighWaterMark', 'promises'];
  out.types = Object.fromEntries(names.map((n) => [n, typeof stream[n]]));
  out.named = names.every((n) => ns[n] === stream[n]);
  out.selfRefs = [stream === Stream, stream.Stream === Stream, typeof stream, stream.promises === streamPromises,
    streamPromises.pipeline === stream.promises.pipeline, ns.default === stream];

  // class relations
  const d = new Duplex();
  const t = new Transform();
  const pt = new PassThrough();
  const r = new Readable();
  const w = new Writable();
  out.instanceOf = {
    r: [r instanceof Stream, r instanceof EventEmitter, r instanceof Readable, r instanceof Writable],
    w: [w instanceof Stream, w instanceof EventEmitter, w instanceof Writable, w instanceof Readable],
    d: [d instanceof Readable, d instanceof Writable, d instanceof Duplex],
    t: [t instanceof Duplex, t instanceof Writable, t instanceof Transform],
    pt: [pt instanceof Transform, pt instanceof Writable],
    plainObjWritable: ({}) instanceof Writable,
  };
  out.protoChain = [
    Object.getPrototypeOf(Readable.prototype) === Stream.prototype,
    Object.getPrototypeOf(Writable.prototype) === Stream.prototype,
    Object.getPrototypeOf(Duplex.prototype) === Readable.prototype,
    Object.getPrototypeOf(Transform.prototype) === Duplex.prototype,
    Object.getPrototypeOf(PassThrough.prototype) === Transform.prototype,
    Object.getPrototypeOf(Stream.prototype) === EventEmitter.prototype,
    typeof Stream.prototype.pipe, typeof Readable.ReadableState, typeof Writable.WritableState,
  ];

  // legacy style subclassing (as old npm packages do)
  {
    function Counter(opt) {
      Readable.call(this, opt);
      this._max = 3;
      this._i = 0;
    }
    util.inherits(Counter, Readable);
    Counter.prototype._read = function () {
      const i = ++this._i;
      this.push(i > this._max ? null : String(i));
    };
    const c = new Counter();
    let s = '';
    for await (const chunk of c) s += chunk;
    function Sink() { Writable.call(this); this.data = ''; }
    util.inherits(Sink, Writable);
    Sink.prototype._write = function (chunk, enc, cb) { this.data += chunk; cb(); };
    const sk = new Sink();
    sk.write('x');
    sk.end('y');
    await new Promise((res) => sk.on('finish', res));
    function Legacy() { Stream.call(this); this.readable = true; }
    util.inherits(Legacy, Stream);
    const lg = new Legacy();
    function Dup(o) { Duplex.call(this, o); }
    util.inherits(Dup, Duplex);
    const du = new Dup({ allowHalfOpen: false });
    out.legacy = [s, c instanceof Readable, sk.data, sk instanceof Writable, lg instanceof EventEmitter,
      typeof lg.pipe, typeof lg.on, du instanceof Writable, du.allowHalfOpen];
  }

  // class syntax subclassing
  {
    class Upper extends Transform {
      _transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); }
    }
    const u = new Upper();
    u.end('shout');
    out.classSub = (await u.toArray()).map(String);
  }

  // high water mark defaults
  {
    const before = [stream.getDefaultHighWaterMark(false), stream.getDefaultHighWaterMark(true)];
    stream.setDefaultHighWaterMark(false, 1024);
    stream.setDefaultHighWaterMark(true, 4);
    const mid = [new Readable().readableHighWaterMark, new Writable({ objectMode: true }).writableHighWaterMark,
      stream.getDefaultHighWaterMark(false)];
    stream.setDefaultHighWaterMark(false, before[0]);
    stream.setDefaultHighWaterMark(true, before[1]);
    const errs = [];
    try { stream.setDefaultHighWaterMark(false, -1); } catch (e) { errs.push(E(e)); }
    try { stream.setDefaultHighWaterMark(false, 'x'); } catch (e) { errs.push(E(e)); }
    out.hwm = { before, mid, after: new Readable().readableHighWaterMark, errs };
  }

  // isReadable / isErrored / isDisturbed
  {
    const a = new Readable({ read() {} });
    const res = [stream.isReadable(a), stream.isErrored(a), stream.isDisturbed(a)];
    a.push('x');
    a.read();
    res.push(stream.isDisturbed(a));
    a.on('error', () => {});
    a.destroy(new Error('e'));
    await wait();
    res.push(stream.isReadable(a), stream.isErrored(a));
    const b = new Readable({ read() {} });
    b.push(null);
    b.resume();
    await wait();
    res.push(stream.isReadable(b), stream.isErrored(b), stream.isDisturbed(b));
    res.push(stream.isReadable(new Writable()), stream.isReadable({}), stream.isErrored(new Writable()));
    out.predicates = res;
  }

  // Duplex.from
  {
    const res = {};
    const dIt = Duplex.from(['a', 'b']);
    res.iterable = [dIt instanceof Duplex, await dIt.toArray()];
    const gen = Duplex.from(async function* (source) { for await (const c of source) yield String(c).toUpperCase(); });
    gen.write('x');
    gen.end('y');
    res.generator = (await gen.toArray()).map(String);
    const same = new PassThrough();
    res.same = Duplex.from(same) === same;
    out.duplexFrom = res;
  }

  // compose
  {
    const c = stream.compose(new Transform({ transform(ch, e, cb) { cb(null, String(ch).toUpperCase()); } }),
      async function* (src) { for await (const x of src) yield String(x) + '!'; });
    c.write('ab');
    c.end('cd');
    const res = [(await c.toArray()).map(String)];
    const c3 = stream.compose(new PassThrough(), new Transform({ transform(ch, e, cb) { cb(new Error('inner')); } }));
    const err = await new Promise((resolve) => { c3.on('error', resolve); c3.write('x'); });
    res.push(err.message);
    try { stream.compose(); } catch (e) { res.push(E(e)); }
    const got = [];
    const c4 = stream.compose(new PassThrough(), new Writable({ write(ch, e, cb) { got.push(String(ch)); cb(); } }));
    await new Promise((r) => { c4.end('zz', r); });
    res.push(got, c4.readable);
    out.compose = res;
  }

  // captureRejections-style names used by npm packages
  out.methods = {
    readable: ['push', 'unshift', 'read', 'pipe', 'unpipe', 'pause', 'resume', 'isPaused', 'setEncoding', 'destroy', 'wrap', 'on', 'off']
      .map((m) => typeof Readable.prototype[m]),
    writable: ['write', 'end', 'cork', 'uncork', 'setDefaultEncoding', 'destroy'].map((m) => typeof Writable.prototype[m]),
    duplex: ['write', 'end', 'cork', 'uncork', 'push', 'read'].map((m) => typeof Duplex.prototype[m]),
  };
  return out;
}
