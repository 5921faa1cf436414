// http client timeouts, aborts and failures: 'timeout' events, destroy(), abort(), AbortSignal, connection refused; event order and error shapes.
import http from 'http';

const shape = (e) => e && { name: e.name, code: e.code, message: e.message, cause: e.cause === undefined ? undefined : String(e.cause) };

// Runs a request, logging its events (and its answer's) until it closes.
function run(make) {
  return new Promise((resolve) => {
    const log = [];
    const req = make(log);
    let res = null;
    for (const ev of ['socket', 'finish', 'close', 'error', 'abort', 'timeout', 'response']) {
      req.on(ev, (x) => {
        log.push(ev === 'error' ? ['error', shape(x)] : ev);
        if (ev === 'response') {
          res = x;
          x.on('end', () => log.push('res end'));
          x.on('close', () => log.push('res close'));
          x.resume();
        }
        if (ev === 'close') setTimeout(() => resolve({ log, destroyed: req.destroyed, aborted: req.aborted, status: res && res.statusCode }), 150);
      });
    }
  });
}

export default async function (ctx) {
  const base = ctx.query.base;
  const out = {};
  // timeout option: 'timeout' fires, nothing is cut, the answer still comes
  out.timeoutOption = await run(() => http.get(`${base}/slow?ms=400`, { timeout: 100 }));
  // setTimeout with a callback that destroys: socket hang up
  out.timeoutDestroy = await run((log) => {
    const r = http.get(`${base}/slow?ms=400`);
    r.setTimeout(100, () => { log.push('callback'); r.destroy(); });
    return r;
  });
  out.timeoutDestroyError = await run(() => {
    const r = http.get(`${base}/slow?ms=400`);
    r.on('timeout', () => r.destroy(new Error('mine')));
    r.setTimeout(100);
    return r;
  });
  out.timeoutNotReached = await run(() => http.get(`${base}/slow?ms=50`, { timeout: 2000 }));
  // AbortSignal: before and during the request
  out.signalPreAborted = await run(() => http.get(`${base}/slow?ms=400`, { signal: AbortSignal.abort('why') }));
  out.signalMidFlight = await run(() => {
    const c = new AbortController();
    setTimeout(() => c.abort(), 100);
    return http.get(`${base}/slow?ms=400`, { signal: c.signal });
  });
  out.signalAfterAnswer = await run(() => {
    const c = new AbortController();
    const r = http.get(`${base}/json`, { signal: c.signal });
    r.on('close', () => c.abort());
    return r;
  });
  // abort() and destroy()
  out.abortMidFlight = await run(() => { const r = http.get(`${base}/slow?ms=400`); setTimeout(() => r.abort(), 100); return r; });
  out.abortSync = await run((log) => { const r = http.get(`${base}/slow?ms=400`); r.abort(); log.push(`aborted ${r.aborted} destroyed ${r.destroyed}`); return r; });
  out.destroySync = await run(() => { const r = http.get(`${base}/slow?ms=400`); r.destroy(); return r; });
  out.destroySyncError = await run(() => { const r = http.get(`${base}/slow?ms=400`); r.destroy(new TypeError('stop')); return r; });
  out.destroyMidFlight = await run(() => { const r = http.get(`${base}/slow?ms=400`); setTimeout(() => r.destroy(), 100); return r; });
  // nothing listens on port 1: connection refused (the host's message says so)
  out.refused = await new Promise((resolve) => {
    const r = http.get('http://127.0.0.1:1/');
    r.on('error', (e) => resolve({ name: e.name, code: e.code, message: e.message, syscall: e.syscall, port: e.port, address: e.address }));
  });
  out.refusedEvents = await run(() => http.get('http://127.0.0.1:1/')).then((x) => x.log.filter((e) => e !== 'finish'));
  return out;
}
