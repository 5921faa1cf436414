import util, { promisify, callbackify } from 'util';

const settle = (p) => p.then((v) => ({ ok: v }), (e) => ({ err: e && e.message !== undefined ? [e.name, e.message, e.code] : e }));
const tick = () => new Promise((r) => setTimeout(r, 0));

export default async function () {
  const out = {};
  function add(a, b, cb) { setTimeout(() => cb(null, a + b), 0); }
  add.extra = 'prop';
  const addP = promisify(add);
  out.resolved = await settle(addP(2, 3));
  out.copied = [addP.name, addP.length, addP.extra, typeof addP];
  out.cachedOnSecondCall = promisify(addP) === addP;
  out.rejected = await settle(promisify((cb) => cb(new Error('nope')))());
  out.syncThrow = await settle(promisify(() => { throw new TypeError('sync'); })());
  out.multipleValues = await settle(promisify((cb) => cb(null, 1, 2, 3))());
  out.falsyError = await settle(promisify((cb) => cb(0, 'zero-err-means-ok'))());
  const obj = { v: 7, get(cb) { cb(null, this.v); } };
  obj.getP = promisify(obj.get);
  out.thisKept = await settle(obj.getP());

  function custom() {}
  custom[promisify.custom] = () => Promise.resolve('custom!');
  out.custom = [await promisify(custom)(), promisify(custom) === custom[promisify.custom]];
  out.customSymbol = [promisify.custom === Symbol.for('nodejs.util.promisify.custom'), String(promisify.custom)];
  const badCustom = () => {};
  badCustom[promisify.custom] = 5;
  out.badCustom = (() => { try { promisify(badCustom); } catch (e) { return [e.code, e.message]; } })();
  out.badArg = (() => { try { promisify('x'); } catch (e) { return [e.code, e.message]; } })();
  out.setTimeoutLike = await settle(promisify((ms, v, cb) => setTimeout(() => cb(null, v), ms))(1, 'later'));

  // callbackify
  const results = [];
  async function fetchIt(x) { if (x < 0) throw new RangeError('negative'); return x * 2; }
  const cbFn = callbackify(fetchIt);
  out.cbShape = [cbFn.name, cbFn.length, typeof cbFn];
  cbFn(21, (err, v) => results.push(['ok', err, v]));
  cbFn(-1, (err, v) => results.push(['err', err && err.message, err && err.name, v]));
  callbackify(() => Promise.reject(null))((err) => results.push(['null', err && err.code, err && err.message, err && err.reason]));
  callbackify(() => Promise.reject(0))((err) => results.push(['zero', err && err.code, err && err.reason]));
  callbackify(() => Promise.resolve())((...args) => results.push(['undef', args.length, args[0]]));
  const ctx = { m: 3, run: callbackify(async function () { return this.m; }) };
  ctx.run(function (err, v) { results.push(['this', v, this === ctx]); });
  await tick();
  await tick();
  out.callbackResults = results.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  out.cbNoCallback = (() => { try { cbFn(1); } catch (e) { return [e.code, e.message]; } })();
  out.cbBadArg = (() => { try { callbackify(1); } catch (e) { return [e.code, e.message]; } })();
  out.roundTrip = await promisify(callbackify(async (a) => a + 1))(1);
  return out;
}
