import dc, { channel, hasSubscribers, subscribe, unsubscribe, tracingChannel, Channel } from 'node:diagnostics_channel';
import plain from 'diagnostics_channel';
import { AsyncLocalStorage } from 'node:async_hooks';

const err = (f) => { try { return ['ok', f()]; } catch (e) { return [e.name, e.code, e.message]; } };
const shown = (v) => JSON.parse(JSON.stringify(v, (k, x) => (x instanceof Error ? `Error(${x.message})` : x)));

export default async function () {
  const out = {};
  out.keys = Object.keys(dc).sort();
  out.same = plain === dc;

  // channels: one object per name, subscribers called with (message, name) in order
  const a = channel('case:a');
  out.channel = [a.name, a instanceof Channel, channel('case:a') === a, a.hasSubscribers, hasSubscribers('case:a'), hasSubscribers('case:never'), hasSubscribers(5)];
  const seen = [];
  const s1 = (m, n) => { seen.push(['s1', m, n]); a.unsubscribe(s2); };
  const s2 = (m, n) => seen.push(['s2', m, n]);
  a.subscribe(s1);
  a.subscribe(s2);
  a.subscribe(s2);
  out.active = [a.hasSubscribers, hasSubscribers('case:a')];
  a.publish({ n: 1 });
  a.publish('two');
  out.publish = seen;
  out.unsubscribe = [a.unsubscribe(s1), a.unsubscribe(s1), a.unsubscribe(s2), a.hasSubscribers, unsubscribe('case:a', s1), unsubscribe('case:nope', s1)];
  a.publish('nobody');
  const viaName = [];
  const f = (m, n) => viaName.push([m, n]);
  subscribe('case:b', f);
  channel('case:b').publish(7);
  out.byName = [viaName, hasSubscribers('case:b'), unsubscribe('case:b', f), hasSubscribers('case:b'), unsubscribe('case:b', f)];
  const sym = Symbol('case');
  out.symbol = [channel(sym).name === sym, channel(sym) === channel(sym)];
  const made = new Channel('case:made');
  out.constructed = [made.name, made.hasSubscribers, made instanceof Channel];
  out.errors = [
    err(() => channel(5)),
    err(() => channel(null)),
    err(() => a.subscribe(5)),
    err(() => subscribe('case:c', 'x')),
    err(() => subscribe(5, f)),
    err(() => tracingChannel(5)),
    err(() => tracingChannel({ start: 'x', end: 'y', asyncStart: 'z', asyncEnd: 'w', error: 'v' })),
  ];

  // stores: runStores runs fn inside every bound store (transformed) and publishes
  const als = new AsyncLocalStorage();
  const other = new AsyncLocalStorage();
  const st = channel('case:stores');
  const stSeen = [];
  st.subscribe((m) => stSeen.push([m, als.getStore(), other.getStore()]));
  st.bindStore(als, (d) => ({ wrapped: d }));
  st.bindStore(other);
  out.stores = [
    st.hasSubscribers,
    st.runStores({ x: 1 }, function (p, q) { return [als.getStore(), other.getStore(), this, p, q]; }, 'T', 3, 4),
    stSeen,
    als.getStore(),
    st.unbindStore(als), st.unbindStore(als), st.unbindStore(other), st.hasSubscribers,
  ];
  const bare = channel('case:bare');
  out.bareRunStores = [bare.runStores('d', (x) => x * 2, null, 21), bare.unbindStore(als)];
  const onlyStore = channel('case:only-store');
  onlyStore.bindStore(als);
  out.onlyStore = [onlyStore.hasSubscribers, hasSubscribers('case:only-store'), onlyStore.runStores('S', () => als.getStore()), onlyStore.unbindStore(als), onlyStore.hasSubscribers];

  // tracing channels
  const tc = tracingChannel('case:t');
  out.tracing = [tc.start.name, tc.end.name, tc.asyncStart.name, tc.asyncEnd.name, tc.error.name, Object.keys(tc), tc.hasSubscribers, tc.start instanceof Channel];
  const quiet = {};
  out.noSubscribers = [tc.traceSync((x) => x * 2, quiet, null, 4), quiet, await tc.tracePromise(async (x) => x + 1, quiet, null, 1), quiet,
    err(() => tc.traceCallback(() => 'ran', -1, {}, null, 5))];
  const ev = [];
  const handlers = Object.fromEntries(['start', 'end', 'asyncStart', 'asyncEnd', 'error'].map((k) => [k, (m, n) => ev.push([k, n, shown(m)])]));
  tc.subscribe(handlers);
  out.tracingActive = [tc.hasSubscribers, tc.start.hasSubscribers, hasSubscribers('tracing:case:t:error')];
  out.traceSync = tc.traceSync(function (x) { return [this, x]; }, { s: 1 }, 'TH', 1);
  out.traceSyncThrow = err(() => tc.traceSync(() => { throw new Error('x'); }, { s: 2 }));
  out.tracePromise = await tc.tracePromise(async (x) => x + 1, { p: 1 }, null, 1);
  out.tracePromiseReject = await tc.tracePromise(async () => { throw new Error('rej'); }, { p: 2 }).catch((e) => e.message);
  out.tracePromiseValue = await tc.tracePromise(() => 'plain', { p: 3 });
  out.tracePromiseThrowSync = err(() => tc.tracePromise(() => { throw new Error('sync'); }, { p: 4 }));
  out.traceCallback = await new Promise((res) => tc.traceCallback((x, cb) => { setTimeout(() => cb(null, x)); return 'returned'; }, -1, { cb: 1 }, null, 5, (e, v) => { ev.push(['called', v]); res(v); }));
  out.traceCallbackErr = await new Promise((res) => tc.traceCallback((cb) => cb(new Error('E')), 0, { cb: 2 }, null, (e) => { ev.push(['called', e.message]); res(e.message); }));
  let cbThis;
  out.traceCallbackThis = [tc.traceCallback(function (cb, y) { return [cb.call('CB', null, y), 'fn']; }, 0, { cb: 3 }, null, function (e, v) { cbThis = [this, v]; return 'ignored'; }, 9), cbThis];
  out.traceCallbackErrors = [err(() => tc.traceCallback(() => {}, -1, {}, null, 5)), err(() => tc.traceCallback(() => {}, 0, {}, null))];
  out.traceEvents = ev;
  out.tracingUnsubscribe = [tc.unsubscribe(handlers), tc.unsubscribe(handlers), tc.hasSubscribers, tc.unsubscribe({ start: f })];
  const custom = tracingChannel({ start: channel('case:c1'), end: channel('case:c2'), asyncStart: channel('case:c3'), asyncEnd: channel('case:c4'), error: channel('case:c5') });
  out.customTracing = [custom.start.name, custom.error.name, custom.start === channel('case:c1')];
  // a tracing channel's start with a bound store: the traced function runs inside it
  const tcs = tracingChannel('case:ts');
  tcs.start.bindStore(als, (ctx) => ctx.user);
  out.traceStore = [tcs.hasSubscribers, tcs.traceSync(() => als.getStore(), { user: 'u1' }), als.getStore()];
  tcs.start.unbindStore(als);
  return out;
}
