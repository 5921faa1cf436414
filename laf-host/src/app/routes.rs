//! Path parameters (Laf has none): a function named `users/[id]` serves `/users/42` with
//! `ctx.params.id = "42"`. A literal name always wins; among patterns, the one with the most
//! literal segments, leftmost first, wins (`users/me` over `users/[id]` over `[a]/[b]`).

use std::sync::Arc;

use super::PublishedFunction;

/// Path parameters as name/value pairs, in the order of the pattern.
pub type Params = Arc<[(String, String)]>;

/// No path parameters, shared: most calls have none, and an empty `Arc<[T]>` would still cost an
/// allocation per call.
pub fn no_params() -> Params {
    static EMPTY: std::sync::OnceLock<Params> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Arc::from(Vec::new())).clone()
}

/// The parameter name of a segment written `[name]`.
pub(crate) fn param_name(segment: &str) -> Option<&str> {
    segment.strip_prefix('[')?.strip_suffix(']')
}

/// The parameters `pattern` (a function name) takes from `path` (a name without slashes at the
/// ends), or `None` when it does not match.
pub fn pattern_params(pattern: &str, path: &str) -> Option<Vec<(String, String)>> {
    if !pattern.contains('[') {
        return None;
    }
    let mut params = Vec::new();
    let mut segments = path.split('/');
    for part in pattern.split('/') {
        let segment = segments.next()?;
        match param_name(part) {
            Some(name) if !segment.is_empty() => params.push((name.to_owned(), segment.to_owned())),
            Some(_) => return None,
            None if part == segment => {}
            None => return None,
        }
    }
    segments.next().is_none().then_some(params)
}

// Higher is more specific: one bit per literal segment, the leftmost the highest.
fn specificity(pattern: &str) -> u64 {
    pattern.split('/').take(64).fold(0, |acc, part| (acc << 1) | u64::from(param_name(part).is_none()))
}

/// A function matching a path, with the parameters it takes from it.
pub(crate) type Match<'a> = (&'a Arc<PublishedFunction>, Vec<(String, String)>);

/// The most specific pattern among `functions` matching `path`, with its parameters.
pub(crate) fn best_match<'a>(
    functions: impl Iterator<Item = &'a Arc<PublishedFunction>>,
    path: &str,
) -> Option<Match<'a>> {
    functions
        .filter_map(|f| pattern_params(&f.name, path).map(|p| (f, p)))
        .max_by(|a, b| specificity(&a.0.name).cmp(&specificity(&b.0.name)).then_with(|| b.0.name.cmp(&a.0.name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_segments() {
        assert_eq!(pattern_params("users/[id]", "users/42"), Some(vec![("id".into(), "42".into())]));
        assert_eq!(
            pattern_params("[org]/repos/[repo]", "laf/repos/main"),
            Some(vec![("org".into(), "laf".into()), ("repo".into(), "main".into())])
        );
        assert_eq!(pattern_params("users/[id]", "users"), None);
        assert_eq!(pattern_params("users/[id]", "users/42/x"), None);
        assert_eq!(pattern_params("users/[id]", "people/42"), None);
        assert_eq!(pattern_params("users/[id]", "users/"), None, "an empty segment is not a value");
        assert_eq!(pattern_params("users/me", "users/me"), None, "no brackets: not a pattern");
    }

    #[test]
    fn literal_segments_win() {
        assert!(specificity("users/me") > specificity("users/[id]"));
        assert!(specificity("users/[id]") > specificity("[a]/[b]"));
        assert!(specificity("a/[x]") > specificity("[y]/b"), "leftmost literal first");
    }
}
