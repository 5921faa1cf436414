import EventEmitter, { once as onceExport, errorMonitor } from 'events';

const err = (f) => {
  try { f(); return 'no throw'; } catch (e) { return { name: e.name, code: e.code, message: e.message, ctor: e.constructor.name }; }
};

export default async function () {
  const out = {};
  const e = new EventEmitter();
  const log = [];

  // on / emit / this / arguments / return values
  let self;
  e.on('a', function (x, y) { self = this; log.push(`a1:${x}:${y}`); });
  e.on('a', (x) => log.push(`a2:${x}`));
  out.emitReturn = [e.emit('a', 1, 2), e.emit('nothing'), e.emit('a')];
  out.thisIsEmitter = self === e;
  out.log1 = log.splice(0);

  // once, prepend, prependOnce ordering
  e.once('b', (v) => log.push(`once:${v}`));
  e.on('b', (v) => log.push(`on:${v}`));
  e.prependListener('b', (v) => log.push(`pre:${v}`));
  e.prependOnceListener('b', (v) => log.push(`preOnce:${v}`));
  e.emit('b', 1);
  e.emit('b', 2);
  out.log2 = log.splice(0);
  out.countB = e.listenerCount('b');

  // emit uses a copy: listeners added/removed during emit
  const c1 = () => { log.push('c1'); e.removeListener('c', c2); e.on('c', c3); };
  const c2 = () => log.push('c2');
  const c3 = () => log.push('c3');
  e.on('c', c1).on('c', c2);
  e.emit('c');
  out.log3 = log.splice(0);
  e.emit('c');
  out.log4 = log.splice(0);

  // newListener / removeListener events
  const e2 = new EventEmitter();
  const events = [];
  e2.on('newListener', (name, fn) => events.push(['new', String(name), fn.name]));
  e2.on('removeListener', (name, fn) => events.push(['remove', String(name), fn.name]));
  function h1() {}
  function h2() {}
  e2.on('x', h1);
  e2.once('x', h2);
  e2.emit('x');
  e2.off('x', h1);
  e2.removeListener('x', h1);
  out.metaEvents = events;
  out.newListenerSeesBefore = (() => {
    const e3 = new EventEmitter();
    let counted;
    e3.on('newListener', (name) => { if (name === 'y') counted = e3.listenerCount('y'); });
    e3.on('y', () => {});
    return counted;
  })();

  // listeners / rawListeners / once wrappers
  const e4 = new EventEmitter();
  function l1() {}
  function l2() {}
  e4.on('q', l1);
  e4.once('q', l2);
  const raw = e4.rawListeners('q');
  out.listeners = e4.listeners('q').map((f) => f.name);
  out.rawWrapped = [raw[0] === l1, raw[1] !== l2, raw[1].listener === l2, typeof raw[1]];
  raw[1]();
  out.afterRawCall = e4.listeners('q').map((f) => f.name);
  out.listenersCopy = (() => { const a = e4.listeners('q'); a.push(1); return e4.listeners('q').length; })();
  out.listenerCountWithFn = [e4.listenerCount('q', l1), e4.listenerCount('q', l2), e4.listenerCount('none')];
  e4.once('w', l2);
  out.countOnceByOriginal = e4.listenerCount('w', l2);
  e4.removeListener('w', l2);
  out.removedOnceByOriginal = e4.listenerCount('w');

  // symbols as names, eventNames
  const sym = Symbol('ev');
  const e5 = new EventEmitter();
  e5.on('one', () => {});
  e5.on(sym, (v) => log.push(`sym:${v}`));
  e5.on('two', () => {});
  e5.emit(sym, 7);
  out.symLog = log.splice(0);
  out.eventNames = e5.eventNames().map(String);
  e5.removeAllListeners('one');
  out.afterRemoveOne = e5.eventNames().map(String);
  e5.removeAllListeners();
  out.afterRemoveAll = e5.eventNames();
  out.emptyNames = new EventEmitter().eventNames();

  // removeAllListeners emits removeListener (LIFO per event, removeListener last)
  const e6 = new EventEmitter();
  const rm = [];
  e6.on('removeListener', (n, f) => rm.push(`${String(n)}:${f.name}`));
  function r1() {}
  function r2() {}
  function r3() {}
  e6.on('p', r1);
  e6.on('p', r2);
  e6.on('z', r3);
  e6.removeAllListeners('p');
  e6.on('p', r1);
  e6.removeAllListeners();
  out.removeAll = rm;
  out.removeAllCount = e6.listenerCount('removeListener');

  // duplicate listeners: removeListener removes the last added instance
  const e7 = new EventEmitter();
  const dup = [];
  const d = () => dup.push('d');
  const other = () => dup.push('o');
  e7.on('d', d);
  e7.on('d', other);
  e7.on('d', d);
  e7.removeListener('d', d);
  e7.emit('d');
  out.dup = dup;
  out.dupCount = e7.listenerCount('d');

  // error semantics
  const e8 = new EventEmitter();
  out.errNoListener = err(() => e8.emit('error', new TypeError('boom')));
  out.errString = err(() => e8.emit('error', 'just text'));
  out.errObject = err(() => e8.emit('error', { code: 42 }));
  out.errUndefined = err(() => e8.emit('error'));
  out.errContext = (() => { try { e8.emit('error', 5); } catch (x) { return x.context; } })();
  const mon = [];
  e8.on(errorMonitor, (x) => mon.push(`monitor:${x.message}`));
  out.monitorStillThrows = err(() => e8.emit('error', new Error('m1')));
  e8.on('error', (x) => mon.push(`handled:${x.message}`));
  out.handledReturn = e8.emit('error', new Error('m2'));
  out.monitor = mon;
  out.errorMonitorType = typeof errorMonitor;
  out.errorMonitorString = errorMonitor.toString();

  // argument validation
  out.badListener = err(() => e.on('x', 'nope'));
  out.badListenerObj = err(() => e.once('x', {}));
  out.badRemove = err(() => e.removeListener('x', null));
  out.badMax = err(() => e.setMaxListeners(-1));
  out.badMaxType = err(() => e.setMaxListeners('5'));

  // max listeners
  const e9 = new EventEmitter();
  out.defaultMax = [e9.getMaxListeners(), EventEmitter.defaultMaxListeners];
  out.setMaxChain = e9.setMaxListeners(1) === e9;
  out.newMax = e9.getMaxListeners();
  e9.setMaxListeners(0);
  for (let i = 0; i < 20; i++) e9.on('many', () => {});
  out.unlimited = e9.listenerCount('many');
  out.badDefault = err(() => { EventEmitter.defaultMaxListeners = -1; });

  // own fields
  out.fields = [typeof e9._events, e9._eventsCount, new EventEmitter()._maxListeners, Object.getPrototypeOf(new EventEmitter()._events)];
  out.onIsAddListener = [EventEmitter.prototype.on === EventEmitter.prototype.addListener, EventEmitter.prototype.off === EventEmitter.prototype.removeListener];
  out.onceExportIsStatic = onceExport === EventEmitter.once;
  return out;
}
