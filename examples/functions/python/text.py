# Helpers other Python functions import as `functions.python.text` (a function's name with `/`
# becomes `.`). It is a function too: GET /python/text?s=Hello World -> "hello-world".
import re


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def main(ctx):
    return slugify(ctx.query.get("s", ""))
