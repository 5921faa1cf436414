// WHATWG Headers: case-insensitive names, validation errors, sorted iteration, set-cookie kept apart.
const err = (f) => { try { f(); return 'no error'; } catch (e) { return `${e.name}: ${e.message}`; } };

export default async function () {
  const out = {};
  const h = new Headers([['B', '1'], ['a', ' 2 '], ['set-cookie', 'c=1'], ['Set-Cookie', 'd=2'], ['b', '3']]);
  out.entries = [...h];
  out.keys = [...h.keys()];
  out.values = [...h.values()];
  out.getSetCookie = h.getSetCookie();
  out.getCookieJoined = h.get('SET-COOKIE');
  out.getB = h.get('b');
  out.hasA = [h.has('A'), h.has('z')];
  out.missing = h.get('nope');
  out.tags = [Object.prototype.toString.call(h), Object.prototype.toString.call(h.keys()), String(h.entries())];
  const it = h.entries();
  out.iterSelf = it[Symbol.iterator]() === it;
  out.iterNext = it.next();
  h.delete('b');
  out.afterDelete = [...h];
  h.set('A', 'x');
  h.append('a', 'y');
  out.afterSetAppend = [...h];
  const forEach = [];
  h.forEach(function (v, k, self) { forEach.push([k, v, self === h, this]); }, 'T');
  out.forEach = forEach;

  // init forms
  out.fromRecord = [...new Headers({ 'Content-Type': 'x', n: 1, nul: null, und: undefined, arr: [1, 2], obj: {} })];
  out.fromHeaders = [...new Headers(new Headers({ a: '1' }))];
  out.fromMap = [...new Headers(new Map([['m', 'v']]))];
  out.fromIterable = [...new Headers({ *[Symbol.iterator]() { yield ['g', '1']; yield new Set(['s', 'v']); } })];
  out.empty = [...new Headers()];
  out.trim = [new Headers({ x: '  a \t' }).get('x') + '|', new Headers({ x: '' }).get('x') + '|'];
  out.latin1 = new Headers({ x: 'é' }).get('x');
  const sc = new Headers();
  sc.append('Set-Cookie', 'a');
  sc.append('set-cookie', 'b');
  out.setCookieTwo = [...sc];
  sc.set('SET-COOKIE', 'c');
  out.setCookieSet = [[...sc], sc.getSetCookie()];
  sc.delete('set-cookie');
  out.setCookieDeleted = sc.getSetCookie();
  out.sorting = [...new Headers([['b-b', '1'], ['a', '2'], ['b', '3'], ['A-', '4'], ['_', '5'], ['0', '6']])].map((e) => e[0]);
  const live = new Headers({ a: 'x' });
  const liveIt = live.entries();
  live.append('b', 'y');
  out.iteratorSeesLaterAppend = [...liveIt];

  // errors
  out.errors = {
    badName: err(() => new Headers().append('bad name', 'x')),
    badValueNewline: err(() => new Headers().append('x', 'a\nb')),
    badValueNul: err(() => new Headers().append('x', 'a\0b')),
    pairLength: err(() => new Headers([['a']])),
    pairLength3: err(() => new Headers([['a', 'b', 'c']])),
    number: err(() => new Headers(5)),
    string: err(() => new Headers('abc')),
    nul: err(() => new Headers(null)),
    notIterablePair: err(() => new Headers([5])),
    get: err(() => new Headers().get('bad name')),
    has: err(() => new Headers().has('bad name')),
    delete: err(() => new Headers().delete('bad name')),
    setLatin1Name: err(() => new Headers().set('é', 'x')),
    byteString: err(() => new Headers({ x: 'é\u0100' })),
    noArgs: err(() => new Headers().append()),
    oneArg: err(() => new Headers().append('a')),
    getNoArgs: err(() => new Headers().get()),
    forEachNotFn: err(() => new Headers().forEach(5)),
    illegal: err(() => Headers.prototype.get.call({}, 'a')),
    immutable: err(() => Response.error().headers.set('a', 'b')),
    immutableAppend: err(() => Response.error().headers.append('a', 'b')),
    immutableDelete: err(() => Response.redirect('http://x/').headers.delete('location')),
  };

  out.protoKeys = Object.keys(Headers.prototype);
  out.ownKeys = Object.keys(new Headers({ a: 1 }));
  out.json = JSON.stringify(new Headers({ a: 1 }));
  out.iteratorIsEntries = Headers.prototype[Symbol.iterator] === Headers.prototype.entries;
  out.typeofGetSetCookie = typeof Headers.prototype.getSetCookie;
  return out;
}
