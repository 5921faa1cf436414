// Readable async iteration (break destroys, errors reject), Readable.from, and the operators (map, filter, toArray, ...).
import { Readable, PassThrough } from 'stream';
import { Buffer } from 'buffer';

const E = (e) => e && { name: e.name, code: e.code, message: e.message };
const wait = (ms = 5) => new Promise((r) => setTimeout(r, ms));

export default async function () {
  const out = {};

  // for await over a byte stream
  {
    let i = 0;
    const r = new Readable({ read() { i++; this.push(i <= 3 ? 'c' + i : null); } });
    const got = [];
    // (chunk boundaries here depend on process.nextTick running after promise jobs: compare the bytes only)
    for await (const c of r) got.push(Buffer.isBuffer(c) ? c.toString() : 'not buffer');
    out.iterate = [got.join(''), r.destroyed, r.readableEnded];
  }

  // break destroys the stream (AbortError emitted, as Node does)
  {
    const log = [];
    const r = Readable.from([1, 2, 3, 4]);
    r.on('error', (e) => log.push('error:' + e.name));
    r.on('close', () => log.push('close'));
    for await (const x of r) { log.push(x); if (x === 2) break; }
    await wait();
    log.push([r.destroyed, E(r.errored)]);
    out.breakDestroys = log;
  }

  // destroyOnReturn: false keeps the stream usable
  {
    const r = Readable.from(['a', 'b', 'c']);
    const first = [];
    for await (const x of r.iterator({ destroyOnReturn: false })) { first.push(x); break; }
    const rest = [];
    for await (const x of r) rest.push(x);
    out.destroyOnReturnFalse = [first, rest];
  }

  // errors reject the loop
  {
    const r = new Readable({ read() {} });
    r.push('x');
    setTimeout(() => r.destroy(new Error('mid-stream')), 1);
    const got = [];
    try { for await (const c of r) got.push(c.toString()); } catch (e) { out.iterError = [got, E(e)]; }
    const r2 = new Readable({ read() {} });
    setTimeout(() => r2.destroy(), 1);
    try { for await (const c of r2) got.push(c); out.prematureIter = 'ended'; } catch (e) { out.prematureIter = E(e); }
    const r3 = Readable.from((function* () { yield 1; throw new Error('gen broke'); })());
    const g3 = [];
    try { for await (const c of r3) g3.push(c); } catch (e) { out.genError = [g3, E(e)]; }
  }

  // throwing in the loop body destroys the stream with that error
  {
    const log = [];
    const r = Readable.from(['a', 'b']);
    r.on('error', (e) => log.push('error:' + e.message));
    r.on('close', () => log.push('close'));
    try { for await (const c of r) throw new Error('body threw ' + c); } catch (e) { log.push(e.message); }
    await wait();
    log.push(r.destroyed);
    out.bodyThrows = log;
  }

  // Readable.from variants
  {
    const res = {};
    const s = Readable.from('a string');
    res.string = [s.readableObjectMode, await s.toArray()];
    const b = Readable.from(Buffer.from('buf'));
    res.buffer = (await b.toArray()).map((x) => [Buffer.isBuffer(x), x.toString()]);
    res.array = await Readable.from([1, 'two', { three: 3 }]).toArray();
    res.gen = await Readable.from((function* () { yield 'g1'; yield 'g2'; })()).toArray();
    res.asyncGen = await Readable.from((async function* () { yield 'a1'; await wait(1); yield 'a2'; })()).toArray();
    res.promises = await Readable.from([Promise.resolve('p1'), 'v', Promise.resolve('p2')]).toArray();
    res.set = await Readable.from(new Set([3, 4])).toArray();
    const nb = Readable.from(['x', 'y'], { objectMode: false });
    res.notObject = [nb.readableObjectMode, nb.readableHighWaterMark, (await nb.toArray()).map((x) => x.toString())];
    res.hwm = [Readable.from([]).readableHighWaterMark, Readable.from([], { highWaterMark: 5 }).readableHighWaterMark];
    try { Readable.from(42); } catch (e) { res.notIterable = E(e); }
    try { await Readable.from([1, null, 2]).toArray(); } catch (e) { res.nullValue = E(e); }
    const closed = [];
    const it = (function* () { try { yield 1; yield 2; yield 3; } finally { closed.push('generator finally'); } })();
    const r = Readable.from(it);
    for await (const x of r) { closed.push(x); break; }
    await wait();
    res.returnCalled = closed;
    out.from = res;
  }

  // operators
  {
    const res = {};
    const nums = () => Readable.from([1, 2, 3, 4, 5]);
    res.map = await nums().map((x) => x * 2).toArray();
    res.mapAsync = await nums().map(async (x) => { await wait(6 - x); return 'v' + x; }, { concurrency: 3 }).toArray();
    res.filter = await nums().filter((x) => x % 2).toArray();
    res.filterAsync = await nums().filter(async (x) => x > 3).toArray();
    const seen = [];
    res.forEachRet = await nums().forEach((x) => { seen.push(x); });
    res.forEach = seen;
    res.some = [await nums().some((x) => x > 4), await nums().some((x) => x > 5)];
    res.every = [await nums().every((x) => x > 0), await nums().every((x) => x > 1)];
    res.find = [await nums().find((x) => x > 2), await nums().find((x) => x > 9)];
    res.flatMap = await nums().flatMap((x) => [x, x]).toArray();
    res.drop = await nums().drop(2).toArray();
    res.take = await nums().take(2).toArray();
    res.reduce = [await nums().reduce((a, b) => a + b), await nums().reduce((a, b) => a + b, 10)];
    try { await Readable.from([]).reduce((a, b) => a + b); } catch (e) { res.reduceEmpty = E(e); }
    res.chain = await nums().filter((x) => x !== 3).map((x) => x * x).take(3).toArray();
    res.isReadable = nums().map((x) => x) instanceof Readable;
    try { nums().map(5); } catch (e) { res.badFn = E(e); }
    try { nums().map((x) => x, { concurrency: 0 }); } catch (e) { res.badConcurrency = E(e); }
    try { nums().drop(-1); } catch (e) { res.badDrop = E(e); }
    try { await nums().map(async (x) => { if (x === 3) throw new Error('map failed'); return x; }).toArray(); } catch (e) { res.mapThrows = E(e); }
    const byteStream = new PassThrough();
    byteStream.end('bytes');
    res.bytesToArray = (await byteStream.toArray()).map((b) => b.toString());
    const ac = new AbortController();
    ac.abort();
    try { await nums().toArray({ signal: ac.signal }); } catch (e) { res.aborted = E(e); }
    out.ops = res;
  }

  // async iteration over a stream with setEncoding yields strings
  {
    const r = new Readable({ read() {} });
    r.setEncoding('utf8');
    r.push(Buffer.from([0xe2, 0x82]));
    r.push(Buffer.from([0xac]));
    r.push(null);
    const got = [];
    for await (const s of r) got.push(s);
    out.encodedIter = got;
  }
  return out;
}
