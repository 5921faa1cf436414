// node:console — the global console (which writes to the function's log) and the Console class over
// any writable streams: log/info/debug, warn/error/trace, dir, table, count, time, group, assert.
// Leaves out inspectOptions and colorMode (output is never coloured) and the inspector-only methods.
(function (exports, require, module, native) {
  'use strict';
  const util = require('util');
  // Node reports misuse (an unknown label) as a process warning, not on the console's streams.
  const warning = (text) => require('process').emitWarning(text);

  const writable = (s) => s && typeof s.write === 'function';
  function badStream(name) {
    const e = new TypeError(`The "${name}" argument must be an instance of Stream`);
    e.code = 'ERR_CONSOLE_WRITABLE_STREAM';
    return e;
  }

  // console.table's box, as Node draws it: left-aligned cells padded by one space.
  function table(head, rows) {
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 2);
    const line = (l, m, r) => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
    const row = (cells) => '│' + cells.map((c, i) => ' ' + c + ' '.repeat(widths[i] - c.length - 1)).join('│') + '│';
    return [line('┌', '┬', '┐'), row(head), line('├', '┼', '┤'), ...rows.map(row), line('└', '┴', '┘')].join('\n');
  }

  class Console {
    constructor(stdout, stderr, ignoreErrors) {
      if (stdout && !writable(stdout) && typeof stdout === 'object') {
        ({ stdout, stderr, ignoreErrors } = stdout);
      }
      if (!writable(stdout)) throw badStream('stdout');
      if (stderr !== undefined && !writable(stderr)) throw badStream('stderr');
      Object.defineProperties(this, {
        _stdout: { value: stdout, writable: true },
        _stderr: { value: stderr || stdout, writable: true },
        _ignoreErrors: { value: ignoreErrors !== false },
        _counts: { value: new Map() },
        _timers: { value: new Map() },
        _indent: { value: '', writable: true },
      });
      // Methods work detached, as Node's (`const { log } = console`).
      for (const name of Object.getOwnPropertyNames(Console.prototype)) {
        if (name !== 'constructor' && typeof this[name] === 'function') this[name] = this[name].bind(this);
      }
    }
    _write(stream, text) {
      const out = this._indent ? text.replace(/^/gm, this._indent) : text;
      try {
        stream.write(out + '\n');
      } catch (e) {
        if (!this._ignoreErrors) throw e;
      }
    }
    log(...args) { this._write(this._stdout, util.format(...args)); }
    info(...args) { this.log(...args); }
    debug(...args) { this.log(...args); }
    warn(...args) { this._write(this._stderr, util.format(...args)); }
    error(...args) { this.warn(...args); }
    trace(...args) {
      const stack = new Error().stack.split('\n').slice(2).join('\n');
      this.warn('Trace: ' + util.format(...args) + '\n' + stack);
    }
    dir(object, options) { this.log(util.inspect(object, { customInspect: false, ...options })); }
    dirxml(...args) { this.log(...args); }
    assert(ok, ...args) {
      if (ok) return;
      if (typeof args[0] === 'string') args[0] = `Assertion failed: ${args[0]}`;
      else args.unshift('Assertion failed');
      this.warn(...args);
    }
    count(label = 'default') {
      label = `${label}`;
      const n = (this._counts.get(label) || 0) + 1;
      this._counts.set(label, n);
      this.log(`${label}: ${n}`);
    }
    countReset(label = 'default') {
      label = `${label}`;
      if (!this._counts.has(label)) warning(`Count for '${label}' does not exist`);
      else this._counts.delete(label);
    }
    time(label = 'default') {
      label = `${label}`;
      if (this._timers.has(label)) warning(`Label '${label}' already exists for console.time()`);
      else this._timers.set(label, Date.now());
    }
    _elapsed(label, end, extra) {
      label = `${label}`;
      const start = this._timers.get(label);
      if (start === undefined) {
        warning(`No such label '${label}' for console.${end ? 'timeEnd' : 'timeLog'}()`);
        return;
      }
      if (end) this._timers.delete(label);
      const ms = Date.now() - start;
      const shown = ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(3)}ms`;
      this.log(`${label}: ${shown}`, ...extra);
    }
    timeEnd(label = 'default') { this._elapsed(label, true, []); }
    timeLog(label = 'default', ...data) { this._elapsed(label, false, data); }
    group(...label) {
      if (label.length) this.log(...label);
      this._indent += '  ';
    }
    groupCollapsed(...label) { this.group(...label); }
    groupEnd() { this._indent = this._indent.slice(0, -2); }
    table(data, properties) {
      if (data === null || typeof data !== 'object') {
        this.log(data);
        return;
      }
      const show = (v) => (v === undefined ? '' : util.inspect(v, { depth: 1, breakLength: Infinity }));
      const keys = [];
      let hasValues = false;
      const entries = data instanceof Map ? [...data.entries()] : Object.entries(data);
      for (const [, v] of entries) {
        if (v !== null && typeof v === 'object') {
          for (const k of Object.keys(v)) if (!keys.includes(k)) keys.push(k);
        } else {
          hasValues = true;
        }
      }
      const columns = properties ? [...properties] : keys;
      const head = ['(index)', ...columns, ...(hasValues && !properties ? ['Values'] : [])];
      const rows = entries.map(([k, v]) => {
        const obj = v !== null && typeof v === 'object';
        const cells = [String(k), ...columns.map((c) => (obj && Object.prototype.hasOwnProperty.call(v, c) ? show(v[c]) : ''))];
        if (hasValues && !properties) cells.push(obj ? '' : show(v));
        return cells;
      });
      this.log(table(head, rows));
    }
  }

  // As Node: `require('console')` is the global console, with the class as an own enumerable key.
  const global = globalThis.console;
  Object.defineProperty(global, 'Console', { value: Console, enumerable: true, configurable: true, writable: true });
  module.exports = global;
})
