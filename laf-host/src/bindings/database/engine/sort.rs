//! Sort specifications: `{ a: 1, b: -1 }` in BSON order, with MongoDB's rules for arrays and missing fields.

use std::cmp::Ordering;

use bson::{Bson, Document};

use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::compare;
use crate::bindings::database::engine::path::{self, LeafArray};

/// A parsed sort specification.
#[derive(Debug, Clone, Default)]
pub struct SortSpec {
    keys: Vec<(String, bool)>,
    segments: Vec<Vec<String>>,
}

impl SortSpec {
    /// Parses `{ field: 1 | -1, ... }`.
    pub fn parse(spec: &Document) -> Result<SortSpec, DbError> {
        let mut sort = SortSpec::default();
        for (field, direction) in spec {
            if let Bson::Document(d) = direction
                && d.contains_key("$meta")
            {
                return Err(DbError::Unsupported(format!(
                    "$meta sort on field '{field}' is not supported by the embedded database"
                )));
            }
            let ascending = match direction {
                Bson::Int32(1) | Bson::Int64(1) => true,
                Bson::Int32(-1) | Bson::Int64(-1) => false,
                Bson::Double(d) if *d == 1.0 => true,
                Bson::Double(d) if *d == -1.0 => false,
                _ => return Err(DbError::bad("bad sort specification")),
            };
            if field.is_empty() || field.split('.').any(|s| s.is_empty()) {
                return Err(DbError::bad(format!("bad sort specification: invalid field path '{field}'")));
            }
            if field == "$natural" {
                return Err(DbError::Unsupported("$natural sort is not supported by the embedded database".into()));
            }
            if field.starts_with('$') {
                return Err(DbError::bad(format!(
                    "bad sort specification: field path '{field}' may not start with '$'"
                )));
            }
            sort.segments.push(field.split('.').map(str::to_string).collect());
            sort.keys.push((field.clone(), ascending));
        }
        Ok(sort)
    }

    /// Whether the specification has no keys (every order is acceptable).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The fields and directions (`true`: ascending), in priority order.
    pub fn keys(&self) -> &[(String, bool)] {
        &self.keys
    }

    /// Orders two documents.
    pub fn compare(&self, a: &Document, b: &Document) -> Ordering {
        for ((_, ascending), segments) in self.keys.iter().zip(&self.segments) {
            let ordering = compare_keys(sort_key(a, segments, *ascending), sort_key(b, segments, *ascending));
            let ordering = if *ascending { ordering } else { ordering.reverse() };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        Ordering::Equal
    }

    /// Sorts `docs` in place; documents that compare equal keep their input order.
    pub fn sort(&self, docs: &mut [Document]) {
        if self.is_empty() || docs.len() < 2 {
            return;
        }
        // Extracting keys once per document instead of once per comparison keeps a sort of n
        // documents at n path walks.
        let keys: Vec<Vec<Bson>> = docs
            .iter()
            .map(|doc| {
                self.keys
                    .iter()
                    .zip(&self.segments)
                    .map(|((_, ascending), segments)| sort_key(doc, segments, *ascending).clone())
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by(|&a, &b| {
            for (((_, ascending), ka), kb) in self.keys.iter().zip(&keys[a]).zip(&keys[b]) {
                let ordering = compare_keys(ka, kb);
                let ordering = if *ascending { ordering } else { ordering.reverse() };
                if ordering != Ordering::Equal {
                    return ordering;
                }
            }
            Ordering::Equal
        });
        let mut taken: Vec<Option<Document>> = docs.iter_mut().map(|d| Some(std::mem::take(d))).collect();
        for (slot, index) in docs.iter_mut().zip(order) {
            *slot = taken[index].take().unwrap_or_default();
        }
    }
}

/// The value a document sorts by on one key: a missing field is null; across an array (and
/// fan-out over arrays of documents) ascending takes the smallest value, descending the largest.
fn sort_key<'a>(doc: &'a Document, segments: &[String], ascending: bool) -> &'a Bson {
    static NULL: Bson = Bson::Null;
    let mut best: Option<&'a Bson> = None;
    path::visit(doc, segments, LeafArray::SortKeys, &mut |value| {
        let value = value.unwrap_or(&NULL);
        let better = match best {
            None => true,
            Some(current) => {
                let ordering = compare_keys(value, current);
                if ascending { ordering == Ordering::Less } else { ordering == Ordering::Greater }
            }
        };
        if better {
            best = Some(value);
        }
        false
    });
    best.unwrap_or(&NULL)
}

/// BSON order, except that an empty array ranks just above MinKey and below null, as MongoDB
/// documents for sorts.
fn compare_keys(a: &Bson, b: &Bson) -> Ordering {
    fn band(value: &Bson) -> u8 {
        match value {
            Bson::MinKey => 0,
            Bson::Array(items) if items.is_empty() => 1,
            _ => 2,
        }
    }
    band(a).cmp(&band(b)).then_with(|| compare(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bson::doc;

    fn sorted(spec: Document, docs: Vec<Document>) -> Vec<i32> {
        let spec = SortSpec::parse(&spec).unwrap();
        let mut docs = docs;
        spec.sort(&mut docs);
        docs.iter().map(|d| d.get_i32("_id").unwrap()).collect()
    }

    #[test]
    fn parses_directions_and_rejects_others() {
        assert!(SortSpec::parse(&doc! { "a": 1, "b": -1i64, "c": 1.0, "d": -1.0 }).is_ok());
        for bad in [doc! { "a": 2 }, doc! { "a": 0 }, doc! { "a": "asc" }, doc! { "a": true }, doc! { "a": 0.5 }] {
            let err = SortSpec::parse(&bad).unwrap_err();
            assert!(matches!(err, DbError::BadValue(_)), "{bad}");
            assert_eq!(err.to_string(), "bad sort specification");
        }
        let err = SortSpec::parse(&doc! { "score": { "$meta": "textScore" } }).unwrap_err();
        assert!(err.to_string().contains("$meta"), "{err}");
        assert!(SortSpec::parse(&doc! { "a..b": 1 }).is_err());
        assert!(SortSpec::parse(&doc! {}).unwrap().is_empty());
        assert!(SortSpec::parse(&doc! { "$natural": 1 }).unwrap_err().to_string().contains("$natural"));
        assert!(SortSpec::parse(&doc! { "$a": 1 }).is_err());
    }

    #[test]
    fn orders_by_keys_in_priority() {
        let docs = vec![
            doc! { "_id": 1, "a": 2, "b": 1 },
            doc! { "_id": 2, "a": 1, "b": 1 },
            doc! { "_id": 3, "a": 2, "b": 2 },
        ];
        assert_eq!(sorted(doc! { "a": 1, "b": -1 }, docs.clone()), vec![2, 3, 1]);
        assert_eq!(sorted(doc! { "a": -1, "b": 1 }, docs), vec![1, 3, 2]);
    }

    #[test]
    fn mixed_types_follow_bson_order_and_missing_is_null() {
        let docs = vec![
            doc! { "_id": 1, "a": "x" },
            doc! { "_id": 2, "a": 5 },
            doc! { "_id": 3 },
            doc! { "_id": 4, "a": null },
            doc! { "_id": 5, "a": { "z": 1 } },
            doc! { "_id": 6, "a": 1.5 },
            doc! { "_id": 7, "a": Bson::MinKey },
        ];
        // Missing and null tie, so they keep input order.
        assert_eq!(sorted(doc! { "a": 1 }, docs.clone()), vec![7, 3, 4, 6, 2, 1, 5]);
        assert_eq!(sorted(doc! { "a": -1 }, docs), vec![5, 1, 2, 6, 3, 4, 7]);
    }

    #[test]
    fn arrays_sort_by_smallest_ascending_and_largest_descending() {
        // MongoDB's documentation example: ascending uses the minimum, descending the maximum.
        let docs = vec![
            doc! { "_id": 1, "a": [1, 10] },
            doc! { "_id": 2, "a": 5 },
            doc! { "_id": 3, "a": [3, 7] },
            doc! { "_id": 4, "a": [] },
            doc! { "_id": 5 },
        ];
        assert_eq!(sorted(doc! { "a": 1 }, docs.clone()), vec![4, 5, 1, 3, 2]);
        assert_eq!(sorted(doc! { "a": -1 }, docs), vec![1, 3, 2, 5, 4]);
    }

    #[test]
    fn dotted_paths_fan_out_over_arrays_of_documents() {
        let docs = vec![
            doc! { "_id": 1, "items": [{ "p": 4 }, { "p": 9 }] },
            doc! { "_id": 2, "items": [{ "p": 6 }] },
            doc! { "_id": 3, "items": { "p": 5 } },
        ];
        assert_eq!(sorted(doc! { "items.p": 1 }, docs.clone()), vec![1, 3, 2]);
        assert_eq!(sorted(doc! { "items.p": -1 }, docs), vec![1, 2, 3]);
    }

    #[test]
    fn compare_agrees_with_sort() {
        let docs = vec![doc! { "_id": 1, "a": [3, 1] }, doc! { "_id": 2, "a": 2 }, doc! { "_id": 3, "a": [0, 9] }];
        let spec = SortSpec::parse(&doc! { "a": -1, "_id": 1 }).unwrap();
        let mut by_compare = docs.clone();
        by_compare.sort_by(|a, b| spec.compare(a, b));
        let mut by_sort = docs;
        spec.sort(&mut by_sort);
        assert_eq!(by_compare, by_sort);
        assert_eq!(by_sort.iter().map(|d| d.get_i32("_id").unwrap()).collect::<Vec<_>>(), vec![3, 1, 2]);
    }

    #[test]
    fn documents_compare_field_order_sensitively() {
        let docs = vec![doc! { "_id": 1, "a": { "y": 1, "x": 1 } }, doc! { "_id": 2, "a": { "x": 1, "y": 1 } }];
        assert_eq!(sorted(doc! { "a": 1 }, docs), vec![2, 1]);
    }
}
