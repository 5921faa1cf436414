// GET /hello?name=x, or POST /hello with a JSON body: echoes what it received.
export default async function (ctx: FunctionContext) {
  return {
    hello: ctx.query.name ?? 'world',
    method: ctx.method,
    query: ctx.query,
    body: ctx.body,
  }
}

interface FunctionContext {
  method: string
  query: Record<string, string>
  body: unknown
}
