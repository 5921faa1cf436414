//! `$project`, `$unset` and `$addFields`/`$set`: reshaping documents field by field.
//!
//! A specification is parsed into a tree of field names (dotted keys and nested objects both
//! nest), so each document is reshaped in one walk. Expressions always see the input document.

use bson::{Bson, Document};

use crate::bindings::database::DbError;
use crate::bindings::database::engine::expr::Expr;

#[derive(Debug, Clone)]
enum Node {
    Include,
    Exclude,
    Computed(Expr),
    Nested(Vec<(String, Node)>),
}

/// A parsed `$project` (or `$unset`, which is an exclusion projection).
#[derive(Debug, Clone)]
pub(super) struct Projection {
    tree: Vec<(String, Node)>,
    inclusion: bool,
}

fn invalid(message: impl std::fmt::Display) -> DbError {
    DbError::bad(format!("Invalid $project :: caused by :: {message}"))
}

fn split_field(key: &str) -> Result<Vec<&str>, DbError> {
    let parts: Vec<&str> = key.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(invalid("FieldPath field names may not be empty strings."));
    }
    if let Some(p) = parts.iter().find(|p| p.starts_with('$')) {
        return Err(invalid(format!(
            "FieldPath field names may not start with '$'. Consider using $getField or $setField. ({p})"
        )));
    }
    Ok(parts)
}

/// Places `node` at `parts`, merging nested objects; any other overlap is a path collision.
fn insert(tree: &mut Vec<(String, Node)>, parts: &[&str], node: Node, key: &str) -> Result<(), DbError> {
    let Some((first, rest)) = parts.split_first() else { return Ok(()) };
    let position = tree.iter().position(|(k, _)| k == first);
    if rest.is_empty() {
        return match (position, node) {
            (None, node) => {
                tree.push(((*first).to_owned(), node));
                Ok(())
            }
            (Some(i), Node::Nested(children)) if matches!(tree[i].1, Node::Nested(_)) => {
                for (k, child) in children {
                    if let Node::Nested(existing) = &mut tree[i].1 {
                        insert(existing, &[k.as_str()], child, key)?;
                    }
                }
                Ok(())
            }
            _ => Err(invalid(format!("Path collision at {key}"))),
        };
    }
    let i = match position {
        Some(i) => i,
        None => {
            tree.push(((*first).to_owned(), Node::Nested(Vec::new())));
            tree.len() - 1
        }
    };
    match &mut tree[i].1 {
        Node::Nested(children) => insert(children, rest, node, key),
        _ => Err(invalid(format!("Path collision at {key} remaining portion {}", rest.join(".")))),
    }
}

fn parse_tree(spec: &Document, depth: usize) -> Result<Vec<(String, Node)>, DbError> {
    if depth > 100 {
        return Err(invalid("projection nesting is too deep"));
    }
    let mut tree = Vec::new();
    for (key, value) in spec {
        let parts = split_field(key)?;
        let node = match value {
            Bson::Boolean(b) => {
                if *b {
                    Node::Include
                } else {
                    Node::Exclude
                }
            }
            Bson::Int32(_) | Bson::Int64(_) | Bson::Double(_) | Bson::Decimal128(_) => {
                if crate::bindings::database::engine::compare::as_f64(value) == Some(0.0) {
                    Node::Exclude
                } else {
                    Node::Include
                }
            }
            Bson::Document(d) if d.keys().next().is_some_and(|k| k.starts_with('$')) => {
                Node::Computed(Expr::parse(value)?)
            }
            Bson::Document(d) if d.is_empty() => {
                return Err(invalid(format!(
                    "An empty sub-projection is not a valid value. Found empty object at path {key}"
                )));
            }
            Bson::Document(d) => Node::Nested(parse_tree(d, depth + 1)?),
            other => Node::Computed(Expr::parse(other)?),
        };
        insert(&mut tree, &parts, node, key)?;
    }
    Ok(tree)
}

/// The first inclusion/computed and exclusion path in the tree, `_id` at the top left aside.
fn modes(tree: &[(String, Node)], prefix: &str, top: bool, found: &mut (Option<String>, Option<String>, bool)) {
    for (k, node) in tree {
        let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match node {
            Node::Exclude if top && k == "_id" => {}
            Node::Include => {
                found.0.get_or_insert(path);
            }
            Node::Computed(_) => {
                found.0.get_or_insert(path);
                found.2 = true;
            }
            Node::Exclude => {
                found.1.get_or_insert(path);
            }
            Node::Nested(children) => modes(children, &path, false, found),
        }
    }
}

impl Projection {
    /// Parses an aggregation `$project` specification.
    pub(super) fn parse(spec: &Document) -> Result<Projection, DbError> {
        if spec.is_empty() {
            return Err(invalid("projection specification must have at least one field"));
        }
        let mut tree = parse_tree(spec, 0)?;
        let mut found = (None, None, false);
        modes(&tree, "", true, &mut found);
        let inclusion = match found {
            (Some(_), Some(excluded), _) => {
                return Err(invalid(format!("Cannot do exclusion on field {excluded} in inclusion projection")));
            }
            (Some(_), None, _) => true,
            _ => false,
        };
        if inclusion && !tree.iter().any(|(k, _)| k == "_id") {
            tree.insert(0, ("_id".to_owned(), Node::Include));
        }
        Ok(Projection { tree, inclusion })
    }

    /// Parses `$unset`: a field name or an array of them.
    pub(super) fn parse_unset(spec: &Bson) -> Result<Projection, DbError> {
        let names: Vec<&Bson> = match spec {
            Bson::String(_) => vec![spec],
            Bson::Array(items) if !items.is_empty() => items.iter().collect(),
            _ => return Err(DbError::bad("$unset specification must be a string or an array")),
        };
        let mut exclusion = Document::new();
        for name in names {
            let Bson::String(field) = name else {
                return Err(DbError::bad(
                    "$unset specification must be a string or an array containing only string values",
                ));
            };
            exclusion.insert(field.clone(), 0);
        }
        Projection::parse(&exclusion)
    }

    /// The projected document.
    pub(super) fn apply(&self, doc: &Document) -> Result<Document, DbError> {
        if self.inclusion { include(doc, &self.tree, doc) } else { Ok(exclude(doc, &self.tree)) }
    }
}

fn has_computed(tree: &[(String, Node)]) -> bool {
    tree.iter().any(|(_, n)| match n {
        Node::Computed(_) => true,
        Node::Nested(children) => has_computed(children),
        _ => false,
    })
}

/// Inclusion: listed fields in input order, then computed fields in specification order.
fn include(input: &Document, tree: &[(String, Node)], root: &Document) -> Result<Document, DbError> {
    let mut out = Document::new();
    for (key, value) in input {
        match tree.iter().find(|(k, _)| k == key).map(|(_, n)| n) {
            Some(Node::Include) => {
                out.insert(key.clone(), value.clone());
            }
            Some(Node::Nested(children)) => match value {
                Bson::Document(d) => {
                    out.insert(key.clone(), include(d, children, root)?);
                }
                Bson::Array(items) => {
                    out.insert(key.clone(), include_array(items, children, root)?);
                }
                _ => {}
            },
            _ => {}
        }
    }
    for (key, node) in tree {
        match node {
            Node::Computed(expr) => {
                if let Some(value) = expr.eval(root)? {
                    out.insert(key.clone(), value);
                }
            }
            Node::Nested(children) if has_computed(children) && !out.contains_key(key) => {
                out.insert(key.clone(), include(&Document::new(), children, root)?);
            }
            _ => {}
        }
    }
    Ok(out)
}

fn include_array(items: &[Bson], tree: &[(String, Node)], root: &Document) -> Result<Bson, DbError> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Bson::Document(d) => out.push(Bson::Document(include(d, tree, root)?)),
            Bson::Array(inner) => out.push(include_array(inner, tree, root)?),
            _ if has_computed(tree) => out.push(Bson::Document(include(&Document::new(), tree, root)?)),
            _ => {}
        }
    }
    Ok(Bson::Array(out))
}

fn exclude(input: &Document, tree: &[(String, Node)]) -> Document {
    let mut out = Document::new();
    for (key, value) in input {
        match tree.iter().find(|(k, _)| k == key).map(|(_, n)| n) {
            Some(Node::Exclude) => {}
            Some(Node::Nested(children)) => {
                out.insert(key.clone(), exclude_value(value, children));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

fn exclude_value(value: &Bson, tree: &[(String, Node)]) -> Bson {
    match value {
        Bson::Document(d) => Bson::Document(exclude(d, tree)),
        Bson::Array(items) => Bson::Array(items.iter().map(|item| exclude_value(item, tree)).collect()),
        other => other.clone(),
    }
}

#[derive(Debug, Clone)]
enum AddNode {
    Computed(Expr),
    Nested(Vec<(String, AddNode)>),
}

/// A parsed `$addFields`/`$set` stage.
#[derive(Debug, Clone)]
pub(super) struct AddFields {
    tree: Vec<(String, AddNode)>,
}

fn add_insert(tree: &mut Vec<(String, AddNode)>, parts: &[&str], node: AddNode, key: &str) -> Result<(), DbError> {
    let Some((first, rest)) = parts.split_first() else { return Ok(()) };
    let position = tree.iter().position(|(k, _)| k == first);
    if rest.is_empty() {
        if position.is_some() {
            return Err(DbError::bad(format!("Invalid $addFields :: caused by :: Path collision at {key}")));
        }
        tree.push(((*first).to_owned(), node));
        return Ok(());
    }
    let i = match position {
        Some(i) => i,
        None => {
            tree.push(((*first).to_owned(), AddNode::Nested(Vec::new())));
            tree.len() - 1
        }
    };
    match &mut tree[i].1 {
        AddNode::Nested(children) => add_insert(children, rest, node, key),
        AddNode::Computed(_) => {
            Err(DbError::bad(format!("Invalid $addFields :: caused by :: Path collision at {key}")))
        }
    }
}

fn add_tree(spec: &Document, depth: usize) -> Result<Vec<(String, AddNode)>, DbError> {
    if depth > 100 {
        return Err(DbError::bad("$addFields nesting is too deep"));
    }
    let mut tree = Vec::new();
    for (key, value) in spec {
        let parts = split_field(key).map_err(|e| DbError::bad(e.to_string().replace("$project", "$addFields")))?;
        let node = match value {
            Bson::Document(d) if !d.is_empty() && !d.keys().next().is_some_and(|k| k.starts_with('$')) => {
                AddNode::Nested(add_tree(d, depth + 1)?)
            }
            other => AddNode::Computed(Expr::parse(other)?),
        };
        add_insert(&mut tree, &parts, node, key)?;
    }
    Ok(tree)
}

impl AddFields {
    /// Parses `{ field: expression, "a.b": expression, nested: { ... } }`.
    pub(super) fn parse(spec: &Document) -> Result<AddFields, DbError> {
        if spec.is_empty() {
            return Err(DbError::bad("Invalid $addFields :: caused by :: specification must have at least one field"));
        }
        Ok(AddFields { tree: add_tree(spec, 0)? })
    }

    /// The document with the fields added or replaced; a missing result removes the field.
    pub(super) fn apply(&self, doc: &Document) -> Result<Document, DbError> {
        add_into(doc.clone(), &self.tree, doc)
    }
}

fn add_into(mut target: Document, tree: &[(String, AddNode)], root: &Document) -> Result<Document, DbError> {
    for (key, node) in tree {
        match node {
            AddNode::Computed(expr) => match expr.eval(root)? {
                Some(value) => {
                    target.insert(key.clone(), value);
                }
                None => {
                    target.remove(key);
                }
            },
            AddNode::Nested(children) => {
                let value = add_value(target.get(key).cloned(), children, root)?;
                target.insert(key.clone(), value);
            }
        }
    }
    Ok(target)
}

fn add_value(value: Option<Bson>, tree: &[(String, AddNode)], root: &Document) -> Result<Bson, DbError> {
    Ok(match value {
        Some(Bson::Document(d)) => Bson::Document(add_into(d, tree, root)?),
        Some(Bson::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(add_value(Some(item), tree, root)?);
            }
            Bson::Array(out)
        }
        _ => Bson::Document(add_into(Document::new(), tree, root)?),
    })
}
