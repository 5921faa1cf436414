// A custom status and headers: GET /status?code=418
export default async function (ctx) {
  const code = Number(ctx.query.code ?? 201)
  ctx.response.status(code)
  ctx.response.setHeader('x-powered-by', 'laf-rs')
  ctx.response.setHeader('cache-control', 'no-store')
  return { status: code, message: code >= 400 ? 'not quite' : 'created' }
}
