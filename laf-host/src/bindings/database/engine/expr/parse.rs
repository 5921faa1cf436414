//! Parsing expressions: operator names and arities, named arguments, field paths and variables.

use bson::{Bson, Document};

use super::{Node, Var, date};
use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::type_name;
use crate::bindings::database::engine::update::display;

/// Deepest expression nesting accepted; deeper input fails instead of exhausting the stack.
const MAX_DEPTH: usize = 150;

/// Operators whose arguments are all evaluated first: name, fewest and most arguments.
const CALLS: &[(&str, usize, usize)] = &[
    ("$add", 0, usize::MAX),
    ("$subtract", 2, 2),
    ("$multiply", 0, usize::MAX),
    ("$divide", 2, 2),
    ("$mod", 2, 2),
    ("$abs", 1, 1),
    ("$ceil", 1, 1),
    ("$floor", 1, 1),
    ("$round", 1, 2),
    ("$trunc", 1, 2),
    ("$sqrt", 1, 1),
    ("$pow", 2, 2),
    ("$eq", 2, 2),
    ("$ne", 2, 2),
    ("$gt", 2, 2),
    ("$gte", 2, 2),
    ("$lt", 2, 2),
    ("$lte", 2, 2),
    ("$cmp", 2, 2),
    ("$not", 1, 1),
    ("$sum", 0, usize::MAX),
    ("$avg", 0, usize::MAX),
    ("$min", 0, usize::MAX),
    ("$max", 0, usize::MAX),
    ("$concat", 0, usize::MAX),
    ("$toUpper", 1, 1),
    ("$toLower", 1, 1),
    ("$substr", 3, 3),
    ("$substrBytes", 3, 3),
    ("$substrCP", 3, 3),
    ("$strLenCP", 1, 1),
    ("$strLenBytes", 1, 1),
    ("$split", 2, 2),
    ("$strcasecmp", 2, 2),
    ("$toString", 1, 1),
    ("$toInt", 1, 1),
    ("$toLong", 1, 1),
    ("$toDouble", 1, 1),
    ("$toBool", 1, 1),
    ("$toDate", 1, 1),
    ("$toObjectId", 1, 1),
    ("$type", 1, 1),
    ("$size", 1, 1),
    ("$arrayElemAt", 2, 2),
    ("$in", 2, 2),
    ("$concatArrays", 0, usize::MAX),
    ("$slice", 2, 3),
    ("$isArray", 1, 1),
    ("$first", 1, 1),
    ("$last", 1, 1),
    ("$reverseArray", 1, 1),
    ("$objectToArray", 1, 1),
    ("$arrayToObject", 1, 1),
    ("$mergeObjects", 0, usize::MAX),
];

const LAZY: &[(&str, usize, usize)] = &[("$and", 0, usize::MAX), ("$or", 0, usize::MAX), ("$ifNull", 2, usize::MAX)];

/// Parses expressions, tracking the user variables in scope so unknown ones fail up front.
#[derive(Default)]
pub(super) struct Parser {
    vars: Vec<String>,
}

fn static_name(table: &[(&'static str, usize, usize)], name: &str) -> Option<(&'static str, usize, usize)> {
    table.iter().copied().find(|(n, _, _)| *n == name)
}

fn check_arity(name: &str, min: usize, max: usize, got: usize) -> Result<(), DbError> {
    if got >= min && got <= max {
        return Ok(());
    }
    Err(DbError::bad(if min == max {
        format!("Expression {name} takes exactly {min} arguments. {got} were passed in.")
    } else if max == usize::MAX {
        format!("Expression {name} takes at least {min} arguments, and {got} were passed in.")
    } else {
        format!("Expression {name} takes at least {min} arguments, and at most {max}, but {got} were passed in.")
    }))
}

/// The named arguments of `spec` in the order of `names`; unknown names fail via `unknown`.
fn named_args<'a>(
    spec: &'a Document,
    names: &[&str],
    unknown: impl Fn(&str) -> String,
) -> Result<Vec<Option<&'a Bson>>, DbError> {
    if let Some(bad) = spec.keys().find(|k| !names.contains(&k.as_str())) {
        return Err(DbError::bad(unknown(bad)));
    }
    Ok(names.iter().map(|n| spec.get(n)).collect())
}

fn object_arg<'a>(op: &str, arg: &'a Bson) -> Result<&'a Document, DbError> {
    match arg {
        Bson::Document(d) => Ok(d),
        other => {
            Err(DbError::bad(format!("{op} only supports an object as its argument, found: {}", type_name(other))))
        }
    }
}

fn check_var_name(name: &str) -> Result<(), DbError> {
    let first = name.chars().next();
    let ok_first = first.is_some_and(|c| c.is_ascii_lowercase() || !c.is_ascii());
    if !ok_first || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(DbError::bad(format!("'{name}' starts with an invalid character for a user variable name")));
    }
    Ok(())
}

impl Parser {
    /// Parses one expression at nesting `depth`.
    pub(super) fn node(&mut self, value: &Bson, depth: usize) -> Result<Node, DbError> {
        if depth > MAX_DEPTH {
            return Err(DbError::bad(format!("expression nesting exceeds the maximum depth of {MAX_DEPTH}")));
        }
        match value {
            Bson::String(s) if s.starts_with("$$") => self.variable(&s[2..]),
            Bson::String(s) if s.starts_with('$') => Ok(Node::Path(Var::Current, field_path(&s[1..])?)),
            Bson::Array(items) => Ok(Node::Array(self.list(items, depth)?)),
            Bson::Document(d) => match d.keys().next() {
                Some(first) if first.starts_with('$') => {
                    if d.len() != 1 {
                        return Err(DbError::bad(format!(
                            "An object representing an expression must have exactly one field: {}",
                            display(value)
                        )));
                    }
                    let Some((name, arg)) = d.iter().next() else { return Ok(Node::Object(Vec::new())) };
                    self.operator(name, arg, depth + 1)
                }
                _ => {
                    let mut fields = Vec::with_capacity(d.len());
                    for (key, v) in d {
                        check_field_name(key)?;
                        fields.push((key.clone(), self.node(v, depth + 1)?));
                    }
                    Ok(Node::Object(fields))
                }
            },
            other => Ok(Node::Const(other.clone())),
        }
    }

    fn list(&mut self, items: &[Bson], depth: usize) -> Result<Vec<Node>, DbError> {
        items.iter().map(|item| self.node(item, depth + 1)).collect()
    }

    fn optional(&mut self, value: Option<&Bson>, depth: usize) -> Result<Option<Node>, DbError> {
        value.map(|v| self.node(v, depth)).transpose()
    }

    fn required(&mut self, value: Option<&Bson>, depth: usize, missing: &str) -> Result<Box<Node>, DbError> {
        match value {
            Some(v) => Ok(Box::new(self.node(v, depth)?)),
            None => Err(DbError::bad(missing.to_owned())),
        }
    }

    fn variable(&self, text: &str) -> Result<Node, DbError> {
        let (name, rest) = text.split_once('.').unwrap_or((text, ""));
        let parts = if rest.is_empty() && !text.contains('.') { Vec::new() } else { field_path(rest)? };
        let var = match name {
            "" => return Err(DbError::bad("empty variable names are not allowed")),
            "ROOT" => Var::Root,
            "CURRENT" => Var::Current,
            "NOW" => Var::Now,
            "REMOVE" => Var::Remove,
            user if self.vars.iter().any(|v| v == user) => Var::User(user.to_owned()),
            other => return Err(DbError::bad(format!("Use of undefined variable: {other}"))),
        };
        Ok(Node::Path(var, parts))
    }

    fn operator(&mut self, name: &str, arg: &Bson, depth: usize) -> Result<Node, DbError> {
        let args = |p: &mut Parser| -> Result<Vec<Node>, DbError> {
            match arg {
                Bson::Array(items) => p.list(items, depth),
                single => Ok(vec![p.node(single, depth)?]),
            }
        };
        if let Some((op, min, max)) = static_name(CALLS, name) {
            let parsed = args(self)?;
            check_arity(op, min, max, parsed.len())?;
            return Ok(Node::Call(op, parsed));
        }
        if let Some((op, min, max)) = static_name(LAZY, name) {
            let parsed = args(self)?;
            check_arity(op, min, max, parsed.len())?;
            return Ok(Node::Lazy(op, parsed));
        }
        if let Some(op) = date::part_name(name) {
            return self.date_part(op, arg, depth);
        }
        match name {
            "$literal" => Ok(Node::Const(arg.clone())),
            "$cond" => self.cond(arg, depth),
            "$switch" => self.switch(arg, depth),
            "$trim" | "$ltrim" | "$rtrim" => {
                let op = match name {
                    "$trim" => "$trim",
                    "$ltrim" => "$ltrim",
                    _ => "$rtrim",
                };
                let spec = object_arg(op, arg)?;
                let found = named_args(spec, &["input", "chars"], |k| format!("{op} found an unknown argument: {k}"))?;
                if found[0].is_none() {
                    return Err(DbError::bad(format!("{op} requires an 'input' field")));
                }
                let nodes = found.into_iter().map(|v| self.optional(v, depth)).collect::<Result<_, _>>()?;
                Ok(Node::Named(op, nodes))
            }
            "$dateToString" => {
                let spec = object_arg("$dateToString", arg)?;
                let names = ["date", "format", "timezone", "onNull"];
                let found = named_args(spec, &names, |k| format!("Unrecognized parameter to $dateToString: {k}"))?;
                if found[0].is_none() {
                    return Err(DbError::bad("Missing 'date' parameter to $dateToString"));
                }
                let nodes = found.into_iter().map(|v| self.optional(v, depth)).collect::<Result<_, _>>()?;
                Ok(Node::Named("$dateToString", nodes))
            }
            "$map" | "$filter" | "$reduce" | "$let" => self.binding(name, arg, depth),
            other => Err(DbError::UnknownOperator(format!("Unrecognized expression '{other}'"))),
        }
    }

    fn date_part(&mut self, op: &'static str, arg: &Bson, depth: usize) -> Result<Node, DbError> {
        match arg {
            Bson::Document(spec) if spec.contains_key("date") => {
                let found = named_args(spec, &["date", "timezone"], |k| {
                    format!("Unrecognized argument to {op}: {k}. Expected arguments are date and, optionally, timezone")
                })?;
                let nodes = found.into_iter().map(|v| self.optional(v, depth)).collect::<Result<_, _>>()?;
                Ok(Node::Named(op, nodes))
            }
            Bson::Array(items) if items.len() == 1 => {
                Ok(Node::Named(op, vec![Some(self.node(&items[0], depth)?), None]))
            }
            Bson::Array(items) => {
                Err(DbError::bad(format!("Expression {op} takes exactly 1 arguments. {} were passed in.", items.len())))
            }
            single => Ok(Node::Named(op, vec![Some(self.node(single, depth)?), None])),
        }
    }

    fn cond(&mut self, arg: &Bson, depth: usize) -> Result<Node, DbError> {
        match arg {
            Bson::Document(spec) => {
                let found =
                    named_args(spec, &["if", "then", "else"], |k| format!("Unrecognized parameter to $cond: {k}"))?;
                let mut nodes = Vec::with_capacity(3);
                for (value, name) in found.into_iter().zip(["if", "then", "else"]) {
                    nodes.push(*self.required(value, depth, &format!("Missing '{name}' parameter to $cond"))?);
                }
                Ok(Node::Lazy("$cond", nodes))
            }
            Bson::Array(items) => {
                check_arity("$cond", 3, 3, items.len())?;
                Ok(Node::Lazy("$cond", self.list(items, depth)?))
            }
            _ => Err(DbError::bad("Expression $cond takes exactly 3 arguments. 1 were passed in.")),
        }
    }

    fn switch(&mut self, arg: &Bson, depth: usize) -> Result<Node, DbError> {
        let Bson::Document(spec) = arg else {
            return Err(DbError::bad(format!("$switch requires an object as an argument, found: {}", type_name(arg))));
        };
        let found = named_args(spec, &["branches", "default"], |k| format!("$switch found an unknown argument: {k}"))?;
        let branches = match found[0] {
            Some(Bson::Array(items)) => items,
            Some(other) => {
                return Err(DbError::bad(format!(
                    "$switch expected an array for 'branches', found: {}",
                    type_name(other)
                )));
            }
            None => return Err(DbError::bad("$switch requires at least one branch.")),
        };
        if branches.is_empty() {
            return Err(DbError::bad("$switch requires at least one branch."));
        }
        let mut parsed = Vec::with_capacity(branches.len());
        for branch in branches {
            let Bson::Document(b) = branch else {
                return Err(DbError::bad(format!(
                    "$switch expected each branch to be an object, found: {}",
                    type_name(branch)
                )));
            };
            let parts =
                named_args(b, &["case", "then"], |k| format!("$switch found an unknown argument to a branch: {k}"))?;
            let case = self.required(parts[0], depth, "$switch requires each branch have a 'case' expression")?;
            let then = self.required(parts[1], depth, "$switch requires each branch have a 'then' expression.")?;
            parsed.push((*case, *then));
        }
        let default = self.optional(found[1], depth)?.map(Box::new);
        Ok(Node::Switch(parsed, default))
    }

    fn binding(&mut self, op: &str, arg: &Bson, depth: usize) -> Result<Node, DbError> {
        let spec = object_arg(op, arg)?;
        let unknown = |k: &str| format!("Unrecognized parameter to {op}: {k}");
        let missing = |k: &str| format!("Missing '{k}' parameter to {op}");
        match op {
            "$let" => {
                let found = named_args(spec, &["vars", "in"], unknown)?;
                let Some(Bson::Document(vars)) = found[0] else {
                    return Err(DbError::bad(if found[0].is_some() {
                        "invalid parameter: expected an object (vars)".to_owned()
                    } else {
                        missing("vars")
                    }));
                };
                let mut bound = Vec::with_capacity(vars.len());
                for (name, value) in vars {
                    check_var_name(name)?;
                    bound.push((name.clone(), self.node(value, depth)?));
                }
                let scope = self.vars.len();
                self.vars.extend(bound.iter().map(|(n, _)| n.clone()));
                let body = self.required(found[1], depth, &missing("in"));
                self.vars.truncate(scope);
                Ok(Node::Let(bound, body?))
            }
            "$reduce" => {
                let found = named_args(spec, &["input", "initialValue", "in"], unknown)?;
                let input = self.required(found[0], depth, &missing("input"))?;
                let init = self.required(found[1], depth, &missing("initialValue"))?;
                self.vars.extend(["value".to_owned(), "this".to_owned()]);
                let body = self.required(found[2], depth, &missing("in"));
                self.vars.truncate(self.vars.len() - 2);
                Ok(Node::Reduce { input, init, body: body? })
            }
            _ => {
                let names: &[&str] =
                    if op == "$map" { &["input", "as", "in"] } else { &["input", "as", "cond", "limit"] };
                let found = named_args(spec, names, unknown)?;
                let input = self.required(found[0], depth, &missing("input"))?;
                let var = match found[1] {
                    None => "this".to_owned(),
                    Some(Bson::String(name)) => {
                        check_var_name(name)?;
                        name.clone()
                    }
                    Some(other) => {
                        return Err(DbError::bad(format!("{op} 'as' must be a string, found: {}", type_name(other))));
                    }
                };
                self.vars.push(var.clone());
                let body = self.required(found[2], depth, &missing(if op == "$map" { "in" } else { "cond" }));
                self.vars.pop();
                let body = body?;
                if op == "$map" {
                    return Ok(Node::Map { input, var, body });
                }
                let limit = self.optional(found.get(3).copied().flatten(), depth)?.map(Box::new);
                Ok(Node::Filter { input, var, cond: body, limit })
            }
        }
    }
}

/// Splits the path of `"$a.b"` (without the `$`), with MongoDB's checks.
fn field_path(path: &str) -> Result<Vec<String>, DbError> {
    if path.is_empty() {
        return Err(DbError::bad("'$' by itself is not a valid FieldPath"));
    }
    let parts: Vec<String> = path.split('.').map(str::to_owned).collect();
    for part in &parts {
        if part.is_empty() {
            return Err(DbError::bad("FieldPath field names may not be empty strings."));
        }
        if part.starts_with('$') {
            return Err(DbError::bad(format!(
                "FieldPath field names may not start with '$'. Consider using $getField or $setField. ({part})"
            )));
        }
    }
    Ok(parts)
}

fn check_field_name(key: &str) -> Result<(), DbError> {
    if key.starts_with('$') {
        return Err(DbError::bad(format!(
            "FieldPath field names may not start with '$'. Consider using $getField or $setField. ({key})"
        )));
    }
    if key.contains('.') {
        return Err(DbError::bad(format!("FieldPath field names may not contain '.'. ({key})")));
    }
    if key.is_empty() {
        return Err(DbError::bad("FieldPath field names may not be empty strings."));
    }
    Ok(())
}
