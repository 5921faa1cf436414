// Node's `tty` for a runtime without terminals: isatty() is always false; ReadStream/WriteStream are net.Socket subclasses whose isTTY is false (a WriteStream of fd 1/2 writes to process.stdout/stderr, a ReadStream ends at once), no colours (getColorDepth() is 1); no raw mode, no window size events.
(function (exports, require, module) {
  'use strict';
  const { Socket } = require('net');
  const internal = () => require('util')[Symbol.for('laf.node.internal')];

  // No descriptor of a cloud function is a terminal; Node's argument rules give false too.
  function isatty(fd) {
    return false;
  }

  class ReadStream extends Socket {
    constructor(fd, options) {
      super(options);
      this.fd = fd;
      this.isRaw = false;
      this.isTTY = false;
    }
    setRawMode(flag) {
      this.isRaw = !!flag;
      return this;
    }
    _read() {
      this.push(null);
    }
    _write(chunk, encoding, cb) {
      cb();
    }
    _final(cb) {
      cb();
    }
    _destroy(error, cb) {
      cb(error);
    }
  }

  class WriteStream extends Socket {
    constructor(fd) {
      super();
      this.fd = fd;
      this.columns = 80;
      this.rows = 24;
      this.isTTY = false;
    }
    _write(chunk, encoding, cb) {
      const out = this.fd === 1 ? require('process').stdout : this.fd === 2 ? require('process').stderr : null;
      if (out) out.write(chunk, encoding);
      cb();
    }
    _final(cb) {
      cb();
    }
    _read() {
      this.push(null);
    }
    _destroy(error, cb) {
      cb(error);
    }
    // Two colours whatever the environment says: the function log is not a terminal.
    getColorDepth(env) {
      return 1;
    }
    hasColors(count, env) {
      if (count !== undefined && (count === null || typeof count !== 'object')) internal().validateInteger(count, 'count', 2);
      else count = 16;
      return count <= 2;
    }
    getWindowSize() {
      return [this.columns, this.rows];
    }
    cursorTo(x, y, cb) {
      if (typeof y === 'function') cb = y;
      if (typeof cb === 'function') require('process').nextTick(cb);
      return true;
    }
    moveCursor(dx, dy, cb) {
      if (typeof cb === 'function') require('process').nextTick(cb);
      return true;
    }
    clearLine(dir, cb) {
      if (typeof cb === 'function') require('process').nextTick(cb);
      return true;
    }
    clearScreenDown(cb) {
      if (typeof cb === 'function') require('process').nextTick(cb);
      return true;
    }
    _refreshSize() {}
  }
  WriteStream.prototype.isTTY = false;

  module.exports = { isatty, ReadStream, WriteStream };
})
