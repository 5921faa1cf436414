// Node's `util/types` (= util.types) in plain JS with brand checks; isProxy and isExternal are always false (not detectable from JS).
(function (exports, require, module, native) {
  'use strict';
  const OPS = Object.prototype.toString;
  const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  // A brand check: calling the getter/method throws unless `v` has the internal slot. The cheap
  // instanceof/tag test first keeps ordinary objects from paying for a thrown exception.
  const brand = (fn, ctor, arg) => {
    const tag = `[object ${ctor.name}]`;
    return (v) => {
      if (v === null || typeof v !== 'object') return false;
      if (!(v instanceof ctor) && OPS.call(v) !== tag) return false;
      try { fn.call(v, arg); return true; } catch { return false; }
    };
  };
  const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  const taTag = getter(TypedArrayProto, Symbol.toStringTag);
  const typedArrayName = (v) => (ArrayBuffer.isView(v) ? taTag.call(v) : undefined);
  const isTypedArray = (v) => typedArrayName(v) !== undefined;
  const isTA = (name) => (v) => typedArrayName(v) === name;
  const abLength = getter(ArrayBuffer.prototype, 'byteLength');
  const sabLength = typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : null;
  const isArrayBuffer = brand(abLength, ArrayBuffer);
  const isSharedArrayBuffer = sabLength ? brand(sabLength, SharedArrayBuffer) : () => false;
  const isRegExpBrand = brand(getter(RegExp.prototype, 'source'), RegExp);
  const mapIterProto = Object.getPrototypeOf(new Map().entries());
  const setIterProto = Object.getPrototypeOf(new Set().values());
  const tagOf = (v) => {
    try { return v[Symbol.toStringTag]; } catch { return undefined; }
  };
  const isNumberObject = brand(Number.prototype.valueOf, Number);
  const isStringObject = brand(String.prototype.valueOf, String);
  const isBooleanObject = brand(Boolean.prototype.valueOf, Boolean);
  const isSymbolObject = brand(Symbol.prototype.valueOf, Symbol);
  const isBigIntObject = brand(BigInt.prototype.valueOf, BigInt);
  const fnTag = (v) => (typeof v === 'function' ? tagOf(v) : undefined);

  const types = {
    isExternal: () => false,
    isDate: brand(Date.prototype.getTime, Date),
    isArgumentsObject: (v) => v !== null && typeof v === 'object' && tagOf(v) === undefined && OPS.call(v) === '[object Arguments]',
    isBigIntObject,
    isBooleanObject,
    isNumberObject,
    isStringObject,
    isSymbolObject,
    isNativeError: (v) => {
      if (v === null || typeof v !== 'object') return false;
      const t = tagOf(v);
      if (t === undefined) return OPS.call(v) === '[object Error]';
      return v instanceof Error;
    },
    isRegExp: (v) => v !== RegExp.prototype && isRegExpBrand(v),
    isAsyncFunction: (v) => {
      const t = fnTag(v);
      return t === 'AsyncFunction' || t === 'AsyncGeneratorFunction';
    },
    isGeneratorFunction: (v) => {
      const t = fnTag(v);
      return t === 'GeneratorFunction' || t === 'AsyncGeneratorFunction';
    },
    isGeneratorObject: (v) => {
      if (v === null || typeof v !== 'object') return false;
      const t = tagOf(v);
      return (t === 'Generator' || t === 'AsyncGenerator') && typeof v.next === 'function';
    },
    isPromise: (v) => v instanceof Promise,
    isMap: brand(getter(Map.prototype, 'size'), Map),
    isSet: brand(getter(Set.prototype, 'size'), Set),
    isMapIterator: (v) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === mapIterProto,
    isSetIterator: (v) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === setIterProto,
    isWeakMap: brand(WeakMap.prototype.has, WeakMap, {}),
    isWeakSet: brand(WeakSet.prototype.has, WeakSet, {}),
    isArrayBuffer,
    isDataView: brand(getter(DataView.prototype, 'buffer'), DataView),
    isSharedArrayBuffer,
    isProxy: () => false,
    isModuleNamespaceObject: (v) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === null &&
      tagOf(v) === 'Module' && !Object.isExtensible(v),
    isAnyArrayBuffer: (v) => isArrayBuffer(v) || isSharedArrayBuffer(v),
    isBoxedPrimitive: (v) => isNumberObject(v) || isStringObject(v) || isBooleanObject(v) || isBigIntObject(v) || isSymbolObject(v),
    isArrayBufferView: (v) => ArrayBuffer.isView(v),
    isTypedArray,
    isUint8Array: isTA('Uint8Array'),
    isUint8ClampedArray: isTA('Uint8ClampedArray'),
    isUint16Array: isTA('Uint16Array'),
    isUint32Array: isTA('Uint32Array'),
    isInt8Array: isTA('Int8Array'),
    isInt16Array: isTA('Int16Array'),
    isInt32Array: isTA('Int32Array'),
    isFloat32Array: isTA('Float32Array'),
    isFloat64Array: isTA('Float64Array'),
    isBigInt64Array: isTA('BigInt64Array'),
    isBigUint64Array: isTA('BigUint64Array'),
    isKeyObject: (v) => v !== null && typeof v === 'object' && tagOf(v) === 'KeyObject',
    isCryptoKey: (v) => v !== null && typeof v === 'object' && tagOf(v) === 'CryptoKey',
  };
  // The typed array's constructor name without touching its (overridable) constructor property.
  Object.defineProperty(types, Symbol.for('laf.node.typedArrayName'), { value: typedArrayName });
  module.exports = types;
})
