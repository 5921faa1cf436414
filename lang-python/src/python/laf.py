"""The `laf` module of Python functions (the worker's call loop is `runtime.py`).

Functions write ``from laf import cloud`` and define ``def main(ctx)`` or ``async def main(ctx)``.
Everything that touches the app's data (database, storage, shared) is a call to the host over the
worker's channel (``_laf_native.call``); the host scopes it to the worker's app.
"""

# Only cheap modules at start: a worker is ready in tens of milliseconds (asyncio alone would take
# ~75 ms to import, ast, inspect and importlib.abc more); the others are imported when first needed.
import datetime as _dt
import json
import os

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
        """An HS256 JWT of ``payload`` (a dict), signed with ``secret`` or the app's ``SERVER_SECRET``."""
        return _call("token.sign", {"payload": payload, "secret": secret})

    def parse_token(self, token, secret=None):
        """The payload of a valid token (signature checked, ``exp`` honoured), else ``None``."""
        if not isinstance(token, str) or not token:
            return None
        if token.startswith("Bearer "):
            token = token[7:]
        return _call("token.parse", {"token": token, "secret": secret})

    @property
    def sockets(self):
        """The app's open WebSocket connections on this host, as :class:`Socket` objects."""
        return [Socket(i) for i in _call("ws.list", {})]

    def invoke(self, name, param=None):
        """Calls another function of the app (in any language) and returns what it answered: JSON as
        Python values, text as ``str``, other bytes as ``bytes``. ``param`` (a dict, or a ``ctx``)
        may change the ``body``, ``query``, ``headers`` and ``method`` the callee sees."""
        picked = None
        if param is not None:
            get = param.get if isinstance(param, dict) else (lambda k: getattr(param, k, None))
            picked = {k: get(k) for k in ("body", "query", "headers", "method") if get(k) is not None}
            picked = json.loads(_JSON_ENCODER.encode(picked))
        return _call("invoke", {"name": str(name), "param": picked})


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


class Socket:
    """A WebSocket connection: ``send(str | bytes)``, ``close(code=1000, reason="")``."""

    __slots__ = ("id",)

    def __init__(self, id):
        self.id = id

    def send(self, data):
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        elif not isinstance(data, (str, bytes)):
            data = str(data)
        return _call("ws.send", {"id": self.id, "data": data})

    def close(self, code=1000, reason=""):
        _call("ws.close", {"id": self.id, "code": int(code), "reason": str(reason)})

    @property
    def open(self):
        return bool(_call("ws.open", {"id": self.id}))

    def __eq__(self, other):
        return isinstance(other, Socket) and other.id == self.id

    def __hash__(self):
        return hash(self.id)

    def __repr__(self):
        return f"Socket({self.id})"


class Context:
    """``ctx``: the request and its response. Body and query are parsed on first use."""

    def __init__(self, req):
        self._req = req
        self.method = req["method"]
        self.request_id = req["request_id"]
        self.function_name = req["fn"]
        self.user = req.get("user")
        # Path parameters (``users/[id]``), or a WebSocket event's data.
        self.params = req["params"] if "params" in req else {}
        ws = req.get("ws")
        self.socket = None if ws is None else Socket(ws)
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


# --- per-worker state the runtime fills in -----------------------------------------------------


class _State:
    appid = os.environ.get("LAF_APP_ID", "")
    env = {}
    modules = {}  # function name -> (generation, module)
    imported = set()  # function names another function imported
    loading = []


_state = _State()
