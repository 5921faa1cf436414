# The victim: answers with its worker's pid, or holds its upload open for a while.
import os
import time


def main(ctx):
    if ctx.files:
        time.sleep(float(ctx.query.get("hold", "0")))
    return {"pid": os.getpid(), "files": len(ctx.files)}
