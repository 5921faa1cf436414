// A path parameter: `/users/42` runs this function with ctx.params.id === '42'.
export default async function (ctx: FunctionContext) {
  return { id: ctx.params.id, you: ctx.user ?? null }
}
