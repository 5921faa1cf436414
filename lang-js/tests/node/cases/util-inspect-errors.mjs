import { inspect } from 'node:util';

// Stacks are set explicitly: real ones hold file paths and differ between engines.
const err = (Ctor, message, stack, extra) => {
  const e = new Ctor(message);
  Object.defineProperty(e, 'stack', { value: stack, writable: true, configurable: true, enumerable: false });
  return Object.assign(e, extra);
};

export default async function () {
  const i = (v, o) => inspect(v, o);
  class ValidationError extends Error {}
  class MyErr extends Error {}
  class NamedErr extends Error { constructor(m) { super(m); this.name = 'NamedErr'; } }
  const renamed = err(Error, 'renamed', 'Error: renamed\n    at z (z.js:1:1)');
  renamed.name = 'Custom';
  const withCause = new Error('outer', { cause: err(Error, 'inner', 'Error: inner\n    at a (x:1)\n    at b (x:2)\n    at c (x:3)\n    at d (x:4)\n    at e (x:5)') });
  withCause.stack = 'Error: outer\n    at o (y:1)\n    at b (x:2)\n    at c (x:3)\n    at d (x:4)\n    at e (x:5)';
  const stringCause = new Error('c', { cause: 'str' });
  stringCause.stack = 'Error: c\n    at q (q.js:1:1)';
  const agg = new AggregateError([err(Error, 'a', 'Error: a\n    at a (a.js:1:1)')], 'agg');
  agg.stack = 'AggregateError: agg\n    at x (x.js:1:1)';
  const circ = { name: 'c' };
  circ.self = circ;
  circ.arr = [circ, { circ }];
  const c2 = [1];
  c2.push(c2);
  const m = new Map();
  m.set('me', m);
  const a1 = {};
  const b1 = { a1 };
  a1.b1 = b1;
  return {
    basic: i(err(Error, 'boom', 'Error: boom\n    at f (a.js:1:1)\n    at g (b.js:2:2)')),
    typeError: i(err(TypeError, 'bad', 'TypeError: bad\n    at x (x.js:1:1)')),
    noFrames: i(err(Error, 'noframes', 'Error: noframes')),
    noStack: i(err(Error, 'x', undefined)),
    withProps: i(err(Error, 'with code', 'Error: with code\n    at y (y.js:1:1)', { code: 'E_X', errno: 5 })),
    emptyMessage: i(err(RangeError, '', 'RangeError\n    at q (q.js:1:1)')),
    renamed: i(renamed),
    subclassNamedLikeError: i(err(ValidationError, 'v', 'Error: v\n    at z (z.js:1:1)')),
    subclassOther: i(err(MyErr, 'v', 'Error: v\n    at z (z.js:1:1)')),
    subclassWithName: i(err(NamedErr, 'v', 'NamedErr: v\n    at z (z.js:1:1)')),
    cause: i(withCause),
    stringCause: i(stringCause),
    aggregate: i(agg),
    nested: i({ e: err(Error, 'nested', 'Error: nested\n    at n (f:1)', { code: 1 }) }),
    inArray: i([err(Error, 'inarr', 'Error: inarr\n    at n (n.js:1:1)')]),
    nullProto: i(Object.setPrototypeOf(err(Error, 'np', 'Error: np\n    at n (n.js:1:1)'), null)),
    oddStack: i(err(Error, 'msg', 'weird stack without frames')),
    multiline: i(err(Error, 'multi\nline', 'Error: multi\nline\n    at m (m.js:1:1)')),
    circular: [i(circ), i(c2), i(m), i({ a1, b1 }), i({ x: circ })],
  };
}
