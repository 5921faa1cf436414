//! A language's named gauge (`Language::gauges`), for the tests that watch what a language holds.
//! One copy for the workspace: test crates include this file with `#[path]`.

/// The value of `language`'s gauge `name`; fails the test when the language has no such gauge.
pub fn gauge(language: &dyn laf_host::Language, name: &str) -> f64 {
    let gauges = language.gauges();
    gauges.iter().find(|g| g.name == name).map_or_else(|| panic!("{} has no gauge {name}", language.id()), |g| g.value)
}
