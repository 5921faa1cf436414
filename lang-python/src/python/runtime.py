"""The worker's runtime: function modules, imports between functions, and the call loop.

Loaded by the worker after `laf` (see worker/mod.rs); `_serve` runs until the host closes the channel.
"""

import importlib.machinery
import io
import os
import sys
import time
import types

import _laf_native as _native
from laf import _JSON_ENCODER, Context, _call, _encode, _state

_loop = None
_asyncio = None
# Results that are certainly not awaitable, checked before the (exception-raising) attribute probe.
_PLAIN = frozenset((dict, list, str, bytes, int, float, bool, type(None), tuple))


def _module_name(name):
    return "functions." + name.replace("/", ".")


def _forget(name):
    _forget_one(name)
    if name in _state.imported:
        # Other functions hold references into it: start them all afresh.
        for other in list(_state.modules):
            _forget_one(other)
        _state.imported.clear()


def _forget_one(name):
    _state.modules.pop(name, None)
    modname = _module_name(name)
    mod = sys.modules.pop(modname, None)
    # `from functions import utils` would otherwise find the old module on its package.
    parent, _, leaf = modname.rpartition(".")
    package = sys.modules.get(parent)
    if mod is not None and getattr(package, leaf, None) is mod:
        delattr(package, leaf)


def _exec(name, gen, filename, code, mod=None):
    _forget(name)
    modname = _module_name(name)
    imported = mod is not None
    if mod is None:
        mod = types.ModuleType(modname)
    mod.__file__ = filename
    mod.__path__ = []  # a function may also be the parent of others (api, api/user)
    mod.__package__ = modname
    compiled = compile(code, filename, "exec")
    _state.modules[name] = (gen, mod)
    sys.modules[modname] = mod
    _state.loading.append(name)
    try:
        exec(compiled, mod.__dict__)
    except BaseException:
        _forget_one(name)
        raise
    finally:
        _state.loading.pop()
    if not imported:
        # Run as an entry: out of sys.modules again, so that a later import goes through the
        # finder, which records it (a republish must then reload the importers too).
        sys.modules.pop(modname, None)
    return mod


def _entry(name, gen):
    cur = _state.modules.get(name)
    if cur is not None and cur[0] == gen:
        return cur[1]
    src = _call("source", {"name": name, "gen": gen})
    return _exec(name, gen, src["filename"], src["code"])


class _PackageLoader:
    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.__path__ = []


class _FunctionLoader:
    def __init__(self, name, found):
        self.name, self.found = name, found

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        f = self.found
        _exec(self.name, f["gen"], f["filename"], f["code"], module)
        _state.imported.add(self.name)


class _Finder:
    """``import functions.utils`` (or ``from functions.utils import x``) loads the app's function ``utils``."""

    def find_spec(self, fullname, path, target=None):
        if fullname == "functions":
            return importlib.machinery.ModuleSpec(fullname, _PackageLoader(), is_package=True)
        if not fullname.startswith("functions."):
            return None
        name = fullname[len("functions."):].replace(".", "/")
        cur = _state.modules.get(name)
        if cur is not None:
            _state.imported.add(name)
            return importlib.machinery.ModuleSpec(fullname, _Existing(cur[1]), is_package=True)
        found = _call("import", {"name": name})
        if found is None:
            return None
        if found.get("package"):
            return importlib.machinery.ModuleSpec(fullname, _PackageLoader(), is_package=True)
        return importlib.machinery.ModuleSpec(fullname, _FunctionLoader(name, found), is_package=True,
                                              origin=found["filename"])


class _Existing:
    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class _Log(io.TextIOBase):
    """``print`` and ``sys.stderr`` go to the function's log, one line per frame."""

    def __init__(self, level):
        self.level = level
        self.buf = ""

    def writable(self):
        return True

    def write(self, s):
        self.buf += s
        while "\n" in self.buf:
            line, self.buf = self.buf.split("\n", 1)
            _native.send({"t": "log", "level": self.level, "text": line})
        return len(s)

    def flush(self):
        if self.buf:
            line, self.buf = self.buf, ""
            _native.send({"t": "log", "level": self.level, "text": line})


_out = _Log("info")
_err = _Log("error")


def _check(msg):
    """Compiles a source and looks for ``main`` without running it."""
    import ast

    try:
        tree = ast.parse(msg["code"], msg["filename"])
    except SyntaxError as e:
        return {"t": "checked", "ok": False, "line": e.lineno or 1, "column": e.offset or 1, "message": e.msg}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "main":
            return {"t": "checked", "ok": True}
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "main" for t in node.targets):
            return {"t": "checked", "ok": True}
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any((a.asname or a.name) == "main" for a in node.names):
            return {"t": "checked", "ok": True}
    return {"t": "checked", "ok": False, "line": 1, "column": 1,
            "message": "no main function: define `def main(ctx)` or `async def main(ctx)`"}


def _snapshot(value):
    """A value's JSON, to tell whether an interceptor changed what ``next`` gave it."""
    if isinstance(value, (dict, list)):
        try:
            return _JSON_ENCODER.encode(value)
        except (TypeError, ValueError):
            return None
    return None


def _takes_next(main):
    """Whether an interceptor's main takes ``next`` (``main(ctx, next)``); Laf's legacy form
    ``main(ctx)`` returns True or False instead."""
    import inspect

    try:
        params = inspect.signature(main).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in positional)


def _await(result):
    """The value of an awaitable, run as a task of the worker's event loop.

    Most handlers finish in their first step (the bindings answer synchronously), so the loop runs
    one tick by hand first, with the task set up exactly as `run_until_complete` would (running
    loop, current task); only a handler that really waits pays for the full loop run.
    """
    global _loop, _asyncio
    if _loop is None:
        import asyncio

        _asyncio = asyncio
        _loop = asyncio.new_event_loop()
        asyncio.set_event_loop(_loop)
    if isinstance(result, types.CoroutineType):
        task = _loop.create_task(result)
    else:
        task = _asyncio.ensure_future(result, loop=_loop)
    # The callbacks ready now (the task's first step among them), as the loop's next iteration would
    # run them, minus its poll for I/O: nothing of this call can be waiting on I/O yet.
    ready = _loop._ready
    _asyncio.events._set_running_loop(_loop)
    try:
        for _ in range(len(ready)):
            handle = ready.popleft()
            if not handle._cancelled:
                handle._run()
    finally:
        _asyncio.events._set_running_loop(None)
    if task.done():
        return task.result()
    return _loop.run_until_complete(task)


def _invoke(msg):
    for name in msg.get("stale") or ():
        _forget(name)
    env = msg.get("env")
    if env is not None:
        _state.env = env
    expires = msg.get("expires")
    if expires is not None and time.monotonic_ns() > expires:
        # It waited behind other calls past its deadline: the host has answered it already.
        return {"t": "fail", "kind": "expired", "message": "expired before it started", "stack": ""}
    ctx = Context(msg["req"])
    try:
        mod = _entry(msg["fn"], msg["gen"])
        main = getattr(mod, "main", None)
        if main is None:
            raise AttributeError(f"{msg['fn']} defines no main(ctx)")
        nexted = None
        if msg["req"].get("next") and _takes_next(main):
            nexted = []

            def next_sync(changed=None):
                # What the interceptor changed of the request goes to the function: `ctx.user` (as
                # an auth interceptor sets it), or the keys of a dict passed instead.
                t = ctx if changed is None else changed
                if isinstance(t, dict):
                    param = {k: t[k] for k in ("user", "body", "query", "headers") if k in t}
                elif t.user != t._req.get("user"):
                    param = {"user": t.user}
                else:
                    param = None
                value = _call("next", {"param": param})
                nexted[:] = [value, _snapshot(value)]
                return value

            async def next_async(_ctx=None):
                return next_sync()

            import inspect  # only interceptors pay for it

            result = main(ctx, next_async if inspect.iscoroutinefunction(main) else next_sync)
        else:
            result = main(ctx)
        if type(result) not in _PLAIN and hasattr(result, "__await__"):
            result = _await(result)
        res = ctx.response
        if nexted and result is nexted[0] and _snapshot(result) == nexted[1] and res._chunks is None:
            # The interceptor returned what `next` gave: the function's whole response goes out.
            if _out.buf:
                _out.flush()
            if _err.buf:
                _err.flush()
            return {"t": "done", "passthrough": True, "status": 200, "headers": [], "body": b""}
        if res._chunks is not None:
            status, ctype, body = res.status_code, None, b"".join(res._chunks)
        else:
            status, ctype, body = _encode(result)
            status = res.status_code
        headers = list(res.headers.items())
        if ctype is not None and "content-type" not in res.headers:
            headers.append(("content-type", ctype))
        if _out.buf:
            _out.flush()
        if _err.buf:
            _err.flush()
        return {"t": "done", "status": status, "headers": headers, "body": body}
    except MemoryError:
        return {"t": "fail", "kind": "memory", "message": "MemoryError", "stack": ""}
    except BaseException as e:  # SystemExit and KeyboardInterrupt from a function are its errors too
        sys.stdout.flush()
        sys.stderr.flush()
        import traceback

        return {"t": "fail", "kind": "thrown", "message": f"{type(e).__name__}: {e}", "stack": traceback.format_exc()}


def _serve():
    sys.meta_path.insert(0, _Finder())
    sys.stdout = _out
    sys.stderr = _err
    site = os.environ.get("LAF_PYTHON_SITE")
    if site:
        import site as _site
        # The host made it (the sandbox lets the worker read it, not create it).
        before = list(sys.path)
        _site.addsitedir(site)
        # The app's packages come before the system's.
        added = [p for p in sys.path if p not in before]
        sys.path[:] = added + before
    _native.send({"t": "ready", "pid": os.getpid(), "python": sys.version.split()[0]})
    # asyncio takes ~75 ms to import: do it while the worker waits for its first call.
    import threading

    threading.Thread(target=__import__, args=("asyncio",), daemon=True).start()
    while True:
        msg = _native.recv()
        if msg is None:
            return
        t = msg["t"]
        if t == "invoke":
            reply = _invoke(msg)
        elif t == "check":
            reply = _check(msg)
        elif t == "refresh":
            importlib.invalidate_caches()
            reply = {"t": "refreshed"}
        else:
            reply = {"t": "fail", "kind": "thrown", "message": f"unknown frame {t!r}", "stack": ""}
        # The host matches answers to calls by this number.
        reply["seq"] = msg.get("seq")
        try:
            _native.send(reply)
        except TypeError as e:
            # A header or body the converter refused: report it rather than die.
            _native.send({"t": "fail", "kind": "thrown", "message": f"TypeError: {e}", "stack": "", "seq": msg.get("seq")})
