// `cloud.mongo.db`: the MongoDB Node driver's (v6) collection API over the app's database.
// Evaluated once per app context, the first time a function uses the database. `exec(op, coll,
// ...args)` is the native: one call and one promise per operation, settled by the host with
// driver-shaped values (documents, ids, counts); this file shapes the results as the driver does.
(function mongo(exec, ObjectId, appid) {
  'use strict';
  const OP = {
    FIND: 0, FIND_ONE: 1, INSERT_ONE: 2, INSERT_MANY: 3, UPDATE: 4, REPLACE_ONE: 5, DELETE: 6, COUNT: 7,
    DISTINCT: 8, AGGREGATE: 9, FIND_ONE_AND_UPDATE: 10, CREATE_INDEX: 11, DROP_INDEX: 12, LIST_INDEXES: 13,
    LIST_COLLECTIONS: 14, DROP_COLLECTION: 15,
  };
  const FIND_ONE = OP.FIND_ONE;

  class MongoInvalidArgumentError extends Error {
    get name() { return 'MongoInvalidArgumentError'; }
  }
  class MongoCursorInUseError extends Error {
    get name() { return 'MongoCursorInUseError'; }
  }
  const invalid = (message) => new MongoInvalidArgumentError(message);
  const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
  // The driver's test: an update document's first key is an operator.
  const hasAtomic = (doc) => {
    for (const k in doc) return k[0] === '$';
    return false;
  };
  // A rejected promise instead of a synchronous throw, as from the driver's async methods.
  const fail = (e) => Promise.reject(e);

  // ---- sort and index specifications, normalised as the driver's formatSort does.
  function direction(d) {
    if (d === 1 || d === -1) return d;
    if (d === undefined || d === null) return 1;
    if (typeof d === 'string') {
      const l = d.toLowerCase();
      if (l === 'asc' || l === 'ascending') return 1;
      if (l === 'desc' || l === 'descending') return -1;
    }
    if (isObj(d) && '$meta' in d) return d;
    throw invalid(`Invalid sort direction: ${JSON.stringify(d)}`);
  }
  function sortSpec(sort, dir) {
    if (sort === undefined || sort === null) return undefined;
    const out = {};
    if (typeof sort === 'string') {
      out[sort] = direction(dir);
    } else if (Array.isArray(sort)) {
      if (sort.length === 2 && typeof sort[0] === 'string' && !Array.isArray(sort[1]) && typeof sort[1] !== 'string') {
        out[sort[0]] = direction(sort[1]);
      } else {
        for (const item of sort) {
          if (typeof item === 'string') out[item] = 1;
          else if (Array.isArray(item)) out[item[0]] = direction(item[1]);
          else throw invalid('Invalid sort format');
        }
      }
    } else if (sort instanceof Map) {
      for (const [k, v] of sort) out[k] = direction(v);
    } else if (typeof sort === 'object') {
      for (const k of Object.keys(sort)) out[k] = direction(sort[k]);
    } else {
      throw invalid('Invalid sort format');
    }
    return out;
  }
  function indexKeys(spec) {
    if (typeof spec === 'string') return { [spec]: 1 };
    if (Array.isArray(spec)) {
      const out = {};
      for (const item of spec) {
        if (typeof item === 'string') out[item] = 1;
        else if (Array.isArray(item)) out[item[0]] = item[1];
        else Object.assign(out, item);
      }
      return out;
    }
    if (spec instanceof Map) return Object.fromEntries(spec);
    if (isObj(spec)) return spec;
    throw invalid('Invalid index specification');
  }
  const indexName = (keys) => Object.keys(keys).map((k) => `${k}_${keys[k]}`).join('_');
  const UNSUPPORTED_INDEX = ['expireAfterSeconds', 'partialFilterExpression', 'collation', 'weights'];

  // ---- cursors: the query runs on the first read and its documents are buffered, so chaining
  // (`sort/skip/limit/project`) is allowed until then, as with the driver.
  class Cursor {
    constructor(run) {
      this._run = run;
      this._docs = null;
      this._i = 0;
      this._map = null;
      this._closed = false;
    }
    _check() { if (this._docs !== null) throw new MongoCursorInUseError('Cursor is already initialized'); }
    async _load() {
      if (this._docs === null) {
        const docs = await this._run();
        this._docs = this._map ? docs.map(this._map) : docs;
      }
      return this._docs;
    }
    get closed() { return this._closed; }
    map(fn) {
      this._check();
      const prev = this._map;
      this._map = prev ? (d) => fn(prev(d)) : fn;
      return this;
    }
    toArray() {
      if (this._docs === null && this._i === 0 && !this._map) {
        // The common case: hand over the native's promise itself.
        return this._run().then((docs) => { this._docs = docs; this._i = docs.length; this._closed = true; return docs; });
      }
      return this._load().then((docs) => { const rest = docs.slice(this._i); this._i = docs.length; this._closed = true; return rest; });
    }
    async next() { const docs = await this._load(); return this._i < docs.length ? docs[this._i++] : null; }
    async tryNext() { return this.next(); }
    async hasNext() { const docs = await this._load(); return this._i < docs.length; }
    async forEach(fn) {
      const docs = await this._load();
      while (this._i < docs.length) if ((await fn(docs[this._i++])) === false) break;
    }
    async close() { this._closed = true; }
    rewind() { this._docs = null; this._i = 0; this._closed = false; }
    batchSize() { return this; }
    maxTimeMS() { return this; }
    comment() { return this; }
    async *[Symbol.asyncIterator]() {
      const docs = await this._load();
      while (this._i < docs.length) yield docs[this._i++];
    }
  }

  class FindCursor extends Cursor {
    constructor(coll, filter, options) {
      super(() => exec(OP.FIND, coll, this._filter, this._projection, this._sort, this._skip, this._limit));
      this._coll = coll;
      this._filter = filter ?? {};
      this._projection = options.projection;
      this._sort = sortSpec(options.sort);
      this._skip = options.skip;
      this._limit = options.limit === undefined ? undefined : Math.abs(options.limit);
    }
    filter(f) { this._check(); this._filter = f; return this; }
    sort(s, d) { this._check(); this._sort = sortSpec(s, d); return this; }
    skip(n) { this._check(); this._skip = n; return this; }
    limit(n) { this._check(); this._limit = Math.abs(n); return this; }
    project(p) { this._check(); this._projection = p; return this; }
    hint() { return this; }
    clone() { return new FindCursor(this._coll, this._filter, { projection: this._projection, sort: this._sort, skip: this._skip, limit: this._limit }); }
    async count() { return exec(OP.COUNT, this._coll, this._filter); }
  }

  class AggregationCursor extends Cursor {
    constructor(coll, pipeline) {
      super(() => exec(OP.AGGREGATE, coll, this._pipeline));
      this._pipeline = pipeline;
    }
    _stage(stage) { this._check(); this._pipeline = [...this._pipeline, stage]; return this; }
    match(m) { return this._stage({ $match: m }); }
    group(g) { return this._stage({ $group: g }); }
    sort(s) { return this._stage({ $sort: s }); }
    skip(n) { return this._stage({ $skip: n }); }
    limit(n) { return this._stage({ $limit: n }); }
    project(p) { return this._stage({ $project: p }); }
    unwind(u) { return this._stage({ $unwind: u }); }
    lookup(l) { return this._stage({ $lookup: l }); }
    addStage(s) { return this._stage(s); }
  }

  const updateResult = ([matched, modified, upsertedId]) => ({
    acknowledged: true,
    matchedCount: matched,
    modifiedCount: modified,
    upsertedCount: upsertedId === null ? 0 : 1,
    upsertedId,
  });

  class Collection {
    constructor(name) {
      if (typeof name !== 'string' || !name) throw invalid('collection names must be non-empty strings');
      this.collectionName = name;
    }
    get dbName() { return appid; }
    get namespace() { return `${appid}.${this.collectionName}`; }

    find(filter = {}, options = {}) { return new FindCursor(this.collectionName, filter, options ?? {}); }
    findOne(filter = {}, options) {
      // Without options (the common case) no option object is made and nothing is normalised.
      if (options === undefined || options === null) return exec(FIND_ONE, this.collectionName, filter);
      try {
        return exec(FIND_ONE, this.collectionName, filter, options.projection, sortSpec(options.sort), options.skip);
      } catch (e) {
        return fail(e);
      }
    }
    async insertOne(doc) {
      if (!isObj(doc)) throw invalid('"document" must be an object');
      // As the driver: the caller's document gets its generated `_id`.
      if (doc._id === undefined || doc._id === null) doc._id = new ObjectId();
      return { acknowledged: true, insertedId: await exec(OP.INSERT_ONE, this.collectionName, doc) };
    }
    async insertMany(docs) {
      if (!Array.isArray(docs)) throw invalid('Argument "docs" must be an array of documents');
      for (const d of docs) {
        if (!isObj(d)) throw invalid('"documents" must be an array of objects');
        if (d._id === undefined || d._id === null) d._id = new ObjectId();
      }
      const ids = await exec(OP.INSERT_MANY, this.collectionName, docs);
      const insertedIds = {};
      ids.forEach((id, i) => { insertedIds[i] = id; });
      return { acknowledged: true, insertedCount: ids.length, insertedIds };
    }
    async _update(filter, update, options, multi) {
      if (Array.isArray(update)) throw invalid('update pipelines are not supported; use update operators');
      if (!isObj(update) || !hasAtomic(update)) throw invalid('Update document requires atomic operators');
      return updateResult(await exec(OP.UPDATE, this.collectionName, filter, update, multi, !!options?.upsert));
    }
    updateOne(filter, update, options) { return this._update(filter, update, options, false); }
    updateMany(filter, update, options) { return this._update(filter, update, options, true); }
    async replaceOne(filter, replacement, options) {
      if (!isObj(replacement) || hasAtomic(replacement)) throw invalid('Replacement document must not contain atomic operators');
      return updateResult(await exec(OP.REPLACE_ONE, this.collectionName, filter, replacement, !!options?.upsert));
    }
    async deleteOne(filter = {}) { return { acknowledged: true, deletedCount: await exec(OP.DELETE, this.collectionName, filter, false) }; }
    async deleteMany(filter = {}) { return { acknowledged: true, deletedCount: await exec(OP.DELETE, this.collectionName, filter, true) }; }
    async countDocuments(filter = {}, options = {}) {
      let n = await exec(OP.COUNT, this.collectionName, filter);
      if (options?.skip) n = Math.max(0, n - options.skip);
      if (options?.limit) n = Math.min(n, options.limit);
      return n;
    }
    async estimatedDocumentCount() { return exec(OP.COUNT, this.collectionName, {}); }
    async distinct(key, filter = {}) { return exec(OP.DISTINCT, this.collectionName, key, filter); }
    aggregate(pipeline = []) {
      if (!Array.isArray(pipeline)) throw invalid('"pipeline" must be an array');
      return new AggregationCursor(this.collectionName, pipeline);
    }
    async findOneAndUpdate(filter, update, options = {}) {
      if (!isObj(update) || !hasAtomic(update)) throw invalid('Update document requires atomic operators');
      const o = options ?? {};
      const after = o.returnDocument === 'after' || o.returnOriginal === false;
      const value = await exec(OP.FIND_ONE_AND_UPDATE, this.collectionName, filter, update, sortSpec(o.sort), o.projection, !!o.upsert, after);
      if (!o.includeResultMetadata) return value;
      return { value, ok: 1, lastErrorObject: { n: value === null ? 0 : 1, updatedExisting: value !== null } };
    }
    async findOneAndDelete() { throw invalid('findOneAndDelete is not supported; use findOne then deleteOne'); }
    async findOneAndReplace() { throw invalid('findOneAndReplace is not supported; use findOne then replaceOne'); }
    async createIndex(spec, options = {}) {
      const o = options ?? {};
      for (const k of UNSUPPORTED_INDEX) if (o[k] !== undefined) throw invalid(`index option '${k}' is not supported`);
      return exec(OP.CREATE_INDEX, this.collectionName, indexKeys(spec), o.name, !!o.unique);
    }
    async createIndexes(specs) {
      const names = [];
      for (const s of specs) names.push(await this.createIndex(s.key, s));
      return names;
    }
    async dropIndex(name) {
      await exec(OP.DROP_INDEX, this.collectionName, typeof name === 'string' ? name : indexName(indexKeys(name)));
      return { ok: 1 };
    }
    async dropIndexes() {
      for (const ix of await this.indexes()) if (ix.name !== '_id_') await exec(OP.DROP_INDEX, this.collectionName, ix.name);
      return true;
    }
    async indexes() { return exec(OP.LIST_INDEXES, this.collectionName); }
    listIndexes() { return new Cursor(() => exec(OP.LIST_INDEXES, this.collectionName)); }
    async indexExists(names) {
      const have = new Set((await this.indexes()).map((ix) => ix.name));
      return (Array.isArray(names) ? names : [names]).every((n) => have.has(n));
    }
    async indexInformation() {
      const out = {};
      for (const ix of await this.indexes()) out[ix.name] = Object.entries(ix.key);
      return out;
    }
    async drop() { return exec(OP.DROP_COLLECTION, this.collectionName); }
  }

  const CollectionProto = Collection.prototype;
  const collectionInfo = (name) => ({ name, type: 'collection', options: {}, info: { readOnly: false } });
  const db = {
    get databaseName() { return appid; },
    // As `new Collection(name)`, without a constructor call.
    collection(name) {
      if (typeof name !== 'string' || !name) throw invalid('collection names must be non-empty strings');
      return { __proto__: CollectionProto, collectionName: name };
    },
    listCollections(filter = {}, options = {}) {
      return new Cursor(async () => {
        let names = await exec(OP.LIST_COLLECTIONS, '');
        if (filter && typeof filter.name === 'string') names = names.filter((x) => x === filter.name);
        return names.map((name) => (options?.nameOnly ? { name, type: 'collection' } : collectionInfo(name)));
      });
    },
    async collections() { return (await exec(OP.LIST_COLLECTIONS, '')).map((name) => new Collection(name)); },
    // Collections come into being with their first document, as in MongoDB.
    async createCollection(name) { return new Collection(name); },
    async dropCollection(name) { return exec(OP.DROP_COLLECTION, name); },
  };
  const client = { db: () => db };
  return { OP, api: { db, client } };
})
