// Readable: push/read/unshift in paused mode, read(n), 'readable', encodings, state getters.
import { Readable } from 'stream';
import { Buffer } from 'buffer';

const E = (e) => e && { name: e.name, code: e.code, message: e.message };
const tick = () => new Promise((r) => setTimeout(r, 0));
const str = (c) => (c === null ? null : typeof c === 'string' ? 's:' + c : 'b:' + c.toString('hex'));

export default async function () {
  const out = {};

  // defaults and getters
  const r0 = new Readable();
  out.defaults = {
    hwm: r0.readableHighWaterMark, om: r0.readableObjectMode, len: r0.readableLength, flowing: r0.readableFlowing,
    ended: r0.readableEnded, destroyed: r0.destroyed, closed: r0.closed, errored: r0.errored, enc: r0.readableEncoding,
    readable: r0.readable, didRead: r0.readableDidRead, aborted: r0.readableAborted, paused: r0.isPaused(),
    objHwm: new Readable({ objectMode: true }).readableHighWaterMark, hwm0: new Readable({ highWaterMark: 0 }).readableHighWaterMark,
    hwmFloat: (() => { try { return new Readable({ highWaterMark: 1.5 }).readableHighWaterMark; } catch (e) { return E(e); } })(),
    hwmNeg: (() => { try { return new Readable({ highWaterMark: -1 }); } catch (e) { return E(e); } })(),
    hwmStr: (() => { try { return new Readable({ highWaterMark: 'x' }); } catch (e) { return E(e); } })(),
    isInstance: r0 instanceof Readable, callable: Readable() instanceof Readable,
  };

  // read() in paused mode with 'readable'
  {
    const log = [];
    const r = new Readable({ read() { log.push('_read'); } });
    log.push(['push a', r.push('abc')]);
    log.push(['len', r.readableLength]);
    r.push(Buffer.from('def'));
    r.push(new Uint8Array([0x67, 0x68]));
    r.on('readable', () => {
      let c;
      log.push('readable');
      while ((c = r.read()) !== null) log.push(str(c));
    });
    r.on('end', () => log.push('end'));
    r.on('close', () => log.push('close'));
    await tick();
    log.push(['flowing', r.readableFlowing]);
    r.push('xyz');
    r.push(null);
    await tick();
    log.push(['ended', r.readableEnded, r.destroyed, r.closed]);
    out.readableEvent = log;
  }

  // read(n) semantics
  {
    const r = new Readable({ read() {} });
    r.push('hello');
    r.push('world');
    const log = [];
    log.push(str(r.read(3)));
    log.push(str(r.read(4)));
    log.push(r.readableLength);
    log.push(str(r.read(10)));   // more than buffered, not ended → null
    log.push(r.readableLength);
    log.push(str(r.read(0)));
    r.push(null);
    log.push(str(r.read(10)));   // ended → whatever is left
    log.push(str(r.read()));
    log.push(r.readableLength);
    out.readN = log;
  }

  // read() returning everything; huge n bumps hwm
  {
    const r = new Readable({ read() {} });
    r.push('ab'); r.push('cd');
    const a = str(r.read());
    r.read(20000);
    out.readAll = [a, r.readableHighWaterMark];
    try { r.read(2 ** 31); } catch (e) { out.readTooBig = E(e); }
  }

  // push return values and hwm
  {
    const r = new Readable({ highWaterMark: 4, read() {} });
    out.pushRet = [r.push('ab'), r.push('cd'), r.push('e'), r.readableLength, r.push(''), r.push(null), r.push(null)];
  }

  // object mode
  {
    const r = new Readable({ objectMode: true, read() {} });
    const rets = [];
    for (let i = 0; i < 17; i++) rets.push(r.push({ i }));
    rets.push(r.push(0), r.push(''), r.push(false));
    out.objectMode = { rets, len: r.readableLength, first: r.read(), n: r.read(5), rest: r.readableLength };
  }

  // unshift
  {
    const r = new Readable({ read() {} });
    r.push('world');
    r.unshift('hello ');
    out.unshift = str(r.read());
    const r2 = new Readable({ read() {} });
    r2.setEncoding('utf8');
    r2.push('bc');
    r2.unshift('a');
    r2.unshift(Buffer.from('7a', 'hex'));
    out.unshiftEnc = [r2.readableLength, str(r2.read())];
  }

  // setEncoding and multi-byte characters split across chunks
  {
    const r = new Readable({ read() {} });
    const euro = Buffer.from('€uro');
    r.push(euro.subarray(0, 1));
    r.setEncoding('utf8');
    r.push(euro.subarray(1, 2));
    r.push(euro.subarray(2));
    r.push(null);
    const got = [];
    r.on('data', (d) => got.push(str(d)));
    await new Promise((res) => r.on('end', res));
    out.setEncoding = { got, enc: r.readableEncoding };
    const rh = new Readable({ read() {}, encoding: 'hex' });
    rh.push('AB');
    rh.push(Buffer.from([1, 2, 255]));
    out.hexEnc = [str(rh.read()), rh.readableEncoding];
    const rb = new Readable({ read() {} });
    rb.push('aGk=', 'base64');
    rb.push('ff00', 'hex');
    out.pushEnc = str(rb.read());
    const rb64 = new Readable({ read() {} });
    rb64.setEncoding('base64');
    rb64.push(Buffer.from([1, 2, 3, 4]));
    rb64.push(null);
    const parts = [];
    rb64.on('data', (d) => parts.push(d));
    await new Promise((res) => rb64.on('end', res));
    out.base64Enc = parts;
  }

  // invalid chunks and push after EOF
  {
    const log = [];
    const r = new Readable({ read() {} });
    r.on('error', (e) => log.push(['error', E(e)]));
    r.on('close', () => log.push('close'));
    log.push(['ret', r.push(42)]);
    await tick();
    log.push([r.destroyed, E(r.errored)]);
    const r2 = new Readable({ read() {} });
    r2.on('error', (e) => log.push(['error2', E(e)]));
    r2.push('a');
    r2.push(null);
    r2.push('b');
    await tick();
    const r3 = new Readable({ read() {} });
    r3.on('error', (e) => log.push(['error3', E(e)]));
    r3.push(null);
    r3.resume();
    await tick();
    r3.unshift('x');
    await tick();
    const r4 = new Readable();
    r4.on('error', (e) => log.push(['error4', E(e)]));
    r4.read();
    await tick();
    out.errors = log;
  }

  // _read is called with hwm and keeps buffer filled up to hwm
  {
    const sizes = [];
    let n = 0;
    const r = new Readable({
      highWaterMark: 8,
      read(size) { sizes.push(size); n++; if (n > 5) this.push(null); else this.push('abc'); },
    });
    r.read(0);
    await tick();
    out.fill = { sizes, len: r.readableLength, n };
    const chunks = [];
    for await (const c of r) chunks.push(c.toString());
    out.fillChunks = chunks;
  }
  return out;
}
