//! An app's package dependencies (npm specs for its JavaScript functions, pip requirements for its
//! Python functions): what an app declares, what a language is asked to install, and what it
//! reports back.
//!
//! The host keeps the declared list and the lockfile of the last install in the registry (so a
//! restart or another replica installs the same versions) and runs installs in the background
//! (see [`App::set_dependencies`](crate::App::set_dependencies)); a language that takes packages
//! ([`Language::installs_packages`](crate::Language::installs_packages) for npm,
//! [`Language::installs_requirements`](crate::Language::installs_requirements) for pip) does the
//! installing and swaps the new set in whole when it succeeds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What an app declares it depends on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependencies {
    /// npm package specs: `lodash`, `dayjs@1.11`, `@aws-sdk/client-s3@^3`.
    pub packages: Vec<String>,
    /// pip requirements, one per entry as a `requirements.txt` line: `requests==2.32.3`,
    /// `pydantic>=2,<3`, `numpy; python_version >= "3.11"`, or one of pip's index options
    /// (`--index-url URL`, `--extra-index-url URL`, `--find-links DIR`, `--no-index`, `--pre`...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
    /// Whether install-time code may run: npm's install scripts, and pip's source distributions
    /// (their `setup.py`; without it pip installs wheels only). Off by default: that code runs on
    /// the host, outside the functions' sandbox.
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
        if self.requirements.len() > MAX_PACKAGES {
            return Err(("requirements".into(), format!("at most {MAX_PACKAGES} requirements")));
        }
        for (i, line) in self.requirements.iter().enumerate() {
            let field = format!("requirements[{i}]");
            check_requirement(line).map_err(|reason| (field.clone(), reason))?;
            let name = requirement_name(line);
            if name.is_some() && self.requirements[..i].iter().any(|o| requirement_name(o) == name) {
                return Err((field, format!("{} is listed twice", line.trim())));
            }
        }
        Ok(())
    }

    /// Whether nothing is declared.
    pub fn is_empty(&self) -> bool {
        self.packages.is_empty() && self.requirements.is_empty()
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

/// pip's options a requirement line may carry: where packages come from and which kinds are
/// taken. Others are refused: `-r`/`-c` read the host's files, `-e` runs a project's build, and
/// `--no-binary` would force source builds.
const PIP_OPTIONS: &[&str] = &[
    "--index-url",
    "-i",
    "--extra-index-url",
    "--find-links",
    "-f",
    "--no-index",
    "--pre",
    "--prefer-binary",
    "--only-binary",
    "--trusted-host",
];

/// Checks one pip requirement line (see [`Dependencies::requirements`]).
fn check_requirement(line: &str) -> Result<(), String> {
    let line = line.trim();
    if line.is_empty() {
        return Err("an empty requirement".into());
    }
    if line.contains(['\n', '\r']) {
        return Err("one requirement per entry (no line breaks)".into());
    }
    if line.len() > 1000 {
        return Err("a requirement is at most 1000 characters".into());
    }
    if line.starts_with('-') {
        let option = line.split(['=', ' ', '\t']).next().unwrap_or_default();
        if !PIP_OPTIONS.contains(&option) {
            return Err(format!(
                "pip option {option} is not taken here (only {})",
                PIP_OPTIONS.iter().filter(|o| o.starts_with("--")).copied().collect::<Vec<_>>().join(", ")
            ));
        }
        return Ok(());
    }
    if requirement_name(line).is_none() {
        return Err("a requirement starts with a package name (`requests==2.32.3`)".into());
    }
    Ok(())
}

/// The project name a requirement line starts with, as written (`Django` of `Django>=5`), or
/// `None` for an option line.
pub fn requirement_project(line: &str) -> Option<&str> {
    let line = line.trim();
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c))).unwrap_or(line.len());
    let name = &line[..end];
    name.starts_with(|c: char| c.is_ascii_alphanumeric()).then_some(name)
}

/// The normalized project name a requirement line names (PEP 503: lowercase, runs of `-_.` as
/// `-`), or `None` for an option line.
pub fn requirement_name(line: &str) -> Option<String> {
    let name = requirement_project(line)?;
    let mut normalized = String::with_capacity(name.len());
    for c in name.chars() {
        if "-_.".contains(c) {
            if !normalized.ends_with('-') {
                normalized.push('-');
            }
        } else {
            normalized.push(c.to_ascii_lowercase());
        }
    }
    Some(normalized)
}

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
        Dependencies { packages: specs.iter().map(|s| s.to_string()).collect(), ..Dependencies::default() }
    }

    fn pip(lines: &[&str]) -> Dependencies {
        Dependencies { requirements: lines.iter().map(|s| s.to_string()).collect(), ..Dependencies::default() }
    }

    #[test]
    fn requirements_take_names_specifiers_markers_and_index_options_only() {
        let ok = ["requests==2.32.3", "pydantic[email]>=2,<3", "numpy; python_version >= '3.11'", "Flask"];
        assert!(pip(&ok).validate().is_ok());
        assert!(
            pip(&["--no-index", "--find-links /srv/wheels", "--index-url=https://pypi.example/simple", "lafdemo==1.0"])
                .validate()
                .is_ok()
        );
        for (bad, why) in [
            ("-r /etc/other.txt", "-r"),
            ("-e .", "-e"),
            ("--no-binary :all:", "--no-binary"),
            ("", "empty"),
            ("requests\nflask", "line breaks"),
            ("./local/pkg", "package name"),
        ] {
            let (field, reason) = pip(&[bad]).validate().unwrap_err();
            assert_eq!(field, "requirements[0]");
            assert!(reason.contains(why), "{bad:?}: {reason}");
        }
        let (field, reason) = pip(&["Django>=5", "django_extensions", "DJANGO"]).validate().unwrap_err();
        assert_eq!((field.as_str(), reason.as_str()), ("requirements[2]", "DJANGO is listed twice"));
        assert_eq!(requirement_name("Zope.Interface_x>=1"), Some("zope-interface-x".into()));
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
