// Seeds the benchmark collection with 10,000 users once (benches/http-load.sh calls it first).
import cloud from '@lafjs/cloud'

export default async function () {
  const users = cloud.mongo.db.collection('users')
  const have = await users.countDocuments({})
  if (have >= 10000) return { seeded: 0, total: have }
  const docs = []
  for (let i = have; i < 10000; i++) {
    docs.push({ _id: i, name: `user ${i}`, email: `user${i}@example.com`, age: i % 100, tags: ['a', 'b'] })
  }
  await users.insertMany(docs)
  return { seeded: docs.length, total: 10000 }
}
