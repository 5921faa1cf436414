import events, { EventEmitter, listenerCount, getEventListeners, setMaxListeners, getMaxListeners, captureRejectionSymbol, defaultMaxListeners, usingDomains, init } from 'node:events';
import util from 'node:util';

export default async function () {
  const out = {};
  out.defaultIsClass = events === EventEmitter && events.EventEmitter === EventEmitter;
  out.typeofDefault = typeof events;
  out.named = [typeof listenerCount, typeof getEventListeners, typeof setMaxListeners, typeof getMaxListeners, typeof init,
    String(captureRejectionSymbol), defaultMaxListeners, usingDomains];
  out.exportedKeys = ['once', 'on', 'getEventListeners', 'setMaxListeners', 'listenerCount', 'errorMonitor', 'captureRejections',
    'defaultMaxListeners', 'captureRejectionSymbol', 'EventEmitter', 'usingDomains', 'init'].filter((k) => Object.keys(events).includes(k));

  // class subclass
  class Job extends EventEmitter {
    constructor(name) { super(); this.name = name; }
    run(x) { this.emit('start', this.name); this.emit('done', x * 2); return this; }
  }
  const job = new Job('j1');
  const seen = [];
  job.on('start', function (n) { seen.push(['start', n, this === job, this instanceof Job]); });
  job.once('done', (v) => seen.push(['done', v]));
  job.run(21).run(5);
  out.subclass = seen;
  out.instanceOf = [job instanceof EventEmitter, job instanceof Job, Object.keys(job).includes('name')];
  out.subclassMax = new Job('x').getMaxListeners();

  // old-style constructor + util.inherits
  function Legacy() { EventEmitter.call(this); this.kind = 'legacy'; }
  util.inherits(Legacy, EventEmitter);
  Legacy.prototype.fire = function () { return this.emit('fire', this.kind); };
  const leg = new Legacy();
  const got = [];
  leg.on('fire', (k) => got.push(k));
  out.legacy = [leg.fire(), got, leg instanceof EventEmitter, Legacy.super_ === EventEmitter, leg.listenerCount('fire')];
  // emitter with no init (Object.create) still works lazily
  const lazy = Object.create(EventEmitter.prototype);
  out.lazyEmitBefore = lazy.emit('x');
  lazy.on('x', () => got.push('lazy'));
  out.lazy = [lazy.emit('x'), got.includes('lazy'), lazy.listenerCount('x')];
  // mixin into a plain object
  const obj = { n: 1 };
  Object.assign(obj, EventEmitter.prototype);
  EventEmitter.call(obj);
  obj.on('m', function () { got.push(`mixin:${this.n}`); });
  obj.emit('m');
  out.mixin = got.filter((g) => String(g).startsWith('mixin'));

  // statics
  const e = new EventEmitter();
  const f1 = () => {};
  e.on('a', f1);
  e.on('a', () => {});
  e.once('a', function namedOnce() {});
  out.staticCount = [EventEmitter.listenerCount(e, 'a'), listenerCount(e, 'b')];
  out.getEventListeners = getEventListeners(e, 'a').map((f) => f.name);
  out.getEventListenersBad = (() => { try { getEventListeners({}, 'a'); } catch (x) { return [x.code, x.message]; } })();
  const e2 = new EventEmitter();
  setMaxListeners(3, e, e2);
  out.setMaxListenersStatic = [e.getMaxListeners(), e2.getMaxListeners(), getMaxListeners(e), EventEmitter.defaultMaxListeners];
  out.setMaxBad = (() => { try { setMaxListeners(1, {}); } catch (x) { return [x.code, x.message]; } })();
  out.setMaxBadN = (() => { try { setMaxListeners(-2); } catch (x) { return [x.code, x.message]; } })();
  const before = EventEmitter.defaultMaxListeners;
  EventEmitter.defaultMaxListeners = 4;
  out.defaultChanged = [new EventEmitter().getMaxListeners(), e.getMaxListeners()];
  EventEmitter.defaultMaxListeners = before;
  out.captureRejections = [EventEmitter.captureRejections, (() => { try { EventEmitter.captureRejections = 'yes'; } catch (x) { return x.code; } })()];
  out.ctorOptions = (() => { try { return new EventEmitter({ captureRejections: 'x' }); } catch (x) { return [x.code, x.message]; } })();

  // inspect of an emitter (Node 20 shows its fields)
  const plain = new EventEmitter();
  out.inspectDepth0 = util.inspect(plain, { depth: -1 });
  out.inspectJob = util.inspect(new Job('q'), { depth: -1 });
  out.inspectFull = util.inspect(plain);
  const withListeners = new EventEmitter();
  withListeners.on('one', function handler() {});
  withListeners.on('two', () => {});
  withListeners.on('two', function second() {});
  withListeners.once('three', function onlyOnce() {});
  out.inspectListeners = util.inspect(withListeners);
  out.inspectSubclass = util.inspect(new Job('inspected'));

  // a pre-shaped _events object keeps its keys when listeners go away
  function Shaped() {
    this._events = { __proto__: null, close: undefined, data: undefined };
    EventEmitter.call(this);
  }
  util.inherits(Shaped, EventEmitter);
  const sh = new Shaped();
  const onClose = () => {};
  sh.on('close', onClose);
  const shaped = [sh.eventNames(), sh.listenerCount('close')];
  sh.removeListener('close', onClose);
  shaped.push(Reflect.ownKeys(sh._events), sh._eventsCount, sh.eventNames());
  sh.on('data', onClose);
  sh.removeAllListeners();
  shaped.push(Reflect.ownKeys(sh._events), sh._eventsCount);
  out.shaped = shaped;
  return out;
}
