//! The redb file: table names, the catalog of collections and indexes, and the read side
//! (query planning and scans) shared by readers and the writer.

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::{Arc, RwLock};

use bson::{Bson, Document};
use redb::{ReadableTable, TableDefinition, TableError};

use super::keys::{bracket, encode, key_of};
use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::is_number;
use crate::bindings::database::engine::query::{Bound, Filter};

/// Bytes to bytes: every table of the store has this shape.
pub(crate) type Def<'a> = TableDefinition<'a, &'static [u8], &'static [u8]>;

/// The catalog table: `app \x1f collection` to the collection's metadata as BSON.
pub(crate) const CATALOG: TableDefinition<'static, &'static str, &'static [u8]> = TableDefinition::new("catalog");

const SEP: char = '\u{1f}';

/// Catalog key of a collection.
pub(crate) fn catalog_key(app: &str, collection: &str) -> String {
    format!("{app}{SEP}{collection}")
}

/// Table holding a collection's documents, keyed by the encoded `_id`.
pub(crate) fn docs_table(app: &str, collection: &str) -> String {
    format!("d{SEP}{app}{SEP}{collection}")
}

/// Table holding one index: encoded field values then encoded `_id` → encoded `_id`. Named by
/// the index's table id, never reused, so a reader planning on an older catalog can never read a
/// newer index that took the same name.
pub(crate) fn index_table(app: &str, collection: &str, table_id: &str) -> String {
    format!("i{SEP}{app}{SEP}{collection}{SEP}{table_id}")
}

/// One secondary index.
#[derive(Debug, Clone)]
pub(crate) struct IndexMeta {
    pub name: String,
    pub key: Document,
    pub fields: Vec<String>,
    pub unique: bool,
    /// Id naming the index's table.
    pub table: String,
}

/// What the catalog knows of one collection.
#[derive(Debug, Clone, Default)]
pub(crate) struct CollMeta {
    pub indexes: Vec<IndexMeta>,
}

impl CollMeta {
    pub fn to_bytes(&self) -> Result<Vec<u8>, DbError> {
        let indexes: Vec<Bson> = self
            .indexes
            .iter()
            .map(|i| {
                Bson::Document(
                    bson::doc! { "name": &i.name, "key": i.key.clone(), "unique": i.unique, "table": &i.table },
                )
            })
            .collect();
        bson::doc! { "indexes": indexes }.to_vec().map_err(backend)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<CollMeta, DbError> {
        let doc = Document::from_reader(bytes).map_err(backend)?;
        let mut meta = CollMeta::default();
        for index in doc.get_array("indexes").map_err(backend)? {
            let Bson::Document(index) = index else { continue };
            let key = index.get_document("key").map_err(backend)?.clone();
            let name = index.get_str("name").map_err(backend)?.to_owned();
            meta.indexes.push(IndexMeta {
                table: index.get_str("table").map_or_else(|_| name.clone(), str::to_owned),
                name,
                fields: key.keys().cloned().collect(),
                key,
                unique: index.get_bool("unique").unwrap_or(false),
            });
        }
        Ok(meta)
    }
}

/// Collections by catalog key; replaced as a whole by the writer after each commit.
pub(crate) type Catalog = HashMap<String, Arc<CollMeta>>;

/// The redb database and what readers need to plan queries.
pub(crate) struct Shared {
    pub db: redb::Database,
    pub catalog: RwLock<Arc<Catalog>>,
}

impl Shared {
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Wraps a storage failure.
pub(crate) fn backend(e: impl std::fmt::Display) -> DbError {
    DbError::Backend(format!("embedded database: {e}"))
}

/// Decodes a stored document straight from the page bytes (bson's own conversion copies every
/// nested document into a buffer of its own first; this was a third of a `find` by `_id`).
pub(crate) fn decode(bytes: &[u8]) -> Result<Document, DbError> {
    decode_raw(bson::RawDocument::from_bytes(bytes).map_err(backend)?)
}

fn decode_raw(raw: &bson::RawDocument) -> Result<Document, DbError> {
    let mut doc = Document::new();
    for element in raw {
        let (key, value) = element.map_err(backend)?;
        doc.insert(key.as_str(), decode_value(value)?);
    }
    Ok(doc)
}

fn decode_value(value: bson::RawBsonRef<'_>) -> Result<Bson, DbError> {
    Ok(match value {
        bson::RawBsonRef::Document(d) => Bson::Document(decode_raw(d)?),
        bson::RawBsonRef::Array(a) => {
            Bson::Array(a.into_iter().map(|item| decode_value(item.map_err(backend)?)).collect::<Result<_, _>>()?)
        }
        other => Bson::try_from(other).map_err(backend)?,
    })
}

/// Opens tables by name in either kind of transaction, so planning and scans serve both.
pub(crate) trait Tables {
    type Table<'a>: ReadableTable<&'static [u8], &'static [u8]>
    where
        Self: 'a;
    /// The table, or `None` when it does not exist.
    fn table(&self, name: &str) -> Result<Option<Self::Table<'_>>, DbError>;
}

impl Tables for redb::ReadTransaction {
    type Table<'a> = redb::ReadOnlyTable<&'static [u8], &'static [u8]>;
    fn table(&self, name: &str) -> Result<Option<Self::Table<'_>>, DbError> {
        match self.open_table(Def::new(name)) {
            Ok(t) => Ok(Some(t)),
            Err(TableError::TableDoesNotExist(_)) => Ok(None),
            Err(e) => Err(backend(e)),
        }
    }
}

impl Tables for redb::WriteTransaction {
    type Table<'a> = redb::Table<'a, &'static [u8], &'static [u8]>;
    fn table(&self, name: &str) -> Result<Option<Self::Table<'_>>, DbError> {
        self.open_table(Def::new(name)).map(Some).map_err(backend)
    }
}

/// How a filter's candidates are found.
enum Plan {
    /// Exact `_id` keys.
    Ids(Vec<Vec<u8>>),
    /// A key range `[from, to)` of the documents table.
    IdRange(Vec<u8>, Vec<u8>),
    /// Ranges `[from, to)` of an index table.
    Index(String, Vec<(Vec<u8>, Vec<u8>)>),
    /// Every document.
    Scan,
}

/// The key a bound starts from: numbers keep only their type byte and f64 image, so a bound on a
/// Decimal128 or a long beyond 2^53 covers every number the matcher may find equal to it.
fn bound_key(value: &Bson) -> Vec<u8> {
    let mut key = key_of(value);
    if is_number(value) {
        key.truncate(9);
    }
    key
}

fn prefix_range(value: &Bson) -> (Vec<u8>, Vec<u8>) {
    let from = bound_key(value);
    // Whatever follows an encoded value starts with a type byte, always below 0xFF.
    let mut to = from.clone();
    to.push(0xFF);
    (from, to)
}

fn bound_ranges(bound: &Bound) -> Option<Vec<(Vec<u8>, Vec<u8>)>> {
    match bound {
        Bound::Eq(v) => Some(vec![prefix_range(v)]),
        Bound::In(values) => Some(values.iter().map(prefix_range).collect()),
        // One side is enough: the matcher re-checks, and with multikey documents intersecting
        // both sides on one element would wrongly drop `[1, 6]` for `$gt: 3, $lt: 5`.
        Bound::Range { lower: Some((v, _)), .. } => {
            let (_, end) = bracket(v);
            Some(vec![(bound_key(v), vec![end])])
        }
        Bound::Range { upper: Some((v, _)), .. } => {
            let (start, _) = bracket(v);
            let mut to = bound_key(v);
            to.push(0xFF);
            Some(vec![(vec![start], to)])
        }
        Bound::Range { lower: None, upper: None } => None,
    }
}

fn plan(filter: &Filter, meta: &CollMeta, app: &str, collection: &str) -> Plan {
    let bounds = filter.field_bounds();
    let mut best: Option<(u8, Plan)> = None;
    for (field, bound) in &bounds {
        let rank = match bound {
            Bound::Eq(_) => 0,
            Bound::In(_) => 1,
            Bound::Range { .. } => 2,
        };
        if best.as_ref().is_some_and(|(r, _)| *r <= rank) {
            continue;
        }
        let candidate = if field == "_id" {
            match bound {
                Bound::Eq(v) => Some(Plan::Ids(vec![key_of(v)])),
                Bound::In(values) => {
                    let mut keys: Vec<Vec<u8>> = values.iter().map(key_of).collect();
                    keys.sort();
                    keys.dedup();
                    Some(Plan::Ids(keys))
                }
                Bound::Range { .. } => {
                    bound_ranges(bound).and_then(|mut r| r.pop()).map(|(from, to)| Plan::IdRange(from, to))
                }
            }
        } else {
            meta.indexes.iter().find(|i| i.fields.first() == Some(field)).and_then(|index| {
                bound_ranges(bound).map(|ranges| Plan::Index(index_table(app, collection, &index.table), ranges))
            })
        };
        if let Some(candidate) = candidate {
            best = Some((rank, candidate));
        }
    }
    best.map_or(Plan::Scan, |(_, plan)| plan)
}

/// Calls `each` with every document of the collection matching `filter`, in plan order, until it
/// breaks. `each` receives the encoded `_id` and the document.
pub(crate) fn scan<T: Tables>(
    tables: &T,
    app: &str,
    collection: &str,
    meta: &CollMeta,
    filter: &Filter,
    mut each: impl FnMut(&[u8], Document) -> Result<ControlFlow<()>, DbError>,
) -> Result<(), DbError> {
    let Some(docs) = tables.table(&docs_table(app, collection))? else {
        return Ok(());
    };
    let mut visit = |key: &[u8], bytes: &[u8]| -> Result<ControlFlow<()>, DbError> {
        let doc = decode(bytes)?;
        if filter.matches(&doc) { each(key, doc) } else { Ok(ControlFlow::Continue(())) }
    };
    match plan(filter, meta, app, collection) {
        Plan::Ids(keys) => {
            for key in keys {
                if let Some(bytes) = docs.get(key.as_slice()).map_err(backend)?
                    && visit(&key, bytes.value())?.is_break()
                {
                    break;
                }
            }
        }
        Plan::IdRange(from, to) => {
            for entry in docs.range::<&[u8]>(from.as_slice()..to.as_slice()).map_err(backend)? {
                let (k, v) = entry.map_err(backend)?;
                if visit(k.value(), v.value())?.is_break() {
                    break;
                }
            }
        }
        Plan::Index(name, ranges) => {
            let Some(index) = tables.table(&name)? else {
                // Created after this snapshot was taken: fall back to reading everything.
                return scan_all(&docs, &mut visit);
            };
            let mut seen = HashSet::new();
            'ranges: for (from, to) in ranges {
                for entry in index.range::<&[u8]>(from.as_slice()..to.as_slice()).map_err(backend)? {
                    let (_, id) = entry.map_err(backend)?;
                    let id = id.value();
                    if !seen.insert(id.to_vec()) {
                        continue;
                    }
                    if let Some(bytes) = docs.get(id).map_err(backend)?
                        && visit(id, bytes.value())?.is_break()
                    {
                        break 'ranges;
                    }
                }
            }
        }
        Plan::Scan => scan_all(&docs, &mut visit)?,
    }
    Ok(())
}

fn scan_all<T: ReadableTable<&'static [u8], &'static [u8]>>(
    docs: &T,
    visit: &mut impl FnMut(&[u8], &[u8]) -> Result<ControlFlow<()>, DbError>,
) -> Result<(), DbError> {
    for entry in docs.range::<&[u8]>(..).map_err(backend)? {
        let (k, v) = entry.map_err(backend)?;
        if visit(k.value(), v.value())?.is_break() {
            break;
        }
    }
    Ok(())
}

/// Matching documents with their encoded `_id`s, at most `limit` of them.
pub(crate) fn collect<T: Tables>(
    tables: &T,
    app: &str,
    collection: &str,
    meta: &CollMeta,
    filter: &Filter,
    limit: Option<usize>,
) -> Result<Vec<(Vec<u8>, Document)>, DbError> {
    let mut out = Vec::new();
    if limit == Some(0) {
        return Ok(out);
    }
    scan(tables, app, collection, meta, filter, |key, doc| {
        out.push((key.to_vec(), doc));
        Ok(if limit.is_some_and(|l| out.len() >= l) { ControlFlow::Break(()) } else { ControlFlow::Continue(()) })
    })?;
    Ok(out)
}

/// The encoded `_id` of a document (which must have one).
pub(crate) fn id_key(doc: &Document) -> Result<Vec<u8>, DbError> {
    let id = doc.get("_id").ok_or_else(|| DbError::bad("document has no _id"))?;
    let mut out = Vec::with_capacity(16);
    encode(id, &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bson::doc;

    fn meta() -> CollMeta {
        let index = |name: &str, key: Document, unique| IndexMeta {
            table: format!("t-{name}"),
            name: name.to_owned(),
            fields: key.keys().cloned().collect(),
            key,
            unique,
        };
        CollMeta {
            indexes: vec![
                index("email_1", doc! { "email": 1 }, true),
                index("age_1_city_1", doc! { "age": 1, "city": 1 }, false),
            ],
        }
    }

    fn plan_of(filter: Document) -> Plan {
        plan(&Filter::parse(&filter).unwrap(), &meta(), "app", "users")
    }

    #[test]
    fn id_equality_and_in_read_rows_directly() {
        assert!(matches!(plan_of(doc! { "_id": 5 }), Plan::Ids(keys) if keys == vec![key_of(&Bson::Int32(5))]));
        assert!(matches!(plan_of(doc! { "_id": { "$in": [2, 1, 2] } }), Plan::Ids(keys) if keys.len() == 2));
        assert!(matches!(plan_of(doc! { "_id": { "$gt": 5 } }), Plan::IdRange(..)));
    }

    #[test]
    fn an_index_on_the_first_field_serves_equality_and_ranges() {
        let table = index_table("app", "users", "t-email_1");
        assert!(matches!(plan_of(doc! { "email": "a@b" }), Plan::Index(t, r) if t == table && r.len() == 1));
        assert!(
            matches!(plan_of(doc! { "age": { "$gte": 30 }, "name": "x" }), Plan::Index(t, _) if t.ends_with("age_1_city_1"))
        );
        // An equality beats a range on another index.
        assert!(matches!(plan_of(doc! { "age": { "$gt": 1 }, "email": "a@b" }), Plan::Index(t, _) if t == table));
    }

    #[test]
    fn filters_no_index_fits_scan() {
        assert!(matches!(plan_of(doc! { "city": "paris" }), Plan::Scan), "city is not a prefix of any index");
        assert!(matches!(plan_of(doc! { "$or": [{ "email": "a" }, { "age": 1 }] }), Plan::Scan));
        assert!(matches!(plan_of(doc! { "email": { "$regex": "^a" } }), Plan::Scan));
        assert!(matches!(plan_of(doc! { "email": null }), Plan::Scan));
    }
}
