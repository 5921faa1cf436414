// What "new function" starts from.
export const templates: Record<string, { language: string; ext: string; code: string }> = {
  'hello (TypeScript)': {
    language: 'ts', ext: 'ts',
    code: `import cloud from '@lafjs/cloud'

export default async function (ctx: FunctionContext) {
  console.log('hello from', ctx.method)
  return { hello: ctx.query?.name ?? 'world' }
}
`,
  },
  'database CRUD (TypeScript)': {
    language: 'ts', ext: 'ts',
    code: `import cloud from '@lafjs/cloud'

const db = cloud.database()

export default async function (ctx: FunctionContext) {
  const todos = db.collection('todos')
  if (ctx.method === 'POST') {
    const { id } = await todos.add({ title: ctx.body?.title ?? 'untitled', done: false })
    return { id }
  }
  const { data } = await todos.where({ done: false }).limit(20).get()
  return data
}
`,
  },
  'upload to storage (TypeScript)': {
    language: 'ts', ext: 'ts',
    code: `import cloud from '@lafjs/cloud'

export default async function (ctx: FunctionContext) {
  const file = ctx.files?.[0]
  if (!file) return { error: 'send a multipart/form-data body with a file' }
  const bucket = cloud.storage.bucket('uploads')
  await bucket.writeFile(file.originalname, file)
  return { key: file.originalname, url: await bucket.getDownloadUrl(file.originalname, 3600) }
}
`,
  },
  'WebSocket (__websocket__)': {
    language: 'ts', ext: 'ts',
    code: `export default async function (ctx: FunctionContext) {
  if (ctx.method === 'WebSocket:connection') ctx.socket.send('hi')
  if (ctx.method === 'WebSocket:message') ctx.socket.send(ctx.params.toString())
}
`,
  },
  'interceptor (__interceptor__)': {
    language: 'ts', ext: 'ts',
    code: `export default async function (ctx: FunctionContext, next: (ctx: FunctionContext) => Promise<any>) {
  if (ctx.headers['x-blocked']) {
    ctx.response.status(403)
    return { error: 'blocked' }
  }
  return await next(ctx)
}
`,
  },
  'hello (Python)': {
    language: 'python', ext: 'py',
    code: `def main(ctx):
    print('hello from', ctx.method)
    return {'hello': ctx.query.get('name', 'world')}
`,
  },
}
