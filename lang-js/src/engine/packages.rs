//! npm packages on a worker's engine: resolving a request of a function or a package module in
//! the app's installed set, and the natives of the CommonJS loader (`src/node/internal_modules.js`).
//!
//! Which function modules imported packages, and from which set, is recorded here: when a new set
//! is installed, exactly those get fresh instances (see `State::pkg_users`); functions that
//! import no package keep their module state.

use std::rc::Rc;
use std::sync::{Arc, Weak};

use laf_host::App;
use rquickjs::{Ctx, Function, IntoJs, Object, Value};

use super::State;
use crate::packages::{self, Format, PackageSet};

type R<T> = rquickjs::Result<T>;

/// A request resolved for a module of the app: the module's name, how it runs, the file name it
/// sees, and its set.
pub(crate) struct Found {
    pub(crate) name: String,
    pub(crate) format: Format,
    pub(crate) filename: String,
    pub(crate) set: u64,
}

/// Resolves `request` for a module named `base` of `app` (a package module resolves in its own
/// set; anything else, a function, in the app's current set), for `require` or for `import`.
pub(crate) fn resolve(
    st: &State,
    app: &App,
    base: &str,
    request: &str,
    require: bool,
    strict: bool,
) -> Result<Found, String> {
    let (set, from) = set_for(app, base, request)?;
    let resolved = set.resolve(from.as_deref(), request, require, strict)?;
    if base.starts_with("laf:") {
        st.pkg_users.borrow_mut().insert(base.to_owned(), set.id);
    }
    let name = packages::module_name(app.id(), set.id, &resolved.rel);
    st.pkg_formats.borrow_mut().insert(name.clone(), resolved.format);
    Ok(Found { name, format: resolved.format, filename: packages::virtual_path(&resolved.rel), set: set.id })
}

// The set a module of `base` resolves in, and its path there (None: a function's, from the root).
fn set_for(app: &App, base: &str, request: &str) -> Result<(Arc<PackageSet>, Option<String>), String> {
    let view = app.view();
    let packages =
        crate::app_packages(&view).ok_or_else(|| format!("app {} was not configured for JavaScript", app.id()))?;
    if let Some((_, id, rel)) = packages::parse_module_name(base) {
        let set = packages.get(id).ok_or_else(|| {
            format!("Cannot find module '{request}': the app's packages were reinstalled since this module loaded")
        })?;
        return Ok((set, Some(rel.to_owned())));
    }
    if request.starts_with("./") || request.starts_with("../") || request.starts_with("@/") {
        return Err(format!(
            "Cannot find module '{request}': require takes Node's built-ins and the app's npm packages; import other functions with import"
        ));
    }
    let set = packages.current().ok_or_else(|| no_packages(app, request))?;
    Ok((set, None))
}

// Why a bare name finds nothing when the app has no installed set.
fn no_packages(app: &App, request: &str) -> String {
    let package = package_name(request);
    let status = app.dependencies();
    match status.state {
        laf_host::app::DependencyState::Installing => {
            format!(
                "Cannot find module '{request}': the app's npm packages are being installed; try again when `laf deps ls` says installed"
            )
        }
        laf_host::app::DependencyState::Failed => format!(
            "Cannot find module '{request}': installing the app's npm packages failed: {}",
            status.error.as_deref().unwrap_or("(no message)")
        ),
        _ => format!(
            "Cannot find module '{request}': add the package to the app's dependencies (`laf deps add {package}`, the admin API, or package.json next to the functions)"
        ),
    }
}

// `lodash/fp` -> `lodash`, `@aws-sdk/client-s3/x` -> `@aws-sdk/client-s3`.
fn package_name(request: &str) -> &str {
    let mut parts = request.splitn(3, '/');
    let first = parts.next().unwrap_or(request);
    if first.starts_with('@') {
        match parts.next() {
            Some(second) => &request[..first.len() + 1 + second.len()],
            None => request,
        }
    } else {
        first
    }
}

/// The text of the package module `name` of `app`.
pub(crate) fn read(app: &App, name: &str) -> Result<String, String> {
    let (set, rel) = module_file(app, name)?;
    set.read(&rel).map_err(|e| format!("cannot read {}: {e}", packages::virtual_path(&rel)))
}

fn module_file(app: &App, name: &str) -> Result<(Arc<PackageSet>, String), String> {
    let (_, id, rel) = packages::parse_module_name(name).ok_or_else(|| format!("{name} is not a package module"))?;
    let view = app.view();
    let set = crate::app_packages(&view)
        .and_then(|p| p.get(id))
        .ok_or_else(|| format!("the app's packages were reinstalled since {} loaded", packages::virtual_path(rel)))?;
    Ok((set, rel.to_owned()))
}

/// Node's CommonJS wrapper around a file's text; on its first line, so line numbers stay the
/// author's. A `#!` line is blanked (it is only legal at the very start of a script).
pub(crate) fn wrap_commonjs(source: &str) -> String {
    let body = match source.strip_prefix("#!") {
        Some(rest) => format!("//{rest}"),
        None => source.to_owned(),
    };
    format!("(function (exports, require, module, __filename, __dirname) {{{body}\n}})")
}

/// The natives of `internal/modules` for `app`'s context.
pub(crate) fn install<'js>(cx: &Ctx<'js>, n: &Object<'js>, st: &Rc<State>, app: Weak<App>) -> R<()> {
    let (s, a) = (st.clone(), app.clone());
    n.set(
        "pkgResolve",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, base: String, request: String, require: bool| -> R<Value<'js>> {
                let Some(app) = a.upgrade() else {
                    return "the app is gone".into_js(&cx);
                };
                match resolve(&s, &app, &base, &request, require, false) {
                    Ok(f) => {
                        let out = rquickjs::Array::new(cx.clone())?;
                        out.set(0, f.name)?;
                        out.set(1, f.format.as_str())?;
                        out.set(2, f.filename)?;
                        out.set(3, f.set)?;
                        Ok(out.into_value())
                    }
                    Err(message) => message.into_js(&cx),
                }
            },
        )?,
    )?;
    let a = app.clone();
    n.set(
        "pkgSetOf",
        Function::new(cx.clone(), move |base: String| -> Option<u64> {
            if let Some((_, id, _)) = packages::parse_module_name(&base) {
                return Some(id);
            }
            let app = a.upgrade()?;
            let view = app.view();
            Some(crate::app_packages(&view)?.current_id()).filter(|id| *id != 0)
        })?,
    )?;
    let (a, s2) = (app.clone(), st.clone());
    n.set(
        "pkgCompile",
        Function::new(cx.clone(), move |cx: Ctx<'js>, name: String| -> R<Function<'js>> {
            let source = a.upgrade().ok_or_else(|| "the app is gone".to_owned()).and_then(|app| read(&app, &name));
            let source = source.map_err(|e| rquickjs::Exception::throw_message(&cx, &e))?;
            let rel = packages::parse_module_name(&name).map_or("", |(_, _, rel)| rel);
            compile_commonjs(&cx, &s2, &packages::virtual_path(rel), &source)
        })?,
    )?;
    n.set(
        "pkgRead",
        Function::new(cx.clone(), move |cx: Ctx<'js>, name: String| -> R<String> {
            let source = app.upgrade().ok_or_else(|| "the app is gone".to_owned()).and_then(|app| read(&app, &name));
            source.map_err(|e| rquickjs::Exception::throw_message(&cx, &e))
        })?,
    )?;
    Ok(())
}

// Most bytes of package bytecode one worker keeps (beyond it, the cache starts over).
const BYTECODE_CAP: usize = 64 << 20;

/// A CommonJS file's wrapper function, compiled once per worker: the bytecode is kept by content
/// and loaded again by every app context that requires the same file (the same package version),
/// so only the first pays QuickJS's parser. `filename` (`/app/node_modules/...`) names no app, so
/// the bytecode is any app's; a dynamic `import()` in it finds its app by context (loader.rs).
fn compile_commonjs<'js>(cx: &Ctx<'js>, st: &State, filename: &str, source: &str) -> R<Function<'js>> {
    // Keyed with this worker's random secret: one tenant cannot make a file whose key is another
    // tenant's (and so have its bytecode run in their place).
    let key = std::hash::BuildHasher::hash_one(&st.bytecode_keys, (filename, source.len(), source));
    let cached = st.bytecode.borrow().get(&key).cloned();
    let value = match cached {
        Some(bytes) => super::bytecode::run_bytecode(cx, &bytes)?,
        None => {
            let code = std::ffi::CString::new(wrap_commonjs(source))
                .map_err(|_| rquickjs::Exception::throw_syntax(cx, &format!("{filename}: a NUL byte in the source")))?;
            let name = std::ffi::CString::new(filename).unwrap_or_default();
            let compiled = super::bytecode::compile(cx, &code, &name)?;
            if let Some(bytes) = compiled.to_bytes(false) {
                st.keep_bytecode(key, bytes.into());
            }
            compiled.run()?
        }
    };
    value
        .into_function()
        .ok_or_else(|| rquickjs::Exception::throw_type(cx, &format!("{filename}: not a module wrapper")))
}

/// The id of `app`'s current package set (0: none).
pub(crate) fn current_set(app: &App) -> u64 {
    crate::app_packages(&app.view()).map_or(0, |p| p.current_id())
}

impl State {
    /// Whether the instance `e` still has the app's package set. Read on every call: while no
    /// function on this worker imported a package, it looks no further; after a new install, only
    /// instances that imported packages are made again.
    pub(super) fn packages_fresh(&self, app: &App, e: &super::Entry) -> bool {
        if self.pkg_users.borrow().is_empty() {
            return true;
        }
        let set = current_set(app);
        if e.set.get() == set {
            return true;
        }
        if self.stale_packages(&e.module, set) {
            return false;
        }
        e.set.set(set);
        true
    }

    fn keep_bytecode(&self, key: u64, bytes: Rc<[u8]>) {
        let mut total = self.bytecode_bytes.get() + bytes.len();
        let mut cache = self.bytecode.borrow_mut();
        if total > BYTECODE_CAP {
            cache.clear();
            total = bytes.len();
        }
        cache.insert(key, bytes);
        self.bytecode_bytes.set(total);
    }

    /// Whether `module` or a function module it imports resolved packages in a set other than
    /// `current` (so the instance must be made again for the app's new packages).
    pub(crate) fn stale_packages(&self, module: &str, current: u64) -> bool {
        let users = self.pkg_users.borrow();
        if users.is_empty() {
            return false;
        }
        let stale = |m: &str| users.get(m).is_some_and(|set| *set != current);
        stale(module) || self.imported_modules(module).iter().any(|m| stale(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_and_wrapper() {
        assert_eq!(package_name("lodash/fp/map"), "lodash");
        assert_eq!(package_name("@aws-sdk/client-s3"), "@aws-sdk/client-s3");
        assert_eq!(package_name("@aws-sdk/client-s3/dist"), "@aws-sdk/client-s3");
        let wrapped = wrap_commonjs("#!/usr/bin/env node\nmodule.exports = 1");
        assert!(
            wrapped.starts_with("(function (exports, require, module, __filename, __dirname) {///usr/bin/env node\n")
        );
        assert_eq!(wrapped.lines().count(), 3);
    }
}
