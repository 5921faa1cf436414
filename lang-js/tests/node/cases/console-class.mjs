// console.Console over streams, as packages use it (undici formats its mock table with it).
import { Console } from 'node:console';
import consoleModule from 'console';
import { Writable } from 'node:stream';

export default async function () {
  let out = '';
  let err = '';
  const sink = (add) => new Writable({ write(chunk, _enc, cb) { add(String(chunk)); cb(); } });
  const c = new Console({ stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }) });
  c.log('a %s b %d c %j', 'str', 42, { x: 1 });
  c.info({ nested: { deep: [1, 2, 3] } });
  c.warn('careful');
  c.error(new Error('boom').message);
  c.group('group');
  c.log('inside');
  c.group();
  c.log('deeper\nsecond line');
  c.groupEnd();
  c.groupEnd();
  c.log('outside');
  c.count();
  c.count();
  c.count('x');
  c.countReset();
  c.count();
  c.countReset('nope');
  c.assert(true, 'never');
  c.assert(false, 'failed %s', 'here');
  c.assert(false);
  c.dir({ a: [1, { b: 2 }] });
  c.table([{ a: 1, b: 'x' }, { a: 22, c: true }]);
  c.table({ r1: { x: 1 }, r2: { x: 'long value' } });
  c.table([1, 'two', [3]]);
  c.table([{ a: 1, b: 2 }], ['a']);
  c.table('not tabular');
  const { log } = c;
  log('detached');
  let threw;
  try { new Console({}); } catch (e) { threw = e.code; }
  // Let the streams' writes land.
  await new Promise((r) => setTimeout(r, 10));
  return {
    out: out.split('\n'),
    err: err.split('\n'),
    threw,
    isGlobal: consoleModule === globalThis.console,
    hasClass: consoleModule.Console === Console,
  };
}
