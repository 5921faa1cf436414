//! The JavaScript database API end to end: functions on the real QuickJS engine using
//! `cloud.database()` (db-ql) and `cloud.mongo.db` (driver style) on the embedded backend.

mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::Request;
use laf_host::bindings::database::embedded::EmbeddedProvider;
use laf_host::{AppConfig, FunctionSource, Host};
use lang_js::JsLanguage;
use serde_json::{Value, json};

const APP: &str = "t";

/// A host with an embedded database in a fresh directory, removed when dropped.
struct DbHost {
    host: Host,
    dir: PathBuf,
}

impl Drop for DbHost {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn db_host(timeout: Duration) -> DbHost {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir =
        std::env::temp_dir().join(format!("lafjs-db-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&dir);
    let provider = EmbeddedProvider::open(&dir).unwrap();
    let host = Host::builder().language(JsLanguage::new()).database(Arc::new(provider)).workers(1).build().unwrap();
    host.create_app(APP, Some(AppConfig { timeout, ..AppConfig::default() })).unwrap();
    DbHost { host, dir }
}

async fn publish_in(h: &Host, app: &str, name: &str, code: &str) {
    let src = FunctionSource::new(name, format!("{name}.ts"), code);
    if let Err(e) = h.app(app).unwrap().publish(src).await {
        panic!("publish {name}: {e}");
    }
}

async fn call_in(h: &Host, app: &str, name: &str) -> (u16, Value) {
    let req = Request::get(format!("/{name}")).header("x-request-id", "rid-db").body(Bytes::new()).unwrap();
    let r = h.invoke(app, name, req).await.unwrap();
    let status = r.status.as_u16();
    let body = r.collect_body().await;
    let v = serde_json::from_slice(&body).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into()));
    (status, v)
}

/// Publishes `code` as function `name` in the test app and returns its JSON answer (200 only).
async fn run(h: &DbHost, name: &str, code: &str) -> Value {
    publish_in(&h.host, APP, name, code).await;
    let (status, v) = call_in(&h.host, APP, name).await;
    if status != 200 {
        panic!("{name} answered {status} {v}: {}", thrown(&h.host, name).await);
    }
    v
}

/// What the function threw, for failure messages (the HTTP answer hides it).
async fn thrown(h: &Host, name: &str) -> String {
    let app = h.app(APP).unwrap();
    let ctx = common::get_context(&app, name, "diag", Duration::from_secs(10));
    match app.function(name).unwrap().loaded.invoke(ctx).await {
        Err(e) => format!("{e:?}"),
        Ok(r) => format!("status {}", r.status),
    }
}

#[tokio::test]
async fn dbql_crud_has_laf_result_shapes() {
    let h = db_host(Duration::from_secs(10));
    let v = run(&h, "crud", r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const db = cloud.database()
          const add = await db.collection('users').add({ name: 'a', age: 1 })
          const many = await db.collection('users').add([{ name: 'b', age: 2 }, { name: 'c', age: 3 }], { multi: true })
          const got = await db.collection('users').where({ name: 'a' }).get()
          const one = await db.collection('users').where({ name: 'zz' }).getOne()
          const count = await db.collection('users').count()
          const upd = await db.collection('users').where({ name: 'b' }).update({ age: 20, profile: { city: 'x' } })
          const after = await db.collection('users').where({ name: 'b' }).getOne()
          const replaced = await db.collection('users').where({ name: 'c' }).update({ name: 'c', only: true }, { merge: false })
          const afterReplace = await db.collection('users').where({ name: 'c' }).getOne()
          const upsert = await db.collection('users').where({ name: 'new' }).update({ age: 9 }, { upsert: true })
          const removed = await db.collection('users').where({ age: 1 }).remove()
          const removedAll = await db.collection('users').remove({ multi: true })
          return {
            add: { idType: typeof add.id, idLen: add.id.length, insertedCount: add.insertedCount, ok: add.ok },
            many: { ids: Object.keys(many.id), insertedCount: many.insertedCount, ok: many.ok },
            got: { n: got.data.length, name: got.data[0].name, ok: got.ok, keys: Object.keys(got).sort(), sameId: got.data[0]._id === add.id },
            one, count,
            upd, after: { age: after.data.age, city: after.data.profile.city, name: after.data.name },
            replaced, afterReplace: { only: afterReplace.data.only, age: afterReplace.data.age },
            upsert: { updated: upsert.updated, matched: upsert.matched, hasId: upsert.upsertId !== null, ok: upsert.ok },
            removed, removedAll,
          }
        }"#).await;
    assert_eq!(v["add"], json!({"idType": "string", "idLen": 24, "insertedCount": 1, "ok": true}));
    assert_eq!(v["many"], json!({"ids": ["0", "1"], "insertedCount": 2, "ok": true}));
    assert_eq!(v["got"], json!({"n": 1, "name": "a", "ok": true, "keys": ["data", "ok"], "sameId": true}));
    assert_eq!(v["one"], json!({"ok": true, "data": null}));
    assert_eq!(v["count"], json!({"total": 3, "ok": true}));
    assert_eq!(v["upd"], json!({"updated": 1, "matched": 1, "upsertId": null, "ok": true}));
    assert_eq!(v["after"], json!({"age": 20, "city": "x", "name": "b"}));
    assert_eq!(v["replaced"], json!({"updated": 1, "matched": 1, "upsertId": null, "ok": true}));
    assert_eq!(v["afterReplace"], json!({"only": true}), "a replaced document loses its other fields");
    assert_eq!(v["upsert"], json!({"updated": 0, "matched": 0, "hasId": true, "ok": true}));
    assert_eq!(v["removed"], json!({"deleted": 1, "ok": true}));
    assert_eq!(v["removedAll"], json!({"deleted": 3, "ok": true}));
}

#[tokio::test]
async fn dbql_commands_become_mongo_operators() {
    let h = db_host(Duration::from_secs(10));
    let v = run(&h, "cmds", r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const db = cloud.database()
          const _ = db.command
          const c = db.collection('items')
          await c.add([
            { n: 1, tags: ['a', 'b'], sub: { x: 1 } },
            { n: 2, tags: ['b'], sub: { x: 2 } },
            { n: 3, tags: [], sub: { x: 3 }, extra: true },
            { n: 4, tags: ['a', 'c'], sub: { x: 4 } },
          ], { multi: true })
          const ns = async (q) => (await c.where(q).orderBy('n', 'asc').get()).data.map((d) => d.n)
          const q = {
            eq: await ns({ n: _.eq(2) }), neq: await ns({ n: _.neq(2) }),
            gt: await ns({ n: _.gt(2) }), gte: await ns({ n: _.gte(2) }), lt: await ns({ n: _.lt(2) }), lte: await ns({ n: _.lte(2) }),
            in: await ns({ n: _.in([1, 3]) }), nin: await ns({ n: _.nin([1, 3]) }),
            range: await ns({ n: _.gt(1).and(_.lt(4)) }),
            or: await ns(_.or([{ n: 1 }, { n: 4 }])), orField: await ns({ n: _.lt(2).or(_.gt(3)) }),
            and: await ns(_.and([{ n: _.gt(1) }, { n: _.lt(3) }])), nor: await ns(_.nor([{ n: 1 }, { n: 2 }])),
            not: await ns({ n: _.not(_.gt(2)) }),
            exists: await ns({ extra: _.exists(true) }), mod: await ns({ n: _.mod([2, 0]) }),
            all: await ns({ tags: _.all(['a', 'c']) }), size: await ns({ tags: _.size(0) }),
            elemMatch: await ns({ tags: _.elemMatch(_.eq('c')) }),
            nested: await ns({ sub: { x: 2 } }), dotted: await ns({ 'sub.x': _.gte(3) }),
            regex: await ns({ tags: /^c/ }),
          }
          const u = async (data) => { await c.where({ n: 1 }).update(data); return (await c.where({ n: 1 }).field({ _id: 0, n: 0 }).getOne()).data }
          const up = {
            set: await u({ s: _.set({ k: 1 }) }), inc: await u({ 'sub.x': _.inc(10) }), mul: await u({ 'sub.x': _.mul(2) }),
            remove: await u({ s: _.remove() }), push: await u({ tags: _.push('d') }), pushMany: await u({ tags: _.push(['e', 'f']) }),
            pop: await u({ tags: _.pop() }), shift: await u({ tags: _.shift() }), unshift: await u({ tags: _.unshift('z') }),
            addToSet: await u({ tags: _.addToSet('z') }), pull: await u({ tags: _.pull('z') }), pullAll: await u({ tags: _.pullAll(['b', 'd']) }),
            rename: await u({ sub: _.rename('moved') }), max: await u({ m: _.max(5) }), min: await u({ m: _.min(3) }),
          }
          return { q, up }
        }"#).await;
    assert_eq!(
        v["q"],
        json!({
            "eq": [2], "neq": [1, 3, 4], "gt": [3, 4], "gte": [2, 3, 4], "lt": [1], "lte": [1, 2],
            "in": [1, 3], "nin": [2, 4], "range": [2, 3], "or": [1, 4], "orField": [1, 4],
            "and": [2], "nor": [3, 4], "not": [1, 2], "exists": [3], "mod": [2, 4],
            "all": [4], "size": [3], "elemMatch": [4], "nested": [2], "dotted": [3, 4], "regex": [4],
        })
    );
    assert_eq!(
        v["up"],
        json!({
            "set": {"tags": ["a", "b"], "sub": {"x": 1}, "s": {"k": 1}},
            "inc": {"tags": ["a", "b"], "sub": {"x": 11}, "s": {"k": 1}},
            "mul": {"tags": ["a", "b"], "sub": {"x": 22}, "s": {"k": 1}},
            "remove": {"tags": ["a", "b"], "sub": {"x": 22}},
            "push": {"tags": ["a", "b", "d"], "sub": {"x": 22}},
            "pushMany": {"tags": ["a", "b", "d", "e", "f"], "sub": {"x": 22}},
            "pop": {"tags": ["a", "b", "d", "e"], "sub": {"x": 22}},
            "shift": {"tags": ["b", "d", "e"], "sub": {"x": 22}},
            "unshift": {"tags": ["z", "b", "d", "e"], "sub": {"x": 22}},
            "addToSet": {"tags": ["z", "b", "d", "e"], "sub": {"x": 22}},
            "pull": {"tags": ["b", "d", "e"], "sub": {"x": 22}},
            "pullAll": {"tags": ["e"], "sub": {"x": 22}},
            "rename": {"tags": ["e"], "moved": {"x": 22}},
            "max": {"tags": ["e"], "moved": {"x": 22}, "m": 5},
            "min": {"tags": ["e"], "moved": {"x": 22}, "m": 3},
        })
    );
}

#[tokio::test]
async fn dbql_order_skip_limit_field_and_laf_default_limits() {
    let h = db_host(Duration::from_secs(30));
    let v = run(&h, "paging", r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const c = cloud.database().collection('nums')
          const docs = []
          for (let i = 0; i < 1100; i++) docs.push({ i, even: i % 2 === 0, label: 'n' + i })
          await c.add(docs, { multi: true })
          const dflt = await c.get()
          const capped = await c.limit(5000).get()
          const page = await c.where({ even: true }).orderBy('i', 'desc').skip(2).limit(3).field(['i']).get()
          const twoKeys = await c.where({ i: cloud.database().command.lt(4) }).orderBy('even', 'desc').orderBy('i', 'asc').field({ i: 1, _id: 0 }).get()
          const paged = await c.orderBy('i', 'asc').page({ current: 3, size: 4 }).field({ i: true, _id: false }).get()
          let badOrder = null
          try { c.orderBy('i', 'up') } catch (e) { badOrder = 'thrown' }
          let badLimit = null
          try { c.limit(1.5) } catch (e) { badLimit = e.message }
          return {
            dflt: dflt.data.length, capped: capped.data.length,
            page: page.data.map((d) => Object.keys(d).sort().join(',') + ':' + d.i),
            twoKeys: twoKeys.data, paged: { data: paged.data, total: paged.total, ok: paged.ok },
            badOrder, badLimit,
          }
        }"#).await;
    assert_eq!(v["dflt"], 100);
    assert_eq!(v["capped"], 1000);
    assert_eq!(v["page"], json!(["_id,i:1094", "_id,i:1092", "_id,i:1090"]));
    assert_eq!(v["twoKeys"], json!([{"i": 0}, {"i": 2}, {"i": 1}, {"i": 3}]));
    assert_eq!(v["paged"], json!({"data": [{"i": 8}, {"i": 9}, {"i": 10}, {"i": 11}], "total": 1100, "ok": true}));
    assert_eq!(v["badOrder"], "thrown");
    assert_eq!(v["badLimit"], "limitmust be integer");
}

#[tokio::test]
async fn dbql_doc_references_and_aggregation() {
    let h = db_host(Duration::from_secs(10));
    let v = run(
        &h,
        "docs",
        r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const db = cloud.database()
          const c = db.collection('posts')
          const set = await c.doc('p1').set({ title: 'hello', votes: 1, author: 'ann' })
          const got = await c.doc('p1').get()
          const upd = await c.doc('p1').update({ votes: db.command.inc(2) })
          const field = await c.doc('p1').field({ votes: 1 }).get()
          const reset = await c.doc('p1').set({ title: 'again', author: 'ann', votes: 3 })
          const removed = await c.doc('p1').remove()
          const gone = await c.doc('p1').get()
          let empty = null
          try { c.doc('') } catch (e) { empty = e.message }
          return { set, got, upd, field: field.data, reset, removed, gone, empty }
        }"#,
    )
    .await;
    assert_eq!(v["set"], json!({"updated": 0, "matched": 0, "upsertId": "p1", "ok": true}));
    assert_eq!(v["got"], json!({"ok": true, "data": {"_id": "p1", "title": "hello", "votes": 1, "author": "ann"}}));
    assert_eq!(v["upd"], json!({"updated": 1, "matched": 1, "upsertId": null, "ok": true}));
    assert_eq!(v["field"], json!({"_id": "p1", "votes": 3}));
    assert_eq!(v["reset"], json!({"updated": 1, "matched": 1, "upsertId": null, "ok": true}));
    assert_eq!(v["removed"], json!({"deleted": 1, "ok": true}));
    assert_eq!(v["gone"], json!({"ok": true, "data": null}));
    assert_eq!(v["empty"], "docID cannot be empty");
}

#[tokio::test]
async fn aggregation_in_both_apis() {
    let h = db_host(Duration::from_secs(10));
    let v = run(&h, "agg", r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const db = cloud.database()
          const c = db.collection('posts')
          await c.add([{ author: 'ann', votes: 3 }, { author: 'bob', votes: 5 }, { author: 'ann', votes: 4 }, { author: 'cy', votes: 1 }], { multi: true })
          const $ = db.command.aggregate
          const agg = await c.aggregate().match({ votes: db.command.gte(3) }).group({ _id: '$author', total: $.sum('$votes') }).sort({ _id: 1 }).end()
          const raw = await c.aggregate([{ $match: { author: 'bob' } }, { $project: { _id: 0, votes: 1 } }]).end()
          let emptyAgg = null
          try { await c.aggregate().end() } catch (e) { emptyAgg = e.message }
          const m = cloud.mongo.db.collection('posts')
          const driver = await m.aggregate([{ $match: { votes: { $gte: 3 } } }, { $group: { _id: null, n: { $sum: 1 } } }]).toArray()
          const chained = await m.aggregate().match({ author: 'ann' }).sort({ votes: -1 }).project({ _id: 0, votes: 1 }).toArray()
          return { agg, raw, emptyAgg, driver, chained }
        }"#).await;
    assert_eq!(v["agg"], json!({"data": [{"_id": "ann", "total": 7}, {"_id": "bob", "total": 5}], "ok": true}));
    assert_eq!(v["raw"], json!({"data": [{"votes": 5}], "ok": true}));
    assert_eq!(v["emptyAgg"], "Aggregation stage cannot be empty");
    assert_eq!(v["driver"], json!([{"_id": null, "n": 3}]));
    assert_eq!(v["chained"], json!([{"votes": 4}, {"votes": 3}]));
}

#[tokio::test]
async fn driver_crud_cursors_and_result_shapes() {
    let h = db_host(Duration::from_secs(10));
    let v = run(&h, "driver", r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const c = cloud.mongo.db.collection('people')
          const doc = { name: 'ann', age: 30 }
          const one = await c.insertOne(doc)
          const many = await c.insertMany([{ name: 'bob', age: 25 }, { name: 'cy', age: 35 }, { name: 'di', age: 40 }])
          const found = await c.find({ age: { $gte: 30 } }, { projection: { _id: 0, name: 1 } }).sort({ age: -1 }).skip(1).limit(2).toArray()
          const chained = await c.find().sort('age', 'asc').project({ _id: 0, age: 1 }).limit(2).toArray()
          const cur = c.find({}, { sort: { age: 1 } })
          const first = await cur.next()
          const rest = await cur.toArray()
          let inUse = null
          try { cur.sort({ age: -1 }) } catch (e) { inUse = e.name }
          const iterated = []
          for await (const d of c.find({ age: { $lt: 35 } }).sort({ age: 1 })) iterated.push(d.name)
          const findOne = await c.findOne({ name: 'bob' }, { projection: { _id: 0 } })
          const none = await c.findOne({ name: 'nobody' })
          const updOne = await c.updateOne({ name: 'ann' }, { $set: { age: 31 } })
          const updMany = await c.updateMany({ age: { $gt: 30 } }, { $inc: { age: 1 } })
          const upsert = await c.updateOne({ name: 'eve' }, { $set: { age: 50 } }, { upsert: true })
          const replace = await c.replaceOne({ name: 'eve' }, { name: 'eve', replaced: true })
          let notAtomic = null
          try { await c.updateOne({ name: 'ann' }, { age: 1 }) } catch (e) { notAtomic = e.message }
          const count = await c.countDocuments({ age: { $gt: 30 } })
          const countLimited = await c.countDocuments({}, { skip: 1, limit: 2 })
          const distinct = (await c.distinct('name', { age: { $lt: 40 } })).sort()
          const delOne = await c.deleteOne({ name: 'eve' })
          const delMany = await c.deleteMany({ age: { $gte: 36 } })
          const collections = await cloud.mongo.db.listCollections().toArray()
          const dropped = await c.drop()
          return {
            mutated: doc._id instanceof ObjectId && doc._id.equals(one.insertedId),
            one: { acknowledged: one.acknowledged, isOid: one.insertedId instanceof ObjectId },
            many: { acknowledged: many.acknowledged, insertedCount: many.insertedCount, keys: Object.keys(many.insertedIds), isOid: many.insertedIds[2] instanceof ObjectId },
            found, chained, first: first.name, rest: rest.map((d) => d.name), inUse, iterated, findOne, none,
            updOne, updMany, upsert: { ...upsert, upsertedId: upsert.upsertedId instanceof ObjectId }, replace, notAtomic,
            count, countLimited, distinct, delOne, delMany, collections: collections.map((c) => c.name), dropped,
          }
        }"#).await;
    assert_eq!(v["mutated"], true);
    assert_eq!(v["one"], json!({"acknowledged": true, "isOid": true}));
    assert_eq!(v["many"], json!({"acknowledged": true, "insertedCount": 3, "keys": ["0", "1", "2"], "isOid": true}));
    assert_eq!(v["found"], json!([{"name": "cy"}, {"name": "ann"}]));
    assert_eq!(v["chained"], json!([{"age": 25}, {"age": 30}]));
    assert_eq!(v["first"], "bob");
    assert_eq!(v["rest"], json!(["ann", "cy", "di"]));
    assert_eq!(v["inUse"], "MongoCursorInUseError");
    assert_eq!(v["iterated"], json!(["bob", "ann"]));
    assert_eq!(v["findOne"], json!({"name": "bob", "age": 25}));
    assert_eq!(v["none"], Value::Null);
    let upd = |m: u64, n: u64| json!({"acknowledged": true, "matchedCount": m, "modifiedCount": n, "upsertedCount": 0, "upsertedId": null});
    assert_eq!(v["updOne"], upd(1, 1));
    assert_eq!(v["updMany"], upd(3, 3));
    assert_eq!(
        v["upsert"],
        json!({"acknowledged": true, "matchedCount": 0, "modifiedCount": 0, "upsertedCount": 1, "upsertedId": true})
    );
    assert_eq!(v["replace"], upd(1, 1));
    assert_eq!(v["notAtomic"], "Update document requires atomic operators");
    assert_eq!(v["count"], 3);
    assert_eq!(v["countLimited"], 2);
    assert_eq!(v["distinct"], json!(["ann", "bob", "cy"]));
    assert_eq!(v["delOne"], json!({"acknowledged": true, "deletedCount": 1}));
    assert_eq!(v["delMany"], json!({"acknowledged": true, "deletedCount": 2}));
    assert_eq!(v["collections"], json!(["people"]));
    assert_eq!(v["dropped"], true);
}

#[tokio::test]
async fn find_one_and_update_indexes_and_duplicate_keys() {
    let h = db_host(Duration::from_secs(10));
    let v = run(&h, "fau", r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const c = cloud.mongo.db.collection('counters')
          await c.insertMany([{ k: 'a', n: 1 }, { k: 'a', n: 5 }])
          const before = await c.findOneAndUpdate({ k: 'a' }, { $inc: { n: 10 } }, { sort: { n: -1 }, projection: { _id: 0 } })
          const after = await c.findOneAndUpdate({ k: 'a' }, { $inc: { n: 1 } }, { sort: { n: 1 }, returnDocument: 'after', projection: { _id: 0 } })
          const upserted = await c.findOneAndUpdate({ k: 'b' }, { $set: { n: 0 } }, { upsert: true, returnDocument: 'after', projection: { _id: 0 } })
          const meta = await c.findOneAndUpdate({ k: 'zz' }, { $set: { n: 0 } }, { includeResultMetadata: true })
          const u = cloud.mongo.db.collection('users')
          const name = await u.createIndex({ email: 1 }, { unique: true })
          const again = await u.createIndex('email', { unique: true })
          await u.insertOne({ email: 'x@y' })
          let dup = null
          try { await u.insertOne({ email: 'x@y' }) } catch (e) { dup = { code: e.code, isError: e instanceof Error, name: e.name, dupMsg: /duplicate key/.test(e.message) } }
          const indexes = (await u.indexes()).map((ix) => ix.name)
          const listed = (await u.listIndexes().toArray()).length
          const exists = await u.indexExists('email_1')
          const dropped = await u.dropIndex('email_1')
          await u.insertOne({ email: 'x@y' })
          const dbql = await cloud.database().collection('users').add({ email: 'q' })
          const ix = await cloud.database().collection('users').createIndex({ email: 1 }, { unique: true }).catch((e) => e.code)
          return { before, after, upserted, meta, name, again, dup, indexes, listed, exists, dropped, dbqlOk: dbql.ok, ix }
        }"#).await;
    assert_eq!(v["before"], json!({"k": "a", "n": 5}));
    assert_eq!(v["after"], json!({"k": "a", "n": 2}));
    assert_eq!(v["upserted"], json!({"k": "b", "n": 0}));
    assert_eq!(v["meta"], json!({"value": null, "ok": 1, "lastErrorObject": {"n": 0, "updatedExisting": false}}));
    assert_eq!(v["name"], "email_1");
    assert_eq!(v["again"], "email_1");
    assert_eq!(v["dup"], json!({"code": 11000, "isError": true, "name": "MongoServerError", "dupMsg": true}));
    assert_eq!(v["indexes"], json!(["_id_", "email_1"]));
    assert_eq!(v["listed"], 2);
    assert_eq!(v["exists"], true);
    assert_eq!(v["dropped"], json!({"ok": 1}));
    assert_eq!(v["dbqlOk"], true);
    assert_eq!(v["ix"], 11000, "a unique index over duplicates fails with the duplicate key code");
}

#[tokio::test]
async fn object_ids_dates_and_numbers_round_trip() {
    let h = db_host(Duration::from_secs(10));
    let v = run(&h, "types", r#"
        import cloud from '@lafjs/cloud'
        import { ObjectId as DriverObjectId } from 'mongodb'
        export default async function () {
          const c = cloud.mongo.db.collection('types')
          const id = new ObjectId()
          const ref = new ObjectId('64b7f0c2a1b2c3d4e5f60718')
          const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))
          await c.insertOne({ _id: id, ref, when, ints: [1, -2, 2147483648, 2 ** 53], frac: 1.5, big: 12345678901234567890, neg0: -0,
            nested: { deep: [{ at: when }] }, bytes: new Uint8Array([1, 2, 3]), re: /ab+c/i, nil: null, undef: undefined, looksLikeOid: { $oid: 'x' } })
          const d = await c.findOne({ _id: id })
          const byRef = await c.findOne({ ref: new ObjectId(ref.toHexString()) }, { projection: { _id: 1 } })
          const byDate = await c.countDocuments({ when: { $gte: new Date('2024-01-01') } })
          const ts = new ObjectId('5f0000000000000000000000').getTimestamp()
          return {
            id: d._id instanceof ObjectId && d._id.equals(id), ref: d.ref instanceof ObjectId && d.ref.toHexString(),
            when: d.when instanceof Date && d.when.getTime() === when.getTime(), nestedDate: d.nested.deep[0].at instanceof Date,
            ints: d.ints, frac: d.frac, big: d.big, neg0: Object.is(d.neg0, -0),
            bytes: d.bytes instanceof Uint8Array && Array.from(d.bytes), re: d.re instanceof RegExp && String(d.re),
            nil: d.nil, undef: d.undef, hasUndef: 'undef' in d, looksLikeOid: d.looksLikeOid,
            byRef: byRef._id.equals(id), byDate,
            json: JSON.parse(JSON.stringify({ id: ref, when })), str: String(ref), valid: [ObjectId.isValid('64b7f0c2a1b2c3d4e5f60718'), ObjectId.isValid('nope'), ObjectId.isValid(ref)],
            ts: ts.toISOString(), newLen: new ObjectId().toHexString().length, distinct: new ObjectId().equals(new ObjectId()),
            fromDriver: DriverObjectId === ObjectId, dbqlHelper: cloud.database().ObjectId(ref.toHexString()).equals(ref),
            badHex: (() => { try { new ObjectId('xyz'); return false } catch (e) { return e instanceof TypeError } })(),
          }
        }"#).await;
    assert_eq!(v["id"], true);
    assert_eq!(v["ref"], "64b7f0c2a1b2c3d4e5f60718");
    assert_eq!(v["when"], true);
    assert_eq!(v["nestedDate"], true);
    assert_eq!(v["ints"], json!([1, -2, 2147483648u64, 9007199254740992u64]));
    assert_eq!(v["frac"], 1.5);
    assert_eq!(v["big"], 12345678901234567000.0);
    assert_eq!(v["neg0"], true);
    assert_eq!(v["bytes"], json!([1, 2, 3]));
    assert_eq!(v["re"], "/ab+c/i");
    assert_eq!(v["nil"], Value::Null);
    assert_eq!(v["undef"], Value::Null, "the driver stores undefined as null");
    assert_eq!(v["hasUndef"], true);
    assert_eq!(v["looksLikeOid"], json!({"$oid": "x"}), "extended-JSON-looking keys are stored as written");
    assert_eq!(v["byRef"], true);
    assert_eq!(v["byDate"], 1);
    assert_eq!(v["json"], json!({"id": "64b7f0c2a1b2c3d4e5f60718", "when": "2024-01-02T03:04:05.678Z"}));
    assert_eq!(v["str"], "64b7f0c2a1b2c3d4e5f60718");
    assert_eq!(v["valid"], json!([true, false, true]));
    assert_eq!(v["ts"], "2020-07-04T04:05:20.000Z");
    assert_eq!(v["newLen"], 24);
    assert_eq!(v["distinct"], false);
    assert_eq!(v["fromDriver"], true);
    assert_eq!(v["dbqlHelper"], true);
    assert_eq!(v["badHex"], true);
}

#[tokio::test]
async fn dbql_drops_undefined_members_as_laf_does() {
    let h = db_host(Duration::from_secs(10));
    let v = run(
        &h,
        "undef",
        r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const c = cloud.database().collection('u')
          const { id } = await c.add({ a: 1, b: undefined, arr: [undefined] })
          const { data } = await c.doc(id).get()
          return { keys: Object.keys(data).sort(), arr: data.arr }
        }"#,
    )
    .await;
    assert_eq!(v, json!({"keys": ["_id", "a", "arr"], "arr": [null]}));
}

#[tokio::test]
async fn unknown_operators_throw_naming_them_and_uncaught_errors_are_500_with_the_request_id() {
    let h = db_host(Duration::from_secs(10));
    let v = run(&h, "caught", r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const c = cloud.mongo.db.collection('x')
          await c.insertOne({ a: 1 })
          const out = {}
          try { await c.findOne({ a: { $foo: 1 } }) } catch (e) { out.driver = { msg: e.message.includes('$foo'), code: e.code, isError: e instanceof Error } }
          try { await cloud.database().collection('x').where({ a: { $foo: 1 } }).get() } catch (e) { out.dbql = e.message.includes('$foo') }
          try { await cloud.mongo.db.collection('bad$name').findOne({}) } catch (e) { out.badName = e.code }
          return out
        }"#).await;
    assert_eq!(v, json!({"driver": {"msg": true, "code": 2, "isError": true}, "dbql": true, "badName": 73}));
    publish_in(
        &h.host,
        APP,
        "uncaught",
        "import cloud from '@lafjs/cloud'\nexport default async () => cloud.mongo.db.collection('x').find({ a: { $foo: 1 } }).toArray()",
    )
    .await;
    let (status, body) = call_in(&h.host, APP, "uncaught").await;
    assert_eq!(status, 500);
    assert_eq!(body, json!({"error": "Internal Server Error", "requestId": "rid-db"}));
}

#[tokio::test]
async fn two_apps_never_see_each_others_data() {
    let h = db_host(Duration::from_secs(10));
    h.host.create_app("other", None).unwrap();
    let writer = "import cloud from '@lafjs/cloud'\nexport default async () => { await cloud.mongo.db.collection('secrets').insertOne({ app: cloud.appid }); await cloud.database().collection('secrets').add({ app: cloud.appid }); return 'ok' }";
    let reader = "import cloud from '@lafjs/cloud'\nexport default async () => ({ driver: await cloud.mongo.db.collection('secrets').find().toArray(), dbql: (await cloud.database().collection('secrets').get()).data, names: (await cloud.mongo.db.listCollections().toArray()).map((c) => c.name) })";
    publish_in(&h.host, APP, "write", writer).await;
    publish_in(&h.host, "other", "read", reader).await;
    assert_eq!(call_in(&h.host, APP, "write").await.1, "ok");
    let mine = run(&h, "read", reader).await;
    assert_eq!(mine["driver"].as_array().unwrap().len() + mine["dbql"].as_array().unwrap().len(), 4);
    let theirs = call_in(&h.host, "other", "read").await.1;
    assert_eq!(theirs, json!({"driver": [], "dbql": [], "names": []}));
}

#[tokio::test]
async fn a_database_call_after_the_deadline_fails() {
    let h = db_host(Duration::from_millis(300));
    // A streaming call stays registered past its deadline (until swept): its timer runs as it.
    let late = r#"import cloud from '@lafjs/cloud'
        export default async (ctx) => {
          ctx.response.write('a')
          await new Promise((r) => setTimeout(r, 500))
          try { await cloud.mongo.db.collection('late').insertOne({ x: 1 }); cloud.shared.set('late', 'written') }
          catch (e) { cloud.shared.set('late', e.message) }
          ctx.response.end()
        }"#;
    publish_in(&h.host, APP, "late", late).await;
    publish_in(&h.host, APP, "check", "import cloud from '@lafjs/cloud'\nexport default async () => ({ late: cloud.shared.get('late'), n: await cloud.mongo.db.collection('late').countDocuments() })").await;
    let _ = call_in(&h.host, APP, "late").await;
    let app = h.host.app(APP).unwrap();
    common::eventually("the late call to try its write", || async { app.bindings().shared.get("late").map(drop) })
        .await;
    let (_, v) = call_in(&h.host, APP, "check").await;
    assert_eq!(v, json!({"late": "the invocation's deadline has passed", "n": 0}));
}

async fn todo_call(h: &Host, method: &str, uri: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    let bytes = match body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            Bytes::from(b.to_string())
        }
        None => Bytes::new(),
    };
    let r = h.invoke(APP, "todo", req.body(bytes).unwrap()).await.unwrap();
    let status = r.status.as_u16();
    (status, serde_json::from_slice(&r.collect_body().await).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_todo_example_works_end_to_end() {
    let h = db_host(Duration::from_secs(10));
    publish_in(&h.host, APP, "todo", include_str!("../../examples/functions/todo.ts")).await;
    let host = &h.host;
    let (s, a) = todo_call(host, "POST", "/todo", Some(json!({"title": "write tests"}))).await;
    assert_eq!((s, &a["title"], &a["done"]), (200, &json!("write tests"), &json!(false)), "{a}");
    let (_, b) = todo_call(host, "POST", "/todo", Some(json!({"title": "ship"}))).await;
    assert_eq!(todo_call(host, "POST", "/todo", Some(json!({}))).await, (400, json!({"error": "title is required"})));
    let id = a["_id"].as_str().unwrap().to_owned();
    let (s, patched) = todo_call(host, "PATCH", "/todo", Some(json!({"id": id, "done": true}))).await;
    assert_eq!((s, &patched["done"]), (200, &json!(true)), "{patched}");
    let (_, list) = todo_call(host, "GET", "/todo", None).await;
    let titles: Vec<&str> = list["list"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert_eq!((titles, &list["total"]), (vec!["ship", "write tests"], &json!(2)));
    let (_, done) = todo_call(host, "GET", "/todo?done=true", None).await;
    assert_eq!(done["list"].as_array().unwrap().len(), 1);
    let (_, one) = todo_call(host, "GET", &format!("/todo?id={}", b["_id"].as_str().unwrap()), None).await;
    assert_eq!(one["title"], "ship");
    assert_eq!(todo_call(host, "DELETE", &format!("/todo?id={id}"), None).await, (200, json!({"deleted": 1})));
    assert_eq!(todo_call(host, "DELETE", &format!("/todo?id={id}"), None).await.0, 404);
    assert_eq!(todo_call(host, "PUT", "/todo", Some(json!({"id": id, "done": false}))).await.0, 404);
}

#[tokio::test]
async fn oversized_and_exponential_values_throw_catchable_range_errors() {
    let h = db_host(Duration::from_secs(30));
    let v = run(&h, "huge", r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const c = cloud.mongo.db.collection('huge')
          const err = async (f) => { try { await f(); return 'stored' } catch (e) { return e.constructor.name + ': ' + e.message } }
          const sparse = (n) => { const a = []; a.length = n; return a }
          let dag = {}
          for (let i = 0; i < 60; i++) dag = { a: dag, b: dag }
          const s = 'x'.repeat(1 << 20)
          const big = []
          for (let i = 0; i < 17; i++) big.push(s)
          const batch = []
          for (let i = 0; i < 4; i++) batch.push({ big: big.slice(0, 15) })
          return {
            notInt: await err(() => c.insertOne({ a: sparse(2 ** 31) })),
            maxInt: await err(() => c.insertOne({ a: sparse(2 ** 31 - 1) })),
            maxLen: await err(() => c.insertOne({ a: sparse(2 ** 32 - 1) })),
            dag: await err(() => c.insertOne({ dag })),
            dagMany: await err(() => c.insertMany([{ x: 1 }, { dag }])),
            strings: await err(() => c.insertOne({ big })),
            batch: await err(() => c.insertMany(batch)),
            ok: await err(() => c.insertOne({ a: sparse(3), s: big.slice(0, 15) })),
            n: await c.countDocuments(),
          }
        }"#).await;
    let limit = "RangeError: a document exceeds the 16 MiB BSON limit";
    for k in ["notInt", "maxInt", "maxLen", "dag", "dagMany", "strings"] {
        assert_eq!(v[k], limit, "{k}: {v}");
    }
    assert_eq!(v["batch"], "RangeError: the documents together exceed the 48 MiB BSON limit");
    assert_eq!(v["ok"], "stored");
    assert_eq!(v["n"], 1);
    // The host still serves the app, and an uncaught overflow is an ordinary 500.
    publish_in(
        &h.host,
        APP,
        "uncaught",
        "import cloud from '@lafjs/cloud'\nexport default async () => { const a = []; a.length = 2 ** 31; await cloud.mongo.db.collection('x').insertOne({ a }) }",
    )
    .await;
    assert_eq!(call_in(&h.host, APP, "uncaught").await.0, 500);
    let after = run(&h, "after", "import cloud from '@lafjs/cloud'\nexport default async () => cloud.mongo.db.collection('huge').countDocuments()").await;
    assert_eq!(after, 1);
}

#[tokio::test]
async fn bigints_outside_int64_throw_instead_of_wrapping() {
    let h = db_host(Duration::from_secs(10));
    let v = run(&h, "bigint", r#"
        import cloud from '@lafjs/cloud'
        export default async function () {
          const c = cloud.mongo.db.collection('big')
          const err = async (n) => { try { await c.insertOne({ n }); return 'stored' } catch (e) { return e.constructor.name + ': ' + e.message } }
          const back = async (n) => { const { insertedId } = await c.insertOne({ n }); return String((await c.findOne({ _id: insertedId })).n) }
          return {
            over: await err(2n ** 64n + 5n), justOver: await err(2n ** 63n), under: await err(-(2n ** 63n) - 1n),
            min: await back(-(2n ** 63n)), max: await back(2n ** 63n - 1n), small: await back(-5n),
            exact: [await c.countDocuments({ n: 2n ** 63n - 1n }), await c.countDocuments({ n: 2n ** 63n - 2n }), await c.countDocuments({ n: -(2n ** 63n) })],
          }
        }"#).await;
    let range = "RangeError: BigInt out of the Int64 range";
    assert_eq!(v["over"], range);
    assert_eq!(v["justOver"], range);
    assert_eq!(v["under"], range);
    // Int64 comes back as a number (the driver's default): the extremes round to doubles.
    assert_eq!(v["min"], "-9223372036854776000");
    assert_eq!(v["max"], "9223372036854776000");
    assert_eq!(v["small"], "-5");
    assert_eq!(v["exact"], json!([1, 0, 1]), "stored as exact Int64s");
}
