# GET /python/hello?name=x, or POST with a JSON body: echoes what it received (hello.ts's twin).
async def main(ctx):
    return {
        "hello": ctx.query.get("name", "world"),
        "method": ctx.method,
        "query": ctx.query,
        "body": ctx.body,
    }
