import web, {
  ReadableStream, WritableStream, TransformStream, ReadableStreamDefaultReader, WritableStreamDefaultWriter,
  ReadableStreamDefaultController, CountQueuingStrategy, ByteLengthQueuingStrategy,
} from 'node:stream/web';
import plain from 'stream/web';

const err = async (f) => { try { const r = await f(); return ['ok', r === undefined ? null : r]; } catch (e) { return [e.name, e.code ?? null, e.message]; } };
const code = async (f) => { try { await f(); return 'ok'; } catch (e) { return [e.name, e.code ?? null]; } };
const tick = (n = 10) => new Promise((r) => setTimeout(r, n));
const collect = async (rs) => { const out = []; for await (const x of rs) out.push(x); return out; };
const fromArray = (items) => new ReadableStream({ start(c) { for (const x of items) c.enqueue(x); c.close(); } });

export default async function () {
  const out = {};
  out.keys = Object.keys(web);
  out.same = plain === web;
  out.protos = [ReadableStream, WritableStream, TransformStream, ReadableStreamDefaultReader, WritableStreamDefaultWriter, ReadableStreamDefaultController, CountQueuingStrategy]
    .map((C) => [C.name, C.length, Object.keys(C.prototype), Object.prototype.toString.call(C.prototype)]);
  out.asyncIteratorIsValues = ReadableStream.prototype[Symbol.asyncIterator] === ReadableStream.prototype.values;
  out.statics = [typeof ReadableStream.from];

  // ---- reading: order of source calls, desiredSize, pull with highWaterMark
  {
    const log = [];
    let ctrl;
    const rs = new ReadableStream({
      start(c) { ctrl = c; log.push(['start', c.desiredSize]); c.enqueue('a'); log.push(['after a', c.desiredSize]); },
      pull(c) { log.push(['pull', c.desiredSize]); if (log.filter((e) => e[0] === 'pull').length >= 3) c.close(); else c.enqueue('p' + log.length); },
      cancel(r) { log.push(['cancel', r]); },
    }, { highWaterMark: 2 });
    log.push(['sync end', ctrl.desiredSize, rs.locked]);
    await tick();
    log.push(['settled', ctrl.desiredSize]);
    const reader = rs.getReader();
    log.push(['locked', rs.locked, reader instanceof ReadableStreamDefaultReader]);
    const reads = [];
    for (let i = 0; i < 5; i++) reads.push(await reader.read());
    log.push(['desired after close', ctrl.desiredSize]);
    out.reading = [log, reads, await reader.closed, await err(() => ctrl.enqueue('late'))];
    reader.releaseLock();
    out.releasedClosed = await err(() => reader.closed);
    out.releasedRead = await err(() => reader.read());
  }

  // ---- a size function, and sizes that are not numbers
  {
    let ctrl;
    new ReadableStream({ start(c) { ctrl = c; } }, { highWaterMark: 10, size: (chunk) => chunk.length });
    const d = [ctrl.desiredSize];
    ctrl.enqueue('abcd'); d.push(ctrl.desiredSize);
    ctrl.enqueue('abcdefgh'); d.push(ctrl.desiredSize);
    out.sizes = d;
    let c2;
    const rs2 = new ReadableStream({ start(c) { c2 = c; } }, { size: () => -1 });
    out.badSize = [await err(() => c2.enqueue(1)), await err(() => rs2.getReader().read())];
    const count = new CountQueuingStrategy({ highWaterMark: 3 });
    const bytes = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
    let c3;
    new ReadableStream({ start(c) { c3 = c; } }, bytes);
    c3.enqueue(new Uint8Array(5));
    out.strategies = [count.highWaterMark, count.size(), count.size.name, count.size === new CountQueuingStrategy({ highWaterMark: 1 }).size,
      bytes.highWaterMark, bytes.size(new Uint8Array(7)), bytes.size.name, c3.desiredSize, new CountQueuingStrategy({ highWaterMark: '2' }).highWaterMark];
  }

  // ---- errors and cancel
  {
    const log = [];
    let ctrl;
    const rs = new ReadableStream({ start(c) { ctrl = c; c.enqueue(1); }, cancel(r) { log.push(['cancel', r]); return tick(1).then(() => log.push('cancel done')); } });
    const reader = rs.getReader();
    const first = await reader.read();
    const pending = reader.read();
    ctrl.error(new Error('bad'));
    out.errored = [first, await err(() => pending), await err(() => reader.closed), await err(() => reader.read()), ctrl.desiredSize, await err(() => reader.cancel('x'))];
    const rs2 = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); }, cancel(r) { log.push(['cancel2', r]); } });
    const r2 = rs2.getReader();
    const pr = r2.read();
    const cancelled = await r2.cancel('why');
    out.cancel = [await pr, cancelled === undefined, await r2.read(), await r2.closed, log];
    const rs3 = new ReadableStream({ start() { return Promise.reject(new Error('start failed')); } });
    out.startRejects = await err(() => rs3.getReader().read());
    const rs4 = new ReadableStream({ pull() { throw new Error('pull failed'); } });
    out.pullThrows = await err(() => rs4.getReader().read());
    out.cancelRejects = await err(() => new ReadableStream({ cancel() { throw new Error('cancel failed'); } }).cancel());
  }

  // ---- async iteration
  {
    out.iterate = await collect(fromArray([1, 2, 3]));
    const log = [];
    const rs = new ReadableStream({ pull(c) { c.enqueue(log.length); log.push('pull'); }, cancel(r) { log.push(['cancel', r === undefined]); } });
    const got = [];
    for await (const x of rs) { got.push(x); if (got.length === 3) break; }
    out.iterateBreak = [got, log.filter((e) => e !== 'pull'), rs.locked];
    const rs2 = fromArray(['a', 'b', 'c']);
    const got2 = [];
    for await (const x of rs2.values({ preventCancel: true })) { got2.push(x); break; }
    out.preventCancel = [got2, rs2.locked, await collect(rs2)];
    const rs3 = new ReadableStream({ start(c) { c.enqueue(1); c.error(new Error('mid')); } });
    out.iterateError = await err(() => collect(rs3));
    const it = fromArray([1, 2]).values();
    out.iteratorProtocol = [await it.next(), await it.return('r'), await it.next(), Object.prototype.toString.call(it) !== '', typeof it[Symbol.asyncIterator]];
    const parallel = fromArray([1, 2]).values();
    out.parallelNext = await Promise.all([parallel.next(), parallel.next(), parallel.next(), parallel.next()]);
  }

  // ---- from
  {
    async function* gen() { yield 1; yield 2; }
    out.from = [
      await collect(ReadableStream.from([1, 2, 3])),
      await collect(ReadableStream.from(gen())),
      await collect(ReadableStream.from([Promise.resolve('p'), 'q'])),
      await collect(ReadableStream.from('hi')),
      await collect(ReadableStream.from(new Set(['s']))),
      await err(() => ReadableStream.from(5)),
      await err(() => ReadableStream.from({})),
    ];
    let returned = false;
    const iterable = { [Symbol.asyncIterator]() { let i = 0; return { next: async () => ({ value: i++, done: false }), return: async () => { returned = true; return { done: true }; } }; } };
    const rs = ReadableStream.from(iterable);
    const r = rs.getReader();
    out.fromCancel = [await r.read(), await r.read(), await r.cancel('stop'), returned];
  }

  // ---- tee
  {
    const [a, b] = fromArray([1, { o: 2 }, 3]).tee();
    const [ra, rb] = await Promise.all([collect(a), collect(b)]);
    out.tee = [ra, rb, ra[1] === rb[1]];
    const log = [];
    const src = new ReadableStream({ start(c) { c.enqueue('x'); }, cancel(r) { log.push(r); } });
    const [c1, c2] = src.tee();
    // A branch's cancel settles once both are cancelled.
    let firstSettled = false;
    const cancel1 = c1.cancel('one').then(() => { firstSettled = true; });
    await tick(1);
    const afterOne = [[...log], firstSettled];
    const r2 = c2.getReader();
    const read2 = await r2.read();
    r2.releaseLock();
    await c2.cancel('two');
    await cancel1;
    out.teeCancel = [afterOne, read2, log, src.locked, firstSettled];
    const errSrc = new ReadableStream({ start(c) { c.error(new Error('teeErr')); } });
    const [e1, e2] = errSrc.tee();
    out.teeError = [await err(() => e1.getReader().read()), await err(() => e2.getReader().read())];
  }

  // ---- WritableStream
  {
    const log = [];
    let wctrl;
    const ws = new WritableStream({
      start(c) { wctrl = c; log.push('start'); },
      write(chunk, c) { log.push(['write', chunk, c === wctrl]); return tick(2); },
      close() { log.push('close'); },
      abort(r) { log.push(['abort', r]); },
    }, { highWaterMark: 2 });
    const w = ws.getWriter();
    const sizes = [w.desiredSize];
    const p1 = w.write('a'); sizes.push(w.desiredSize);
    const p2 = w.write('b'); sizes.push(w.desiredSize);
    const p3 = w.write('c'); sizes.push(w.desiredSize);
    let readyResolved = false;
    w.ready.then(() => { readyResolved = true; });
    await tick(0);
    const readyEarly = readyResolved;
    await Promise.all([p1, p2, p3]);
    sizes.push(w.desiredSize);
    await w.close();
    out.writable = [log, sizes, readyEarly, w.desiredSize, await w.closed, ws.locked, typeof wctrl.signal, wctrl.signal.aborted];
    w.releaseLock();
    out.writerReleased = [ws.locked, await err(() => w.closed), await err(() => w.ready), await err(() => w.write(1)), await err(() => w.desiredSize)];

    const log2 = [];
    let c2;
    const ws2 = new WritableStream({ start(c) { c2 = c; }, write(chunk) { log2.push(chunk); return new Promise(() => {}); }, abort(r) { log2.push(['abort', r]); } });
    const w2 = ws2.getWriter();
    const pending = w2.write('stuck');
    const queued = w2.write('queued');
    await tick(1);
    const aborted = w2.abort('reason');
    out.abortWhileWriting = [c2.signal.aborted, c2.signal.reason, log2];
    const ws3 = new WritableStream({ write() { throw new Error('sink failed'); } });
    const w3 = ws3.getWriter();
    out.writeThrows = [await err(() => w3.write(1)), await err(() => w3.closed), await err(() => w3.ready), w3.desiredSize, await err(() => w3.write(2))];
    const ws4 = new WritableStream({ close() { throw new Error('close failed'); } });
    out.closeThrows = [await err(() => ws4.getWriter().close())];
    const ws5 = new WritableStream();
    const w5 = ws5.getWriter();
    await w5.abort('gone');
    out.abortIdle = [await err(() => w5.closed), await err(() => w5.write(1)), w5.desiredSize, await err(() => w5.close())];
    let ctl6;
    const ws6 = new WritableStream({ start(c) { ctl6 = c; } });
    ctl6.error(new Error('ctl error'));
    out.controllerError = [await err(() => ws6.getWriter().write(1)), await err(() => ws6.getWriter().closed)];
    out.unlockedOps = [await err(() => new WritableStream().close()), await err(() => new WritableStream().abort('a'))];
    void pending; void queued; void aborted;
  }

  // ---- pipeTo / pipeThrough
  {
    const got = [];
    const log = [];
    await fromArray([1, 2, 3]).pipeTo(new WritableStream({ write(c) { got.push(c); }, close() { log.push('closed'); } }));
    out.pipe = [got, log];
    const kept = [];
    const dest = new WritableStream({ write(c) { kept.push(c); }, close() { kept.push('closed'); } });
    await fromArray(['x']).pipeTo(dest, { preventClose: true });
    const w = dest.getWriter();
    await w.write('y');
    await w.close();
    out.preventClose = kept;
    const abortLog = [];
    const srcErr = new ReadableStream({ start(c) { c.enqueue(1); c.error(new Error('src broke')); } });
    out.pipeSourceError = [await err(() => srcErr.pipeTo(new WritableStream({ write(c) { abortLog.push(['w', c]); }, abort(r) { abortLog.push(['abort', r.message]); } }))), abortLog];
    const cancelLog = [];
    const src = new ReadableStream({ pull(c) { c.enqueue('v'); }, cancel(r) { cancelLog.push(r.message); } });
    out.pipeDestError = [await err(() => src.pipeTo(new WritableStream({ write() { throw new Error('dest broke'); } }))), cancelLog];
    const ac = new AbortController();
    const sigLog = [];
    const endless = new ReadableStream({ pull(c) { return tick(2).then(() => c.enqueue('t')); }, cancel(r) { sigLog.push(['cancel', r]); } });
    const piping = endless.pipeTo(new WritableStream({ abort(r) { sigLog.push(['abort', r]); } }), { signal: ac.signal });
    await tick(5);
    ac.abort('stopped');
    out.pipeSignal = [await err(() => piping), sigLog, endless.locked];
    const pre = new AbortController();
    pre.abort();
    out.pipePreAborted = await code(() => fromArray([1]).pipeTo(new WritableStream(), { signal: pre.signal }));
    const up = new TransformStream({ transform(chunk, c) { c.enqueue(String(chunk).toUpperCase()); } });
    const dbl = new TransformStream({ transform(chunk, c) { c.enqueue(chunk); c.enqueue(chunk); } });
    out.pipeThrough = await collect(fromArray(['a', 'b']).pipeThrough(up).pipeThrough(dbl));
    const closedDest = new WritableStream();
    await closedDest.close();
    out.pipeToClosed = [await code(() => fromArray([1]).pipeTo(closedDest))];
  }

  // ---- TransformStream
  {
    const log = [];
    const ts = new TransformStream({
      start(c) { log.push(['start', c.desiredSize]); },
      transform(chunk, c) { log.push(['transform', chunk, c.desiredSize]); c.enqueue(chunk * 10); },
      flush(c) { log.push('flush'); c.enqueue('end'); },
    });
    const w = ts.writable.getWriter();
    const reading = collect(ts.readable);
    await w.write(1);
    await w.write(2);
    await w.close();
    out.transform = [await reading, log];
    const identity = new TransformStream();
    const iw = identity.writable.getWriter();
    iw.write('same');
    iw.close();
    out.identity = await collect(identity.readable);
    const term = new TransformStream({ transform(chunk, c) { c.enqueue(chunk); c.terminate(); } });
    const tw = term.writable.getWriter();
    const tr = term.readable.getReader();
    const firstWrite = tw.write('only');
    out.terminate = [await tr.read(), await tr.read(), await code(() => firstWrite), await err(() => tw.write('more'))];
    const bad = new TransformStream({ transform() { throw new Error('transform failed'); } });
    const bw = bad.writable.getWriter();
    const br = bad.readable.getReader();
    const firstRead = br.read();
    out.transformThrows = [await err(() => bw.write(1)), await err(() => firstRead), await err(() => bw.closed)];
    const flushBad = new TransformStream({ flush() { throw new Error('flush failed'); } });
    const fr = flushBad.readable.getReader();
    out.flushThrows = [await err(() => flushBad.writable.getWriter().close()), await err(() => fr.read())];
    const errored = new TransformStream({ start(c) { c.error(new Error('started wrong')); } });
    out.transformControllerError = [await err(() => errored.writable.getWriter().write(1)), await err(() => errored.readable.getReader().read())];
    const cancelled = new TransformStream();
    const cw = cancelled.writable.getWriter();
    await cancelled.readable.cancel('nope');
    out.readableCancel = [await err(() => cw.write(1)), await err(() => cw.closed)];
    const cancelLog = [];
    const withCancel = new TransformStream({ cancel(r) { cancelLog.push(['cancel', r]); }, flush() { cancelLog.push('flush'); } });
    const wcw = withCancel.writable.getWriter();
    await withCancel.readable.cancel('from reader');
    const viaAbort = new TransformStream({ cancel(r) { cancelLog.push(['abort-cancel', r]); } });
    const abortedRead = viaAbort.readable.getReader();
    await viaAbort.writable.abort('from writer');
    const failingCancel = new TransformStream({ cancel() { throw new Error('cancel hook failed'); } });
    out.transformerCancel = [cancelLog, await err(() => wcw.write(1)), await err(() => wcw.closed), await err(() => abortedRead.read()),
      await err(() => failingCancel.readable.cancel('c')), await err(() => failingCancel.writable.getWriter().write(1))];
    const bp = new TransformStream({}, { highWaterMark: 1 }, { highWaterMark: 2 });
    const bpw = bp.writable.getWriter();
    const bpSizes = [bpw.desiredSize];
    bpw.write('a'); bpSizes.push(bpw.desiredSize);
    await tick(1);
    bpSizes.push(bpw.desiredSize);
    bpw.write('b'); bpw.write('c');
    await tick(1);
    bpSizes.push(bpw.desiredSize);
    out.transformBackpressure = bpSizes;
  }

  // ---- argument and state errors
  out.errors = [];
  for (const f of [
    () => new ReadableStream(5), () => new ReadableStream(null), () => new ReadableStream({ type: 'x' }), () => new ReadableStream({}, { highWaterMark: -1 }),
    () => new ReadableStream({}, { highWaterMark: NaN }), () => new ReadableStream({}, { size: 5 }), () => new ReadableStream({ pull: 5 }), () => new ReadableStream({ cancel: {} }),
    () => new ReadableStream({}, 5), () => new WritableStream(5), () => new WritableStream({ type: 'x' }), () => new WritableStream({ write: 5 }),
    () => new TransformStream({ readableType: 'x' }), () => new TransformStream({ transform: 5 }), () => new TransformStream(5),
    () => new CountQueuingStrategy(), () => new CountQueuingStrategy({}), () => new ByteLengthQueuingStrategy(5),
    () => new ReadableStreamDefaultController(), () => new ReadableStreamDefaultReader(5), () => new WritableStreamDefaultWriter({}),
    () => ReadableStream.prototype.getReader.call({}), () => ReadableStream.prototype.cancel.call({}), () => WritableStream.prototype.getWriter.call(5),
    () => { const r = new ReadableStream(); r.getReader(); r.getReader(); }, () => new ReadableStream().getReader({ mode: 'x' }),
    () => new ReadableStream({ start(c) { c.close(); c.close(); } }), () => new ReadableStream({ start(c) { c.close(); c.enqueue(1); } }),
    () => new ReadableStream({ start(c) { c.enqueue(1); } }, { size() { return Infinity; } }),
    () => new ReadableStream({ start() { throw new Error('sync start'); } }),
    () => { const r = new ReadableStream(); r.getReader(); return r.cancel(); },
    () => { const r = new ReadableStream(); r.getReader(); return r.tee(); },
    () => { const r = new ReadableStream(); r.getReader(); return r.values(); },
    () => { const r = new ReadableStream(); const rd = r.getReader(); const p = rd.read(); rd.releaseLock(); return p; },
    () => { const w = new WritableStream(); w.getWriter(); return w.getWriter(); },
    () => { const w = new WritableStream(); w.getWriter(); return w.abort(); },
    () => { const w = new WritableStream(); w.getWriter(); return w.close(); },
    () => { const w = new WritableStream(); const wr = w.getWriter(); wr.close(); return wr.close(); },
    () => { const w = new WritableStream(); const wr = w.getWriter(); wr.close(); return wr.write(1); },
    () => new ReadableStream().pipeTo(5), () => new ReadableStream().pipeThrough(5), () => new ReadableStream().pipeThrough({ readable: new ReadableStream() }),
    () => new ReadableStream().pipeTo(new WritableStream(), { signal: 5 }),
    () => { const r = new ReadableStream(); r.getReader(); return r.pipeTo(new WritableStream()); },
    () => { const w = new WritableStream(); w.getWriter(); return new ReadableStream().pipeTo(w); },
    () => { const t = new TransformStream({ start(c) { c.terminate(); } }); return t.writable.getWriter().write(1); },
  ]) out.errors.push(await err(f));
  return out;
}
