// Node's `fs`, sandboxed: the call's uploads (ctx.files[i].path) read-only, and the app's scratch
// folder at os.tmpdir() ('/tmp') read-write; every other path fails with EACCES. Sync, callback and
// promise forms, read/write streams, Stats and Dirent. Not here: file descriptors (open/read/write
// by fd), watch, symlinks, chmod/chown, utimes.
(function (exports, require, module, native) {
  'use strict';
  const { Buffer } = require('buffer');
  const { Readable, Writable } = require('stream');

  const constants = {
    F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, COPYFILE_EXCL: 1, COPYFILE_FICLONE: 2, COPYFILE_FICLONE_FORCE: 4,
    O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024,
    S_IFMT: 61440, S_IFREG: 32768, S_IFDIR: 16384, S_IFLNK: 40960,
  };
  const invalid = (name, v) => Object.assign(new TypeError(`The "${name}" argument must be of type string or an instance of Buffer or URL. Received ${v === null ? 'null' : typeof v}`), { code: 'ERR_INVALID_ARG_TYPE' });
  function pathOf(p, name = 'path') {
    if (typeof p === 'string') return p;
    if (p instanceof URL) {
      if (p.protocol !== 'file:') throw Object.assign(new TypeError('The URL must be of scheme file'), { code: 'ERR_INVALID_URL_SCHEME' });
      return decodeURIComponent(p.pathname);
    }
    if (p instanceof Uint8Array) return Buffer.from(p).toString();
    throw invalid(name, p);
  }
  const encodingOf = (options) => (typeof options === 'string' ? options : options && options.encoding) || null;
  const flagOf = (options, fallback) => (options && typeof options === 'object' && options.flag) || fallback;
  const dataOf = (data, options) => {
    if (typeof data === 'string') return Buffer.from(data, encodingOf(options) || 'utf8');
    if (data instanceof Uint8Array) return data;
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return Buffer.from(String(data));
  };

  class Stats {
    constructor(o) {
      Object.assign(this, o);
      this.atime = new Date(o.atimeMs);
      this.mtime = new Date(o.mtimeMs);
      this.ctime = new Date(o.ctimeMs);
      this.birthtime = new Date(o.birthtimeMs);
    }
    isFile() { return (this.mode & constants.S_IFMT) === constants.S_IFREG; }
    isDirectory() { return (this.mode & constants.S_IFMT) === constants.S_IFDIR; }
    isSymbolicLink() { return (this.mode & constants.S_IFMT) === constants.S_IFLNK; }
    isBlockDevice() { return (this.mode & constants.S_IFMT) === 24576; }
    isCharacterDevice() { return (this.mode & constants.S_IFMT) === 8192; }
    isFIFO() { return (this.mode & constants.S_IFMT) === 4096; }
    isSocket() { return (this.mode & constants.S_IFMT) === 49152; }
  }
  class Dirent {
    constructor(name, kind, parentPath) { this.name = name; this.parentPath = parentPath; this.path = parentPath; this._kind = kind; }
    isFile() { return this._kind === '1'; }
    isDirectory() { return this._kind === '2'; }
    isSymbolicLink() { return this._kind === '3'; }
    isBlockDevice() { return false; }
    isCharacterDevice() { return false; }
    isFIFO() { return false; }
    isSocket() { return false; }
  }

  // ---- the synchronous forms, on which the others are built
  const sync = {
    readFileSync(path, options) {
      const bytes = native.read(pathOf(path));
      const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const enc = encodingOf(options);
      return enc ? b.toString(enc) : b;
    },
    writeFileSync(path, data, options) { native.write(pathOf(path), dataOf(data, options), flagOf(options, 'w')); },
    appendFileSync(path, data, options) { native.write(pathOf(path), dataOf(data, options), flagOf(options, 'a')); },
    existsSync(path) { try { return native.exists(pathOf(path)); } catch { return false; } },
    statSync(path, options) {
      try { return new Stats(native.stat(pathOf(path), false)); } catch (e) { if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined; throw e; }
    },
    lstatSync(path, options) {
      try { return new Stats(native.stat(pathOf(path), true)); } catch (e) { if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined; throw e; }
    },
    readdirSync(path, options) {
      const p = pathOf(path);
      const entries = native.readdir(p);
      if (options && options.withFileTypes) return entries.map((e) => new Dirent(e.slice(1), e[0], p));
      const enc = encodingOf(options);
      return entries.map((e) => (enc === 'buffer' ? Buffer.from(e.slice(1)) : e.slice(1)));
    },
    mkdirSync(path, options) {
      const recursive = !!(options && typeof options === 'object' && options.recursive);
      return native.mkdir(pathOf(path), recursive) ?? undefined;
    },
    rmSync(path, options = {}) { native.remove(pathOf(path), 'rm', !!options.recursive, !!options.force); },
    rmdirSync(path, options = {}) { native.remove(pathOf(path), 'rmdir', !!options.recursive, false); },
    unlinkSync(path) { native.remove(pathOf(path), 'unlink', false, false); },
    renameSync(from, to) { native.move('rename', pathOf(from, 'oldPath'), pathOf(to, 'newPath'), false); },
    copyFileSync(from, to, mode = 0) { native.move('copyfile', pathOf(from, 'src'), pathOf(to, 'dest'), (mode & constants.COPYFILE_EXCL) !== 0); },
    cpSync(from, to, options = {}) { native.move('copyfile', pathOf(from, 'src'), pathOf(to, 'dest'), options.force === false); },
    truncateSync(path, len = 0) { native.truncate(pathOf(path), len); },
    accessSync(path, mode = constants.F_OK) { native.access(pathOf(path), (mode & constants.W_OK) !== 0); },
    realpathSync(path) { return native.realpath(pathOf(path)); },
    mkdtempSync(prefix) { return native.mkdtemp(String(prefix)); },
  };
  sync.realpathSync.native = sync.realpathSync;

  // ---- callback forms: the work is done now, the answer comes on a later turn, as in Node
  const later = (fn) => (...args) => setTimeout(fn, 0, ...args);
  const callbacks = {};
  for (const [name, fn] of Object.entries(sync)) {
    if (name === 'existsSync') continue;
    const base = name.slice(0, -4);
    callbacks[base] = function (...args) {
      const cb = args.pop();
      if (typeof cb !== 'function') throw Object.assign(new TypeError(`The "cb" argument must be of type function. Received ${typeof cb}`), { code: 'ERR_INVALID_ARG_TYPE' });
      let result, error = null;
      try { result = fn(...args); } catch (e) { error = e; }
      later(() => (error ? cb(error) : cb(null, result)))();
    };
  }
  callbacks.exists = (path, cb) => { const r = sync.existsSync(path); setTimeout(cb, 0, r); };

  // ---- promises
  const promises = {};
  for (const [name, fn] of Object.entries(sync)) {
    if (name === 'existsSync') continue;
    promises[name.slice(0, -4)] = (...args) => new Promise((resolve, reject) => {
      let result;
      try { result = fn(...args); } catch (e) { setTimeout(reject, 0, e); return; }
      setTimeout(resolve, 0, result);
    });
  }
  promises.constants = constants;

  // ---- streams over whole-file operations
  class ReadStream extends Readable {
    constructor(path, options = {}) {
      if (typeof options === 'string') options = { encoding: options };
      super({ highWaterMark: options.highWaterMark ?? 64 * 1024, encoding: options.encoding });
      this.path = pathOf(path);
      this.start = options.start;
      this.end = options.end;
      this.bytesRead = 0;
      this.pending = true;
      this._data = null;
      this._pos = 0;
    }
    _read(size) {
      try {
        if (this._data === null) {
          const all = sync.readFileSync(this.path);
          this._data = all.subarray(this.start ?? 0, this.end === undefined ? all.length : this.end + 1);
          this.pending = false;
          this.emit('open', 3);
          this.emit('ready');
        }
      } catch (e) { this.destroy(e); return; }
      if (this._pos >= this._data.length) { this.push(null); return; }
      const chunk = this._data.subarray(this._pos, this._pos + size);
      this._pos += chunk.length;
      this.bytesRead += chunk.length;
      this.push(chunk);
    }
    close(cb) { this.destroy(); if (typeof cb === 'function') this.once('close', cb); }
  }
  class WriteStream extends Writable {
    constructor(path, options = {}) {
      if (typeof options === 'string') options = { encoding: options };
      super({ highWaterMark: options.highWaterMark, decodeStrings: true, defaultEncoding: options.encoding || 'utf8' });
      this.path = pathOf(path);
      this.bytesWritten = 0;
      this.pending = true;
      this._flag = options.flags || 'w';
    }
    _construct(cb) {
      try { native.write(this.path, new Uint8Array(0), this._flag); } catch (e) { cb(e); return; }
      this.pending = false;
      cb();
      this.emit('open', 4);
      this.emit('ready');
    }
    _write(chunk, encoding, cb) {
      try { native.write(this.path, chunk, 'a'); } catch (e) { cb(e); return; }
      this.bytesWritten += chunk.length;
      cb();
    }
    close(cb) { this.end(); if (typeof cb === 'function') this.once('close', cb); }
  }

  const notHere = (what) => function () {
    const e = new Error(`fs.${what} is not available to cloud functions (only whole-file operations on os.tmpdir() and uploads)`);
    e.code = 'ERR_NOT_AVAILABLE';
    throw e;
  };
  module.exports = {
    ...callbacks,
    ...sync,
    promises,
    constants,
    ...constants,
    Stats,
    Dirent,
    ReadStream,
    WriteStream,
    createReadStream: (path, options) => new ReadStream(path, options),
    createWriteStream: (path, options) => new WriteStream(path, options),
    open: notHere('open'), openSync: notHere('openSync'), close: notHere('close'), closeSync: notHere('closeSync'),
    read: notHere('read'), readSync: notHere('readSync'), write: notHere('write'), writeSync: notHere('writeSync'),
    fstat: notHere('fstat'), fstatSync: notHere('fstatSync'), watch: notHere('watch'), watchFile: notHere('watchFile'),
    unwatchFile: notHere('unwatchFile'), symlink: notHere('symlink'), symlinkSync: notHere('symlinkSync'),
    link: notHere('link'), linkSync: notHere('linkSync'), chmod: notHere('chmod'), chmodSync: notHere('chmodSync'),
    chown: notHere('chown'), chownSync: notHere('chownSync'), utimes: notHere('utimes'), utimesSync: notHere('utimesSync'),
    readlink: notHere('readlink'), readlinkSync: notHere('readlinkSync'), opendir: notHere('opendir'), opendirSync: notHere('opendirSync'),
  };
})
