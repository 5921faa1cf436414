// lodash through require(): the whole package and one per-method module (lodash/chunk).
const _ = require('lodash')
const chunk = require('lodash/chunk')

exports.main = async function (ctx) {
  let calls = 0
  const square = _.memoize((n) => {
    calls++
    return n * n
  })
  const squares = [square(4), square(4), square(5), square(4)]

  const [even, odd] = _.partition([1, 2, 3, 4, 5, 6], (n) => n % 2 === 0)
  const once = _.once(() => ++calls)

  return {
    sameVersion: require('lodash/package.json').version === _.VERSION,
    chunk: chunk(['a', 'b', 'c', 'd', 'e'], 3),
    sameChunk: _.isEqual(chunk([1, 2, 3], 2), _.chunk([1, 2, 3], 2)),
    memoize: { squares, calls: calls, cached: square.cache.has(4) },
    once: [once(), once()],
    partition: { even, odd },
    zip: _.zip(['a', 'b'], [1, 2], [true, false]),
    fromPairs: _.fromPairs([['x', 1], ['y', 2]]),
    difference: _.difference([1, 2, 3, 4], [2, 4]),
    intersection: _.intersection([1, 2, 3], [2, 3, 4], [3, 2]),
    flattenDeep: _.flattenDeep([1, [2, [3, [4]], 5]]),
    debounceType: typeof _.debounce,
    throttleType: typeof _.throttle,
    padStart: _.padStart('7', 3, '0'),
    truncate: _.truncate('hi-diddly-ho there, neighborino', { length: 24, separator: ' ' }),
    capitalize: _.capitalize('fRED'),
    escape: _.escape('fred, barney, & <pebbles>'),
    invert: _.invert({ a: 1, b: 2 }),
    defaultsDeep: _.defaultsDeep({ a: { b: 2 } }, { a: { b: 1, c: 3 } }),
    isEmpty: [_.isEmpty({}), _.isEmpty([1]), _.isEmpty(''), _.isEmpty(null)],
    clamp: [_.clamp(-10, -5, 5), _.clamp(10, -5, 5)],
    times: _.times(4, (i) => i * i),
  }
}
