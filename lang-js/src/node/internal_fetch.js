// The fetch globals (Headers, Request, Response, FormData, fetch) over the host's HTTP client; leaves out web streams (a body is a minimal ReadableStream-like reader over buffered bytes), redirect: 'manual' (the host follows redirects), CORS and caching.
(function (exports, require, module, native) {
  'use strict';
  const { Blob, File } = require('buffer');
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const utf8 = (s) => encoder.encode(s);
  // UTF-8 text without a leading BOM (as the fetch spec decodes).
  const text = (b) => decoder.decode(b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b);
  const IterProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const usv = (s) => (typeof s.toWellFormed === 'function' ? s.toWellFormed() : s);

  function argCount(prefix, n, min) {
    if (n < min) throw new TypeError(`${prefix}: ${min} argument${min === 1 ? '' : 's'} required, but${n ? ' only' : ''} ${n} found.`);
  }
  function byteString(v) {
    const s = `${v}`;
    if (/[^\x00-\xff]/.test(s)) {
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c > 255) throw new TypeError(`Cannot convert argument to a ByteString because the character at index ${i} has a value of ${c} which is greater than 255.`);
      }
    }
    return s;
  }
  // Makes the listed prototype members enumerable, as WebIDL interfaces have them.
  function webidl(C, tag) {
    for (const k of Object.getOwnPropertyNames(C.prototype)) {
      if (k !== 'constructor') Object.defineProperty(C.prototype, k, { enumerable: true });
    }
    Object.defineProperty(C.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  // An iterator object like WebIDL's pair iterators ("Headers Iterator"), over a list made on first use.
  function makeIterator(tag, make, kind) {
    const proto = Object.create(IterProto, {
      [Symbol.toStringTag]: { value: `${tag} Iterator`, configurable: true },
    });
    proto.next = function next() {
      if (this.list === null) this.list = make();
      if (this.i >= this.list.length) return { value: undefined, done: true };
      const [k, v] = this.list[this.i++];
      return { value: kind === 'key' ? k : kind === 'value' ? v : [k, v], done: false };
    };
    const it = Object.create(proto);
    it.list = null;
    it.i = 0;
    Object.defineProperty(it, 'list', { enumerable: false, writable: true });
    Object.defineProperty(it, 'i', { enumerable: false, writable: true });
    return it;
  }

  // ---- MIME types (enough for Content-Type: essence, parameters, serialization)
  function parseMime(s) {
    if (s == null) return null;
    const parts = `${s}`.split(';');
    const essence = parts[0].trim().toLowerCase();
    if (!/^[!#$%&'*+\-.^_`|~0-9a-z]+\/[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(essence)) return null;
    const params = new Map();
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i];
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const k = p.slice(0, eq).trim().toLowerCase();
      let v = p.slice(eq + 1).trim();
      if (v.startsWith('"')) v = v.slice(1, v.indexOf('"', 1) < 0 ? undefined : v.indexOf('"', 1)).replace(/\\(.)/g, '$1');
      if (k && !params.has(k) && TOKEN.test(k)) params.set(k, v);
    }
    return { essence, params };
  }
  function serializeMime(m) {
    let s = m.essence;
    for (const [k, v] of m.params) s += `;${k}=${v !== '' && TOKEN.test(v) ? v : `"${v.replace(/(["\\])/g, '\\$1')}"`}`;
    return s;
  }

  // ---- Headers
  const IMMUTABLE = 1;
  let headersGuard, headersList, headersAppend;
  function checkName(prefix, name) {
    if (!TOKEN.test(name)) throw new TypeError(`${prefix}: "${name}" is an invalid header name.`);
  }
  const normalizeValue = (v) => v.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  function checkValue(prefix, value) {
    if (/[\0\r\n]/.test(value)) throw new TypeError(`${prefix}: "${value}" is an invalid header value.`);
  }
  class Headers {
    #m = new Map(); // lowercase name -> values
    #guard = 0;
    constructor(init = undefined) {
      if (init === undefined) return;
      if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
        throw new TypeError('Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
      }
      if (#m in init) {
        for (const [k, vs] of init.#m) this.#m.set(k, vs.slice());
        return;
      }
      if (typeof init[Symbol.iterator] === 'function') {
        let i = 0;
        for (const pair of init) {
          if (pair === null || typeof pair !== 'object' || typeof pair[Symbol.iterator] !== 'function') {
            throw new TypeError(`Headers contructor: init[${i}] (${typeof pair === 'symbol' ? 'Symbol()' : String(pair)}) is not iterable.`);
          }
          const p = Array.from(pair);
          if (p.length !== 2) throw new TypeError(`Headers constructor: expected name/value pair to be length 2, found ${p.length}.`);
          this.#append('Headers.append', byteString(p[0]), byteString(p[1]));
          i++;
        }
        return;
      }
      for (const k of Reflect.ownKeys(init)) {
        if (typeof k === 'symbol') throw new TypeError('Headers contructor: init is a symbol, which cannot be converted to a DOMString.');
        const d = Reflect.getOwnPropertyDescriptor(init, k);
        if (d && d.enumerable) this.#append('Headers.append', byteString(k), byteString(init[k]));
      }
    }
    #append(prefix, name, value) {
      value = normalizeValue(value);
      checkName(prefix, name);
      checkValue(prefix, value);
      if (this.#guard === IMMUTABLE) throw new TypeError('immutable');
      const k = name.toLowerCase();
      const vs = this.#m.get(k);
      if (vs) vs.push(value);
      else this.#m.set(k, [value]);
    }
    static {
      headersGuard = (h, g) => { h.#guard = g; return h; };
      headersList = (h) => h.#m;
      headersAppend = (h, k, v) => {
        const vs = h.#m.get(k);
        if (vs) vs.push(v);
        else h.#m.set(k, [v]);
      };
    }
    append(name, value) {
      if (!(#m in this)) throw new TypeError('Illegal invocation');
      argCount('Headers.append', arguments.length, 2);
      this.#append('Headers.append', byteString(name), byteString(value));
    }
    delete(name) {
      if (!(#m in this)) throw new TypeError('Illegal invocation');
      argCount('Headers.delete', arguments.length, 1);
      name = byteString(name);
      checkName('Headers.delete', name);
      if (this.#guard === IMMUTABLE) throw new TypeError('immutable');
      this.#m.delete(name.toLowerCase());
    }
    get(name) {
      if (!(#m in this)) throw new TypeError('Illegal invocation');
      argCount('Headers.get', arguments.length, 1);
      name = byteString(name);
      checkName('Headers.get', name);
      const vs = this.#m.get(name.toLowerCase());
      return vs === undefined ? null : vs.join(', ');
    }
    has(name) {
      if (!(#m in this)) throw new TypeError('Illegal invocation');
      argCount('Headers.has', arguments.length, 1);
      name = byteString(name);
      checkName('Headers.has', name);
      return this.#m.has(name.toLowerCase());
    }
    set(name, value) {
      if (!(#m in this)) throw new TypeError('Illegal invocation');
      argCount('Headers.set', arguments.length, 2);
      name = byteString(name);
      value = normalizeValue(byteString(value));
      checkName('Headers.set', name);
      checkValue('Headers.set', value);
      if (this.#guard === IMMUTABLE) throw new TypeError('immutable');
      this.#m.set(name.toLowerCase(), [value]);
    }
    getSetCookie() {
      if (!(#m in this)) throw new TypeError('Illegal invocation');
      const vs = this.#m.get('set-cookie');
      return vs ? vs.slice() : [];
    }
    #sorted() {
      const keys = [...this.#m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const out = [];
      for (const k of keys) {
        const vs = this.#m.get(k);
        if (k === 'set-cookie') for (const v of vs) out.push([k, v]);
        else out.push([k, vs.join(', ')]);
      }
      return out;
    }
    keys() { if (!(#m in this)) throw new TypeError('Illegal invocation'); return makeIterator('Headers', () => this.#sorted(), 'key'); }
    values() { if (!(#m in this)) throw new TypeError('Illegal invocation'); return makeIterator('Headers', () => this.#sorted(), 'value'); }
    entries() { if (!(#m in this)) throw new TypeError('Illegal invocation'); return makeIterator('Headers', () => this.#sorted(), 'entry'); }
    forEach(callback, thisArg = undefined) {
      if (!(#m in this)) throw new TypeError('Illegal invocation');
      if (typeof callback !== 'function') throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
      for (const [k, v] of this.#sorted()) callback.call(thisArg, v, k, this);
    }
    [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
      const o = {};
      for (const [k, vs] of this.#m) o[k] = k === 'set-cookie' && vs.length > 1 ? vs.slice() : vs.join(', ');
      return `Headers ${typeof inspect === 'function' ? inspect(o, options) : JSON.stringify(o)}`;
    }
  }
  webidl(Headers, 'Headers');
  Object.defineProperty(Headers.prototype, Symbol.iterator, { value: Headers.prototype.entries, writable: true, configurable: true });

  // ---- FormData
  let formList;
  // A FormData entry's value: a string, or a File (a Blob gets the name 'blob' or the one given).
  function entryValue(value, filename, n, prefix) {
    if (value instanceof Blob) {
      if (n > 2 || !(value instanceof File)) {
        const opts = { type: value.type };
        if (value instanceof File) opts.lastModified = value.lastModified;
        return new File([value], n > 2 ? usv(`${filename}`) : value instanceof File ? value.name : 'blob', opts);
      }
      return value;
    }
    if (n > 2) throw new TypeError(`Failed to execute '${prefix}' on 'FormData': parameter 2 is not of type 'Blob'`);
    return usv(`${value}`);
  }
  class FormData {
    #list = [];
    constructor(form = undefined) {
      if (form !== undefined) throw new TypeError('FormData constructor: Argument 1 could not be converted to: undefined.');
    }
    static { formList = (f) => (#list in f ? f.#list : null); }
    append(name, value, filename = undefined) {
      if (!(#list in this)) throw new TypeError('Illegal invocation');
      argCount('FormData.append', arguments.length, 2);
      this.#list.push([usv(`${name}`), entryValue(value, filename, arguments.length, 'append')]);
    }
    delete(name) {
      if (!(#list in this)) throw new TypeError('Illegal invocation');
      argCount('FormData.delete', arguments.length, 1);
      name = usv(`${name}`);
      this.#list = this.#list.filter((e) => e[0] !== name);
    }
    get(name) {
      if (!(#list in this)) throw new TypeError('Illegal invocation');
      argCount('FormData.get', arguments.length, 1);
      name = usv(`${name}`);
      const e = this.#list.find((x) => x[0] === name);
      return e === undefined ? null : e[1];
    }
    getAll(name) {
      if (!(#list in this)) throw new TypeError('Illegal invocation');
      argCount('FormData.getAll', arguments.length, 1);
      name = usv(`${name}`);
      return this.#list.filter((x) => x[0] === name).map((x) => x[1]);
    }
    has(name) {
      if (!(#list in this)) throw new TypeError('Illegal invocation');
      argCount('FormData.has', arguments.length, 1);
      name = usv(`${name}`);
      return this.#list.some((x) => x[0] === name);
    }
    set(name, value, filename = undefined) {
      if (!(#list in this)) throw new TypeError('Illegal invocation');
      argCount('FormData.set', arguments.length, 2);
      name = usv(`${name}`);
      const entry = [name, entryValue(value, filename, arguments.length, 'set')];
      const i = this.#list.findIndex((x) => x[0] === name);
      if (i < 0) this.#list.push(entry);
      else this.#list = [...this.#list.slice(0, i), entry, ...this.#list.slice(i + 1).filter((x) => x[0] !== name)];
    }
    keys() { if (!(#list in this)) throw new TypeError('Illegal invocation'); return makeIterator('FormData', () => this.#list.slice(), 'key'); }
    values() { if (!(#list in this)) throw new TypeError('Illegal invocation'); return makeIterator('FormData', () => this.#list.slice(), 'value'); }
    entries() { if (!(#list in this)) throw new TypeError('Illegal invocation'); return makeIterator('FormData', () => this.#list.slice(), 'entry'); }
    forEach(callback, thisArg = undefined) {
      if (!(#list in this)) throw new TypeError('Illegal invocation');
      if (typeof callback !== 'function') throw new TypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
      for (const [k, v] of this.#list.slice()) callback.call(thisArg, v, k, this);
    }
  }
  webidl(FormData, 'FormData');
  Object.defineProperty(FormData.prototype, Symbol.iterator, { value: FormData.prototype.entries, writable: true, configurable: true });

  // multipart/form-data: parts (Uint8Array or Blob, read when the body is) and the boundary.
  const escapeName = (s) => s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
  const crlfs = (s) => s.replace(/\r\n|\r|\n/g, '\r\n');
  function multipart(list) {
    let boundary = '----formdata-laf-';
    for (let i = 0; i < 16; i++) boundary += Math.floor(Math.random() * 10);
    const parts = [];
    let size = 0;
    const add = (p) => { parts.push(p); size += p.length === undefined ? p.size : p.length; };
    for (const [name, value] of list) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(crlfs(name))}"`;
      if (typeof value === 'string') {
        add(utf8(`${head}\r\n\r\n${crlfs(value)}\r\n`));
      } else {
        head += `; filename="${escapeName(value.name)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`;
        add(utf8(head));
        add(value);
        add(utf8('\r\n'));
      }
    }
    add(utf8(`--${boundary}--\r\n`));
    return { parts, size, type: `multipart/form-data; boundary=${boundary}` };
  }
  function indexOfBytes(hay, needle, from) {
    const first = needle[0];
    for (let i = hay.indexOf(first, from); i !== -1 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
      let j = 1;
      while (j < needle.length && hay[i + j] === needle[j]) j++;
      if (j === needle.length) return i;
    }
    return -1;
  }
  const unescapeName = (s) => s.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%22/g, '"');
  function parseMultipart(bytes, boundary) {
    const fail = () => new TypeError('Failed to parse body as FormData.');
    const delim = utf8(`--${boundary}`);
    const after = utf8(`\r\n--${boundary}`);
    let pos = 0;
    while (bytes[pos] === 13 && bytes[pos + 1] === 10) pos += 2;
    if (indexOfBytes(bytes, delim, pos) !== pos) throw fail();
    pos += delim.length;
    const out = [];
    for (;;) {
      if (bytes[pos] === 45 && bytes[pos + 1] === 45) return out;
      if (bytes[pos] !== 13 || bytes[pos + 1] !== 10) throw fail();
      pos += 2;
      let name = null, filename = null, type = null;
      for (;;) {
        const eol = indexOfBytes(bytes, [13, 10], pos);
        if (eol < 0) throw fail();
        if (eol === pos) { pos += 2; break; }
        const line = decoder.decode(bytes.subarray(pos, eol));
        pos = eol + 2;
        const colon = line.indexOf(':');
        if (colon <= 0) throw fail();
        const hn = line.slice(0, colon).trim().toLowerCase();
        const hv = line.slice(colon + 1).trim();
        if (hn === 'content-disposition') {
          if (!/^form-data\s*(;|$)/i.test(hv)) throw fail();
          const n = /;\s*name="([^"]*)"/i.exec(hv) || /;\s*name=([^;\s]*)/i.exec(hv);
          const f = /;\s*filename="([^"]*)"/i.exec(hv) || /;\s*filename=([^;\s]*)/i.exec(hv);
          if (n) name = unescapeName(n[1]);
          if (f) filename = unescapeName(f[1]);
        } else if (hn === 'content-type') type = hv;
      }
      if (name === null) throw fail();
      const end = indexOfBytes(bytes, after, pos);
      if (end < 0) throw fail();
      const body = bytes.slice(pos, end);
      pos = end + after.length;
      out.push([name, filename === null ? text(body) : new File([body], filename, { type: type || 'text/plain' })]);
    }
  }

  // ---- bodies (shared by Request and Response)
  // A body's source: null, a Uint8Array (owned, never written), a Blob, an array of those
  // (multipart), or an async iterable / reader-bearing stream read when the body is.
  const STREAM_KEY = Symbol('stream');
  const bodies = new WeakMap(); // Request/Response -> state
  function newState(src) { return { src, used: false, locked: false, stream: null, abortReason: undefined, aborted: false }; }
  function isStreamish(v) {
    return v !== null && typeof v === 'object' && (v instanceof ReadableStream ||
      typeof v.getReader === 'function' || typeof v[Symbol.asyncIterator] === 'function');
  }
  // The body of `init.body` (or a Response's body argument): its state source and content type.
  function extract(v) {
    if (v === null || v === undefined) return { src: null, type: null, stream: false };
    if (typeof v === 'string') return { src: utf8(v), type: 'text/plain;charset=UTF-8', stream: false };
    if (v instanceof URLSearchParams) return { src: utf8(v.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8', stream: false };
    if (v instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer)) {
      return { src: new Uint8Array(v.slice(0)), type: null, stream: false };
    }
    if (ArrayBuffer.isView(v)) return { src: new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice(), type: null, stream: false };
    if (v instanceof Blob) return { src: v, type: v.type || null, stream: false };
    const fl = typeof v === 'object' ? formList(v) : null;
    if (fl) {
      const m = multipart(fl);
      return { src: m.parts, type: m.type, stream: false };
    }
    if (v instanceof ReadableStream) {
      const s = v[STREAM_KEY]();
      if (s.used || s.locked) throw new TypeError('Response body object should not be disturbed or locked');
      s.locked = true; // disturbed when read
      return { src: v, type: null, stream: true };
    }
    if (isStreamish(v)) return { src: v, type: null, stream: true };
    return { src: utf8(`${v}`), type: 'text/plain;charset=UTF-8', stream: false };
  }
  function concatBytes(chunks) {
    if (chunks.length === 1) return chunks[0];
    let n = 0;
    for (const c of chunks) n += c.length;
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.length; }
    return out;
  }
  const chunkBytes = (c) => (typeof c === 'string' ? utf8(c) : c instanceof ArrayBuffer ? new Uint8Array(c)
    : ArrayBuffer.isView(c) ? new Uint8Array(c.buffer, c.byteOffset, c.byteLength) : utf8(`${c}`));
  // A stream body read once for a body and its clones (tee).
  class Shared {
    constructor(p) { this.p = p; }
  }
  function shareable(s) {
    const src = s.src;
    if (src !== null && !(src instanceof Uint8Array) && !(src instanceof Blob) && !Array.isArray(src) && !(src instanceof Shared)) {
      const p = bytesOf(src);
      p.catch(() => {});
      s.src = new Shared(p);
    }
    return s.src;
  }
  async function bytesOf(src) {
    if (src === null) return new Uint8Array(0);
    if (src instanceof Uint8Array) return src;
    if (src instanceof Shared) return src.p;
    if (src instanceof ReadableStream) {
      const s = src[STREAM_KEY]();
      s.used = true;
      return bytesOf(s.src);
    }
    if (src instanceof Blob) return new Uint8Array(await src.arrayBuffer());
    if (Array.isArray(src)) {
      const chunks = [];
      for (const p of src) chunks.push(p instanceof Blob ? new Uint8Array(await p.arrayBuffer()) : p);
      return concatBytes(chunks);
    }
    const chunks = [];
    if (typeof src.getReader === 'function') {
      const reader = src.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(chunkBytes(value));
      }
    } else {
      for await (const c of src) chunks.push(chunkBytes(c));
    }
    return concatBytes(chunks);
  }
  function unusable(s) { return s.used || s.locked; }
  async function consume(self, name) {
    const s = bodies.get(self);
    if (s === undefined) throw new TypeError('Illegal invocation');
    if (unusable(s)) throw new TypeError('Body is unusable: Body has already been read');
    if (s.src === null) return new Uint8Array(0);
    s.used = true;
    if (s.aborted) throw s.abortReason;
    const b = await bytesOf(s.src);
    if (s.aborted) throw s.abortReason;
    return b;
  }
  const contentType = (self) => self.headers.get('content-type');
  const bodyMethods = {
    async blob() {
      const b = await consume(this);
      const m = parseMime(contentType(this));
      return new Blob([b], { type: m ? serializeMime(m) : '' });
    },
    async arrayBuffer() { const b = await consume(this); return b.slice().buffer; },
    async text() { return text(await consume(this)); },
    async json() { return JSON.parse(text(await consume(this))); },
    async formData() {
      const b = await consume(this);
      const m = parseMime(contentType(this));
      if (m && m.essence === 'multipart/form-data') {
        const boundary = m.params.get('boundary');
        if (!boundary) throw new TypeError('Failed to parse body as FormData.');
        const fd = new FormData();
        formList(fd).push(...parseMultipart(b, boundary));
        return fd;
      }
      if (m && m.essence === 'application/x-www-form-urlencoded') {
        const fd = new FormData();
        const list = formList(fd);
        for (const [k, v] of new URLSearchParams(text(b))) list.push([k, v]);
        return fd;
      }
      throw new TypeError('Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".');
    },
    async bytes() { return (await consume(this)).slice(); },
  };
  function bodyGetter() {
    const s = bodies.get(this);
    if (s === undefined) throw new TypeError('Illegal invocation');
    if (s.src === null) return null;
    if (s.stream === null) s.stream = new ReadableStream(STREAM_KEY, s);
    return s.stream;
  }
  function bodyUsedGetter() {
    const s = bodies.get(this);
    if (s === undefined) throw new TypeError('Illegal invocation');
    return s.used;
  }

  // A body as a stream: enough of ReadableStream for readers and `for await` (one chunk, the
  // whole buffered body). Not a global: there are no web streams in this runtime.
  class ReadableStream {
    #s;
    constructor(key, s) {
      if (key !== STREAM_KEY) throw new TypeError('Illegal constructor');
      this.#s = s;
      Object.defineProperty(this, STREAM_KEY, { value: () => this.#s });
    }
    get locked() { return this.#s.locked; }
    getReader(options = undefined) {
      if (options && options.mode !== undefined) throw new TypeError('BYOB readers are not supported');
      if (this.#s.locked) throw new TypeError('Invalid state: ReadableStream is locked');
      return new ReadableStreamDefaultReader(STREAM_KEY, this.#s);
    }
    cancel(reason = undefined) {
      if (this.#s.locked) return Promise.reject(new TypeError('Invalid state: ReadableStream is locked'));
      this.#s.used = true;
      this.#s.src = null;
      return Promise.resolve();
    }
    values(options = undefined) {
      const reader = this.getReader();
      const preventCancel = !!(options && options.preventCancel);
      return {
        next: async () => {
          const r = await reader.read();
          if (r.done) reader.releaseLock();
          return r;
        },
        return: async (value) => { if (!preventCancel) await reader.cancel(); reader.releaseLock(); return { value, done: true }; },
        [Symbol.asyncIterator]() { return this; },
      };
    }
    [Symbol.asyncIterator](options) { return this.values(options); }
  }
  Object.defineProperty(ReadableStream.prototype, Symbol.toStringTag, { value: 'ReadableStream', configurable: true });
  class ReadableStreamDefaultReader {
    #s; #done = false; #released = false; #closed;
    constructor(key, s) {
      if (key !== STREAM_KEY) throw new TypeError('Illegal constructor');
      this.#s = s;
      s.locked = true;
      let resolve;
      this.#closed = new Promise((r) => { resolve = r; });
      this.#closed.resolve = resolve;
    }
    get closed() { return this.#closed; }
    async read() {
      if (this.#released) throw new TypeError('Invalid state: The reader is not attached to a stream');
      const s = this.#s;
      if (this.#done || s.src === null) { this.#done = true; this.#closed.resolve(); return { value: undefined, done: true }; }
      s.used = true;
      if (s.aborted) throw s.abortReason;
      const b = await bytesOf(s.src);
      this.#done = true;
      if (s.aborted) throw s.abortReason;
      if (b.length === 0) { this.#closed.resolve(); return { value: undefined, done: true }; }
      return { value: b.slice(), done: false };
    }
    async cancel(reason = undefined) {
      this.#done = true;
      this.#s.used = true;
      this.#closed.resolve();
    }
    releaseLock() {
      if (this.#released) return;
      this.#released = true;
      this.#s.locked = false;
    }
  }
  Object.defineProperty(ReadableStreamDefaultReader.prototype, Symbol.toStringTag, { value: 'ReadableStreamDefaultReader', configurable: true });

  // ---- Request
  const METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
  const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
  const ENUMS = {
    mode: ['same-origin', 'no-cors', 'cors', 'navigate', 'websocket'],
    credentials: ['omit', 'same-origin', 'include'],
    cache: ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'],
    redirect: ['follow', 'manual', 'error'],
    referrerPolicy: ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin', 'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'],
    duplex: ['half'],
    priority: ['high', 'low', 'auto'],
  };
  function parseURL(input) {
    try {
      return new URL(`${input}`);
    } catch (_) {
      const cause = new TypeError('Invalid URL');
      cause.code = 'ERR_INVALID_URL';
      cause.input = `${input}`;
      throw new TypeError(`Failed to parse URL from ${input}`, { cause });
    }
  }
  const isSignal = (s) => s !== null && typeof s === 'object' && typeof s.aborted === 'boolean' && typeof s.addEventListener === 'function';
  function followSignal(from) {
    const c = new AbortController();
    if (from) {
      if (from.aborted) c.abort(from.reason);
      else from.addEventListener('abort', () => c.abort(from.reason), { once: true });
    }
    return c.signal;
  }
  function dictionary(init, ctx) {
    if (init === undefined || init === null) return {};
    if (typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError(`${ctx}: Expected ${typeof init === 'string' ? init : String(init)} to be one of: Null, Undefined, Object.`);
    }
    return init;
  }

  class Request {
    #r;
    constructor(input, init = undefined) {
      argCount('Request constructor', arguments.length, 1);
      init = dictionary(init, 'undefined');
      let r;
      let inputState = null;
      if (input !== null && typeof input === 'object' && #r in input) {
        const o = input.#r;
        r = { ...o };
        inputState = bodies.get(input);
      } else {
        const url = parseURL(input);
        if (url.username || url.password) throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${input}`);
        r = { method: 'GET', url: url.href, headers: null, signal: null, mode: 'cors', credentials: 'same-origin', cache: 'default',
          redirect: 'follow', referrer: 'about:client', referrerPolicy: '', integrity: '', keepalive: false, duplex: 'half' };
      }
      for (const k of Object.keys(ENUMS)) {
        if (init[k] === undefined) continue;
        const v = `${init[k]}`;
        if (!ENUMS[k].includes(v)) throw new TypeError(`Request constructor: ${v} is not an accepted type. Expected one of ${ENUMS[k].join(', ')}.`);
        if (k === 'mode' && (v === 'navigate' || v === 'websocket')) throw new TypeError(`Request constructor: invalid request mode ${v}.`);
        if (k !== 'priority') r[k] = v;
      }
      if (init.referrer !== undefined) {
        const ref = `${init.referrer}`;
        r.referrer = ref === '' ? '' : parseURL(ref).href;
      }
      if (init.integrity !== undefined) r.integrity = `${init.integrity}`;
      if (init.keepalive !== undefined) r.keepalive = !!init.keepalive;
      if (init.method !== undefined) {
        let m = byteString(init.method);
        if (!TOKEN.test(m)) throw new TypeError(`'${m}' is not a valid HTTP method.`);
        const up = m.toUpperCase();
        if (FORBIDDEN_METHODS.has(up)) throw new TypeError(`'${m}' HTTP method is unsupported.`);
        if (METHODS.has(up)) m = up;
        r.method = m;
      }
      let signal = r.signal;
      if (init.signal !== undefined) {
        if (init.signal !== null && !isSignal(init.signal)) throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
        signal = init.signal;
      }
      r.signal = followSignal(signal);
      const headers = new Headers(init.headers !== undefined ? init.headers : r.headers || undefined);
      r.headers = headers;
      const hasInitBody = init.body !== undefined && init.body !== null;
      const inputBody = inputState && inputState.src !== null ? inputState : null;
      if ((hasInitBody || inputBody) && (r.method === 'GET' || r.method === 'HEAD')) {
        throw new TypeError('Request with GET/HEAD method cannot have body.');
      }
      let state;
      if (hasInitBody) {
        const b = extract(init.body);
        if (b.stream && init.duplex === undefined) throw new TypeError('RequestInit: duplex option is required when sending a body.');
        if (b.type !== null && !headers.has('content-type')) headersAppend(headers, 'content-type', b.type);
        state = newState(b.src);
      } else if (inputBody) {
        if (unusable(inputBody)) throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
        state = newState(inputBody.src);
        inputBody.used = true;
      } else state = newState(null);
      this.#r = r;
      bodies.set(this, state);
    }
    get method() { return this.#r.method; }
    get url() { return this.#r.url; }
    get headers() { return this.#r.headers; }
    get destination() { return ''; }
    get referrer() { return this.#r.referrer; }
    get referrerPolicy() { return this.#r.referrerPolicy; }
    get mode() { return this.#r.mode; }
    get credentials() { return this.#r.credentials; }
    get cache() { return this.#r.cache; }
    get redirect() { return this.#r.redirect; }
    get integrity() { return this.#r.integrity; }
    get keepalive() { return this.#r.keepalive; }
    get isReloadNavigation() { return false; }
    get isHistoryNavigation() { return false; }
    get signal() { return this.#r.signal; }
    get body() { return bodyGetter.call(this); }
    get bodyUsed() { return bodyUsedGetter.call(this); }
    get duplex() { return 'half'; }
    clone() {
      if (!(#r in this)) throw new TypeError('Illegal invocation');
      const s = bodies.get(this);
      if (unusable(s)) throw new TypeError('unusable');
      const c = new Request('http://x/');
      c.#r = { ...this.#r, headers: new Headers(this.#r.headers), signal: followSignal(this.#r.signal) };
      bodies.set(c, newState(shareable(s)));
      return c;
    }
  }
  for (const [k, fn] of Object.entries(bodyMethods)) Object.defineProperty(Request.prototype, k, { value: fn, writable: true, configurable: true });
  webidl(Request, 'Request');

  // ---- Response
  const NULL_BODY = new Set([101, 103, 204, 205, 304]);
  const REDIRECTS = new Set([301, 302, 303, 307, 308]);
  let makeResponse;
  class Response {
    #r;
    constructor(body = null, init = undefined) {
      init = dictionary(init, 'undefined');
      const status = init.status === undefined ? 200 : (Number(init.status) & 0xffff) >>> 0;
      if (status < 200 || status > 599) throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
      const statusText = init.statusText === undefined ? '' : byteString(init.statusText);
      if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(statusText)) throw new TypeError('Invalid statusText');
      const headers = new Headers(init.headers);
      let src = null;
      if (body !== null && body !== undefined) {
        if (NULL_BODY.has(status)) throw new TypeError(`Response constructor: Invalid response status code ${status}`);
        const b = extract(body);
        if (b.type !== null && !headers.has('content-type')) headersAppend(headers, 'content-type', b.type);
        src = b.src;
      }
      this.#r = { type: 'default', url: '', redirected: false, status, statusText, headers };
      bodies.set(this, newState(src));
    }
    static {
      makeResponse = (r, src) => {
        const res = new Response();
        res.#r = r;
        bodies.get(res).src = src;
        return res;
      };
    }
    get type() { return this.#r.type; }
    get url() { return this.#r.url; }
    get redirected() { return this.#r.redirected; }
    get status() { return this.#r.status; }
    get ok() { return this.#r.status >= 200 && this.#r.status <= 299; }
    get statusText() { return this.#r.statusText; }
    get headers() { return this.#r.headers; }
    get body() { return bodyGetter.call(this); }
    get bodyUsed() { return bodyUsedGetter.call(this); }
    clone() {
      if (!(#r in this)) throw new TypeError('Illegal invocation');
      const s = bodies.get(this);
      if (unusable(s)) throw new TypeError('Response.clone: Body has already been consumed.');
      const h = new Headers(this.#r.headers);
      if (this.#r.immutable) headersGuard(h, IMMUTABLE);
      const c = makeResponse({ ...this.#r, headers: h }, shareable(s));
      const cs = bodies.get(c);
      if (s.aborted) { cs.aborted = true; cs.abortReason = s.abortReason; }
      if (s.clones) { s.clones.push(cs); cs.clones = s.clones; }
      return c;
    }
    static error() {
      return makeResponse({ type: 'error', url: '', redirected: false, status: 0, statusText: '', headers: headersGuard(new Headers(), IMMUTABLE), immutable: true }, null);
    }
    static json(data, init = undefined) {
      argCount('Response.json', arguments.length, 1);
      const s = JSON.stringify(data);
      if (s === undefined) throw new TypeError('Value is not JSON serializable');
      init = dictionary(init, 'Response.json');
      const headers = new Headers(init.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(s, { status: init.status, statusText: init.statusText, headers });
    }
    static redirect(url, status = 302) {
      argCount('Response.redirect', arguments.length, 1);
      const parsed = parseURL(url);
      status = (Number(status) & 0xffff) >>> 0;
      if (!REDIRECTS.has(status)) throw new RangeError(`Invalid status code ${status}`);
      const h = new Headers({ location: parsed.href });
      return makeResponse({ type: 'default', url: '', redirected: false, status, statusText: '', headers: headersGuard(h, IMMUTABLE), immutable: true }, null);
    }
  }
  for (const [k, fn] of Object.entries(bodyMethods)) Object.defineProperty(Response.prototype, k, { value: fn, writable: true, configurable: true });
  webidl(Response, 'Response');
  for (const k of ['error', 'json', 'redirect']) Object.defineProperty(Response, k, { enumerable: true });

  // ---- fetch
  const BAD_PORTS = new Set([1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103,
    104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531,
    532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000,
    6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);
  const failed = (cause) => new TypeError('fetch failed', { cause });
  // The host's failure as Node's network error (code, syscall) where its message says which one;
  // `http` raises the same errors.
  function netError(e, host, port) {
    // The host's own Node-shaped errors (the network policy's EACCES) pass as they are.
    if (e instanceof Error && typeof e.code === 'string') return e;
    let msg = typeof e === 'string' ? e : e && e.message ? `${e.message}` : `${e}`;
    msg = msg.replace(/^fetch failed: /, '');
    let err;
    if (/connection refused/i.test(msg)) {
      err = new Error(`connect ECONNREFUSED ${host}:${port}`);
      Object.assign(err, { errno: -111, code: 'ECONNREFUSED', syscall: 'connect', address: host, port: +port });
    } else if (/dns error|failed to lookup address|name or service not known|no such host|nodename nor servname/i.test(msg)) {
      err = new Error(`getaddrinfo ENOTFOUND ${host}`);
      Object.assign(err, { errno: -3008, code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: host });
    } else {
      err = e instanceof Error ? e : new Error(msg);
      if (/timed? ?out|deadline/i.test(msg)) err.code = err.code || 'ETIMEDOUT';
      else if (/connection reset|broken pipe|connection closed/i.test(msg)) err.code = err.code || 'ECONNRESET';
    }
    return err;
  }
  const hostError = (e, url) =>
    netError(e, url.hostname.replace(/^\[|\]$/g, ''), url.port || (url.protocol === 'https:' ? '443' : '80'));
  function dataURL(url) {
    const href = url.href.replace(/#.*$/, '');
    const comma = href.indexOf(',');
    if (comma < 0) throw failed(new Error('invalid data: URL'));
    let meta = href.slice(5, comma).trim();
    let body = decodeURIComponentBytes(href.slice(comma + 1));
    if (/;\s*base64$/i.test(meta)) {
      meta = meta.replace(/;\s*base64$/i, '');
      const b64 = String.fromCharCode(...body).replace(/[\t\n\f\r ]/g, '');
      try { body = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)); } catch { throw failed(new Error('invalid data: URL')); }
    }
    if (meta.startsWith(';')) meta = `text/plain${meta}`;
    const m = parseMime(meta);
    const type = m ? serializeMime(m) : 'text/plain;charset=US-ASCII';
    const h = headersGuard(new Headers({ 'content-type': type }), IMMUTABLE);
    return makeResponse({ type: 'basic', url: href, redirected: false, status: 200, statusText: 'OK', headers: h, immutable: true }, body);
  }
  function decodeURIComponentBytes(s) {
    const out = [];
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 37 && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) { out.push(parseInt(s.slice(i + 1, i + 3), 16)); i += 2; } else if (c < 128) out.push(c);
      else for (const b of utf8(s[i])) out.push(b);
    }
    return new Uint8Array(out);
  }
  const atob = (s) => require('buffer').atob(s);

  async function fetch(input, init = undefined) {
    argCount('fetch', arguments.length, 1);
    const request = new Request(input, init);
    const signal = request.signal;
    if (signal.aborted) throw signal.reason;
    const url = new URL(request.url);
    if (url.protocol === 'data:') return dataURL(url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw failed(new Error('not implemented... yet...'));
    if (url.port !== '' && BAD_PORTS.has(+url.port)) throw failed(new Error('bad port'));
    const s = bodies.get(request);
    let body = null;
    if (s.src !== null) {
      s.used = true;
      body = await bytesOf(s.src);
    }
    const flat = [];
    for (const [k, vs] of headersList(request.headers)) {
      if (k === 'set-cookie') for (const v of vs) flat.push(k, v);
      else flat.push(k, vs.join(', '));
    }
    const target = request.url.replace(/#.*$/, '');
    return new Promise((resolve, reject) => {
      let settled = false;
      let res = null;
      const onAbort = () => {
        if (res !== null) {
          // After the answer: its unread body fails with the reason, as a cut stream would.
          const rs = bodies.get(res);
          const reason = new DOMException('The operation was aborted.', 'AbortError');
          for (const x of [rs, ...rs.clones]) if (!x.used) { x.aborted = true; x.abortReason = reason; }
          return;
        }
        if (settled) return;
        settled = true;
        reject(signal.reason);
      };
      if (signal.aborted) { onAbort(); return; }
      signal.addEventListener('abort', onAbort, { once: true });
      let call;
      try {
        if (!native || typeof native.fetch !== 'function') throw new Error('the host has no HTTP client for this context');
        call = native.fetch(target, request.method, flat, body);
      } catch (e) {
        settled = true;
        signal.removeEventListener('abort', onAbort);
        reject(failed(hostError(e, url)));
        return;
      }
      call.then((r) => {
        if (settled) return;
        settled = true;
        const finalUrl = r[4] || target;
        if (request.redirect === 'error' && finalUrl !== target) {
          signal.removeEventListener('abort', onAbort);
          reject(failed(new Error('unexpected redirect')));
          return;
        }
        const h = new Headers();
        const hf = r[2];
        for (let i = 0; i + 1 < hf.length; i += 2) headersAppend(h, `${hf[i]}`.toLowerCase(), `${hf[i + 1]}`);
        headersGuard(h, IMMUTABLE);
        const status = r[0];
        const nullBody = NULL_BODY.has(status) || request.method === 'HEAD';
        res = makeResponse({ type: 'basic', url: finalUrl, redirected: finalUrl !== target, status, statusText: r[1], headers: h, immutable: true },
          nullBody ? null : r[3] instanceof Uint8Array ? r[3] : chunkBytes(r[3] ?? ''));
        bodies.get(res).clones = [];
        resolve(res);
      }, (e) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        reject(failed(hostError(e, url)));
      });
    });
  }

  module.exports = { Headers, Request, Response, FormData, fetch };
  Object.defineProperty(module.exports, 'netError', { value: netError });
})
