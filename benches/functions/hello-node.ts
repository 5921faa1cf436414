// `hello` plus the Node built-ins Laf functions use most: an md5 of the name, base64 by Buffer
// (issue 17: at most 10 µs more per call than hello.ts once warm).
import { createHash } from 'crypto'

export default async function (ctx: any) {
  const name = ctx.query.name ?? 'world'
  const digest = createHash('md5').update(name).digest('hex')
  return { hello: name, digest, encoded: Buffer.from(name).toString('base64') }
}
