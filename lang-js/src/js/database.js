// `cloud.database()`: Laf's db-ql (the `database-ql` package as Laf's runtime wires it to its
// `database-proxy` accessor), over the same native as the driver API. Queries and updates are
// serialised exactly as database-ql does (nested objects flatten to dotted paths, `_` commands
// become MongoDB operators); results have db-ql's shapes. As in Laf, a failing database call
// rejects (the request object never answers `{ ok: false }`), and bad arguments throw.
(function dbql(exec, ObjectId, OP, newId) {
  'use strict';
  const tag = (x) => Object.prototype.toString.call(x).slice(8, -1);
  const isObject = (x) => tag(x) === 'Object';
  const isArray = Array.isArray;
  const isDate = (x) => x instanceof Date;
  const isRegExp = (x) => x instanceof RegExp;
  const isObjectId = (x) => x instanceof ObjectId || x?._bsontype === 'ObjectId' || x?._bsontype === 'ObjectID';
  const isBinary = (x) => ArrayBuffer.isView(x) || x instanceof ArrayBuffer;

  // ---- commands (`db.command`, usually `const _ = db.command`)
  const UNSET = Symbol('UNSET_FIELD_NAME');
  const OPS = { neq: '$ne', remove: '$unset', shift: '$pop', unshift: '$push' };
  const opName = (op) => OPS[op] ?? '$' + op;
  const listArgs = (args) => (isArray(args[0]) ? args[0] : Array.from(args));

  class LogicCommand {
    constructor(operator, operands, fieldName) {
      this.operator = operator;
      this.operands = operands;
      this.fieldName = fieldName || UNSET;
      if (this.fieldName !== UNSET) {
        if (isArray(operands)) {
          this.operands = operands.map((q) => (q instanceof LogicCommand ? q._setFieldName(this.fieldName) : q));
        } else if (operands instanceof LogicCommand) {
          this.operands = operands._setFieldName(this.fieldName);
        }
      }
    }
    _setFieldName(fieldName) {
      const operands = this.operands.map((o) => (o instanceof LogicCommand ? o._setFieldName(fieldName) : o));
      return new LogicCommand(this.operator, operands, fieldName);
    }
    and(...args) { const e = listArgs(args).slice(); e.unshift(this); return new LogicCommand('and', e, this.fieldName); }
    or(...args) { const e = listArgs(args).slice(); e.unshift(this); return new LogicCommand('or', e, this.fieldName); }
  }

  class QueryCommand extends LogicCommand {
    toJSON() {
      return this.operator === 'in' || this.operator === 'nin'
        ? { ['$' + this.operator]: this.operands }
        : { [opName(this.operator)]: this.operands[0] };
    }
    _setFieldName(fieldName) { return new QueryCommand(this.operator, this.operands, fieldName); }
  }
  for (const op of ['eq', 'neq', 'gt', 'gte', 'lt', 'lte']) {
    QueryCommand.prototype[op] = function (val) { return this.and(new QueryCommand(op, [val], this.fieldName)); };
  }
  for (const op of ['in', 'nin']) {
    QueryCommand.prototype[op] = function (list) { return this.and(new QueryCommand(op, list, this.fieldName)); };
  }

  class UpdateCommand {
    constructor(operator, operands, fieldName) {
      this.operator = operator;
      this.operands = operands;
      this.fieldName = fieldName || UNSET;
    }
    _setFieldName(fieldName) { return new UpdateCommand(this.operator, this.operands, fieldName); }
  }

  // db-ql's deprecated helpers: `db.RegExp({ regexp, options })` and `db.serverDate({ offset })`.
  class DbRegExp {
    constructor({ regexp, options } = {}) {
      if (!regexp) throw new TypeError('regexp must be a string');
      this.$regex = regexp;
      this.$options = options || '';
    }
    parse() { return { $regex: this.$regex, $options: this.$options }; }
  }
  class ServerDate {
    constructor({ offset = 0 } = {}) { this.offset = offset; }
    // Laf never implemented these on the server; the host's clock is the closest meaning.
    parse() { return new Date(Date.now() + this.offset); }
  }

  const isInternal = (x) => x instanceof LogicCommand || x instanceof UpdateCommand || x instanceof DbRegExp || x instanceof ServerDate;
  const needsConversion = (v) => isInternal(v) || isDate(v) || isRegExp(v) || isObjectId(v) || isBinary(v);

  // database-ql's `serialize`: commands to their JSON form, containers copied; Dates, RegExps,
  // ObjectIds and bytes stay themselves (the bridge stores them natively).
  function serialize(val, visited = [val]) {
    if (val instanceof LogicCommand) return val.toJSON ? val.toJSON() : val;
    if (val instanceof DbRegExp || val instanceof ServerDate) return val.parse();
    if (val instanceof UpdateCommand) return val;
    if (isDate(val) || isRegExp(val) || isObjectId(val) || isBinary(val)) return val;
    const step = (item) => {
      if (visited.includes(item)) throw new Error('Cannot convert circular structure to JSON');
      return serialize(item, [...visited, item]);
    };
    if (isArray(val)) return val.map(step);
    if (isObject(val)) {
      const out = { ...val };
      for (const k in out) out[k] = step(out[k]);
      return out;
    }
    return val;
  }

  // Nested plain objects become dotted paths (`{ a: { b: 1 } }` -> `{ 'a.b': 1 }`), except
  // objects that need conversion and members under `$` keys.
  function flatten(query, visited) {
    const cloned = { ...query };
    for (const key in query) {
      if (key[0] === '$') continue;
      const value = query[key];
      if (!value) continue;
      if (isObject(value) && !needsConversion(value)) {
        if (visited.includes(value)) throw new Error('Cannot convert circular structure to JSON');
        const child = flatten(value, [...visited, value]);
        cloned[key] = child;
        let kept = false;
        for (const ck in child) {
          if (ck[0] !== '$') {
            cloned[`${key}.${ck}`] = child[ck];
            delete cloned[key][ck];
          } else {
            kept = true;
          }
        }
        if (!kept) delete cloned[key];
      }
    }
    return cloned;
  }
  const flattenQuery = (q) => flatten(q, [q]);

  // ---- query serialisation (database-ql's QuerySerializer)
  function encodeQuery(query, key) {
    if (needsConversion(query)) {
      if (query instanceof QueryCommand) return encodeComparison(query);
      if (query instanceof LogicCommand) return encodeLogic(query);
      return { [key]: encodeQueryObject(query) };
    }
    return isObject(query) ? encodeQueryObject(query) : query;
  }
  function encodeLogic(query) {
    const $op = opName(query.operator);
    switch (query.operator) {
      case 'nor':
      case 'and':
      case 'or':
        return { [$op]: query.operands.map((o) => encodeQuery(o, query.fieldName)) };
      case 'not': {
        const expr = query.operands[0];
        // A native RegExp: MongoDB refuses `$not: { $regex }` but takes `$not: /re/`.
        if (isRegExp(expr)) return { [query.fieldName]: { $not: expr } };
        return { [query.fieldName]: { $not: encodeQuery(expr)[query.fieldName] } };
      }
      default:
        return query.operands.length === 1
          ? { [$op]: encodeQuery(query.operands[0]) }
          : { [$op]: query.operands.map((o) => encodeQuery(o)) };
    }
  }
  function encodeComparison(query) {
    if (query.fieldName === UNSET) throw new Error('Cannot encode a comparison command with unset field name');
    const $op = opName(query.operator);
    switch (query.operator) {
      case 'in':
      case 'nin':
      case 'all':
        return { [query.fieldName]: { [$op]: serialize(query.operands) } };
      default:
        return { [query.fieldName]: { [$op]: serialize(query.operands[0]) } };
    }
  }
  function mergeQuery(query, condition, key) {
    if (!condition[key]) delete query[key];
    for (const ck in condition) {
      const cur = query[ck];
      if (cur && isArray(cur)) query[ck] = cur.concat(condition[ck]);
      else if (cur && isObject(cur) && isObject(condition[ck])) Object.assign(query, condition);
      else query[ck] = condition[ck];
    }
  }
  function encodeQueryObject(query) {
    const flat = flattenQuery(query);
    for (const key in flat) {
      const val = flat[key];
      if (val instanceof QueryCommand) {
        flat[key] = val._setFieldName(key);
        mergeQuery(flat, encodeComparison(flat[key]), key);
      } else if (val instanceof LogicCommand) {
        flat[key] = val._setFieldName(key);
        mergeQuery(flat, encodeLogic(flat[key]), key);
      } else if (needsConversion(val)) {
        flat[key] = serialize(val);
      }
    }
    return flat;
  }

  // ---- update serialisation (database-ql's UpdateSerializer): plain members become `$set` of
  // their dotted paths, commands their operators.
  function encodeUpdateCommand(cmd) {
    if (cmd.fieldName === UNSET) throw new Error('Cannot encode a comparison command with unset field name');
    const f = cmd.fieldName;
    const $op = opName(cmd.operator);
    switch (cmd.operator) {
      case 'remove': return { $unset: { [f]: '' } };
      case 'push': return { $push: { [f]: isArray(cmd.operands) ? { $each: cmd.operands.map((v) => serialize(v)) } : cmd.operands } };
      case 'unshift': return { $push: { [f]: { $each: cmd.operands.map((v) => serialize(v)), $position: 0 } } };
      case 'pop': return { $pop: { [f]: 1 } };
      case 'shift': return { $pop: { [f]: -1 } };
      case 'pull':
      case 'pullAll':
      case 'addToSet':
        return { [$op]: { [f]: serialize(cmd.operands) } };
      default: return { [$op]: { [f]: cmd.operands[0] } };
    }
  }
  function mergeUpdate(query, condition, key) {
    if (!condition[key]) delete query[key];
    for (const ck in condition) {
      const cur = query[ck];
      if (cur && isArray(cur)) cur.push(condition[ck]);
      else if (cur && isObject(cur) && isObject(condition[ck])) Object.assign(cur, condition[ck]);
      else query[ck] = condition[ck];
    }
  }
  function encodeUpdate(data) {
    if (data instanceof UpdateCommand) return encodeUpdateCommand(data);
    if (!isObject(data)) return data;
    const flat = flattenQuery(data);
    for (const key in flat) {
      if (key[0] === '$') continue;
      const val = flat[key];
      if (val instanceof UpdateCommand) {
        flat[key] = val._setFieldName(key);
        mergeUpdate(flat, encodeUpdateCommand(flat[key]), key);
      } else {
        flat[key] = serialize(val);
        mergeUpdate(flat, encodeUpdateCommand(new UpdateCommand('set', [flat[key]], key)), key);
      }
    }
    return flat;
  }

  // ---- aggregation
  class Aggregation {
    constructor(db, coll, raw) {
      this._db = db;
      this._coll = coll;
      this._stages = [];
      for (const stage of raw ?? []) {
        const keys = Object.keys(stage);
        if (keys.length !== 1) throw new Error('aggregation stage must have one key');
        this._stages.push({ [keys[0]]: stage[keys[0]] });
      }
    }
    _pipe(name, param) { this._stages.push({ ['$' + name]: param }); return this; }
    match(param) { return this._pipe('match', encodeQuery(param)); }
    unwrap() { return this._stages; }
    done() { return this._stages.map((s) => ({ ...s })); }
    async end() {
      if (!this._coll || !this._db) throw new Error('Aggregation pipeline cannot send request');
      if (!this._stages.length) throw new Error('Aggregation stage cannot be empty');
      return { data: await exec(OP.AGGREGATE, this._coll, this._stages), ok: true };
    }
  }
  for (const stage of ['addFields', 'bucket', 'bucketAuto', 'count', 'geoNear', 'group', 'limit', 'project', 'lookup',
    'replaceRoot', 'sample', 'skip', 'sort', 'sortByCount', 'unwind']) {
    Aggregation.prototype[stage] = function (param) { return this._pipe(stage, param); };
  }
  const AGG_OPS = ('abs add ceil divide exp floor ln log log10 mod multiply pow sqrt subtract trunc arrayElemAt ' +
    'arrayToObject concatArrays filter in indexOfArray isArray map range reduce reverseArray size slice zip and not ' +
    'or cmp eq gt gte lt lte cond ifNull switch dateFromParts dateFromString dayOfMonth dayOfWeek dayOfYear ' +
    'isoDayOfWeek isoWeek isoWeekYear millisecond minute month second hour week year literal mergeObjects ' +
    'objectToArray allElementsTrue anyElementTrue setDifference setEquals setIntersection setIsSubset setUnion ' +
    'concat dateToString indexOfBytes indexOfCP split strLenBytes strLenCP strcasecmp substr substrBytes substrCP ' +
    'toLower toUpper meta addToSet avg first last max min push stdDevPop stdDevSamp sum let').split(' ');
  const aggregate = { pipeline: () => new Aggregation(), neq: (p) => ({ $ne: p }) };
  for (const name of AGG_OPS) aggregate[name] = (p) => ({ ['$' + name]: p });

  const query = (op) => (val) => new QueryCommand(op, [val]);
  const update = (op) => (val) => new UpdateCommand(op, [val]);
  const Command = {
    eq: query('eq'), neq: query('neq'), lt: query('lt'), lte: query('lte'), gt: query('gt'), gte: query('gte'),
    in: (val) => new QueryCommand('in', val),
    nin: (val) => new QueryCommand('nin', val),
    all: (val) => new QueryCommand('all', val),
    elemMatch: query('elemMatch'), exists: query('exists'), size: query('size'), mod: query('mod'), like: query('like'),
    and: (...args) => new LogicCommand('and', listArgs(args)),
    nor: (...args) => new LogicCommand('nor', listArgs(args)),
    or: (...args) => new LogicCommand('or', listArgs(args)),
    not: (...args) => new LogicCommand('not', listArgs(args)),
    set: update('set'), inc: update('inc'), mul: update('mul'), rename: update('rename'), bit: update('bit'),
    max: update('max'), min: update('min'),
    remove: () => new UpdateCommand('remove', []),
    pop: () => new UpdateCommand('pop', []),
    shift: () => new UpdateCommand('shift', []),
    push(...args) {
      let values;
      if (isObject(args[0]) && Object.prototype.hasOwnProperty.call(args[0], 'each')) {
        const o = args[0];
        values = { $each: o.each, $position: o.position, $sort: o.sort, $slice: o.slice };
      } else {
        values = isArray(args[0]) ? args[0] : Array.from(args);
      }
      return new UpdateCommand('push', values);
    },
    unshift: (...args) => new UpdateCommand('unshift', listArgs(args)),
    pull: (values) => new UpdateCommand('pull', values),
    pullAll: (values) => new UpdateCommand('pullAll', values),
    addToSet: (values) => new UpdateCommand('addToSet', values),
    expr: (values) => ({ $expr: values }),
    jsonSchema: (schema) => ({ $jsonSchema: schema }),
    text: (v) => (typeof v === 'string' ? { $search: v }
      : { $search: v.search, $language: v.language, $caseSensitive: v.caseSensitive, $diacriticSensitive: v.diacriticSensitive }),
    aggregate,
    project: { slice: (p) => ({ $slice: p }), elemMatch: (p) => ({ $elemMatch: p }) },
  };

  // ---- queries, collections and documents
  const integer = (name, n) => { if (!Number.isInteger(n)) throw new Error(name + 'must be integer'); };
  const nonEmpty = (data) => {
    if (!data || typeof data !== 'object' || Object.keys(data).length === 0) throw new Error('data cannot be empty object');
  };

  class Query {
    constructor(db, coll, filters, orders, options, withs) {
      this._db = db;
      this._coll = coll;
      this._fieldFilters = filters;
      this._fieldOrders = orders || [];
      this._queryOptions = options || {};
      this._withs = withs || [];
    }
    _with(changes) {
      const q = new Query(this._db, this._coll, this._fieldFilters, this._fieldOrders, this._queryOptions, this._withs);
      return Object.assign(q, changes);
    }
    where(query) {
      if (tag(query) !== 'Object') throw new Error('query must be an object');
      const keys = Object.keys(query);
      if (keys.length && !keys.some((k) => query[k] !== undefined)) throw new Error('query values cannot all be undefined');
      return this._with({ _fieldFilters: encodeQuery(query) });
    }
    orderBy(fieldPath, direction) {
      if (typeof fieldPath !== 'string' || !/^[a-zA-Z0-9-_.]/.test(fieldPath)) throw new Error(`invalid field path: ${fieldPath}`);
      if (direction !== 'asc' && direction !== 'desc') throw new Error(`invalid order direction: ${direction}`);
      return this._with({ _fieldOrders: this._fieldOrders.concat({ field: fieldPath, direction }) });
    }
    with(p) { return this._with({ _withs: this._withs.concat({ ...p, as: p.as ?? p.query._coll, one: p.one ?? false }) }); }
    withOne(p) { return this._with({ _withs: this._withs.concat({ ...p, as: p.as ?? p.query._coll, one: true }) }); }
    field(projection) {
      const formatted = {};
      if (isArray(projection)) {
        for (const k of projection) formatted[k] = 1;
      } else {
        for (const k in projection) {
          if (projection[k]) {
            if (typeof projection[k] !== 'object') formatted[k] = 1;
          } else {
            formatted[k] = 0;
          }
        }
      }
      return this._with({ _queryOptions: { ...this._queryOptions, projection: formatted } });
    }
    limit(limit) { integer('limit', limit); return this._with({ _queryOptions: { ...this._queryOptions, limit } }); }
    skip(offset) { integer('offset', offset); return this._with({ _queryOptions: { ...this._queryOptions, offset } }); }
    page(options) {
      const current = options?.current || 1;
      const size = options?.size || 10;
      const q = this.skip((current - 1) * size).limit(size);
      q._queryOptions.count = true;
      return q;
    }
    clone() { return this._with({}); }
    _sort() {
      if (!this._fieldOrders.length) return undefined;
      const sort = {};
      for (const o of this._fieldOrders) sort[o.field] = o.direction === 'desc' ? -1 : 1;
      return sort;
    }
    // Laf's defaults: 100 documents unless limited, never more than 1000.
    _limit() { const l = this._queryOptions.limit; return l ? (l < 1000 ? l : 1000) : 100; }
    async get() { return this._withs.length ? this._merge() : this._get(); }
    async _get() {
      const o = this._queryOptions;
      const filter = this._fieldFilters ?? {};
      const data = await exec(OP.FIND, this._coll, filter, o.projection, this._sort(), o.offset || 0, this._limit());
      const res = { data, ok: true };
      if (o.count) res.total = await exec(OP.COUNT, this._coll, filter);
      return res;
    }
    async getOne() {
      const res = await this.limit(1).get();
      return { ok: true, data: res.data.length ? res.data[0] : null };
    }
    merge(options) { return this._merge(options); }
    async _merge(options) {
      const intersection = options?.intersection ?? false;
      const res = await this._get();
      for (const w of this._withs) {
        const localValues = res.data.map((d) => d[w.localField]);
        const q = w.query.clone();
        q._fieldFilters = { ...(q._fieldFilters || {}), [w.foreignField]: { $in: localValues } };
        const sub = q._withs.length ? await q.merge() : await q.get();
        const map = new Map();
        for (const s of sub.data) {
          const key = keyOf(s[w.foreignField]);
          if (w.one) map.set(key, s);
          else { if (!map.has(key)) map.set(key, []); map.get(key).push(s); }
        }
        const results = [];
        for (const m of res.data) {
          const key = keyOf(m[w.localField]);
          m[w.as] = map.get(key);
          if (intersection && !map.has(key)) continue;
          results.push(m);
        }
        res.data = results;
      }
      return res;
    }
    async count() { return { total: await exec(OP.COUNT, this._coll, this._fieldFilters ?? {}), ok: true }; }
    async update(data, options) {
      nonEmpty(data);
      if (Object.prototype.hasOwnProperty.call(data, '_id')) throw new Error('can not update the `_id` field');
      const multi = options?.multi ?? false;
      const merge = options?.merge ?? true;
      const upsert = options?.upsert ?? false;
      const filter = this._fieldFilters ?? {};
      // As Laf's accessor: merge:false replaces one document; a multi update never upserts.
      const r = merge
        ? await exec(OP.UPDATE, this._coll, filter, encodeUpdate(data), multi, multi ? false : upsert)
        : await exec(OP.REPLACE_ONE, this._coll, filter, serialize(data), upsert);
      return { updated: r[1], matched: r[0], upsertId: r[2], ok: true };
    }
    async remove(options) {
      if (Object.keys(this._queryOptions).length > 0) console.warn('`offset`, `limit` and `projection` are not supported in remove() operation');
      if (this._fieldOrders.length > 0) console.warn('`orderBy` is not supported in remove() operation');
      return { deleted: await exec(OP.DELETE, this._coll, this._fieldFilters ?? {}, options?.multi ?? false), ok: true };
    }
  }
  // Join keys compare as strings, as the object keys database-ql used did (ObjectIds by hex).
  const keyOf = (v) => String(v);

  class DocumentReference {
    constructor(db, coll, id, query) {
      this._db = db;
      this._coll = coll;
      this.id = id;
      this._query = query || new Query(db, coll);
    }
    _where() { return this._query.where({ [this._db.primaryKey]: this.id }); }
    async create(data, options) {
      nonEmpty(data);
      const multi = options?.multi ?? false;
      // Laf's ids are hex strings; a document that brings its own `_id` keeps it.
      const withId = (d) => {
        const doc = serialize(d);
        if (doc._id !== undefined && doc._id !== null) return doc;
        delete doc._id;
        return { _id: newId(), ...doc };
      };
      if (multi) {
        const docs = (isArray(data) ? data : [data]).map(withId);
        const ids = await exec(OP.INSERT_MANY, this._coll, docs);
        const id = {};
        ids.forEach((x, i) => { id[i] = x; });
        return { id, insertedCount: ids.length, ok: true };
      }
      if (isArray(data)) throw new Error('add() takes an array only with { multi: true }');
      return { id: await exec(OP.INSERT_ONE, this._coll, withId(data)), insertedCount: 1, ok: true };
    }
    async set(data) {
      if (!this.id) throw new Error('document id cannot be empty');
      const hasOperator = (o) => typeof o === 'object' && o !== null &&
        Object.keys(o).some((k) => o[k] instanceof UpdateCommand || (typeof o[k] === 'object' && hasOperator(o[k])));
      if (hasOperator(data)) throw new Error('data cannot contain operator');
      return this._where().update(data, { merge: false, multi: false, upsert: true });
    }
    update(data) { return this._where().update(data, { merge: true, multi: false, upsert: false }); }
    remove() { return this._where().remove({ multi: false }); }
    get() { return this._where().getOne(); }
    field(projection) { return new DocumentReference(this._db, this._coll, this.id, this._query.field(projection)); }
    async createIndex(keys, options) {
      if (typeof keys !== 'object' || keys === null || Object.keys(keys).length === 0) throw new Error('keys cannot be empty object');
      return { indexName: await exec(OP.CREATE_INDEX, this._coll, keys, options?.name, !!options?.unique), ok: true };
    }
    async dropIndex(index) {
      const name = typeof index === 'string' ? index : Object.keys(index).map((k) => `${k}_${index[k]}`).join('_');
      await exec(OP.DROP_INDEX, this._coll, name);
      return { result: { ok: 1 }, ok: true };
    }
    async listIndexes() { return { list: await exec(OP.LIST_INDEXES, this._coll), ok: true }; }
  }

  class CollectionReference extends Query {
    constructor(db, coll) { super(db, coll); }
    get name() { return this._coll; }
    doc(docID) {
      if (!docID) throw new Error('docID cannot be empty');
      return new DocumentReference(this._db, this._coll, docID);
    }
    add(data, options) { return new DocumentReference(this._db, this._coll, undefined).create(data, options); }
    aggregate(rawPipeline = []) { return new Aggregation(this._db, this._coll, rawPipeline); }
    createIndex(keys, options) { return new DocumentReference(this._db, this._coll).createIndex(keys, options); }
    dropIndex(index) { return new DocumentReference(this._db, this._coll).dropIndex(index); }
    listIndexes() { return new DocumentReference(this._db, this._coll).listIndexes(); }
  }

  class Db {
    constructor() {
      this.command = Command;
      this.primaryKey = '_id';
      this.RegExp = (param) => new DbRegExp(param);
      this.serverDate = (opt) => new ServerDate(opt);
    }
    collection(name) {
      if (!name) throw new Error('Collection name is required');
      return new CollectionReference(this, name);
    }
    generateId() { return newId(); }
    ObjectId(id) { return new ObjectId(id); }
  }
  return new Db();
})
