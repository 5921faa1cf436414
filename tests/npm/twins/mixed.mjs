// functions/mixed.ts without its types, run under Node to make expected/mixed.json. Keep the two
// in step.
import _ from 'lodash'

function summarize(orders) {
  return _.chain(orders)
    .filter((o) => o.paid)
    .groupBy('customer')
    .map((list, customer) => ({ customer, total: _.sumBy(list, 'amount'), count: list.length }))
    .orderBy(['total'], ['desc'])
    .value()
}

function label(when) {
  return typeof when === 'string' ? when : when.toISOString()
}

export default async function (ctx) {
  const orders = [
    { id: 'o1', customer: 'ann', amount: 30, paid: true },
    { id: 'o2', customer: 'bob', amount: 12.5, paid: true },
    { id: 'o3', customer: 'ann', amount: 20, paid: false },
    { id: 'o4', customer: 'cid', amount: 99, paid: true },
    { id: 'o5', customer: 'bob', amount: 100, paid: true },
  ]
  const limit = Number(ctx.query?.limit ?? 2)
  return {
    summary: summarize(orders),
    top: _.take(summarize(orders), limit).map((s) => s.customer),
    label: label('2024-01-01'),
  }
}
