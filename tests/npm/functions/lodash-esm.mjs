// lodash from an ES module: the default import is the whole lodash object (lodash is CommonJS).
import _ from 'lodash'

export default async function (ctx) {
  const users = [
    { name: 'ann', age: 31, team: 'red' },
    { name: 'bob', age: 25, team: 'blue' },
    { name: 'cid', age: 31, team: 'red' },
    { name: 'dee', age: 19, team: 'blue' },
  ]
  const original = { a: { b: [1, { c: 2 }] }, d: new Date(0) }
  const copy = _.cloneDeep(original)
  copy.a.b[1].c = 99

  const config = {}
  _.set(config, 'db.hosts[0].port', 5432)
  _.set(config, ['db', 'name'], 'laf')

  const greet = _.template('Hello <%= name %>! You have <%- count %> <%= unit %>.')
  const escaped = _.template('<b><%- html %></b>')

  return {
    version: _.VERSION,
    chunk: _.chunk([1, 2, 3, 4, 5], 2),
    groupBy: _.groupBy(users, 'team'),
    countBy: _.countBy(users, (u) => (u.age >= 30 ? 'over30' : 'under30')),
    debounce: typeof _.debounce === 'function' && typeof _.debounce(() => {}, 10).cancel === 'function',
    cloneDeep: {
      original: original.a.b[1].c,
      copy: copy.a.b[1].c,
      dateCopied: copy.d instanceof Date && copy.d !== original.d && copy.d.getTime() === 0,
    },
    merge: _.merge({ a: [{ b: 2 }, { d: 4 }], x: 1 }, { a: [{ c: 3 }, { e: 5 }], y: 2 }),
    template: greet({ name: 'Laf', count: 3, unit: 'messages' }),
    templateEscape: escaped({ html: '<script>&"\'' }),
    sortBy: _.sortBy(users, ['age', 'name']).map((u) => u.name),
    orderBy: _.orderBy(users, ['age', 'name'], ['desc', 'asc']).map((u) => u.name),
    uniqBy: _.uniqBy([2.1, 1.2, 2.3, 3.4, 1.9], Math.floor),
    uniqByKey: _.uniqBy(users, 'age').map((u) => u.name),
    get: [_.get(config, 'db.hosts[0].port'), _.get(config, 'db.missing.deep', 'fallback'), _.get(users, '[1].name')],
    set: config,
    has: [_.has(config, 'db.name'), _.has(config, 'db.user')],
    camelCase: [_.camelCase('Foo Bar'), _.camelCase('--foo-bar--'), _.camelCase('__FOO_BAR__')],
    kebabCase: [_.kebabCase('fooBar'), _.kebabCase('Foo Bar'), _.kebabCase('__FOO_BAR__')],
    snakeCase: _.snakeCase('helloWorld again'),
    pick: _.pick({ a: 1, b: 2, c: 3 }, ['a', 'c']),
    omit: _.omit({ a: 1, b: 2, c: 3 }, ['b']),
    range: _.range(0, 20, 5),
    sum: _.sumBy(users, 'age'),
    keyBy: _.mapValues(_.keyBy(users, 'name'), 'age'),
    isEqual: _.isEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }),
    chain: _(users).filter((u) => u.team === 'red').map('name').join('+'),
  }
}
