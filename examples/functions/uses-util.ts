// GET /uses-util?a=2&b=3 -> { sum: 5 }, using a function imported from another file.
import { add } from '@/util'

export default async function (ctx) {
  const a = Number(ctx.query.a ?? 1)
  const b = Number(ctx.query.b ?? 2)
  return { a, b, sum: add(a, b) }
}
