// err.stack as Node writes it: a first line naming the error, then `    at` frames.
export default async function () {
  const first = (e) => e.stack.split('\n')[0];
  class Named extends Error {}
  Named.prototype.name = 'Named';
  const o = {};
  Error.captureStackTrace(o);
  function outer() { return new Error('in outer'); }
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = (_err, sites) => sites.length > 0 && typeof sites[0].getFileName;
  const custom = new Error('x').stack;
  Error.prepareStackTrace = saved;
  return {
    plain: first(new Error('boom')),
    empty: first(new TypeError('')),
    range: first(new RangeError('out of range')),
    named: first(new Named('mine')),
    captured: first(o),
    framesFollow: new Error('x').stack.split('\n')[1].trimStart().startsWith('at '),
    outerFrame: outer().stack.split('\n')[1].includes('outer'),
    multiline: new Error('a\nb').stack.split('\n').slice(0, 2),
    custom,
    restored: first(new Error('again')),
  };
}
