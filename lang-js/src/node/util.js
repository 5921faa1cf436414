// Node's `util`: inspect/format (Node's output format, no colors), promisify, callbackify, inherits, deprecate, isDeepStrictEqual, types and the legacy is* helpers; no parseArgs, MIMEType, getSystemErrorName, aborted or transferable signals; Promise state and Proxy are not visible from JS.
(function (exports, require, module, native) {
  'use strict';
  const types = require('util/types');
  const {
    isDate, isRegExp, isMap, isSet, isMapIterator, isSetIterator, isWeakMap, isWeakSet, isTypedArray,
    isAnyArrayBuffer, isArrayBuffer, isDataView, isPromise, isBoxedPrimitive, isNumberObject, isStringObject,
    isBooleanObject, isBigIntObject, isArgumentsObject, isNativeError, isAsyncFunction, isGeneratorFunction,
    isModuleNamespaceObject, isFloat32Array, isFloat64Array,
  } = types;
  const typedArrayName = types[Symbol.for('laf.node.typedArrayName')];
  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const propIsEnum = (o, k) => Object.prototype.propertyIsEnumerable.call(o, k);
  const isError = (e) => isNativeError(e) || e instanceof Error;

  // ---------------------------------------------------------------- Node-style errors (shared with events/assert)
  const kTypes = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean', 'bigint', 'symbol'];
  const classRe = /^([A-Z][a-z0-9]*)+$/;
  function describeReceived(value) {
    if (value == null) return '' + value;
    if (typeof value === 'function' && value.name) return `function ${value.name}`;
    if (typeof value === 'object') {
      if (value.constructor && value.constructor.name) return `an instance of ${value.constructor.name}`;
      return inspect(value, { depth: -1 });
    }
    let s = inspect(value, { colors: false });
    if (s.length > 28) s = `${s.slice(0, 25)}...`;
    return `type ${typeof value} (${s})`;
  }
  function listOf(items, word) {
    if (items.length > 2) return `${word}${items.slice(0, -1).join(', ')}, or ${items[items.length - 1]}`;
    return word + items.join(' or ');
  }
  function invalidArgTypeMessage(name, expected, actual) {
    if (!Array.isArray(expected)) expected = [expected];
    let msg = name.endsWith(' argument') ? `The ${name} ` : `The "${name}" ${name.includes('.') ? 'property' : 'argument'} `;
    msg += 'must be ';
    const tys = [];
    const instances = [];
    const other = [];
    for (const v of expected) {
      if (kTypes.includes(v)) tys.push(v.toLowerCase());
      else if (classRe.test(v)) instances.push(v);
      else other.push(v);
    }
    if (instances.length > 0) {
      const pos = tys.indexOf('object');
      if (pos !== -1) { tys.splice(pos, 1); instances.push('Object'); }
    }
    if (tys.length > 0) {
      msg += tys.length > 2 ? listOf(tys, 'one of type ') : tys.length === 2 ? `one of type ${tys[0]} or ${tys[1]}` : `of type ${tys[0]}`;
      if (instances.length > 0 || other.length > 0) msg += ' or ';
    }
    if (instances.length > 0) {
      msg += listOf(instances, 'an instance of ');
      if (other.length > 0) msg += ' or ';
    }
    if (other.length > 0) {
      if (other.length > 1) msg += listOf(other, 'one of ');
      else msg += (other[0].toLowerCase() !== other[0] ? 'an ' : '') + other[0];
    }
    return `${msg}. Received ${describeReceived(actual)}`;
  }
  // Marks Node's own errors: their stack header reads `TypeError [ERR_X]: message`.
  const kIsNodeError = Symbol('kIsNodeError');
  function codedError(Base, code, message, props) {
    const e = new Base(message);
    Object.defineProperty(e, kIsNodeError, { value: true, configurable: true });
    Object.defineProperty(e, 'toString', {
      value() { return `${this.name} [${code}]: ${this.message}`; }, writable: true, configurable: true, enumerable: false,
    });
    e.code = code;
    if (props) Object.assign(e, props);
    return e;
  }
  const errInvalidArgType = (name, expected, actual) =>
    codedError(TypeError, 'ERR_INVALID_ARG_TYPE', invalidArgTypeMessage(name, expected, actual));
  function errInvalidArgValue(name, value, reason = 'is invalid') {
    let s = inspect(value);
    if (s.length > 128) s = `${s.slice(0, 128)}...`;
    const type = name.includes('.') ? 'property' : 'argument';
    return codedError(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${type} '${name}' ${reason}. Received ${s}`);
  }
  function addSep(s) {
    let res = '';
    let i = s.length;
    const start = s[0] === '-' ? 1 : 0;
    for (; i >= start + 4; i -= 3) res = `_${s.slice(i - 3, i)}${res}`;
    return i === s.length ? s : `${s.slice(0, i)}${res}`;
  }
  function errOutOfRange(name, range, input, replaceDefaultBoolean) {
    let msg = replaceDefaultBoolean ? name : `The value of "${name}" is out of range.`;
    let received;
    if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) received = addSep(String(input));
    else if (typeof input === 'bigint') {
      received = String(input);
      if (input > 2n ** 32n || input < -(2n ** 32n)) received = addSep(received);
      received += 'n';
    } else received = inspect(input);
    msg += ` It must be ${range}. Received ${received}`;
    return codedError(RangeError, 'ERR_OUT_OF_RANGE', msg);
  }
  const validateFunction = (v, name) => { if (typeof v !== 'function') throw errInvalidArgType(name, 'Function', v); };
  const validateString = (v, name) => { if (typeof v !== 'string') throw errInvalidArgType(name, 'string', v); };
  const validateBoolean = (v, name) => { if (typeof v !== 'boolean') throw errInvalidArgType(name, 'boolean', v); };
  const validateObject = (v, name, allowArray, allowFunction) => {
    if (v === null || (!allowArray && Array.isArray(v)) || (typeof v !== 'object' && !(allowFunction && typeof v === 'function'))) {
      throw errInvalidArgType(name, 'Object', v);
    }
  };
  function validateNumber(v, name, min, max) {
    if (typeof v !== 'number') throw errInvalidArgType(name, 'number', v);
    if ((min != null && v < min) || (max != null && v > max) || ((min != null || max != null) && Number.isNaN(v))) {
      throw errOutOfRange(name,
        `${min != null ? `>= ${min}` : ''}${min != null && max != null ? ' && ' : ''}${max != null ? `<= ${max}` : ''}`, v);
    }
  }
  function validateInteger(v, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
    if (typeof v !== 'number') throw errInvalidArgType(name, 'number', v);
    if (!Number.isInteger(v)) throw errOutOfRange(name, 'an integer', v);
    if (v < min || v > max) throw errOutOfRange(name, `>= ${min} && <= ${max}`, v);
  }
  function validateAbortSignal(signal, name) {
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
      throw errInvalidArgType(name, 'AbortSignal', signal);
    }
  }
  class AbortError extends Error {
    constructor(message = 'The operation was aborted', options = undefined) {
      super(message, options);
      this.code = 'ABORT_ERR';
      this.name = 'AbortError';
    }
  }
  const warned = new Set();
  // process.emitWarning's text, once per key (our runtime has no process 'warning' event).
  function emitWarning(message, type = 'Warning', code, onceKey) {
    if (onceKey !== undefined) {
      if (warned.has(onceKey)) return;
      warned.add(onceKey);
    }
    if (message instanceof Error) { type = message.name; message = message.message; }
    console.warn(`${code ? `[${code}] ` : ''}${type}: ${message}`);
  }

  // ---------------------------------------------------------------- inspect
  const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');
  const inspectDefaultOptions = Object.seal({
    showHidden: false, depth: 2, colors: false, customInspect: true, showProxy: false, maxArrayLength: 100,
    maxStringLength: 10000, breakLength: 80, compact: 3, sorted: false, getters: false, numericSeparator: false,
  });
  const kObjectType = 0;
  const kArrayType = 1;
  const kArrayExtrasType = 2;
  const keyStrRe = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
  const numberRe = /^(0|[1-9][0-9]*)$/;
  const escAll = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  const escNoQuote = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  const namedEscapes = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\' };
  function escapeChar(ch) {
    const c = ch.charCodeAt(0);
    const named = namedEscapes[c];
    if (named) return named;
    if (c >= 0xd800) return `\\u${c.toString(16)}`;
    return `\\x${c < 16 ? '0' : ''}${c.toString(16).toUpperCase()}`;
  }
  function strEscape(str) {
    let re = escAll;
    let quote = "'";
    if (str.includes("'")) {
      if (!str.includes('"')) quote = '"';
      else if (!str.includes('`') && !str.includes('${')) quote = '`';
      if (quote !== "'") re = escNoQuote;
    }
    re.lastIndex = 0;
    if (re.test(str)) { re.lastIndex = 0; str = str.replace(re, escapeChar); }
    return quote + str + quote;
  }
  const stylizeNoColor = (s) => s;
  const colors = {
    reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23], underline: [4, 24], blink: [5, 25], inverse: [7, 27],
    hidden: [8, 28], strikethrough: [9, 29], doubleunderline: [21, 24], black: [30, 39], red: [31, 39], green: [32, 39],
    yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], white: [37, 39], bgBlack: [40, 49],
    bgRed: [41, 49], bgGreen: [42, 49], bgYellow: [43, 49], bgBlue: [44, 49], bgMagenta: [45, 49], bgCyan: [46, 49],
    bgWhite: [47, 49], framed: [51, 54], overlined: [53, 55], gray: [90, 39], redBright: [91, 39],
    greenBright: [92, 39], yellowBright: [93, 39], blueBright: [94, 39], magentaBright: [95, 39], cyanBright: [96, 39],
    whiteBright: [97, 39], bgGray: [100, 49], bgRedBright: [101, 49], bgGreenBright: [102, 49],
    bgYellowBright: [103, 49], bgBlueBright: [104, 49], bgMagentaBright: [105, 49], bgCyanBright: [106, 49],
    bgWhiteBright: [107, 49],
  };
  const styles = {
    special: 'cyan', number: 'yellow', bigint: 'yellow', boolean: 'yellow', undefined: 'grey', null: 'bold',
    string: 'green', symbol: 'green', date: 'magenta', regexp: 'red', module: 'underline',
  };
  function stylizeWithColor(str, styleType) {
    const style = styles[styleType];
    const c = style !== undefined && colors[style === 'grey' ? 'gray' : style];
    return c ? `\u001b[${c[0]}m${str}\u001b[${c[1]}m` : str;
  }

  function inspect(value, opts) {
    const ctx = {
      budget: {}, indentationLvl: 0, seen: [], currentDepth: 0, stylize: stylizeNoColor, circular: undefined,
      showHidden: inspectDefaultOptions.showHidden, depth: inspectDefaultOptions.depth,
      colors: inspectDefaultOptions.colors, customInspect: inspectDefaultOptions.customInspect,
      showProxy: inspectDefaultOptions.showProxy, maxArrayLength: inspectDefaultOptions.maxArrayLength,
      maxStringLength: inspectDefaultOptions.maxStringLength, breakLength: inspectDefaultOptions.breakLength,
      compact: inspectDefaultOptions.compact, sorted: inspectDefaultOptions.sorted,
      getters: inspectDefaultOptions.getters, numericSeparator: inspectDefaultOptions.numericSeparator,
      userOptions: undefined,
    };
    if (arguments.length > 1) {
      if (arguments.length > 2) {
        if (arguments[2] !== undefined) ctx.depth = arguments[2];
        if (arguments.length > 3 && arguments[3] !== undefined) ctx.colors = arguments[3];
      }
      if (typeof opts === 'boolean') ctx.showHidden = opts;
      else if (opts) {
        for (const key of Object.keys(opts)) {
          if (hasOwn(inspectDefaultOptions, key) || key === 'stylize') ctx[key] = opts[key];
          else if (ctx.userOptions === undefined) ctx.userOptions = opts;
        }
      }
    }
    if (ctx.colors && ctx.stylize === stylizeNoColor) ctx.stylize = stylizeWithColor;
    if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
    if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
    return formatValue(ctx, value, 0);
  }
  inspect.custom = customInspectSymbol;
  Object.defineProperty(inspect, 'defaultOptions', {
    get() { return inspectDefaultOptions; },
    set(options) {
      validateObject(options, 'options');
      for (const k of Object.keys(options)) if (hasOwn(inspectDefaultOptions, k)) inspectDefaultOptions[k] = options[k];
    },
    enumerable: true, configurable: true,
  });
  inspect.colors = colors;
  inspect.styles = styles;

  const overDepth = (ctx, recurseTimes) => ctx.depth !== null && recurseTimes > ctx.depth;

  function formatValue(ctx, value, recurseTimes, typedArray) {
    if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(ctx.stylize, value, ctx);
    if (value === null) return ctx.stylize('null', 'null');
    if (ctx.customInspect) {
      const maybeCustom = value[customInspectSymbol];
      if (typeof maybeCustom === 'function' && maybeCustom !== inspect &&
          !(value.constructor && value.constructor.prototype === value)) {
        const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
        const options = {
          ...inspectDefaultOptions, showHidden: ctx.showHidden, depth: ctx.depth, colors: ctx.colors,
          customInspect: ctx.customInspect, showProxy: ctx.showProxy, maxArrayLength: ctx.maxArrayLength,
          maxStringLength: ctx.maxStringLength, breakLength: ctx.breakLength, compact: ctx.compact,
          sorted: ctx.sorted, getters: ctx.getters, numericSeparator: ctx.numericSeparator, ...ctx.userOptions,
          stylize: ctx.stylize,
        };
        const ret = maybeCustom.call(value, depth, options, inspect);
        if (ret !== value) {
          if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
          return ret.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
        }
      }
    }
    if (ctx.seen.includes(value)) {
      let index = 1;
      if (ctx.circular === undefined) {
        ctx.circular = new Map();
        ctx.circular.set(value, index);
      } else {
        index = ctx.circular.get(value);
        if (index === undefined) {
          index = ctx.circular.size + 1;
          ctx.circular.set(value, index);
        }
      }
      return ctx.stylize(`[Circular *${index}]`, 'special');
    }
    return formatRaw(ctx, value, recurseTimes, typedArray);
  }

  function isInstanceof(obj, ctor) {
    try { return obj instanceof ctor; } catch { return false; }
  }
  function getConstructorName(obj, ctx, recurseTimes, protoProps) {
    let firstProto;
    const tmp = obj;
    while (obj) {
      const desc = Object.getOwnPropertyDescriptor(obj, 'constructor');
      if (desc !== undefined && typeof desc.value === 'function' && desc.value.name !== '' && isInstanceof(tmp, desc.value)) {
        if (protoProps !== undefined && (firstProto !== obj || !builtInNames.has(desc.value.name))) {
          addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
        }
        return String(desc.value.name);
      }
      obj = Object.getPrototypeOf(obj);
      if (firstProto === undefined) firstProto = obj;
    }
    if (firstProto === null) return null;
    const res = typeof tmp === 'function' ? 'Function' : 'Object';
    if (overDepth(ctx, recurseTimes)) return `${res} <Complex prototype>`;
    const protoConstr = getConstructorName(firstProto, ctx, recurseTimes + 1, protoProps);
    if (protoConstr === null) {
      return `${res} <${inspect(firstProto, { ...ctx, customInspect: false, depth: -1 })}>`;
    }
    return `${res} <${protoConstr}>`;
  }
  // showHidden: the non-function properties of the prototypes up to the first built-in one.
  function addPrototypeProperties(ctx, main, obj, recurseTimes, output) {
    let depth = 0;
    let keys;
    let keySet;
    do {
      if (depth !== 0 || main === obj) {
        obj = Object.getPrototypeOf(obj);
        if (obj === null) return;
        const desc = Object.getOwnPropertyDescriptor(obj, 'constructor');
        if (desc !== undefined && typeof desc.value === 'function' && builtInNames.has(desc.value.name)) return;
      }
      if (depth === 0) keySet = new Set();
      else for (const k of keys) keySet.add(k);
      keys = Reflect.ownKeys(obj);
      ctx.seen.push(main);
      for (const key of keys) {
        if (key === 'constructor' || hasOwn(main, key) || (depth !== 0 && keySet.has(key))) continue;
        const desc = Object.getOwnPropertyDescriptor(obj, key);
        if (typeof desc.value === 'function') continue;
        const value = formatProperty(ctx, obj, recurseTimes, key, kObjectType, desc, main);
        output.push(ctx.colors ? `\u001b[2m${value}\u001b[22m` : value);
      }
      ctx.seen.pop();
    } while (++depth !== 3);
  }
  function getPrefix(constructor, tag, fallback, size = '') {
    if (constructor === null) {
      if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
      return `[${fallback}${size}: null prototype] `;
    }
    if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
    return `${constructor}${size} `;
  }
  function getKeys(value, showHidden) {
    const symbols = Object.getOwnPropertySymbols(value);
    let keys;
    if (showHidden) {
      keys = Object.getOwnPropertyNames(value);
      if (symbols.length !== 0) keys.push(...symbols);
    } else {
      keys = Object.keys(value);
      for (const s of symbols) if (propIsEnum(value, s)) keys.push(s);
    }
    return keys;
  }
  function isIndexKey(k) {
    return numberRe.test(k) && (k.length < 10 || +k < 4294967295);
  }
  function getNonIndexKeys(value, showHidden) {
    let names;
    if (isTypedArray(value) && value.length > 4096) names = [];
    else names = showHidden ? Object.getOwnPropertyNames(value) : Object.keys(value);
    const keys = [];
    for (const k of names) if (!isIndexKey(k)) keys.push(k);
    for (const s of Object.getOwnPropertySymbols(value)) if (showHidden || propIsEnum(value, s)) keys.push(s);
    return keys;
  }

  function formatRaw(ctx, value, recurseTimes, typedArray) {
    let keys;
    let protoProps;
    if (ctx.showHidden && (ctx.depth === null || recurseTimes <= ctx.depth)) protoProps = [];
    const constructor = getConstructorName(value, ctx, recurseTimes, protoProps);
    if (protoProps !== undefined && protoProps.length === 0) protoProps = undefined;
    let tag = value[Symbol.toStringTag];
    if (typeof tag !== 'string' || (tag !== '' && (ctx.showHidden ? hasOwn : propIsEnum)(value, Symbol.toStringTag))) tag = '';
    let base = '';
    let formatter = formatNothing;
    let braces;
    let noIterator = true;
    let extrasType = kObjectType;

    if (Symbol.iterator in value || constructor === null) {
      noIterator = false;
      if (Array.isArray(value)) {
        const prefix = (constructor !== 'Array' || tag !== '') ? getPrefix(constructor, tag, 'Array', `(${value.length})`) : '';
        keys = getNonIndexKeys(value, ctx.showHidden);
        braces = [`${prefix}[`, ']'];
        if (value.length === 0 && keys.length === 0 && protoProps === undefined) return `${braces[0]}]`;
        extrasType = kArrayExtrasType;
        formatter = formatArray;
      } else if (isSet(value)) {
        const size = value.size;
        const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
        keys = getKeys(value, ctx.showHidden);
        formatter = formatSet;
        if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`;
        braces = [`${prefix}{`, '}'];
      } else if (isMap(value)) {
        const size = value.size;
        const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
        keys = getKeys(value, ctx.showHidden);
        formatter = formatMap;
        if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`;
        braces = [`${prefix}{`, '}'];
      } else if (isTypedArray(value)) {
        keys = getNonIndexKeys(value, ctx.showHidden);
        const size = value.length;
        const prefix = getPrefix(constructor, tag, constructor === null ? typedArrayName(value) : '', `(${size})`);
        braces = [`${prefix}[`, ']'];
        if (size === 0 && keys.length === 0 && protoProps === undefined && !ctx.showHidden) return `${braces[0]}]`;
        formatter = formatTypedArray;
        extrasType = kArrayExtrasType;
      } else if (isMapIterator(value) || isSetIterator(value)) {
        // Node previews the remaining entries; JS cannot read them without consuming the iterator.
        keys = getKeys(value, ctx.showHidden);
        braces = [`[${tag}] {`, '}'];
        formatter = formatUnknownIterator;
      } else {
        noIterator = true;
      }
    }
    if (noIterator) {
      keys = getKeys(value, ctx.showHidden);
      braces = ['{', '}'];
      if (constructor === 'Object') {
        if (isArgumentsObject(value)) braces[0] = '[Arguments] {';
        else if (tag !== '') braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
        if (keys.length === 0 && protoProps === undefined) return `${braces[0]}}`;
      } else if (typeof value === 'function') {
        base = getFunctionBase(value, constructor, tag);
        if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, 'special');
      } else if (isRegExp(value)) {
        base = RegExp.prototype.toString.call(constructor !== null ? value : new RegExp(value));
        const prefix = getPrefix(constructor, tag, 'RegExp');
        if (prefix !== 'RegExp ') base = `${prefix}${base}`;
        base = ctx.stylize(base, 'regexp');
        if ((keys.length === 0 && protoProps === undefined) || overDepth(ctx, recurseTimes)) return base;
      } else if (isDate(value)) {
        const t = Date.prototype.getTime.call(value);
        base = Number.isNaN(t) ? 'Invalid Date' : Date.prototype.toISOString.call(value);
        const prefix = getPrefix(constructor, tag, 'Date');
        if (prefix !== 'Date ') base = `${prefix}${base}`;
        base = ctx.stylize(base, 'date');
        if (keys.length === 0 && protoProps === undefined) return base;
      } else if (isError(value)) {
        base = formatError(value, constructor, tag, ctx, keys);
        if (keys.length === 0 && protoProps === undefined) return base;
      } else if (isAnyArrayBuffer(value)) {
        const prefix = getPrefix(constructor, tag, isArrayBuffer(value) ? 'ArrayBuffer' : 'SharedArrayBuffer');
        if (typedArray === undefined) formatter = formatArrayBuffer;
        else if (keys.length === 0 && protoProps === undefined) return `${prefix}{ byteLength: ${formatNumber(ctx.stylize, value.byteLength, false)} }`;
        braces[0] = `${prefix}{`;
        keys.unshift('byteLength');
      } else if (isDataView(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'DataView')}{`;
        keys.unshift('byteLength', 'byteOffset', 'buffer');
      } else if (isPromise(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
        formatter = formatPromise;
      } else if (isWeakSet(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'WeakSet')}{`;
        formatter = formatWeakCollection;
      } else if (isWeakMap(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'WeakMap')}{`;
        formatter = formatWeakCollection;
      } else if (isModuleNamespaceObject(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'Module')}{`;
      } else if (isBoxedPrimitive(value)) {
        base = getBoxedBase(value, ctx, keys, constructor, tag);
        if (keys.length === 0 && protoProps === undefined) return base;
      } else {
        if (keys.length === 0 && protoProps === undefined) return `${getPrefix(constructor, tag, 'Object')}{}`;
        braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
      }
    }

    if (overDepth(ctx, recurseTimes)) {
      let name = getPrefix(constructor, tag, 'Object').slice(0, -1);
      if (constructor !== null) name = `[${name}]`;
      return ctx.stylize(name, 'special');
    }
    recurseTimes += 1;
    ctx.seen.push(value);
    ctx.currentDepth = recurseTimes;
    let output;
    const indentationLvl = ctx.indentationLvl;
    try {
      output = formatter(ctx, value, recurseTimes);
      for (let i = 0; i < keys.length; i++) output.push(formatProperty(ctx, value, recurseTimes, keys[i], extrasType));
      if (protoProps !== undefined) output.push(...protoProps);
    } catch (err) {
      if (err instanceof RangeError && /call stack|stack overflow|too much recursion/i.test(err.message)) {
        ctx.seen.pop();
        ctx.indentationLvl = indentationLvl;
        const name = getPrefix(constructor, tag, 'Object').slice(0, -1);
        return ctx.stylize(`[${name}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`, 'special');
      }
      throw err;
    }
    if (ctx.circular !== undefined) {
      const index = ctx.circular.get(value);
      if (index !== undefined) {
        const reference = ctx.stylize(`<ref *${index}>`, 'special');
        if (ctx.compact !== true) base = base === '' ? reference : `${reference} ${base}`;
        else braces[0] = `${reference} ${braces[0]}`;
      }
    }
    ctx.seen.pop();
    if (ctx.sorted) {
      const comparator = ctx.sorted === true ? undefined : ctx.sorted;
      if (extrasType === kObjectType) output.sort(comparator);
      else if (keys.length > 1) {
        const sorted = output.slice(output.length - keys.length).sort(comparator);
        output.splice(output.length - keys.length, keys.length, ...sorted);
      }
    }
    return reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
  }

  function getFunctionBase(value, constructor, tag) {
    let src = '';
    try { src = Function.prototype.toString.call(value); } catch {}
    if (src.startsWith('class') && src.endsWith('}')) {
      const slice = src.slice(5, -1);
      const brace = slice.indexOf('{');
      if (brace !== -1 && (!slice.slice(0, brace).includes('(') ||
          /^(\s+[^(]*?)\s*{/.test(slice.replace(/(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g, '')))) {
        const hasName = hasOwn(value, 'name');
        let base = `class ${(hasName && value.name) || '(anonymous)'}`;
        if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
        if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
        if (constructor !== null) {
          const superName = Object.getPrototypeOf(value).name;
          if (superName) base += ` extends ${superName}`;
        } else base += ' extends [null prototype]';
        return `[${base}]`;
      }
    }
    let type = 'Function';
    if (isGeneratorFunction(value)) type = `Generator${type}`;
    if (isAsyncFunction(value)) type = `Async${type}`;
    let base = `[${type}`;
    if (constructor === null) base += ' (null prototype)';
    if (value.name === '' || typeof value.name !== 'string') base += ' (anonymous)';
    else base += `: ${value.name}`;
    base += ']';
    if (constructor !== type && constructor !== null) base += ` ${constructor}`;
    if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
    return base;
  }

  function getBoxedBase(value, ctx, keys, constructor, tag) {
    let type;
    let prim;
    if (isNumberObject(value)) { type = 'Number'; prim = Number.prototype.valueOf.call(value); }
    else if (isStringObject(value)) {
      type = 'String';
      prim = String.prototype.valueOf.call(value);
      keys.splice(0, prim.length);
    } else if (isBooleanObject(value)) { type = 'Boolean'; prim = Boolean.prototype.valueOf.call(value); }
    else if (isBigIntObject(value)) { type = 'BigInt'; prim = BigInt.prototype.valueOf.call(value); }
    else { type = 'Symbol'; prim = Symbol.prototype.valueOf.call(value); }
    let base = `[${type}`;
    if (type !== constructor) base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
    base += `: ${formatPrimitive(stylizeNoColor, prim, ctx)}]`;
    if (tag !== '' && tag !== constructor) base += ` [${tag}]`;
    if (keys.length !== 0 || ctx.stylize === stylizeNoColor) return base;
    return ctx.stylize(base, type.toLowerCase());
  }

  function getStackString(err) {
    let stack;
    try { stack = err.stack; } catch {}
    if (!stack) return Error.prototype.toString.call(err);
    stack = String(stack);
    // QuickJS's stack holds only the frames: put the "Name: message" line Node's has in front.
    if (/^\s+at\s/.test(stack)) {
      const header = err[kIsNodeError] ? `${err.name} [${err.code}]: ${err.message}` : Error.prototype.toString.call(err);
      stack = `${header}\n${stack.replace(/\n+$/, '')}`;
    }
    return stack;
  }
  function improveStack(stack, constructor, name, tag) {
    let len = name.length;
    if (constructor === null ||
        (name.endsWith('Error') && stack.startsWith(name) &&
         (stack.length === len || stack[len] === ':' || stack[len] === '\n'))) {
      let fallback = 'Error';
      if (constructor === null) {
        const start = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/.exec(stack) || /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
        fallback = (start && start[1]) || '';
        len = fallback.length;
        fallback = fallback || 'Error';
      }
      const prefix = getPrefix(constructor, tag, fallback).slice(0, -1);
      if (name !== prefix) {
        if (prefix.includes(name)) {
          if (len === 0) stack = `${prefix}: ${stack}`;
          else stack = `${prefix}${stack.slice(len)}`;
        } else {
          stack = `${prefix} [${name}]${stack.slice(len)}`;
        }
      }
    }
    return stack;
  }
  function identicalSequenceRange(a, b) {
    for (let i = 0; i < a.length - 3; i++) {
      const pos = b.indexOf(a[i]);
      if (pos !== -1) {
        const rest = b.length - pos;
        if (rest > 3) {
          let len = 1;
          const maxLen = Math.min(a.length - i, rest);
          while (maxLen > len && a[i + len] === b[pos + len]) len++;
          if (len > 3) return { len, offset: i };
        }
      }
    }
    return { len: 0, offset: 0 };
  }
  function formatError(err, constructor, tag, ctx, keys) {
    const name = err.name != null ? String(err.name) : 'Error';
    let stack = getStackString(err);
    if (!ctx.showHidden && keys.length !== 0) {
      for (const k of ['name', 'message', 'stack']) {
        const index = keys.indexOf(k);
        if (index !== -1 && stack.includes(err[k])) keys.splice(index, 1);
      }
    }
    if ('cause' in err && (keys.length === 0 || !keys.includes('cause'))) keys.push('cause');
    if (Array.isArray(err.errors) && (keys.length === 0 || !keys.includes('errors'))) keys.push('errors');
    stack = improveStack(stack, constructor, name, tag);
    let pos = (err.message && stack.indexOf(err.message)) || -1;
    if (pos !== -1) pos += err.message.length;
    const stackStart = stack.indexOf('\n    at', pos);
    if (stackStart === -1) stack = `[${stack}]`;
    else {
      const frames = stack.slice(stackStart + 1).split('\n');
      let cause;
      try { cause = err.cause; } catch {}
      if (cause != null && isError(cause)) {
        const causeStack = getStackString(cause);
        const causeStart = causeStack.indexOf('\n    at');
        if (causeStart !== -1) {
          const { len, offset } = identicalSequenceRange(frames, causeStack.slice(causeStart + 1).split('\n'));
          if (len > 0) {
            const skipped = len - 2;
            frames.splice(offset + 1, skipped, ctx.stylize(`    ... ${skipped} lines matching cause stack trace ...`, 'undefined'));
          }
        }
      }
      stack = `${stack.slice(0, stackStart)}\n${frames.join('\n')}`;
    }
    if (ctx.indentationLvl !== 0) stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
    return stack;
  }

  function formatNumber(fn, number, numericSeparator) {
    if (!numericSeparator) {
      if (Object.is(number, -0)) return fn('-0', 'number');
      return fn(`${number}`, 'number');
    }
    const integer = Math.trunc(number);
    const string = String(integer);
    if (integer === number) {
      if (!Number.isFinite(number) || string.includes('e')) return fn(string, 'number');
      return fn(addSep(string), 'number');
    }
    if (Number.isNaN(number)) return fn(string, 'number');
    const frac = String(number).slice(string.length + 1);
    let res = '';
    let i = 0;
    for (; i < frac.length - 3; i += 3) res += `${frac.slice(i, i + 3)}_`;
    return fn(`${addSep(string)}.${i === 0 ? frac : `${res}${frac.slice(i)}`}`, 'number');
  }
  function formatBigInt(fn, bigint, numericSeparator) {
    const string = String(bigint);
    return fn(numericSeparator ? `${addSep(string)}n` : `${string}n`, 'bigint');
  }
  function formatPrimitive(fn, value, ctx) {
    switch (typeof value) {
      case 'string': {
        let trailer = '';
        if (value.length > ctx.maxStringLength) {
          const remaining = value.length - ctx.maxStringLength;
          value = value.slice(0, ctx.maxStringLength);
          trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
        }
        if (ctx.compact !== true && value.length > 16 && value.length > ctx.breakLength - ctx.indentationLvl - 4) {
          return value.split(/(?<=\n)/).map((line) => fn(strEscape(line), 'string'))
            .join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
        }
        return fn(strEscape(value), 'string') + trailer;
      }
      case 'number': return formatNumber(fn, value, ctx.numericSeparator);
      case 'bigint': return formatBigInt(fn, value, ctx.numericSeparator);
      case 'boolean': return fn(`${value}`, 'boolean');
      case 'undefined': return fn('undefined', 'undefined');
      default: return fn(Symbol.prototype.toString.call(value), 'symbol');
    }
  }

  const moreItems = (n) => `... ${n} more item${n > 1 ? 's' : ''}`;
  function formatNothing() { return []; }
  function formatUnknownIterator() { return ['<items unknown>']; }
  function formatWeakCollection(ctx) { return [ctx.stylize('<items unknown>', 'special')]; }
  function formatPromise(ctx, value, recurseTimes) {
    const state = native && typeof native.promiseState === 'function' ? native.promiseState(value) : undefined;
    if (!state || state[0] === 'pending') return [ctx.stylize('<pending>', 'special')];
    ctx.indentationLvl += 2;
    const str = formatValue(ctx, state[1], recurseTimes);
    ctx.indentationLvl -= 2;
    return [state[0] === 'rejected' ? `${ctx.stylize('<rejected>', 'special')} ${str}` : str];
  }
  function formatArrayBuffer(ctx, value) {
    let bytes;
    try { bytes = new Uint8Array(value); } catch { return [ctx.stylize('(detached)', 'special')]; }
    const n = Math.min(ctx.maxArrayLength, bytes.length);
    let str = '';
    for (let i = 0; i < n; i++) str += (i ? ' ' : '') + (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    const remaining = bytes.length - ctx.maxArrayLength;
    if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    return [`${ctx.stylize('[Uint8Contents]', 'special')}: <${str}>`];
  }
  function formatArray(ctx, value, recurseTimes) {
    const valLen = value.length;
    const len = Math.min(Math.max(0, ctx.maxArrayLength), valLen);
    const output = [];
    for (let i = 0; i < len; i++) {
      if (!hasOwn(value, i)) return formatSparseArray(ctx, value, recurseTimes, len, output, i);
      output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
    }
    if (valLen - len > 0) output.push(moreItems(valLen - len));
    return output;
  }
  function formatSparseArray(ctx, value, recurseTimes, maxLength, output, i) {
    const keys = Object.keys(value);
    let index = i;
    for (; i < keys.length && output.length < maxLength; i++) {
      const key = keys[i];
      const tmp = +key;
      if (tmp > 2 ** 32 - 2) break;
      if (`${index}` !== key) {
        if (!numberRe.test(key)) break;
        const empty = tmp - index;
        output.push(ctx.stylize(`<${empty} empty item${empty > 1 ? 's' : ''}>`, 'undefined'));
        index = tmp;
        if (output.length === maxLength) break;
      }
      output.push(formatProperty(ctx, value, recurseTimes, key, kArrayType));
      index++;
    }
    const remaining = value.length - index;
    if (output.length !== maxLength) {
      if (remaining > 0) output.push(ctx.stylize(`<${remaining} empty item${remaining > 1 ? 's' : ''}>`, 'undefined'));
    } else if (remaining > 0) {
      output.push(moreItems(remaining));
    }
    return output;
  }
  function formatTypedArray(ctx, value, recurseTimes) {
    const length = value.length;
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const remaining = length - maxLength;
    const output = new Array(maxLength);
    const fmt = length > 0 && typeof value[0] === 'number' ? formatNumber : formatBigInt;
    for (let i = 0; i < maxLength; ++i) output[i] = fmt(ctx.stylize, value[i], ctx.numericSeparator);
    if (remaining > 0) output[maxLength] = moreItems(remaining);
    if (ctx.showHidden) {
      ctx.indentationLvl += 2;
      for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
        output.push(`[${key}]: ${formatValue(ctx, value[key], recurseTimes, true)}`);
      }
      ctx.indentationLvl -= 2;
    }
    return output;
  }
  function formatSet(ctx, value, recurseTimes) {
    const length = value.size;
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const output = [];
    ctx.indentationLvl += 2;
    let i = 0;
    for (const v of Set.prototype.values.call(value)) {
      if (i >= maxLength) break;
      output.push(formatValue(ctx, v, recurseTimes));
      i++;
    }
    if (length - maxLength > 0) output.push(moreItems(length - maxLength));
    ctx.indentationLvl -= 2;
    return output;
  }
  function formatMap(ctx, value, recurseTimes) {
    const length = value.size;
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const output = [];
    ctx.indentationLvl += 2;
    let i = 0;
    for (const [k, v] of Map.prototype.entries.call(value)) {
      if (i >= maxLength) break;
      output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
      i++;
    }
    if (length - maxLength > 0) output.push(moreItems(length - maxLength));
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatProperty(ctx, value, recurseTimes, key, type, desc, original = value) {
    let name;
    let str;
    let extra = ' ';
    desc = desc || Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
    if (desc.value !== undefined) {
      const diff = (ctx.compact !== true || type !== kObjectType) ? 2 : 3;
      ctx.indentationLvl += diff;
      str = formatValue(ctx, desc.value, recurseTimes);
      if (diff === 3 && ctx.breakLength < getStringWidth(str, ctx.colors)) extra = `\n${' '.repeat(ctx.indentationLvl)}`;
      ctx.indentationLvl -= diff;
    } else if (desc.get !== undefined) {
      const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
      const s = ctx.stylize;
      if (ctx.getters && (ctx.getters === true || (ctx.getters === 'get' && desc.set === undefined) ||
          (ctx.getters === 'set' && desc.set !== undefined))) {
        try {
          const tmp = desc.get.call(original);
          ctx.indentationLvl += 2;
          if (tmp === null) str = `${s(`[${label}:`, 'special')} ${s('null', 'null')}${s(']', 'special')}`;
          else if (typeof tmp === 'object') str = `${s(`[${label}]`, 'special')} ${formatValue(ctx, tmp, recurseTimes)}`;
          else str = `${s(`[${label}:`, 'special')} ${formatPrimitive(s, tmp, ctx)}${s(']', 'special')}`;
          ctx.indentationLvl -= 2;
        } catch (err) {
          str = `${s(`[${label}:`, 'special')} <Inspection threw (${err && err.message})>${s(']', 'special')}`;
        }
      } else {
        str = s(`[${label}]`, 'special');
      }
    } else if (desc.set !== undefined) {
      str = ctx.stylize('[Setter]', 'special');
    } else {
      str = ctx.stylize('undefined', 'undefined');
    }
    if (type === kArrayType) return str;
    if (typeof key === 'symbol') {
      name = `[${ctx.stylize(Symbol.prototype.toString.call(key), 'symbol')}]`;
    } else if (key === '__proto__') {
      name = "['__proto__']";
    } else if (desc.enumerable === false) {
      escAll.lastIndex = 0;
      name = `[${key.replace(escAll, escapeChar)}]`;
    } else if (keyStrRe.test(key)) {
      name = ctx.stylize(key, 'name');
    } else {
      name = ctx.stylize(strEscape(key), 'string');
    }
    return `${name}:${extra}${str}`;
  }

  // Columns a string takes on a terminal (control characters none, East Asian wide characters two).
  const isFullWidth = (c) => c >= 0x1100 && (c <= 0x115f || c === 0x2329 || c === 0x232a ||
    (c >= 0x2e80 && c <= 0x3247 && c !== 0x303f) || (c >= 0x3250 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0xa4c6) ||
    (c >= 0xa960 && c <= 0xa97c) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe10 && c <= 0xfe19) || (c >= 0xfe30 && c <= 0xfe6b) || (c >= 0xff01 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1b000 && c <= 0x1b001) || (c >= 0x1f200 && c <= 0x1f251) ||
    (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x20000 && c <= 0x3fffd));
  const isZeroWidth = (c) => c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x300 && c <= 0x36f) ||
    (c >= 0x200b && c <= 0x200f) || (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe00 && c <= 0xfe0f) ||
    (c >= 0xfe20 && c <= 0xfe2f) || (c >= 0xe0100 && c <= 0xe01ef);
  function getStringWidth(str, removeControlChars = true) {
    if (removeControlChars) str = str.replace(ansiRe, '');
    let width = 0;
    for (let i = 0; i < str.length; i++) {
      const code = str.charCodeAt(i);
      if (code >= 127) {
        for (const ch of str.slice(i).normalize('NFC')) {
          const c = ch.codePointAt(0);
          if (isFullWidth(c)) width += 2;
          else if (!isZeroWidth(c)) width++;
        }
        break;
      }
      if (code >= 32) width++;
    }
    return width;
  }
  function groupArrayElements(ctx, output, value) {
    let totalLength = 0;
    let maxLength = 0;
    let i = 0;
    let outputLength = output.length;
    if (ctx.maxArrayLength < output.length) outputLength--;
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (; i < outputLength; i++) {
      const len = getStringWidth(output[i], ctx.colors);
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
        (totalLength / actualMax > 5 || maxLength <= 6)) {
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
        Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
        ctx.compact * 4,
        15,
      );
      if (columns <= 1) return output;
      const tmp = [];
      const maxLineLength = [];
      for (let c = 0; c < columns; c++) {
        let lineLength = 0;
        for (let j = c; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
        maxLineLength.push(lineLength + separatorSpace);
      }
      let padStart = true;
      if (value !== undefined) {
        for (let k = 0; k < output.length; k++) {
          if (typeof value[k] !== 'number' && typeof value[k] !== 'bigint') { padStart = false; break; }
        }
      }
      for (let k = 0; k < outputLength; k += columns) {
        const max = Math.min(k + columns, outputLength);
        let str = '';
        let j = k;
        for (; j < max - 1; j++) {
          const padding = maxLineLength[j - k] + output[j].length - dataLen[j];
          str += padStart ? `${output[j]}, `.padStart(padding, ' ') : `${output[j]}, `.padEnd(padding, ' ');
        }
        if (padStart) {
          const padding = maxLineLength[j - k] + output[j].length - dataLen[j] - separatorSpace;
          str += output[j].padStart(padding, ' ');
        } else {
          str += output[j];
        }
        tmp.push(str);
      }
      if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
      output = tmp;
    }
    return output;
  }
  function isBelowBreakLength(ctx, output, start, base) {
    let totalLength = output.length + start;
    if (totalLength + output.length > ctx.breakLength) return false;
    for (let i = 0; i < output.length; i++) {
      totalLength += ctx.colors ? stripVTControlCharacters(output[i]).length : output[i].length;
      if (totalLength > ctx.breakLength) return false;
    }
    return base === '' || !base.includes('\n');
  }
  function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
    if (ctx.compact !== true) {
      if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
        const entries = output.length;
        if (extrasType === kArrayExtrasType && entries > 6) output = groupArrayElements(ctx, output, value);
        if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
          const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
          if (isBelowBreakLength(ctx, output, start, base)) {
            const joined = output.join(', ');
            if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
          }
        }
      }
      const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
      return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
    }
    if (isBelowBreakLength(ctx, output, 0, base)) {
      return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`;
    }
    const indentation = ' '.repeat(ctx.indentationLvl);
    const ln = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
    return `${braces[0]}${ln}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
  }

  // ---------------------------------------------------------------- format
  const builtInNames = new Set(Object.getOwnPropertyNames(globalThis).filter((n) => /^[A-Z][a-zA-Z0-9]+$/.test(n)));
  // Whether the object holding `key` (own or inherited) belongs to a built-in class.
  function builtInHolder(value, key) {
    if (hasOwn(value, key)) return false;
    let pointer = value;
    do { pointer = Object.getPrototypeOf(pointer); } while (pointer !== null && !hasOwn(pointer, key));
    if (pointer === null) return true;
    const desc = Object.getOwnPropertyDescriptor(pointer, 'constructor');
    return desc !== undefined && typeof desc.value === 'function' && builtInNames.has(desc.value.name);
  }
  function hasBuiltInToString(value) {
    if (typeof value[Symbol.toPrimitive] === 'function' && !builtInHolder(value, Symbol.toPrimitive)) return false;
    if (typeof value.toString !== 'function') return true;
    return builtInHolder(value, 'toString');
  }
  function tryStringify(arg) {
    try {
      return JSON.stringify(arg);
    } catch (err) {
      if (err instanceof TypeError && /circular|cyclic/i.test(err.message)) return '[Circular]';
      throw err;
    }
  }
  function formatWithOptionsInternal(inspectOptions, args) {
    const first = args[0];
    let a = 0;
    let str = '';
    let join = '';
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      let tempStr;
      let lastPos = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) === 37) {
          const nextChar = first.charCodeAt(++i);
          if (a + 1 !== args.length) {
            switch (nextChar) {
              case 115: { // s
                const arg = args[++a];
                if (typeof arg === 'number') tempStr = formatNumber(stylizeNoColor, arg, false);
                else if (typeof arg === 'bigint') tempStr = formatBigInt(stylizeNoColor, arg, false);
                else if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) tempStr = String(arg);
                else tempStr = inspect(arg, { ...inspectOptions, depth: 0, colors: false, compact: 3 });
                break;
              }
              case 106: tempStr = tryStringify(args[++a]); break; // j
              case 100: { // d
                const n = args[++a];
                if (typeof n === 'bigint') tempStr = formatBigInt(stylizeNoColor, n, false);
                else if (typeof n === 'symbol') tempStr = 'NaN';
                else tempStr = formatNumber(stylizeNoColor, Number(n), false);
                break;
              }
              case 79: tempStr = inspect(args[++a], inspectOptions); break; // O
              case 111: tempStr = inspect(args[++a], { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 }); break;
              case 105: { // i
                const n = args[++a];
                if (typeof n === 'bigint') tempStr = formatBigInt(stylizeNoColor, n, false);
                else if (typeof n === 'symbol') tempStr = 'NaN';
                else tempStr = formatNumber(stylizeNoColor, Number.parseInt(n), false);
                break;
              }
              case 102: { // f
                const n = args[++a];
                tempStr = typeof n === 'symbol' ? 'NaN' : formatNumber(stylizeNoColor, Number.parseFloat(n), false);
                break;
              }
              case 99: a += 1; tempStr = ''; break; // c
              case 37: str += first.slice(lastPos, i); lastPos = i + 1; continue; // %
              default: continue;
            }
            if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
            str += tempStr;
            lastPos = i + 1;
          } else if (nextChar === 37) {
            str += first.slice(lastPos, i);
            lastPos = i + 1;
          }
        }
      }
      if (lastPos !== 0) {
        a++;
        join = ' ';
        if (lastPos < first.length) str += first.slice(lastPos);
      }
    }
    while (a < args.length) {
      const value = args[a];
      str += join;
      str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
      join = ' ';
      a++;
    }
    return str;
  }
  function format(...args) { return formatWithOptionsInternal(undefined, args); }
  function formatWithOptions(inspectOptions, ...args) {
    validateObject(inspectOptions, 'inspectOptions', true);
    return formatWithOptionsInternal(inspectOptions, args);
  }

  // ---------------------------------------------------------------- deep equality (Node's algorithm)
  const kNoIterator = 0;
  const kIsArray = 1;
  const kIsSet = 2;
  const kIsMap = 3;
  const OPS = Object.prototype.toString;
  function bytesEqual(a, b) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  function isEqualBoxedPrimitive(a, b) {
    if (isNumberObject(a)) return isNumberObject(b) && Object.is(Number.prototype.valueOf.call(a), Number.prototype.valueOf.call(b));
    if (isStringObject(a)) return isStringObject(b) && String.prototype.valueOf.call(a) === String.prototype.valueOf.call(b);
    if (isBooleanObject(a)) return isBooleanObject(b) && Boolean.prototype.valueOf.call(a) === Boolean.prototype.valueOf.call(b);
    if (isBigIntObject(a)) return isBigIntObject(b) && BigInt.prototype.valueOf.call(a) === BigInt.prototype.valueOf.call(b);
    return types.isSymbolObject(b) && Symbol.prototype.valueOf.call(a) === Symbol.prototype.valueOf.call(b);
  }
  function innerDeepEqual(val1, val2, strict, memos) {
    if (val1 === val2) {
      if (val1 !== 0) return true;
      return strict ? Object.is(val1, val2) : true;
    }
    if (strict) {
      if (typeof val1 !== 'object') return typeof val1 === 'number' && Number.isNaN(val1) && Number.isNaN(val2);
      if (typeof val2 !== 'object' || val1 === null || val2 === null) return false;
      if (Object.getPrototypeOf(val1) !== Object.getPrototypeOf(val2)) return false;
    } else {
      if (val1 === null || typeof val1 !== 'object') {
        if (val2 === null || typeof val2 !== 'object') {
          // eslint-disable-next-line eqeqeq
          return val1 == val2 || (Number.isNaN(val1) && Number.isNaN(val2));
        }
        return false;
      }
      if (val2 === null || typeof val2 !== 'object') return false;
    }
    const val1Tag = OPS.call(val1);
    const val2Tag = OPS.call(val2);
    if (val1Tag !== val2Tag) return false;
    if (Array.isArray(val1)) {
      if (!Array.isArray(val2) || val1.length !== val2.length) return false;
      const keys1 = getEnumNonIndex(val1, strict);
      const keys2 = getEnumNonIndex(val2, strict);
      if (keys1.length !== keys2.length) return false;
      return keyCheck(val1, val2, strict, memos, kIsArray, keys1);
    } else if (val1Tag === '[object Object]') {
      return keyCheck(val1, val2, strict, memos, kNoIterator);
    } else if (isDate(val1)) {
      if (!isDate(val2) || Date.prototype.getTime.call(val1) !== Date.prototype.getTime.call(val2)) return false;
    } else if (isRegExp(val1)) {
      if (!isRegExp(val2) || val1.source !== val2.source || val1.flags !== val2.flags || val1.lastIndex !== val2.lastIndex) return false;
    } else if (isNativeError(val1) || val1 instanceof Error) {
      if ((!isNativeError(val2) && !(val2 instanceof Error)) || val1.message !== val2.message || val1.name !== val2.name) return false;
      for (const k of ['cause', 'errors']) {
        const has = hasOwn(val1, k);
        if (has !== hasOwn(val2, k) || (has && !innerDeepEqual(val1[k], val2[k], strict, memos))) return false;
      }
    } else if (ArrayBuffer.isView(val1)) {
      if (!ArrayBuffer.isView(val2)) return false;
      if (!strict && (isFloat32Array(val1) || isFloat64Array(val1))) {
        if (val1.length !== val2.length) return false;
        for (let i = 0; i < val1.length; i++) if (val1[i] !== val2[i]) return false;
      } else if (!bytesEqual(val1, val2)) {
        return false;
      }
      const keys1 = getEnumNonIndex(val1, strict);
      const keys2 = getEnumNonIndex(val2, strict);
      if (keys1.length !== keys2.length) return false;
      return keyCheck(val1, val2, strict, memos, kNoIterator, keys1);
    } else if (isSet(val1)) {
      if (!isSet(val2) || val1.size !== val2.size) return false;
      return keyCheck(val1, val2, strict, memos, kIsSet);
    } else if (isMap(val1)) {
      if (!isMap(val2) || val1.size !== val2.size) return false;
      return keyCheck(val1, val2, strict, memos, kIsMap);
    } else if (isAnyArrayBuffer(val1)) {
      if (!isAnyArrayBuffer(val2) || !bytesEqual(new Uint8Array(val1), new Uint8Array(val2))) return false;
    } else if (isBoxedPrimitive(val1)) {
      if (!isEqualBoxedPrimitive(val1, val2)) return false;
    } else if (Array.isArray(val2) || ArrayBuffer.isView(val2) || isSet(val2) || isMap(val2) || isDate(val2) ||
        isRegExp(val2) || isAnyArrayBuffer(val2) || isBoxedPrimitive(val2) || isNativeError(val2) || val2 instanceof Error) {
      return false;
    }
    return keyCheck(val1, val2, strict, memos, kNoIterator);
  }
  function getEnumNonIndex(v, strict) {
    const keys = [];
    for (const k of Object.keys(v)) if (!isIndexKey(k)) keys.push(k);
    if (strict) for (const s of Object.getOwnPropertySymbols(v)) if (propIsEnum(v, s)) keys.push(s);
    return keys;
  }
  function keyCheck(val1, val2, strict, memos, iterationType, aKeys) {
    if (aKeys === undefined) {
      aKeys = Object.keys(val1);
      const bKeys = Object.keys(val2);
      if (aKeys.length !== bKeys.length) return false;
      for (const k of aKeys) if (!propIsEnum(val2, k)) return false;
      if (strict) {
        const symA = Object.getOwnPropertySymbols(val1);
        let count = 0;
        for (const k of symA) {
          if (propIsEnum(val1, k)) {
            if (!propIsEnum(val2, k)) return false;
            aKeys.push(k);
            count++;
          } else if (propIsEnum(val2, k)) {
            return false;
          }
        }
        const symB = Object.getOwnPropertySymbols(val2);
        if (symA.length !== 0) {
          if (symA.length !== symB.length && symB.filter((k) => propIsEnum(val2, k)).length !== count) return false;
        } else if (symB.length !== 0 && symB.some((k) => propIsEnum(val2, k))) {
          return false;
        }
      }
    } else {
      for (const k of aKeys) if (!propIsEnum(val2, k)) return false;
    }
    if (aKeys.length === 0 &&
        (iterationType === kNoIterator || (iterationType === kIsArray && val1.length === 0) || val1.size === 0)) {
      return true;
    }
    if (memos === undefined) {
      memos = { val1: new Map(), val2: new Map(), position: 0 };
    } else {
      const memoA = memos.val1.get(val1);
      if (memoA !== undefined) {
        const memoB = memos.val2.get(val2);
        if (memoB !== undefined) return memoA === memoB;
      }
      memos.position++;
    }
    memos.val1.set(val1, memos.position);
    memos.val2.set(val2, memos.position);
    const areEq = objEquiv(val1, val2, strict, aKeys, memos, iterationType);
    memos.val1.delete(val1);
    memos.val2.delete(val2);
    return areEq;
  }
  function setHasEqualElement(set, val, strict, memo) {
    for (const v of set) {
      if (innerDeepEqual(val, v, strict, memo)) { set.delete(v); return true; }
    }
    return false;
  }
  function setEquiv(a, b, strict, memo) {
    let set = null;
    for (const val of a) {
      if (typeof val === 'object' && val !== null) {
        (set ??= new Set()).add(val);
      } else if (!b.has(val)) {
        if (strict) return false;
        (set ??= new Set()).add(val);
      }
    }
    if (set !== null) {
      for (const val of b) {
        if (typeof val === 'object' && val !== null) {
          if (!setHasEqualElement(set, val, strict, memo)) return false;
        } else if (!strict && !a.has(val) && !setHasEqualElement(set, val, strict, memo)) {
          return false;
        }
      }
      return set.size === 0;
    }
    return true;
  }
  function mapHasEqualEntry(set, map, key1, item1, strict, memo) {
    for (const key2 of set) {
      if (innerDeepEqual(key1, key2, strict, memo) && innerDeepEqual(item1, map.get(key2), strict, memo)) {
        set.delete(key2);
        return true;
      }
    }
    return false;
  }
  function mapEquiv(a, b, strict, memo) {
    let set = null;
    for (const [key, item1] of a) {
      if (typeof key === 'object' && key !== null) {
        (set ??= new Set()).add(key);
      } else {
        const item2 = b.get(key);
        if ((item2 === undefined && !b.has(key)) || !innerDeepEqual(item1, item2, strict, memo)) {
          if (strict) return false;
          (set ??= new Set()).add(key);
        }
      }
    }
    if (set !== null) {
      for (const [key, item] of b) {
        if (typeof key === 'object' && key !== null) {
          if (!mapHasEqualEntry(set, a, key, item, strict, memo)) return false;
        } else if (!strict && (!a.has(key) || !innerDeepEqual(a.get(key), item, strict, memo)) &&
            !mapHasEqualEntry(set, a, key, item, strict, memo)) {
          return false;
        }
      }
      return set.size === 0;
    }
    return true;
  }
  function objEquiv(a, b, strict, keys, memos, iterationType) {
    if (iterationType === kIsSet) {
      if (!setEquiv(a, b, strict, memos)) return false;
    } else if (iterationType === kIsMap) {
      if (!mapEquiv(a, b, strict, memos)) return false;
    } else if (iterationType === kIsArray) {
      for (let i = 0; i < a.length; i++) {
        if (hasOwn(a, i)) {
          if (!hasOwn(b, i) || !innerDeepEqual(a[i], b[i], strict, memos)) return false;
        } else if (hasOwn(b, i)) {
          return false;
        } else {
          const keysA = Object.keys(a);
          for (; i < keysA.length; i++) {
            const key = keysA[i];
            if (!hasOwn(b, key) || !innerDeepEqual(a[key], b[key], strict, memos)) return false;
          }
          if (keysA.length !== Object.keys(b).length) return false;
          return true;
        }
      }
    }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (!innerDeepEqual(a[key], b[key], strict, memos)) return false;
    }
    return true;
  }
  const isDeepStrictEqual = (a, b) => innerDeepEqual(a, b, true);
  const isDeepEqual = (a, b) => innerDeepEqual(a, b, false);

  // ---------------------------------------------------------------- the rest of util
  const kCustomPromisified = Symbol.for('nodejs.util.promisify.custom');
  const kCustomPromisifyArgs = Symbol('customPromisifyArgs');
  function copyProps(target, source, edit) {
    const descriptors = Object.getOwnPropertyDescriptors(source);
    if (edit) edit(descriptors);
    for (const k of Reflect.ownKeys(descriptors)) Object.setPrototypeOf(descriptors[k], null);
    return Object.defineProperties(target, descriptors);
  }
  function promisify(original) {
    validateFunction(original, 'original');
    if (original[kCustomPromisified]) {
      const fn = original[kCustomPromisified];
      validateFunction(fn, 'util.promisify.custom');
      return Object.defineProperty(fn, kCustomPromisified, { value: fn, enumerable: false, writable: false, configurable: true });
    }
    const argumentNames = original[kCustomPromisifyArgs];
    function fn(...args) {
      return new Promise((resolve, reject) => {
        args.push((err, ...values) => {
          if (err) return reject(err);
          if (argumentNames !== undefined && values.length > 1) {
            const obj = {};
            for (let i = 0; i < argumentNames.length; i++) obj[argumentNames[i]] = values[i];
            resolve(obj);
          } else {
            resolve(values[0]);
          }
        });
        Reflect.apply(original, this, args);
      });
    }
    Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
    Object.defineProperty(fn, kCustomPromisified, { value: fn, enumerable: false, writable: false, configurable: true });
    return copyProps(fn, original);
  }
  promisify.custom = kCustomPromisified;

  function callbackify(original) {
    validateFunction(original, 'original');
    function callbackified(...args) {
      const maybeCb = args.pop();
      validateFunction(maybeCb, 'last argument');
      const cb = maybeCb.bind(this);
      Reflect.apply(original, this, args).then(
        (ret) => queueMicrotask(() => cb(null, ret)),
        (rej) => queueMicrotask(() => {
          if (!rej) {
            const reason = rej;
            rej = codedError(Error, 'ERR_FALSY_VALUE_REJECTION', 'Promise was rejected with falsy value');
            rej.reason = reason;
          }
          cb(rej);
        }),
      );
    }
    return copyProps(callbackified, original, (d) => {
      if (d.length && typeof d.length.value === 'number') d.length.value++;
      if (d.name && typeof d.name.value === 'string') d.name.value += 'Callbackified';
    });
  }

  function inherits(ctor, superCtor) {
    if (ctor === undefined || ctor === null) throw errInvalidArgType('ctor', 'Function', ctor);
    if (superCtor === undefined || superCtor === null) throw errInvalidArgType('superCtor', 'Function', superCtor);
    if (superCtor.prototype === undefined) throw errInvalidArgType('superCtor.prototype', 'Object', superCtor.prototype);
    Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
  }

  function deprecate(fn, msg, code) {
    validateFunction(fn, 'fn');
    if (code !== undefined) validateString(code, 'code');
    let warnedHere = false;
    function deprecated(...args) {
      if (!warnedHere) {
        warnedHere = true;
        emitWarning(msg, 'DeprecationWarning', code, code !== undefined ? `dep:${code}` : undefined);
      }
      if (new.target) return Reflect.construct(fn, args, new.target);
      return Reflect.apply(fn, this, args);
    }
    Object.setPrototypeOf(deprecated, fn);
    if (fn.prototype) deprecated.prototype = fn.prototype;
    return deprecated;
  }

  function debuglog(set, cb) {
    const logger = function debug() {};
    Object.defineProperty(logger, 'enabled', { get: () => false, configurable: true, enumerable: true });
    return logger;
  }

  const ansiRe = /[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;
  function stripVTControlCharacters(str) {
    validateString(str, 'str');
    return str.replace(ansiRe, '');
  }
  function toUSVString(input) {
    return String(input).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  }
  function styleText(format, text) {
    validateString(text, 'text');
    const fmts = Array.isArray(format) ? format : [format];
    let left = '';
    let right = '';
    for (const key of fmts) {
      const c = colors[key];
      if (c === undefined) throw errInvalidArgValue('format', key, `must be one of: ${Object.keys(colors).join(', ')}`);
      left += `\u001b[${c[0]}m`;
      right = `\u001b[${c[1]}m${right}`;
    }
    return `${left}${text}${right}`;
  }
  function _extend(target, source) {
    if (source === null || typeof source !== 'object') return target;
    const keys = Object.keys(source);
    let i = keys.length;
    while (i--) target[keys[i]] = source[keys[i]];
    return target;
  }
  function isBuffer(v) {
    const { Buffer } = require('buffer');
    return Buffer.isBuffer(v);
  }
  const pad = (n) => (n < 10 ? `0${n}` : `${n}`);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function log(...args) {
    const d = new Date();
    const time = [pad(d.getHours()), pad(d.getMinutes()), pad(d.getSeconds())].join(':');
    console.log('%s - %s', `${d.getDate()} ${months[d.getMonth()]} ${time}`, format(...args));
  }

  const internal = {
    codedError, errInvalidArgType, errInvalidArgValue, errOutOfRange, invalidArgTypeMessage, describeReceived,
    validateFunction, validateString, validateBoolean, validateObject, validateNumber, validateInteger,
    validateAbortSignal, AbortError, emitWarning, isError, isDeepEqual, isDeepStrictEqual, kCustomPromisifyArgs, kIsNodeError,
  };

  module.exports = {
    _extend,
    callbackify,
    debug: debuglog,
    debuglog,
    deprecate,
    format,
    formatWithOptions,
    inherits,
    inspect,
    isArray: Array.isArray,
    isBoolean: (v) => typeof v === 'boolean',
    isBuffer,
    isDeepStrictEqual,
    isNull: (v) => v === null,
    isNullOrUndefined: (v) => v === null || v === undefined,
    isNumber: (v) => typeof v === 'number',
    isString: (v) => typeof v === 'string',
    isSymbol: (v) => typeof v === 'symbol',
    isUndefined: (v) => v === undefined,
    isRegExp,
    isObject: (v) => v !== null && typeof v === 'object',
    isDate,
    isError,
    isFunction: (v) => typeof v === 'function',
    isPrimitive: (v) => v === null || (typeof v !== 'object' && typeof v !== 'function'),
    log,
    promisify,
    stripVTControlCharacters,
    styleText,
    toUSVString,
    TextDecoder: globalThis.TextDecoder,
    TextEncoder: globalThis.TextEncoder,
    types,
  };
  Object.defineProperty(module.exports, Symbol.for('laf.node.internal'), { value: internal });
})
