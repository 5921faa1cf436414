//! An app's package dependencies (npm specs for its JavaScript functions): what an app declares,
//! what a language is asked to install, and what it reports back.
//!
//! The host keeps the declared list and the lockfile of the last install in the registry (so a
//! restart or another replica installs the same versions) and runs installs in the background
//! (see [`App::set_dependencies`](crate::App::set_dependencies)); a language that takes packages
//! ([`Language::installs_packages`](crate::Language::installs_packages)) does the installing and
//! swaps the new set in whole when it succeeds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What an app declares it depends on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependencies {
    /// npm package specs: `lodash`, `dayjs@1.11`, `@aws-sdk/client-s3@^3`.
    pub packages: Vec<String>,
    /// Whether the packages' install scripts may run. Off by default: they run code on the host.
    #[serde(default, rename = "allowScripts", alias = "allow_scripts")]
    pub allow_scripts: bool,
}

impl Dependencies {
    /// Checks every spec; the error names the field (`packages[2]`) and says what is wrong.
    pub fn validate(&self) -> Result<(), (String, String)> {
        if self.packages.len() > MAX_PACKAGES {
            return Err(("packages".into(), format!("at most {MAX_PACKAGES} packages")));
        }
        for (i, spec) in self.packages.iter().enumerate() {
            let field = format!("packages[{i}]");
            let (name, _) = split_spec(spec).map_err(|reason| (field.clone(), reason))?;
            if self.packages[..i].iter().any(|o| split_spec(o).is_ok_and(|(n, _)| n == name)) {
                return Err((field, format!("{name} is listed twice")));
            }
        }
        Ok(())
    }

    /// The specs by package name (a spec without a version asks for the latest: `*`).
    pub fn by_name(&self) -> BTreeMap<String, String> {
        self.packages
            .iter()
            .filter_map(|s| split_spec(s).ok())
            .map(|(n, r)| (n.to_owned(), if r.is_empty() { "*".to_owned() } else { r.to_owned() }))
            .collect()
    }
}

const MAX_PACKAGES: usize = 500;

/// Splits an npm spec into its package name and version range (empty when none is given).
/// Only registry specs are taken: a path, a URL or a git spec would make the host read its own
/// files or fetch code from anywhere.
pub fn split_spec(spec: &str) -> Result<(&str, &str), String> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err("an empty package spec".into());
    }
    // `@scope/name@range`: the version separator is the first `@` after the scope's.
    let at = if let Some(rest) = spec.strip_prefix('@') { rest.find('@').map(|i| i + 1) } else { spec.find('@') };
    let (name, range) = match at {
        Some(i) => (&spec[..i], &spec[i + 1..]),
        None => (spec, ""),
    };
    validate_name(name).map_err(|reason| format!("{spec:?}: {reason}"))?;
    if range.contains(':') || range.contains('/') || range.contains('\\') {
        return Err(format!(
            "{spec:?}: only registry versions are taken (`name`, `name@1.2`, `name@^1`, `name@latest`), not paths, URLs or git specs"
        ));
    }
    if !range.chars().all(|c| c.is_ascii_alphanumeric() || " .^~<>=|-*+_".contains(c)) {
        return Err(format!("{spec:?}: {range:?} is not a version, range or tag"));
    }
    Ok((name, range))
}

// npm's rules for new package names: at most 214 characters, lowercase, URL-safe, not starting
// with `.` or `_`, optionally under one `@scope/`.
fn validate_name(name: &str) -> Result<(), &'static str> {
    if name.len() > 214 {
        return Err("a package name has at most 214 characters");
    }
    let bare = match name.strip_prefix('@') {
        Some(scoped) => {
            let Some((scope, bare)) = scoped.split_once('/') else {
                return Err("a scoped name is `@scope/name`");
            };
            check_part(scope)?;
            bare
        }
        None => name,
    };
    check_part(bare)
}

fn check_part(part: &str) -> Result<(), &'static str> {
    if part.is_empty() {
        return Err("a package name cannot be empty");
    }
    if part.starts_with('.') || part.starts_with('_') {
        return Err("a package name cannot start with `.` or `_`");
    }
    if !part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._~".contains(c)) {
        return Err("a package name has lowercase letters, digits and `-._~` only");
    }
    Ok(())
}

/// What a language is asked to install for an app.
pub struct InstallRequest<'a> {
    /// The declared packages.
    pub dependencies: &'a Dependencies,
    /// The lockfile of the app's last successful install, if any: versions it pins are kept.
    pub lockfile: Option<&'a str>,
    /// Called with each line of the installer's progress.
    pub progress: &'a (dyn Fn(&str) + Send + Sync),
}

/// What a finished install reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installed {
    /// The lockfile of the installed set, kept in the registry for the next install.
    pub lockfile: Option<String>,
    /// The installed version of each declared package, by name.
    pub versions: BTreeMap<String, String>,
    /// True when the same set was on disk already and nothing was downloaded.
    pub reused: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(specs: &[&str]) -> Dependencies {
        Dependencies { packages: specs.iter().map(|s| s.to_string()).collect(), allow_scripts: false }
    }

    #[test]
    fn specs_split_into_name_and_range() {
        assert_eq!(split_spec("lodash"), Ok(("lodash", "")));
        assert_eq!(split_spec("dayjs@1.11"), Ok(("dayjs", "1.11")));
        assert_eq!(split_spec("@aws-sdk/client-s3@^3"), Ok(("@aws-sdk/client-s3", "^3")));
        assert_eq!(split_spec("@types/node"), Ok(("@types/node", "")));
        assert_eq!(split_spec("x@>=1.2.0 <2"), Ok(("x", ">=1.2.0 <2")));
        assert_eq!(deps(&["a@1", "@s/b"]).by_name().get("@s/b").map(String::as_str), Some("*"));
    }

    #[test]
    fn paths_urls_and_bad_names_are_refused() {
        for bad in ["", "Lodash", "../x", "x@file:../y", "x@git+https://h/r.git", "x@github:a/b", "@scope", "_x", "a b"]
        {
            assert!(split_spec(bad).is_err(), "{bad:?} was taken");
        }
        let err = deps(&["lodash", "lodash@4"]).validate().unwrap_err();
        assert_eq!(err.0, "packages[1]");
        assert!(deps(&["lodash", "dayjs@1"]).validate().is_ok());
    }
}
