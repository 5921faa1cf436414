"""The `laf` module of Python functions, and the worker's runtime.

Functions write ``from laf import cloud`` and define ``def main(ctx)`` or ``async def main(ctx)``.
Everything that touches the app's data (database, storage, shared) is a call to the host over the
worker's channel (``_laf_native.call``); the host scopes it to the worker's app.
"""

# Only cheap modules at start: a worker is ready in tens of milliseconds (asyncio alone would take
# ~75 ms to import, ast, inspect and importlib.abc more); the others are imported when first needed.
import datetime as _dt
import importlib.machinery
import io
import json
import os
import sys
import time
import types

import _laf_native as _native

__all__ = ["cloud", "ObjectId", "LafError", "ReturnDocument", "ASCENDING", "DESCENDING"]

ASCENDING = 1
DESCENDING = -1


class LafError(Exception):
    """An error answered by the host: ``code`` names it (``DuplicateKey``, ``NoSuchKey``...)."""

    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def _call(op, args):
    args["t"] = "call"
    args["op"] = op
    reply = _native.call(args)
    err = reply.get("err")
    if err is not None:
        raise LafError(err.get("code", "Error"), err.get("message", ""))
    return reply.get("ok")


class ObjectId:
    """A MongoDB ObjectId: ``ObjectId()`` makes a new one, ``ObjectId("<24 hex>")`` parses one."""

    __slots__ = ("_oid",)

    def __init__(self, oid=None):
        if oid is None:
            self._oid = _native.new_object_id()
        elif isinstance(oid, ObjectId):
            self._oid = oid._oid
        elif isinstance(oid, (bytes, bytearray)) and len(oid) == 12:
            self._oid = bytes(oid)
        elif isinstance(oid, str) and len(oid) == 24:
            try:
                self._oid = bytes.fromhex(oid)
            except ValueError:
                raise ValueError(f"{oid!r} is not a valid ObjectId: use 24 hexadecimal characters") from None
        else:
            raise ValueError(f"{oid!r} is not a valid ObjectId: use 24 hexadecimal characters or 12 bytes")

    @classmethod
    def is_valid(cls, oid):
        try:
            cls(oid)
            return True
        except (TypeError, ValueError):
            return False

    @property
    def binary(self):
        return self._oid

    @property
    def generation_time(self):
        return _dt.datetime.fromtimestamp(int.from_bytes(self._oid[:4], "big"), _dt.timezone.utc)

    def __str__(self):
        return self._oid.hex()

    def __repr__(self):
        return f"ObjectId('{self._oid.hex()}')"

    def __eq__(self, other):
        return isinstance(other, ObjectId) and self._oid == other._oid

    def __lt__(self, other):
        return self._oid < other._oid

    def __hash__(self):
        return hash(self._oid)


_native.register_types(ObjectId, _dt.datetime, _dt.timezone.utc, _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc),
                       _dt.timedelta)


# --- database, in pymongo's shape -----------------------------------------------------------------


class ReturnDocument:
    """Which document ``find_one_and_update`` returns."""

    BEFORE = False
    AFTER = True


class InsertOneResult:
    acknowledged = True

    def __init__(self, inserted_id):
        self.inserted_id = inserted_id


class InsertManyResult:
    acknowledged = True

    def __init__(self, inserted_ids):
        self.inserted_ids = inserted_ids


class UpdateResult:
    acknowledged = True

    def __init__(self, r):
        self.matched_count = r["matched"]
        self.modified_count = r["modified"]
        self.upserted_id = r.get("upserted_id")
        self.raw_result = r


class DeleteResult:
    acknowledged = True

    def __init__(self, n):
        self.deleted_count = n


def _filter(f):
    # pymongo's find and find_one accept an _id value where a filter is expected.
    if f is None:
        return {}
    if isinstance(f, dict):
        return f
    return {"_id": f}


def _required(f):
    # As pymongo: writes need a dict, so that `delete_many(None)` does not empty a collection.
    if not isinstance(f, dict):
        raise TypeError(f"filter must be a dict, not {type(f).__name__}")
    return f


def _keys(spec, direction=None):
    if isinstance(spec, str):
        return {spec: ASCENDING if direction is None else direction}
    if isinstance(spec, dict):
        return spec
    return {k: d for k, d in spec}


def _projection(p):
    if p is None or isinstance(p, dict):
        return p
    return {k: 1 for k in p}


class Cursor:
    """The result of ``find``: chain ``sort``/``skip``/``limit``, then iterate (or ``to_list``)."""

    def __init__(self, coll, filter, projection, sort, skip, limit):
        self._coll, self._filter, self._projection = coll, filter, projection
        self._sort, self._skip, self._limit = sort, skip, limit
        self._docs = None
        self._iter = None

    def sort(self, key, direction=None):
        self._sort = _keys(key, direction)
        return self

    def skip(self, n):
        self._skip = int(n)
        return self

    def limit(self, n):
        self._limit = int(n)
        return self

    def _fetch(self):
        if self._docs is None:
            args = {"coll": self._coll, "filter": self._filter, "skip": self._skip}
            if self._projection is not None:
                args["projection"] = self._projection
            if self._sort:
                args["sort"] = self._sort
            if self._limit:
                args["limit"] = self._limit
            self._docs = _call("db.find", args)
        return self._docs

    def __iter__(self):
        return self

    def __next__(self):
        if self._iter is None:
            self._iter = iter(self._fetch())
        return next(self._iter)

    def next(self):
        return self.__next__()

    def to_list(self, length=None):
        docs = self._fetch()
        return list(docs if length is None else docs[:length])


class Collection:
    """One collection of the app's database, with pymongo's method names."""

    def __init__(self, name):
        self.name = name

    def find(self, filter=None, projection=None, *, sort=None, skip=0, limit=0):
        return Cursor(self.name, _filter(filter), _projection(projection), sort and _keys(sort), skip, limit)

    def find_one(self, filter=None, projection=None, *, sort=None):
        docs = Cursor(self.name, _filter(filter), _projection(projection), sort and _keys(sort), 0, 1)._fetch()
        return docs[0] if docs else None

    def insert_one(self, document):
        # As pymongo: the document gets its _id before it is sent.
        if "_id" not in document:
            document["_id"] = ObjectId()
        return InsertOneResult(_call("db.insert_one", {"coll": self.name, "doc": document}))

    def insert_many(self, documents):
        documents = list(documents)
        for d in documents:
            if "_id" not in d:
                d["_id"] = ObjectId()
        return InsertManyResult(_call("db.insert_many", {"coll": self.name, "docs": documents}))

    def _update(self, filter, update, multi, upsert):
        args = {"coll": self.name, "filter": _required(filter), "update": update, "multi": multi, "upsert": upsert}
        return UpdateResult(_call("db.update", args))

    def update_one(self, filter, update, upsert=False):
        return self._update(filter, update, False, upsert)

    def update_many(self, filter, update, upsert=False):
        return self._update(filter, update, True, upsert)

    def replace_one(self, filter, replacement, upsert=False):
        args = {"coll": self.name, "filter": _required(filter), "doc": replacement, "upsert": upsert}
        return UpdateResult(_call("db.replace_one", args))

    def delete_one(self, filter):
        return DeleteResult(_call("db.delete", {"coll": self.name, "filter": _required(filter), "multi": False}))

    def delete_many(self, filter):
        return DeleteResult(_call("db.delete", {"coll": self.name, "filter": _required(filter), "multi": True}))

    def count_documents(self, filter=None):
        return _call("db.count", {"coll": self.name, "filter": _filter(filter)})

    def distinct(self, key, filter=None):
        return _call("db.distinct", {"coll": self.name, "key": key, "filter": _filter(filter)})

    def aggregate(self, pipeline):
        return iter(_call("db.aggregate", {"coll": self.name, "pipeline": list(pipeline)}))

    def find_one_and_update(self, filter, update, projection=None, sort=None, upsert=False,
                            return_document=ReturnDocument.BEFORE):
        args = {"coll": self.name, "filter": _required(filter), "update": update, "upsert": upsert,
                "return_new": bool(return_document)}
        if projection is not None:
            args["projection"] = _projection(projection)
        if sort is not None:
            args["sort"] = _keys(sort)
        return _call("db.find_one_and_update", args)

    def create_index(self, keys, unique=False, name=None):
        args = {"coll": self.name, "keys": _keys(keys), "unique": unique}
        if name is not None:
            args["name"] = name
        return _call("db.create_index", args)

    def drop_index(self, name):
        _call("db.drop_index", {"coll": self.name, "name": name})

    def list_indexes(self):
        return iter(_call("db.list_indexes", {"coll": self.name}))

    def drop(self):
        _call("db.drop", {"coll": self.name})


class Database:
    """The app's database: ``db["users"]`` or ``db.users``."""

    def __getitem__(self, name):
        return Collection(name)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return Collection(name)

    def get_collection(self, name):
        return Collection(name)

    def list_collection_names(self):
        return _call("db.list_collections", {})


class _Mongo:
    db = Database()


# --- storage --------------------------------------------------------------------------------------


class Bucket:
    """One of the app's buckets (a short name gets the ``<appid>-`` prefix)."""

    def __init__(self, name):
        self.name = name

    def write_file(self, key, body, content_type=None):
        """Stores ``body`` (bytes, str, or an entry of ``ctx.files``); returns ``{"etag": ...}``."""
        args = {"bucket": self.name, "key": key}
        if isinstance(body, UploadedFile):
            args["upload"] = body._index
        elif isinstance(body, str):
            args["body"] = body.encode()
        elif isinstance(body, (bytes, bytearray, memoryview)):
            args["body"] = bytes(body)
        else:
            raise TypeError(f"write_file needs bytes, str or an uploaded file, not {type(body).__name__}")
        if content_type is not None:
            args["content_type"] = content_type
        return _call("storage.write", args)

    def read_file(self, key):
        """The object's bytes (refused when larger than the worker's memory limit)."""
        return _call("storage.read", {"bucket": self.name, "key": key})["body"]

    def delete_file(self, key):
        _call("storage.delete", {"bucket": self.name, "key": key})

    def list_files(self, prefix=None, delimiter=None, max_keys=None, continuation_token=None):
        """One page, shaped as S3's ListObjectsV2 (``Contents``, ``CommonPrefixes``, ...)."""
        args = {"bucket": self.name}
        for k, v in (("prefix", prefix), ("delimiter", delimiter), ("max_keys", max_keys),
                     ("continuation_token", continuation_token)):
            if v is not None:
                args[k] = v
        return _call("storage.list", args)

    def get_download_url(self, key, expires_in=3600):
        return _call("storage.presign", {"bucket": self.name, "key": key, "method": "GET", "expires": expires_in})

    def get_upload_url(self, key, expires_in=3600):
        return _call("storage.presign", {"bucket": self.name, "key": key, "method": "PUT", "expires": expires_in})

    def external_url(self, key):
        return _call("storage.external_url", {"bucket": self.name, "key": key})


class _Storage:
    def bucket(self, name):
        return Bucket(name)


# --- shared, env, cloud ---------------------------------------------------------------------------

_MISSING = object()


class _Shared:
    """The app's shared store (seen by every worker and language of the app); values are JSON."""

    def get(self, key, default=None):
        text = _call("shared.get", {"key": key})
        return default if text is None else json.loads(text)

    def set(self, key, value):
        _call("shared.set", {"key": key, "value": json.dumps(value, default=_json_default)})

    def has(self, key):
        return _call("shared.has", {"key": key})

    def delete(self, key):
        return _call("shared.delete", {"key": key})

    def keys(self):
        return _call("shared.keys", {})

    def clear(self):
        _call("shared.clear", {})

    def __getitem__(self, key):
        v = self.get(key, _MISSING)
        if v is _MISSING:
            raise KeyError(key)
        return v

    def __setitem__(self, key, value):
        self.set(key, value)

    def __delitem__(self, key):
        if not self.delete(key):
            raise KeyError(key)

    def __contains__(self, key):
        return self.has(key)

    def __len__(self):
        return len(self.keys())


class _Cloud:
    """``from laf import cloud``: the app's database, storage, shared store and settings."""

    mongo = _Mongo()
    storage = _Storage()
    shared = _Shared()

    @property
    def env(self):
        return _state.env

    @property
    def appid(self):
        return _state.appid

    def get_token(self, payload, secret=None):
        raise LafError("Unsupported", "JWT tokens are not available in this host version yet")

    def parse_token(self, token, secret=None):
        raise LafError("Unsupported", "JWT tokens are not available in this host version yet")


cloud = _Cloud()


# --- the call context -----------------------------------------------------------------------------


def _pairs_to_dict(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            cur = out[k]
            if isinstance(cur, list):
                cur.append(v)
            else:
                out[k] = [cur, v]
        else:
            out[k] = v
    return out


class UploadedFile(dict):
    """One file of a multipart upload: ``fieldname``, ``originalname``, ``mimetype``, ``size``, ``path``."""

    __slots__ = ("_index",)


class Response:
    """``ctx.response``: status, headers and a body written before the function returns."""

    def __init__(self):
        self.status_code = 200
        self.headers = {}
        self._chunks = None
        self.ended = False

    def status(self, code):
        self.status_code = int(code)
        return self

    def set_header(self, name, value):
        self.headers[str(name).lower()] = str(value)
        return self

    def write(self, data):
        if self.ended:
            raise RuntimeError("the response has ended")
        if self._chunks is None:
            self._chunks = []
        self._chunks.append(data.encode() if isinstance(data, str) else bytes(data))

    def end(self, data=None):
        if data is not None:
            self.write(data)
        elif self._chunks is None:
            self._chunks = []
        self.ended = True

    def redirect(self, url, code=302):
        self.status_code = code
        self.headers["location"] = url
        self.end()

    def send(self, value):
        status, ctype, body = _encode(value)
        if ctype is not None and "content-type" not in self.headers:
            self.headers["content-type"] = ctype
        self.end(body)


class Context:
    """``ctx``: the request and its response. Body and query are parsed on first use."""

    def __init__(self, req):
        self._req = req
        self.method = req["method"]
        self.request_id = req["request_id"]
        self.function_name = req["fn"]
        self.user = req.get("user")
        self.response = Response()
        self._body = _MISSING
        self._headers = None
        self._files = None

    @property
    def path(self):
        return self._req["path"]

    @property
    def query(self):
        # Parsed by the host (repeated names as lists).
        return self._req["query"]

    @property
    def headers(self):
        if self._headers is None:
            h = {}
            for k, v in self._req["headers"]:
                h[k] = f"{h[k]}, {v}" if k in h else v
            self._headers = h
        return self._headers

    @property
    def body(self):
        if self._body is _MISSING:
            kind, raw = self._req["kind"], self._req["body"]
            if kind == "json":
                self._body = json.loads(raw)
            elif kind == "form":
                from urllib.parse import parse_qsl
                self._body = _pairs_to_dict(parse_qsl(raw.decode(errors="replace"), keep_blank_values=True))
            elif kind == "text":
                self._body = raw.decode(errors="replace")
            elif kind == "empty":
                self._body = {}
            else:
                self._body = raw
        return self._body

    @property
    def raw_body(self):
        return self._req["body"]

    @property
    def files(self):
        if self._files is None:
            files = []
            for i, f in enumerate(self._req.get("files") or ()):
                u = UploadedFile(f)
                u._index = i
                files.append(u)
            self._files = files
        return self._files


# --- results --------------------------------------------------------------------------------------


def _json_default(v):
    if isinstance(v, ObjectId):
        return str(v)
    if isinstance(v, _dt.datetime):
        # As JavaScript's Date.toJSON, so clients see one format whatever the language.
        if v.tzinfo is None:
            v = v.replace(tzinfo=_dt.timezone.utc)
        return v.astimezone(_dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray)):
        return list(v)
    if isinstance(v, (set, frozenset, tuple)):
        return list(v)
    raise TypeError(f"a {type(v).__name__} cannot be sent as JSON")


_JSON_ENCODER = json.JSONEncoder(default=_json_default, ensure_ascii=False, separators=(",", ":"))
_JSON = "application/json; charset=utf-8"
_HTML = "text/html; charset=utf-8"
_OCTET = "application/octet-stream"


def _encode(value):
    """Laf's mapping: dict/list -> JSON, str -> text/html, bytes -> octet-stream, number -> text."""
    if value is None:
        return 200, None, b""
    if isinstance(value, str):
        return 200, _HTML, value.encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return 200, _OCTET, bytes(value)
    if isinstance(value, bool):
        return 200, _JSON, b"true" if value else b"false"
    if isinstance(value, int):
        return 200, _HTML, str(value).encode()
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
        return 200, _HTML, text.encode()
    return 200, _JSON, _JSON_ENCODER.encode(value).encode()


# --- the runtime: modules, imports between functions, the call loop -------------------------------


class _State:
    appid = os.environ.get("LAF_APP_ID", "")
    env = {}
    modules = {}  # function name -> (generation, module)
    imported = set()  # function names another function imported
    loading = []


_state = _State()
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
    task = _asyncio.ensure_future(result, loop=_loop)
    _asyncio.events._set_running_loop(_loop)
    try:
        _loop._run_once()
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
        result = main(ctx)
        if type(result) not in _PLAIN and hasattr(result, "__await__"):
            result = _await(result)
        res = ctx.response
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
        os.makedirs(site, exist_ok=True)
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
