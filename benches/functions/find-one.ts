// The HTTP benchmark's database function: one findOne by _id (benches/http-load.sh).
import cloud from '@lafjs/cloud'

export default async function (ctx: FunctionContext) {
  const user = await cloud.mongo.db.collection('users').findOne({ _id: Number(ctx.query.id) })
  return user ?? { error: 'not found' }
}
