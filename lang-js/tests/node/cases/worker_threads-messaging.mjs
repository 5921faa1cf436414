// worker_threads in one thread: MessageChannel ports, BroadcastChannel, the thread facts, and the
// web-stream and messaging globals packages take at load.
import { MessageChannel, MessagePort, BroadcastChannel, isMainThread, threadId, parentPort, workerData } from 'worker_threads';

export default async function () {
  const { port1, port2 } = new MessageChannel();
  const got = [];
  const done = new Promise((resolve) => {
    port2.on('message', (data) => {
      got.push(data);
      if (got.length === 2) resolve();
    });
  });
  const original = { a: [1, 2], d: new Date(0), m: new Map([['k', 1]]) };
  port1.postMessage(original);
  port1.postMessage('second');
  await done;

  const { port1: p3, port2: p4 } = new MessageChannel();
  const viaOnmessage = await new Promise((resolve) => {
    p4.onmessage = (ev) => resolve({ data: ev.data, type: ev.type });
    p3.postMessage({ x: 1 });
  });
  p3.close();
  p4.close();

  const a = new BroadcastChannel('news');
  const b = new BroadcastChannel('news');
  const heard = await new Promise((resolve) => {
    b.onmessage = (ev) => resolve(ev.data);
    a.postMessage('hello');
  });
  a.close();
  b.close();
  let closedThrows;
  try { a.postMessage('x'); } catch (e) { closedThrows = e.name; }
  port1.close();

  return {
    got: [{ a: got[0].a, d: got[0].d.getTime(), m: [...got[0].m], cloned: got[0] !== original }, got[1]],
    viaOnmessage,
    heard,
    closedThrows,
    isPort: port1 instanceof MessagePort,
    isMainThread,
    threadId,
    parentPort,
    workerData,
    globals: ['MessageChannel', 'MessagePort', 'BroadcastChannel', 'ReadableStream', 'WritableStream', 'TransformStream', 'TextEncoderStream', 'CountQueuingStrategy'].map((n) => typeof globalThis[n]),
    sameClass: globalThis.MessageChannel === MessageChannel,
  };
}
