// node:worker_threads — what a cloud function's single thread has: isMainThread, threadId 0, no
// parentPort or workerData, and in-process MessageChannel/MessagePort/BroadcastChannel (messages are
// structured clones, delivered as `message` events on a later turn). Worker and the other
// thread-spawning or transferring calls throw ERR_NOT_AVAILABLE.
(function (exports, require, module, native) {
  'use strict';
  const { Event, EventTarget } = require('internal/web');
  const { setImmediate } = require('timers');

  const no = (what) => function () {
    const e = new Error(`worker_threads.${what} is not available to cloud functions`);
    e.code = 'ERR_NOT_AVAILABLE';
    throw e;
  };

  class MessageEvent extends Event {
    constructor(type, init = {}) {
      super(type, init);
      this.data = init.data;
      this.origin = init.origin ?? '';
      this.lastEventId = init.lastEventId ?? '';
      this.source = init.source ?? null;
      this.ports = init.ports ?? [];
    }
  }

  const PEER = Symbol('peer');
  const STATE = Symbol('state');

  class MessagePort extends EventTarget {
    constructor() {
      super();
      this[PEER] = null;
      this[STATE] = { started: false, closed: false, queue: [], onmessage: null, refed: true };
    }
    postMessage(value) {
      const peer = this[PEER];
      if (this[STATE].closed || !peer || peer[STATE].closed) return;
      const data = structuredClone(value);
      peer[STATE].queue.push(data);
      if (peer[STATE].started) peer._flush();
    }
    start() {
      const st = this[STATE];
      if (st.started || st.closed) return;
      st.started = true;
      this._flush();
    }
    _flush() {
      setImmediate(() => {
        const st = this[STATE];
        while (st.started && !st.closed && st.queue.length) {
          const data = st.queue.shift();
          this.dispatchEvent(new MessageEvent('message', { data }));
        }
      });
    }
    close() {
      const st = this[STATE];
      if (st.closed) return;
      st.closed = true;
      const peer = this[PEER];
      setImmediate(() => {
        this.dispatchEvent(new Event('close'));
        if (peer && !peer[STATE].closed) peer.close();
      });
    }
    get onmessage() { return this[STATE].onmessage; }
    set onmessage(fn) {
      const st = this[STATE];
      if (st.onmessage) this.removeEventListener('message', st.onmessage);
      st.onmessage = typeof fn === 'function' ? fn : null;
      if (st.onmessage) {
        this.addEventListener('message', st.onmessage);
        this.start();
      }
    }
    // Node's EventEmitter-style listeners also start the port.
    on(type, listener) {
      this.addEventListener(type, (ev) => listener(type === 'message' ? ev.data : ev));
      if (type === 'message') this.start();
      return this;
    }
    once(type, listener) {
      this.addEventListener(type, (ev) => listener(type === 'message' ? ev.data : ev), { once: true });
      if (type === 'message') this.start();
      return this;
    }
    ref() { this[STATE].refed = true; return this; }
    unref() { this[STATE].refed = false; return this; }
    hasRef() { return this[STATE].refed; }
  }

  class MessageChannel {
    constructor() {
      this.port1 = new MessagePort();
      this.port2 = new MessagePort();
      this.port1[PEER] = this.port2;
      this.port2[PEER] = this.port1;
    }
  }

  // Channels of one name in this app's context hear each other (not themselves).
  const channels = new Map();
  class BroadcastChannel extends EventTarget {
    constructor(name) {
      super();
      this.name = `${name}`;
      this[STATE] = { closed: false, onmessage: null };
      if (!channels.has(this.name)) channels.set(this.name, new Set());
      channels.get(this.name).add(this);
    }
    postMessage(value) {
      if (this[STATE].closed) {
        const e = new Error('BroadcastChannel is closed.');
        e.name = 'InvalidStateError';
        throw e;
      }
      const data = structuredClone(value);
      for (const other of channels.get(this.name) || []) {
        if (other !== this) setImmediate(() => { if (!other[STATE].closed) other.dispatchEvent(new MessageEvent('message', { data })); });
      }
    }
    close() {
      this[STATE].closed = true;
      channels.get(this.name)?.delete(this);
    }
    get onmessage() { return this[STATE].onmessage; }
    set onmessage(fn) {
      const st = this[STATE];
      if (st.onmessage) this.removeEventListener('message', st.onmessage);
      st.onmessage = typeof fn === 'function' ? fn : null;
      if (st.onmessage) this.addEventListener('message', st.onmessage);
    }
    ref() { return this; }
    unref() { return this; }
  }

  exports.isMainThread = true;
  exports.threadId = 0;
  exports.parentPort = null;
  exports.workerData = null;
  exports.resourceLimits = {};
  exports.SHARE_ENV = Symbol.for('nodejs.worker_threads.SHARE_ENV');
  exports.MessageChannel = MessageChannel;
  exports.MessagePort = MessagePort;
  exports.BroadcastChannel = BroadcastChannel;
  exports.Worker = no('Worker');
  exports.receiveMessageOnPort = no('receiveMessageOnPort');
  exports.markAsUntransferable = no('markAsUntransferable');
  exports.moveMessagePortToContext = no('moveMessagePortToContext');
  exports.getEnvironmentData = () => undefined;
  exports.setEnvironmentData = () => {};
})
