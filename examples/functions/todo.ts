// A todo list API on the app's database, written with db-ql as in Laf:
//   GET    /todo                     list (newest first; ?done=true|false filters, ?page=&size= pages)
//   GET    /todo?id=<id>             one todo
//   POST   /todo   {"title": "..."}  add
//   PATCH  /todo   {"id": "...", "done": true}   (PUT works the same)
//   DELETE /todo?id=<id>             remove
import cloud from '@lafjs/cloud'

const db = cloud.database()
const todos = db.collection('todos')

export default async function (ctx: FunctionContext) {
  const { method, query, body } = ctx
  switch (method) {
    case 'GET': {
      if (query.id) {
        const { data } = await todos.doc(query.id).get()
        return data ?? fail(ctx, 404, 'no such todo')
      }
      const where = query.done === undefined ? {} : { done: query.done === 'true' }
      const res = await todos
        .where(where)
        .orderBy('createdAt', 'desc')
        .page({ current: Number(query.page) || 1, size: Number(query.size) || 20 })
        .get()
      return { list: res.data, total: res.total }
    }
    case 'POST': {
      const title = typeof body?.title === 'string' ? body.title.trim() : ''
      if (!title) return fail(ctx, 400, 'title is required')
      const todo = { title, done: false, createdAt: new Date() }
      const { id } = await todos.add(todo)
      return { _id: id, ...todo }
    }
    case 'PATCH':
    case 'PUT': {
      if (!body?.id) return fail(ctx, 400, 'id is required')
      const changes: Record<string, unknown> = { updatedAt: new Date() }
      if (typeof body.done === 'boolean') changes.done = body.done
      if (typeof body.title === 'string') changes.title = body.title.trim()
      const { matched } = await todos.doc(body.id).update(changes)
      if (!matched) return fail(ctx, 404, 'no such todo')
      return (await todos.doc(body.id).get()).data
    }
    case 'DELETE': {
      const id = query.id ?? body?.id
      if (!id) return fail(ctx, 400, 'id is required')
      const { deleted } = await todos.doc(id).remove()
      return deleted ? { deleted } : fail(ctx, 404, 'no such todo')
    }
    default:
      return fail(ctx, 405, `method ${method} not allowed`)
  }
}

function fail(ctx: FunctionContext, status: number, error: string) {
  ctx.response.status(status)
  return { error }
}

interface FunctionContext {
  method: string
  query: Record<string, string | undefined>
  body: any
  response: { status(code: number): unknown }
}
