import { performance, PerformanceObserver, PerformanceEntry, PerformanceMark, PerformanceMeasure, constants } from 'perf_hooks';
import perf from 'node:perf_hooks';

const err = (f) => { try { const r = f(); return ['ok', r && r.toJSON ? r.toJSON() : r]; } catch (e) { return [e.name, e.code, e.message]; } };
const pick = (list) => list.map((e) => [e.name, e.entryType, e.startTime, e.duration]);

export default async function () {
  performance.clearMarks();
  performance.clearMeasures();
  const t0 = performance.now();
  const t1 = performance.now();
  const m = performance.mark('case:a', { startTime: 10, detail: { x: [1, 2] } });
  performance.mark('case:b', { startTime: 25 });
  performance.mark('case:a', { startTime: 30 });
  const me = performance.measure('case:m', 'case:a', 'case:b');
  const out = {
    clock: [typeof t0, t1 >= t0, typeof performance.timeOrigin, performance.timeOrigin > 1.5e12, Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 1000],
    mark: [m.toJSON(), JSON.parse(JSON.stringify(m)), Object.keys(m), m instanceof PerformanceMark, m instanceof PerformanceEntry, m.detail !== null && m.detail.x.length],
    measure: [me.toJSON(), me instanceof PerformanceMeasure, me instanceof PerformanceEntry],
    measureForms: [
      performance.measure('case:o1', { start: 5, end: 'case:b', detail: 'd' }).toJSON(),
      performance.measure('case:o2', { start: 5, duration: 3 }).toJSON(),
      performance.measure('case:o3', { duration: 3, end: 40 }).toJSON(),
      performance.measure('case:o4', { start: 'case:b', end: 50 }).toJSON(),
      performance.measure('case:o5', 'case:b', 'case:a').toJSON(),
      performance.measure('case:o6', undefined, 'case:b').toJSON(),
      performance.measure('case:o7', 5, 12).toJSON(),
    ],
    openEnded: (() => { performance.mark('case:zero', { startTime: 0 }); const x = performance.measure('case:open', 'case:zero'); performance.clearMarks('case:zero'); return [x.startTime, typeof x.duration, x.duration >= 0]; })(),
    entries: pick(performance.getEntries().filter((e) => e.name !== 'case:open')),
    byName: [pick(performance.getEntriesByName('case:a')), pick(performance.getEntriesByName('case:a', 'measure')), pick(performance.getEntriesByName('case:m', 'measure')), performance.getEntriesByName('nope').length],
    byType: [performance.getEntriesByType('mark').length, performance.getEntriesByType('measure').length, performance.getEntriesByType('resource').length, performance.getEntriesByType('bogus').length],
    errors: [
      err(() => performance.mark()),
      err(() => performance.measure()),
      err(() => performance.measure('x', 'never-set')),
      err(() => performance.measure('x', 'case:a', 'never-set')),
      err(() => performance.mark('x', { startTime: -1 })),
      err(() => performance.mark('x', { startTime: '1' })),
      err(() => performance.mark('x', 5)),
      err(() => performance.measure('x', { start: 1, end: 2, duration: 1 })),
      err(() => new PerformanceEntry()),
      err(() => performance.timerify(5)),
      err(() => new PerformanceObserver(5)),
    ],
    neverSetName: (() => { try { performance.measure('x', 'missing'); } catch (e) { return [e.name, e.code, e instanceof Error]; } })(),
    standalone: new PerformanceMark('case:solo', { startTime: 1 }).toJSON(),
  };
  performance.clearMarks('case:a');
  out.afterClearA = performance.getEntriesByType('mark').map((e) => e.name);
  performance.clearMeasures('case:m');
  out.afterClearM = performance.getEntriesByType('measure').map((e) => e.name).filter((n) => n !== 'case:open');
  performance.clearMarks();
  performance.clearMeasures();
  out.afterClearAll = performance.getEntries().length;

  const fn = performance.timerify(function add(a, b) { return a + b; });
  class K { constructor(v) { this.v = v; } }
  const TK = performance.timerify(K);
  out.timerify = [fn.name, fn.length, fn(2, 3), new TK(4).v, new TK(1) instanceof K];

  const json = performance.toJSON();
  out.toJSON = [Object.keys(json), typeof json.timeOrigin, Object.keys(json.eventLoopUtilization), json.nodeTiming.name, json.nodeTiming.entryType];
  out.elu = Object.keys(performance.eventLoopUtilization());

  out.observer = await new Promise((resolve) => {
    const obs = new PerformanceObserver((list, o) => {
      resolve([o === obs, pick(list.getEntries()), pick(list.getEntriesByType('mark')), pick(list.getEntriesByName('case:obs2'))]);
      obs.disconnect();
    });
    obs.observe({ entryTypes: ['mark', 'measure'] });
    performance.mark('case:obs1', { startTime: 1 });
    performance.mark('case:obs2', { startTime: 2 });
    performance.measure('case:obsm', 'case:obs1', 'case:obs2');
  });
  performance.clearMarks();
  performance.clearMeasures();
  out.supported = ['mark', 'measure'].every((t) => PerformanceObserver.supportedEntryTypes.includes(t));
  out.constants = [constants.NODE_PERFORMANCE_GC_MAJOR, constants.NODE_PERFORMANCE_GC_MINOR, constants.NODE_PERFORMANCE_GC_INCREMENTAL, constants.NODE_PERFORMANCE_GC_WEAKCB];
  out.moduleKeys = ['performance', 'PerformanceObserver', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure', 'PerformanceObserverEntryList', 'constants'].map((k) => k in perf);
  return out;
}
