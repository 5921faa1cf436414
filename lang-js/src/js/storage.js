// `cloud.storage`: Laf's CloudStorage and CloudStorageBucket (@lafjs/cloud 1.0.0) over the app's
// storage binding, with AWS SDK v3 result and error shapes. Evaluated once per app context, the
// first time a function uses storage. `exec(op, bucket, key, ...args)` is the native: one call and
// one promise per operation. Bucket names go to the host as the function wrote them: the host adds
// the app's prefix and refuses other apps' buckets. An object's body is a host handle, read through
// `read(handle, mode, encoding?)`; `sendable(value, handle)` tells the bootstrap that `value`,
// returned from a function, is answered with that body (only the bootstrap can send one).
(function storage(exec, read, url, fullName, toU8, sendable) {
  'use strict';
  const OP = { GET: 0, PUT: 1, PUT_FILE: 2, DELETE: 3, LIST: 4, PRESIGN_GET: 5, PRESIGN_PUT: 6 };
  const READ = { NEXT: 0, BYTES: 1, TEXT: 2, CANCEL: 3 };
  const RAW = Symbol('bucket.raw');
  // StorageBody -> its host handle, out of the function's reach.
  const handles = new WeakMap();
  const hidden = (obj, key, value) =>
    Object.defineProperty(obj, key, { value, writable: false, configurable: false, enumerable: false });

  // Laf asserts its required arguments; as an async method's assertion, the promise rejects.
  function need(v, what) {
    if (typeof v !== 'string' || v === '') throw new TypeError(`${what} is required`);
    return v;
  }
  const opt = (v) => (v === undefined || v === null ? undefined : String(v));
  const meta = (code) => ({ httpStatusCode: code });

  // The Body of readFile: AWS SDK v3's stream mixin (transformToString, transformToByteArray),
  // and async-iterable in Uint8Array chunks pulled one at a time from the host's stream.
  class StorageBody {
    constructor(handle) {
      handles.set(this, handle);
      // Returned from a function, the body is sent as the response, streamed from storage.
      sendable(this, handle);
    }
    transformToString(encoding = 'utf-8') { return read(handles.get(this), READ.TEXT, String(encoding)); }
    transformToByteArray() { return read(handles.get(this), READ.BYTES); }
    [Symbol.asyncIterator]() {
      const handle = handles.get(this);
      return {
        next: () => read(handle, READ.NEXT).then((value) => (value === null ? { done: true, value: undefined } : { done: false, value })),
        // `break` out of `for await`: the host closes the stream now, not when the body is freed.
        return: (value) => { read(handle, READ.CANCEL); return Promise.resolve({ done: true, value }); },
        [Symbol.asyncIterator]() { return this; },
      };
    }
  }
  Object.defineProperty(StorageBody.prototype, Symbol.toStringTag, { value: 'StorageBody', configurable: true });

  function flatMetadata(m) {
    if (m === undefined || m === null) return undefined;
    if (typeof m !== 'object') throw new TypeError('Metadata must be an object of strings');
    const out = [];
    for (const k of Object.keys(m)) out.push(k, String(m[k]));
    return out;
  }

  class CloudStorageBucket {
    constructor(storage, name) {
      need(name, 'bucketName');
      hidden(this, RAW, name);
      this.storage = storage;
      // The full name, as Laf shows it (`<appid>-<name>`); a name that is not the app's stays as
      // written, and its operations fail with AccessDenied or InvalidBucketName.
      this.name = fullName(name) ?? name;
    }

    async readFile(filename, options = {}) {
      const res = await exec(OP.GET, this[RAW], need(filename, 'filename'), opt(options && options.Range));
      const handle = res.Body;
      res.Body = new StorageBody(handle);
      sendable(res, handle);
      return res;
    }

    async writeFile(filename, body, options = {}) {
      need(filename, 'filename');
      if (body === undefined || body === null) throw new TypeError('body is required');
      const o = options || {};
      const ct = opt(o.ContentType);
      const md = flatMetadata(o.Metadata);
      let etag;
      if (typeof body === 'string') {
        etag = await exec(OP.PUT, this[RAW], filename, body, ct, md);
      } else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
        etag = await exec(OP.PUT, this[RAW], filename, toU8(body), ct, md);
      } else if (typeof body === 'object' && typeof body[Symbol.asyncIterator] === 'function' && !(typeof body.path === 'string' && !body.path.startsWith('/tmp/'))) {
        // A Node readable stream (fs.createReadStream of a scratch file, a Transform...), as Laf's
        // docs pass one: gathered, then stored. A stream over an upload is streamed by the host below.
        const chunks = [];
        let size = 0;
        for await (const c of body) {
          const bytes = typeof c === 'string' ? new TextEncoder().encode(c) : toU8(c);
          chunks.push(bytes);
          size += bytes.length;
        }
        const all = new Uint8Array(size);
        let at = 0;
        for (const c of chunks) { all.set(c, at); at += c.length; }
        etag = await exec(OP.PUT, this[RAW], filename, all, ct, md);
      } else if (typeof body === 'object' && typeof body.path === 'string') {
        // An entry of ctx.files: streamed by the host from its temporary file.
        etag = await exec(OP.PUT_FILE, this[RAW], filename, body.path, ct, md);
      } else {
        throw new TypeError('body must be a string, a Uint8Array, an ArrayBuffer, a typed array, a readable stream or an entry of ctx.files');
      }
      return { ETag: etag, $metadata: meta(200) };
    }

    async deleteFile(filename) {
      await exec(OP.DELETE, this[RAW], need(filename, 'filename'));
      return { $metadata: meta(204) };
    }

    // ListObjectsV2's input and output; `Marker` (ListObjects, which Laf's SDK calls) is taken
    // as `StartAfter`, which means the same.
    async listFiles(options = {}) {
      const o = options || {};
      const maxKeys = o.MaxKeys === undefined || o.MaxKeys === null ? undefined : Number(o.MaxKeys);
      const startAfter = opt(o.StartAfter ?? o.Marker);
      const res = await exec(OP.LIST, this[RAW], '', opt(o.Prefix), opt(o.Delimiter), maxKeys, opt(o.ContinuationToken), startAfter);
      res.Name = this.name;
      res.Prefix = opt(o.Prefix) ?? '';
      if (o.Delimiter != null) res.Delimiter = String(o.Delimiter);
      res.MaxKeys = maxKeys ?? 1000;
      if (o.ContinuationToken != null) res.ContinuationToken = String(o.ContinuationToken);
      if (startAfter !== undefined) res.StartAfter = startAfter;
      res.$metadata = meta(200);
      return res;
    }

    externalUrl(filename) { return url(this[RAW], need(filename, 'filename')); }
    // One endpoint serves functions and the outside alike.
    internalUrl(filename) { return this.externalUrl(filename); }

    async getUploadUrl(filename, expiresIn = 3600) {
      return exec(OP.PRESIGN_PUT, this[RAW], need(filename, 'filename'), Number(expiresIn));
    }

    async getDownloadUrl(filename, expiresIn = 3600) {
      return exec(OP.PRESIGN_GET, this[RAW], need(filename, 'filename'), Number(expiresIn));
    }
  }

  const unsupported = (what) => () => {
    throw new Error(`${what} is not available here: use cloud.storage.bucket(name) and its methods`);
  };
  class CloudStorage {
    bucket(bucketName) { return new CloudStorageBucket(this, bucketName); }
  }
  CloudStorage.prototype.getExternalS3Client = unsupported('getExternalS3Client()');
  CloudStorage.prototype.getInternalS3Client = unsupported('getInternalS3Client()');
  return new CloudStorage();
})
