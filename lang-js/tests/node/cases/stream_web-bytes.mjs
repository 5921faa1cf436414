import { ReadableStream, ReadableStreamBYOBReader, ReadableByteStreamController, ReadableStreamBYOBRequest } from 'node:stream/web';
import { Blob } from 'node:buffer';

const err = async (f) => { try { const r = await f(); return ['ok', r === undefined ? null : r]; } catch (e) { return [e.name, e.code ?? null, e.message]; } };
const code = async (f) => { try { await f(); return 'ok'; } catch (e) { return [e.name, e.code ?? null]; } };
const shown = (r) => (r.value === undefined ? [r.done] : [r.value.constructor.name, Array.from(r.value instanceof DataView ? new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength) : r.value), r.done]);

export default async function () {
  const out = {};
  out.protos = [ReadableStreamBYOBReader, ReadableByteStreamController, ReadableStreamBYOBRequest].map((C) => [C.name, Object.keys(C.prototype), Object.prototype.toString.call(C.prototype)]);

  // enqueue on a byte stream, read by a default reader: whole chunks, copies of the bytes enqueued
  {
    let ctrl;
    const rs = new ReadableStream({ type: 'bytes', start(c) { ctrl = c; } });
    const sizes = [ctrl.desiredSize, ctrl.byobRequest];
    const src = new Uint8Array([1, 2, 3]);
    ctrl.enqueue(src);
    ctrl.enqueue(new Uint16Array([0x0201]));
    sizes.push(ctrl.desiredSize);
    ctrl.close();
    const r = rs.getReader();
    out.defaultReader = [sizes, shown(await r.read()), shown(await r.read()), shown(await r.read()), Object.prototype.toString.call(ctrl)];
  }

  // BYOB reader: fills the caller's view from the queue, across and within chunks
  {
    let ctrl;
    const rs = new ReadableStream({ type: 'bytes', start(c) { ctrl = c; } });
    const r = rs.getReader({ mode: 'byob' });
    ctrl.enqueue(new Uint8Array([1, 2, 3, 4, 5]));
    ctrl.enqueue(new Uint8Array([6, 7]));
    const a = await r.read(new Uint8Array(3));
    const b = await r.read(new Uint8Array(10));
    const pending = r.read(new Uint16Array(2));
    ctrl.enqueue(new Uint8Array([8, 9, 10]));
    const c = await pending;
    ctrl.close();
    const d = await r.read(new Uint8Array(4));
    out.byob = [shown(a), shown(b), shown(c), shown(d), r instanceof ReadableStreamBYOBReader, await r.closed];
  }

  // min: waits for at least that many elements
  {
    let ctrl;
    const rs = new ReadableStream({ type: 'bytes', start(c) { ctrl = c; } });
    const r = rs.getReader({ mode: 'byob' });
    const p = r.read(new Uint8Array(6), { min: 4 });
    ctrl.enqueue(new Uint8Array([1, 2]));
    let settled = false;
    p.then(() => { settled = true; });
    await new Promise((res) => setTimeout(res, 1));
    const early = settled;
    ctrl.enqueue(new Uint8Array([3, 4, 5]));
    out.min = [early, shown(await p)];
  }

  // byobRequest: the source writes into the reader's buffer and responds
  {
    const log = [];
    const rs = new ReadableStream({
      type: 'bytes',
      pull(c) {
        const req = c.byobRequest;
        log.push([req instanceof ReadableStreamBYOBRequest, req.view.constructor.name, req.view.byteLength]);
        if (log.length === 1) { req.view[0] = 42; req.view[1] = 43; req.respond(2); } else if (log.length === 2) {
          req.respondWithNewView(new Uint8Array(req.view.buffer, req.view.byteOffset, 1).fill(44));
        } else { c.close(); c.byobRequest.respond(0); }
      },
    });
    const r = rs.getReader({ mode: 'byob' });
    out.byobRequest = [shown(await r.read(new Uint8Array(4))), shown(await r.read(new Uint8Array(4))), shown(await r.read(new Uint8Array(4))), log];
  }

  // autoAllocateChunkSize: default readers get a byobRequest too
  {
    const log = [];
    const rs = new ReadableStream({
      type: 'bytes',
      autoAllocateChunkSize: 8,
      pull(c) {
        const v = c.byobRequest.view;
        log.push(v.byteLength);
        if (log.length > 2) { c.close(); c.byobRequest.respond(0); return; }
        v.set([log.length, log.length]);
        c.byobRequest.respond(2);
      },
    });
    const chunks = [];
    for await (const x of rs) chunks.push(Array.from(x));
    out.autoAllocate = [chunks, log];
  }

  // tee, cancel, errors of a byte stream
  {
    const [a, b] = new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array([1, 2])); c.close(); } }).tee();
    const ra = await a.getReader().read();
    const rb = await b.getReader().read();
    out.tee = [shown(ra), shown(rb), ra.value !== rb.value];
    let cancelReason;
    const rs = new ReadableStream({ type: 'bytes', cancel(r) { cancelReason = r; } });
    const r = rs.getReader({ mode: 'byob' });
    const pending = r.read(new Uint8Array(2));
    await r.cancel('bye');
    out.cancel = [cancelReason, shown(await pending)];
    let ctrl;
    const rs2 = new ReadableStream({ type: 'bytes', start(c) { ctrl = c; } });
    const r2 = rs2.getReader({ mode: 'byob' });
    const p2 = r2.read(new Uint8Array(2));
    ctrl.error(new Error('byte error'));
    out.error = [await err(() => p2), await err(() => r2.closed), ctrl.desiredSize];
  }

  out.errors = [];
  for (const f of [
    () => new ReadableStream({ type: 'bytes' }, { size() {} }),
    () => new ReadableStream({ type: 'bytes', autoAllocateChunkSize: 0 }),
    () => new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array(0)); } }),
    () => new ReadableStream({ type: 'bytes', start(c) { c.enqueue('x'); } }),
    () => new ReadableStream({ type: 'bytes', start(c) { c.close(); c.enqueue(new Uint8Array(1)); } }),
    () => new ReadableStream({ type: 'bytes', start(c) { c.close(); c.close(); } }),
    () => new ReadableStream({ type: 'bytes' }).getReader({ mode: 'byob' }).read(new Uint8Array(0)),
    () => new ReadableStream({ type: 'bytes' }).getReader({ mode: 'byob' }).read(5),
    () => new ReadableStream({ type: 'bytes' }).getReader({ mode: 'byob' }).read(new Uint8Array(2), { min: 3 }),
    () => new ReadableStream({ type: 'bytes' }).getReader({ mode: 'byob' }).read(new Uint8Array(2), { min: 0 }),
    () => { const r = new ReadableStream({ type: 'bytes' }).getReader({ mode: 'byob' }); r.releaseLock(); return r.read(new Uint8Array(1)); },
    () => new ReadableByteStreamController(),
    () => new ReadableStreamBYOBRequest(),
  ]) out.errors.push(await err(f));
  out.notBytes = [await code(() => new ReadableStream().getReader({ mode: 'byob' })), await code(() => new ReadableStreamBYOBReader(new ReadableStream())), await code(() => new ReadableStreamBYOBReader(5))];

  // Blob.stream() is a byte stream of the blob's bytes
  const blob = new Blob(['héllo', new Uint8Array([0, 255])]);
  const parts = [];
  for await (const chunk of blob.stream()) parts.push(...chunk);
  out.blob = [parts, typeof blob.stream().getReader];
  return out;
}
