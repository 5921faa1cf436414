// pipeline (callback and promise forms, generator stages, error propagation, destroy) and finished.
import stream, { pipeline, finished, Readable, Writable, Transform, PassThrough } from 'stream';
import { pipeline as pipelineP, finished as finishedP } from 'stream/promises';
import { promisify } from 'util';

const E = (e) => e && { name: e.name, code: e.code, message: e.message };
const wait = (ms = 5) => new Promise((r) => setTimeout(r, ms));
const sink = (arr) => new Writable({ objectMode: true, write(c, e, cb) { arr.push(typeof c === 'object' && c !== null && c.length !== undefined && typeof c !== 'string' ? 'b:' + c.toString() : c); cb(); } });
const upper = () => new Transform({ transform(c, e, cb) { cb(null, c.toString().toUpperCase()); } });

export default async function () {
  const out = {};

  // callback form
  {
    const got = [];
    const r = Readable.from(['a', 'b', 'c']);
    const w = sink(got);
    const res = await new Promise((resolve) => {
      const ret = pipeline(r, upper(), w, (err, val) => resolve({ err: E(err), val, got }));
      out.returnsLast = ret === w;
    });
    out.callback = res;
    out.callbackState = [r.destroyed, w.destroyed, w.writableFinished];
  }

  // error in a middle stage destroys everything and reports the first error
  {
    const log = [];
    const r = new Readable({ read() {} });
    const t = new Transform({ transform(c, e, cb) { cb(new Error('stage failed')); } });
    const w = sink([]);
    for (const [n, s] of [['r', r], ['t', t], ['w', w]]) {
      s.on('close', () => log.push(n + ' close'));
      s.on('error', (e) => log.push(n + ' error:' + (e.code || e.message)));
    }
    const err = await new Promise((resolve) => {
      pipeline(r, t, w, (e) => resolve(e));
      r.push('x');
    });
    log.push(['cb', E(err), r.destroyed, t.destroyed, w.destroyed]);
    out.middleError = log.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }

  // source destroyed prematurely
  {
    const r = new Readable({ read() {} });
    const w = sink([]);
    const err = await new Promise((resolve) => { pipeline(r, w, resolve); r.destroy(); });
    out.premature = [E(err), w.destroyed];
    const r2 = new Readable({ read() {} });
    const err2 = await new Promise((resolve) => { pipeline(r2, new PassThrough(), sink([]), resolve); r2.destroy(new Error('src err')); });
    out.srcError = E(err2);
  }

  // promise form with generator stages and last-stage value
  {
    const got = [];
    await pipelineP(
      async function* () { yield 'x'; yield 'y'; yield 'z'; },
      async function* (source) { for await (const c of source) yield c + c; },
      sink(got),
    );
    out.generators = got;
    const val = await pipelineP(
      Readable.from([1, 2, 3, 4]),
      async function* (src) { for await (const n of src) if (n % 2 === 0) yield n * 10; },
      async function (src) { let sum = 0; for await (const n of src) sum += n; return sum; },
    );
    out.lastValue = val;
    const cbVal = await new Promise((resolve) => pipeline(['a', 'b'], async function (src) { let s = ''; for await (const c of src) s += c; return s; }, (err, v) => resolve([err, v])));
    out.cbValue = cbVal;
    const res = await pipelineP(Readable.from(['p']), new PassThrough({ objectMode: true }), sink([]));
    out.promiseNoValue = res === undefined;
  }

  // generator that throws
  {
    try {
      await pipelineP(Readable.from(['a']), async function* (src) { for await (const c of src) throw new Error('gen threw ' + c); }, sink([]));
      out.genThrow = 'no error';
    } catch (e) { out.genThrow = E(e); }
    const r = new Readable({ read() {} });
    const log = [];
    r.on('close', () => log.push('src closed'));
    try {
      const p = pipelineP(r, async function (src) { for await (const c of src) throw new Error('sink threw'); });
      r.push('1');
      await p;
    } catch (e) { log.push(E(e)); }
    log.push(r.destroyed);
    out.sinkThrow = log;
  }

  // iterable sources and string output
  {
    const got = [];
    await pipelineP(['1', '2'], upper(), sink(got));
    out.arraySource = got;
    const pt = new PassThrough();
    const chunks = [];
    pt.on('data', (c) => chunks.push(c.toString()));
    await pipelineP(async function* () { yield 'q'; yield 'r'; }, pt);
    out.genToPassThrough = chunks;
  }

  // argument validation
  {
    const errs = [];
    try { pipeline(); } catch (e) { errs.push(E(e)); }
    try { pipeline(Readable.from([])); } catch (e) { errs.push(E(e)); }
    try { pipeline(Readable.from([]), () => {}); } catch (e) { errs.push(E(e)); }
    try { await pipelineP(Readable.from([])); } catch (e) { errs.push(E(e)); }
    try { pipeline(() => 5, sink([]), () => {}); } catch (e) { errs.push(E(e)); }
    out.validation = errs;
  }

  // signal aborts a pipeline
  {
    const ac = new AbortController();
    const r = new Readable({ read() {} });
    const p = pipelineP(r, sink([]), { signal: ac.signal });
    ac.abort();
    try { await p; out.abort = 'no error'; } catch (e) { out.abort = [E(e), r.destroyed]; }
  }

  // promisify(pipeline) / promisify(finished) use the custom forms
  out.promisify = [promisify(pipeline) === stream.promises.pipeline, promisify(finished) === stream.promises.finished,
    stream.promises.pipeline === pipelineP, stream.promises.finished === finishedP];

  // finished
  {
    const log = [];
    const r = new Readable({ read() {} });
    finished(r, (err) => log.push(['r done', E(err)]));
    r.resume();
    r.push('a');
    r.push(null);
    await wait();
    const w = new Writable({ write(c, e, cb) { cb(); } });
    const cleanup = finished(w, (err) => log.push(['w done', E(err)]));
    log.push(typeof cleanup);
    w.end('x');
    await wait();
    const r2 = new Readable({ read() {} });
    finished(r2, (err) => log.push(['r2 premature', E(err)]));
    r2.destroy();
    await wait();
    const w2 = new Writable({ write(c, e, cb) { cb(); } });
    finished(w2, (err) => log.push(['w2 premature', E(err)]));
    w2.write('x');
    w2.destroy();
    await wait();
    const r3 = new Readable({ read() {} });
    finished(r3, (err) => log.push(['r3 error', E(err)]));
    r3.on('error', () => {});
    r3.destroy(new Error('r3 broke'));
    await wait();
    const r4 = new Readable({ read() {} });
    r4.push(null);
    r4.resume();
    await wait();
    finished(r4, (err) => log.push(['r4 already', E(err)]));
    await wait();
    const d = new PassThrough();
    finished(d, { readable: false }, (err) => log.push(['writable side only', E(err)]));
    d.end('x');
    await wait();
    const r5 = new Readable({ read() {} });
    const stop = finished(r5, (err) => log.push(['never', err]));
    stop();
    r5.destroy();
    await wait();
    try { finished({}, () => {}); } catch (e) { log.push(E(e)); }
    try { finished(r5); } catch (e) { log.push(E(e)); }
    out.finished = log;
  }

  // finished promise form
  {
    const r = Readable.from(['a']);
    r.resume();
    out.finishedPromise = await finishedP(r);
    const w = new Writable({ write(c, e, cb) { cb(); } });
    w.write('x');
    const p = finishedP(w);
    w.destroy();
    try { await p; } catch (e) { out.finishedPromiseErr = E(e); }
    const r2 = new Readable({ read() {} });
    const p2 = finishedP(r2, { error: false });
    r2.on('error', () => {});
    r2.destroy(new Error('ignored?'));
    try { await p2; out.errorFalse = 'resolved'; } catch (e) { out.errorFalse = E(e); }
  }
  return out;
}
