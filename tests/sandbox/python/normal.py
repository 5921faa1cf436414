# The attacker's app may still do everything a function normally does.
import os
import tempfile

import lafdemo


def main(ctx):
    with tempfile.NamedTemporaryFile("w+", delete=False) as f:
        f.write("scratch works")
        name = f.name
    with open(name) as f:
        scratch = f.read()
    os.remove(name)
    upload = None
    if ctx.files:
        with open(ctx.files[0]["path"], "rb") as f:
            upload = f.read().decode()
    return {
        "package": lafdemo.shout("hi"),
        "scratch": scratch,
        "scratch_dir": os.path.dirname(name),
        "upload": upload,
        "uid": os.getuid(),
    }
