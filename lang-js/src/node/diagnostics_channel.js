// Node's `diagnostics_channel`: named channels (channel, subscribe, unsubscribe, hasSubscribers, Channel with publish/bindStore/runStores) and tracingChannel (traceSync, tracePromise, traceCallback); a subscriber's exception is rethrown on the next tick as in Node. Stores bound with bindStore are AsyncLocalStorage ones, so they hold only in the synchronous part (see async_hooks).
(function (exports, require, module) {
  'use strict';
  const internal = () => require('util')[Symbol.for('laf.node.internal')];
  const rethrowLater = (err) => require('process').nextTick(() => { throw err; });

  // name -> WeakRef(channel) (or the channel where WeakRef is missing); channels with subscribers
  // or stores are also held in `active`, so they live as long as someone listens.
  const channels = new Map();
  const active = new Set();
  const lookup = (name) => {
    const ref = channels.get(name);
    return ref === undefined ? undefined : typeof WeakRef === 'function' && ref instanceof WeakRef ? ref.deref() : ref;
  };

  class Channel {
    constructor(name) {
      this._subscribers = undefined;
      this._stores = undefined;
      this.name = name;
      channels.set(name, typeof WeakRef === 'function' ? new WeakRef(this) : this);
    }
    #update() {
      if (this.hasSubscribers) active.add(this);
      else active.delete(this);
    }
    subscribe(subscription) {
      if (typeof subscription !== 'function') internal().validateFunction(subscription, 'subscription');
      this._subscribers = this._subscribers === undefined ? [subscription] : [...this._subscribers, subscription];
      this.#update();
    }
    unsubscribe(subscription) {
      const list = this._subscribers;
      const i = list === undefined ? -1 : list.indexOf(subscription);
      if (i === -1) return false;
      this._subscribers = list.length === 1 ? undefined : [...list.slice(0, i), ...list.slice(i + 1)];
      this.#update();
      return true;
    }
    bindStore(store, transform) {
      if (this._stores === undefined) this._stores = new Map();
      this._stores.set(store, transform);
      this.#update();
    }
    unbindStore(store) {
      if (this._stores === undefined || !this._stores.delete(store)) return false;
      if (this._stores.size === 0) this._stores = undefined;
      this.#update();
      return true;
    }
    get hasSubscribers() {
      return this._subscribers !== undefined || this._stores !== undefined;
    }
    publish(data) {
      const list = this._subscribers;
      if (list === undefined) return;
      for (let i = 0; i < list.length; i++) {
        try {
          list[i](data, this.name);
        } catch (err) {
          rethrowLater(err);
        }
      }
    }
    runStores(data, fn, thisArg, ...args) {
      let run = () => {
        this.publish(data);
        return Reflect.apply(fn, thisArg, args);
      };
      if (this._stores !== undefined) {
        for (const [store, transform] of this._stores) {
          const next = run;
          run = () => {
            let value;
            try {
              value = transform === undefined ? data : transform(data);
            } catch (err) {
              rethrowLater(err);
              return next();
            }
            return store.run(value, next);
          };
        }
      }
      return run();
    }
  }

  function channel(name) {
    const found = lookup(name);
    if (found !== undefined) return found;
    if (typeof name !== 'string' && typeof name !== 'symbol') throw internal().errInvalidArgType('channel', ['string', 'symbol'], name);
    return new Channel(name);
  }
  function subscribe(name, subscription) {
    channel(name).subscribe(subscription);
  }
  function unsubscribe(name, subscription) {
    const found = lookup(name);
    return found === undefined ? false : found.unsubscribe(subscription);
  }
  function hasSubscribers(name) {
    const found = lookup(name);
    return found === undefined ? false : found.hasSubscribers;
  }

  const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];
  class TracingChannel {
    constructor(nameOrChannels) {
      let make;
      if (typeof nameOrChannels === 'string') make = (event) => channel(`tracing:${nameOrChannels}:${event}`);
      else if (nameOrChannels !== null && typeof nameOrChannels === 'object') {
        make = (event) => {
          const c = nameOrChannels[event];
          if (!(c instanceof Channel)) throw internal().errInvalidArgType(`nameOrChannels.${event}`, ['Channel'], c);
          return c;
        };
      } else throw internal().errInvalidArgType('nameOrChannels', ['string', 'TracingChannel', 'Object'], nameOrChannels);
      for (const event of EVENTS) Object.defineProperty(this, event, { value: make(event), writable: true, configurable: true, enumerable: false });
    }
    get hasSubscribers() {
      return this.start.hasSubscribers || this.end.hasSubscribers || this.asyncStart.hasSubscribers ||
        this.asyncEnd.hasSubscribers || this.error.hasSubscribers;
    }
    subscribe(handlers) {
      for (const event of EVENTS) if (handlers[event]) this[event].subscribe(handlers[event]);
    }
    unsubscribe(handlers) {
      let done = true;
      for (const event of EVENTS) if (handlers[event] && !this[event].unsubscribe(handlers[event])) done = false;
      return done;
    }
    traceSync(fn, context = {}, thisArg, ...args) {
      if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
      const { end, error } = this;
      return this.start.runStores(context, () => {
        try {
          const result = Reflect.apply(fn, thisArg, args);
          context.result = result;
          return result;
        } catch (err) {
          context.error = err;
          error.publish(context);
          throw err;
        } finally {
          end.publish(context);
        }
      });
    }
    tracePromise(fn, context = {}, thisArg, ...args) {
      if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
      const { end, asyncStart, asyncEnd, error } = this;
      const resolved = (result) => {
        context.result = result;
        asyncStart.publish(context);
        asyncEnd.publish(context);
        return result;
      };
      const rejected = (err) => {
        context.error = err;
        error.publish(context);
        asyncStart.publish(context);
        asyncEnd.publish(context);
        throw err;
      };
      return this.start.runStores(context, () => {
        try {
          return Promise.resolve(Reflect.apply(fn, thisArg, args)).then(resolved, rejected);
        } catch (err) {
          context.error = err;
          error.publish(context);
          throw err;
        } finally {
          end.publish(context);
        }
      });
    }
    traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
      if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
      const { end, asyncStart, asyncEnd, error } = this;
      const callback = args.at(position);
      if (typeof callback !== 'function') internal().validateFunction(callback, 'callback');
      function wrapped(err, result) {
        if (err) {
          context.error = err;
          error.publish(context);
        } else context.result = result;
        const cbArgs = arguments;
        // As in Node, the wrapper answers undefined whatever the callback returns.
        asyncStart.runStores(context, () => {
          try {
            Reflect.apply(callback, this, cbArgs);
          } finally {
            asyncEnd.publish(context);
          }
        });
      }
      args.splice(position, 1, wrapped);
      return this.start.runStores(context, () => {
        try {
          return Reflect.apply(fn, thisArg, args);
        } catch (err) {
          context.error = err;
          error.publish(context);
          throw err;
        } finally {
          end.publish(context);
        }
      });
    }
  }

  function tracingChannel(nameOrChannels) {
    return new TracingChannel(nameOrChannels);
  }

  module.exports = { channel, hasSubscribers, subscribe, tracingChannel, unsubscribe, Channel };
})
