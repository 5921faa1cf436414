# GET /python/greet?name=Ada Lovelace -> {"greeting": "hello Ada Lovelace", "slug": "ada-lovelace"},
# using a function imported from another Python function of the app.
from functions.python.text import slugify


def main(ctx):
    name = ctx.query.get("name", "world")
    return {"greeting": f"hello {name}", "slug": slugify(name)}
