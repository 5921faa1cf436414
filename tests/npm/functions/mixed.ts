// TypeScript: a type-only import (erased, so dayjs is never loaded), lodash at run time, and a
// typed helper. Its fixture comes from tests/npm/twins/mixed.mjs, the same code without types.
import type { Dayjs } from 'dayjs'
import _ from 'lodash'

interface Order {
  id: string
  customer: string
  amount: number
  paid: boolean
}

type Summary = { customer: string; total: number; count: number }

function summarize(orders: Order[]): Summary[] {
  return _.chain(orders)
    .filter((o: Order) => o.paid)
    .groupBy('customer')
    .map((list: Order[], customer: string): Summary => ({ customer, total: _.sumBy(list, 'amount'), count: list.length }))
    .orderBy(['total'], ['desc'])
    .value()
}

function label(when: Dayjs | string): string {
  return typeof when === 'string' ? when : when.toISOString()
}

export default async function (ctx: any) {
  const orders: Order[] = [
    { id: 'o1', customer: 'ann', amount: 30, paid: true },
    { id: 'o2', customer: 'bob', amount: 12.5, paid: true },
    { id: 'o3', customer: 'ann', amount: 20, paid: false },
    { id: 'o4', customer: 'cid', amount: 99, paid: true },
    { id: 'o5', customer: 'bob', amount: 100, paid: true },
  ]
  const limit = Number(ctx.query?.limit ?? 2) as number
  return {
    summary: summarize(orders),
    top: _.take(summarize(orders), limit).map((s: Summary) => s.customer),
    label: label('2024-01-01'),
  }
}
