//! Projections: inclusion (`{ a: 1 }`), exclusion (`{ a: 0 }`) and `_id` handling, plus the
//! `$slice` and `$elemMatch` projection operators.
//!
//! Dotted paths reach through arrays of documents as in MongoDB 4.4+: an inclusion keeps only the
//! named fields of each element document (dropping scalar elements), an exclusion removes them.

use bson::{Bson, Document, doc};

use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::as_f64;
use crate::bindings::database::engine::query::Filter;

/// Deeper projection paths or nested arrays than this are not followed; no valid document nests
/// that deep, and the cap keeps hostile input from exhausting the stack.
const MAX_DEPTH: usize = 200;

/// A parsed projection.
#[derive(Debug, Clone)]
pub struct Projection {
    mode: Mode,
    include_id: bool,
    tree: Tree,
    slices: Vec<(Vec<String>, Slice)>,
    elem_matches: Vec<(String, Filter)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Include,
    Exclude,
}

/// Paths named by the projection, as a tree of field names in spec order.
#[derive(Debug, Clone, Default)]
struct Tree {
    children: Vec<(String, TreeNode)>,
}

#[derive(Debug, Clone)]
enum TreeNode {
    Leaf,
    Inner(Tree),
}

/// `$slice: n` (first or last `n`) or `$slice: [skip, limit]`.
#[derive(Debug, Clone, Copy)]
struct Slice {
    skip: Option<i64>,
    limit: i64,
}

impl Tree {
    fn child(&self, name: &str) -> Option<&TreeNode> {
        self.children.iter().find(|(n, _)| n == name).map(|(_, node)| node)
    }

    /// Adds `path`; a path that is a prefix of another one collides as in MongoDB.
    fn insert(&mut self, path: &str) -> Result<(), DbError> {
        let segments: Vec<&str> = path.split('.').collect();
        let mut tree = self;
        for (i, segment) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let position = tree.children.iter().position(|(n, _)| n == segment);
            let index = match position {
                Some(index) => index,
                None => {
                    tree.children.push((
                        segment.to_string(),
                        if last { TreeNode::Leaf } else { TreeNode::Inner(Tree::default()) },
                    ));
                    if last {
                        return Ok(());
                    }
                    tree.children.len() - 1
                }
            };
            tree = match &mut tree.children[index].1 {
                TreeNode::Leaf => {
                    let rest = segments[i + 1..].join(".");
                    return Err(DbError::bad(if rest.is_empty() {
                        format!("Path collision at {path}")
                    } else {
                        format!("Path collision at {path} remaining portion {rest}")
                    }));
                }
                TreeNode::Inner(_) if last => return Err(DbError::bad(format!("Path collision at {path}"))),
                TreeNode::Inner(sub) => sub,
            };
        }
        Ok(())
    }
}

/// One parsed entry of the specification.
enum Entry {
    Flag(String, bool),
    Slice(String, Slice),
    ElemMatch(String, Document),
}

fn flatten(prefix: &str, spec: &Document, depth: usize, out: &mut Vec<Entry>) -> Result<(), DbError> {
    if depth > MAX_DEPTH {
        return Err(DbError::bad("projection nests too deeply"));
    }
    for (key, value) in spec {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        if path.split('.').any(|s| s == "$") {
            return Err(DbError::Unsupported(format!(
                "the positional projection operator '$' ({path}) is not supported by the embedded database"
            )));
        }
        if path.split('.').any(|s| s.is_empty()) {
            return Err(DbError::bad(format!("invalid projection path '{path}'")));
        }
        if key.starts_with('$') {
            return Err(DbError::bad(format!("FieldPath field names may not start with '$'. Given: {path}")));
        }
        if path.split('.').count() > MAX_DEPTH {
            return Err(DbError::bad("projection nests too deeply"));
        }
        match value {
            Bson::Boolean(b) => out.push(Entry::Flag(path, *b)),
            Bson::Int32(_) | Bson::Int64(_) | Bson::Double(_) | Bson::Decimal128(_) => {
                out.push(Entry::Flag(path, as_f64(value).is_none_or(|n| n != 0.0)));
            }
            Bson::Document(sub) => match sub.keys().next().map(String::as_str) {
                None => {
                    return Err(DbError::bad(format!(
                        "An empty sub-projection is not a valid value. Found empty object at path {path}"
                    )));
                }
                Some("$slice") => out.push(Entry::Slice(path, parse_slice(sub.get("$slice").unwrap_or(&Bson::Null))?)),
                Some("$elemMatch") => match sub.get("$elemMatch") {
                    Some(Bson::Document(query)) if !path.contains('.') => {
                        out.push(Entry::ElemMatch(path, query.clone()))
                    }
                    Some(Bson::Document(_)) => {
                        return Err(DbError::bad("Cannot use $elemMatch projection on a nested field."));
                    }
                    _ => return Err(DbError::bad("elemMatch: Invalid argument, object required.")),
                },
                Some(op) if op.starts_with('$') => {
                    return Err(DbError::Unsupported(format!(
                        "projection operator {op} (on field '{path}') is not supported by the embedded database"
                    )));
                }
                Some(_) => flatten(&path, sub, depth + 1, out)?,
            },
            _ => {
                return Err(DbError::Unsupported(format!(
                    "computed projection values (field '{path}') are not supported by the embedded database"
                )));
            }
        }
    }
    Ok(())
}

fn parse_slice(arg: &Bson) -> Result<Slice, DbError> {
    let int = |v: &Bson| as_f64(v).filter(|f| f.is_finite()).map(|f| f as i64);
    match arg {
        Bson::Array(items) => {
            if items.len() != 2 {
                return Err(DbError::bad("$slice array wrong size"));
            }
            let (Some(skip), Some(limit)) = (int(&items[0]), int(&items[1])) else {
                return Err(DbError::bad("$slice only supports numbers and [skip, limit] arrays"));
            };
            if limit <= 0 {
                return Err(DbError::bad("$slice limit must be positive"));
            }
            Ok(Slice { skip: Some(skip), limit })
        }
        other => match int(other) {
            Some(limit) => Ok(Slice { skip: None, limit }),
            None => Err(DbError::bad("$slice only supports numbers and [skip, limit] arrays")),
        },
    }
}

impl Projection {
    /// Parses a projection; mixing inclusion and exclusion (other than `_id`) fails as MongoDB does.
    pub fn parse(spec: &Document) -> Result<Projection, DbError> {
        let mut entries = Vec::new();
        flatten("", spec, 0, &mut entries)?;
        let mut mode = None;
        let mut include_id = true;
        let mut id_flag = None;
        for entry in &entries {
            match entry {
                Entry::Flag(path, include) if path == "_id" => {
                    include_id = *include;
                    id_flag = Some(*include);
                }
                Entry::Flag(path, include) => match (mode, *include) {
                    (Some(Mode::Include), false) => {
                        return Err(DbError::bad(format!(
                            "Cannot do exclusion on field {path} in inclusion projection"
                        )));
                    }
                    (Some(Mode::Exclude), true) => {
                        return Err(DbError::bad(format!(
                            "Cannot do inclusion on field {path} in exclusion projection"
                        )));
                    }
                    _ => mode = Some(if *include { Mode::Include } else { Mode::Exclude }),
                },
                _ => {}
            }
        }
        let has_elem_match = entries.iter().any(|e| matches!(e, Entry::ElemMatch(..)));
        let mode = mode.unwrap_or(if has_elem_match || id_flag == Some(true) { Mode::Include } else { Mode::Exclude });

        let mut projection =
            Projection { mode, include_id, tree: Tree::default(), slices: Vec::new(), elem_matches: Vec::new() };
        for entry in entries {
            match entry {
                Entry::Flag(path, _) if path == "_id" => {}
                Entry::Flag(path, _) => projection.tree.insert(&path)?,
                Entry::Slice(path, slice) => {
                    if mode == Mode::Include {
                        projection.tree.insert(&path)?;
                    }
                    projection.slices.push((path.split('.').map(str::to_string).collect(), slice));
                }
                Entry::ElemMatch(path, query) => {
                    let filter = Filter::parse(&doc! { path.clone(): { "$elemMatch": query } })?;
                    projection.elem_matches.push((path, filter));
                }
            }
        }
        Ok(projection)
    }

    /// The projected document.
    pub fn apply(&self, doc: &Document) -> Document {
        let mut out = match self.mode {
            Mode::Include => include_document(doc, &self.tree, Some(self.include_id), 0),
            Mode::Exclude => exclude_document(doc, &self.tree, Some(self.include_id), 0),
        };
        for (segments, slice) in &self.slices {
            for (name, value) in out.iter_mut() {
                if *name == segments[0] {
                    slice_at(value, &segments[1..], *slice, 0);
                }
            }
        }
        for (field, filter) in &self.elem_matches {
            let first = match doc.get(field) {
                Some(Bson::Array(items)) => {
                    items.iter().find(|item| filter.matches(&doc! { field.clone(): [(*item).clone()] })).cloned()
                }
                _ => None,
            };
            match first {
                Some(item) => {
                    out.insert(field.clone(), Bson::Array(vec![item]));
                }
                None => {
                    out.remove(field);
                }
            }
        }
        out
    }
}

/// Keeps the tree's paths; `id` is `Some` at the top level, where `_id` follows its own flag.
fn include_document(doc: &Document, tree: &Tree, id: Option<bool>, depth: usize) -> Document {
    let mut out = Document::new();
    for (key, value) in doc {
        let node = tree.child(key);
        if let Some(include_id) = id
            && key == "_id"
            && node.is_none()
        {
            if include_id {
                out.insert(key.clone(), value.clone());
            }
            continue;
        }
        match (node, value) {
            (Some(TreeNode::Leaf), _) => {
                out.insert(key.clone(), value.clone());
            }
            (Some(TreeNode::Inner(sub)), Bson::Document(d)) => {
                out.insert(key.clone(), include_document(d, sub, None, depth + 1));
            }
            (Some(TreeNode::Inner(sub)), Bson::Array(items)) => {
                out.insert(key.clone(), include_array(items, sub, depth + 1));
            }
            _ => {}
        }
    }
    out
}

fn include_array(items: &[Bson], tree: &Tree, depth: usize) -> Vec<Bson> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    items
        .iter()
        .filter_map(|item| match item {
            Bson::Document(d) => Some(Bson::Document(include_document(d, tree, None, depth + 1))),
            Bson::Array(inner) => Some(Bson::Array(include_array(inner, tree, depth + 1))),
            _ => None,
        })
        .collect()
}

/// Drops the tree's paths; `id` is `Some` at the top level, where `_id` follows its own flag.
fn exclude_document(doc: &Document, tree: &Tree, id: Option<bool>, depth: usize) -> Document {
    let mut out = Document::new();
    for (key, value) in doc {
        if id == Some(false) && key == "_id" {
            continue;
        }
        match (tree.child(key), value) {
            (Some(TreeNode::Leaf), _) => {}
            (Some(TreeNode::Inner(sub)), Bson::Document(d)) => {
                out.insert(key.clone(), exclude_document(d, sub, None, depth + 1));
            }
            (Some(TreeNode::Inner(sub)), Bson::Array(items)) => {
                out.insert(key.clone(), exclude_array(items, sub, depth + 1));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

fn exclude_array(items: &[Bson], tree: &Tree, depth: usize) -> Vec<Bson> {
    if depth > MAX_DEPTH {
        return items.to_vec();
    }
    items
        .iter()
        .map(|item| match item {
            Bson::Document(d) => Bson::Document(exclude_document(d, tree, None, depth + 1)),
            Bson::Array(inner) => Bson::Array(exclude_array(inner, tree, depth + 1)),
            other => other.clone(),
        })
        .collect()
}

/// Applies `$slice` at `segments` under `value`, through documents and arrays of documents.
fn slice_at(value: &mut Bson, segments: &[String], slice: Slice, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match (segments.split_first(), value) {
        (None, Bson::Array(items)) => {
            let len = items.len() as i64;
            let (start, count) = match slice.skip {
                None if slice.limit >= 0 => (0, slice.limit),
                None => ((len + slice.limit).max(0), len),
                Some(skip) if skip < 0 => ((len + skip).max(0), slice.limit),
                Some(skip) => (skip.min(len), slice.limit),
            };
            let end = start.saturating_add(count).min(len);
            let kept: Vec<Bson> = items.drain(start as usize..end as usize).collect();
            *items = kept;
        }
        (None, _) => {}
        (Some((first, rest)), Bson::Document(d)) => {
            if let Some(child) = d.get_mut(first) {
                slice_at(child, rest, slice, depth + 1);
            }
        }
        (Some(_), Bson::Array(items)) => {
            for item in items.iter_mut().filter(|i| matches!(i, Bson::Document(_))) {
                slice_at(item, segments, slice, depth + 1);
            }
        }
        (Some(_), _) => {}
    }
}

#[cfg(test)]
mod tests;
