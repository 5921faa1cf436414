//! Module resolution between functions: `@/name`, relative paths, `@lafjs/cloud` (and its legacy
//! name `@/cloud-sdk`), `mongodb`, and Node's built-ins (`crypto`, `node:crypto`; see `crate::node`).
//!
//! Modules are named `laf:<app>/<function>#<uid>`, so a republished function (new uid) is a new
//! module while its importers' instances keep theirs until they are themselves refreshed.

use std::rc::Rc;

use rquickjs::loader::ImportAttributes;
use rquickjs::module::Declared;
use rquickjs::{Ctx, Error, Module};

use super::{Import, State};
use crate::JsFunction;
use crate::packages::{self, Format};

/// The built-in module every function can import.
pub(crate) const CLOUD: &str = "@lafjs/cloud";
const CLOUD_SOURCE: &str = "const cloud = globalThis.__lafCloud;\nexport default cloud;\nexport { cloud };\n";
/// Laf's legacy name for `@lafjs/cloud`.
const CLOUD_SDK: &str = "@/cloud-sdk";
/// The driver's module, for `import { ObjectId } from 'mongodb'` as Laf functions write it.
pub(crate) const MONGODB: &str = "mongodb";
const MONGODB_SOURCE: &str = "const m = globalThis.__lafMongodb;\nexport default m;\nexport const { ObjectId, ObjectID, Long, Decimal128, Binary, UUID, Timestamp, Int32, Double, MinKey, MaxKey } = m;\n";

/// The module name of `function` at version `uid` in `app` (a reload gets a suffix).
pub(crate) fn module_name(app: &str, function: &str, uid: u64, reload: Option<u64>) -> String {
    match reload {
        Some(n) => format!("laf:{app}/{function}#{uid}~{n}"),
        None => format!("laf:{app}/{function}#{uid}"),
    }
}

/// (app, function) of a module name.
fn parse(module: &str) -> Option<(&str, &str)> {
    let (app, rest) = module.strip_prefix("laf:")?.split_once('/')?;
    Some((app, rest.rsplit_once('#')?.0))
}

// `./x` and `../x` against the directory of the importing function's name.
fn join(base_fn: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_fn.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn strip_extension(name: &str) -> &str {
    for ext in [".ts", ".js", ".mts", ".mjs", ".cts", ".cjs"] {
        if let Some(stem) = name.strip_suffix(ext) {
            return stem;
        }
    }
    name
}

pub(crate) struct Resolver {
    st: Rc<State>,
}

impl Resolver {
    pub(crate) fn new(st: Rc<State>) -> Self {
        Resolver { st }
    }
}

impl rquickjs::loader::Resolver for Resolver {
    fn resolve<'js>(
        &mut self,
        cx: &Ctx<'js>,
        base: &str,
        name: &str,
        attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        // A package's CommonJS code names no app (its bytecode is shared, engine/packages.rs): its
        // dynamic `import()` resolves in the set of the app whose context runs it.
        let owned;
        let base = match base.strip_prefix(packages::VIRTUAL_ROOT).filter(|r| r.starts_with('/')) {
            Some(rel) => {
                let found = self.st.apps.borrow().iter().find(|(_, env)| env.context.as_raw() == cx.as_raw()).and_then(
                    |(id, env)| {
                        let app = env.app.upgrade()?;
                        let set = crate::app_packages(&app.view())?.current_id();
                        Some(packages::module_name(id, set, rel.trim_start_matches('/')))
                    },
                );
                owned = found.ok_or_else(|| Error::new_resolving_message(base, name, "no app runs this module"))?;
                owned.as_str()
            }
            None => base,
        };
        // Package modules get the real packages of those names, not the host's.
        let from_package = base.starts_with("npm:");
        if !from_package && (name == CLOUD || name == MONGODB || self.st.importing.borrow().as_deref() == Some(name)) {
            return Ok(name.to_owned());
        }
        if !from_package && name == CLOUD_SDK {
            return Ok(CLOUD.to_owned());
        }
        // Built-ins resolve to one `node:` name, so `crypto` and `node:crypto` are one module.
        let bare = name.strip_prefix("node:").unwrap_or(name);
        if crate::node::is_builtin(bare) || bare == "process" {
            return Ok(format!("node:{bare}"));
        }
        if name.starts_with("node:") {
            return Err(Error::new_resolving_message(base, name, format!("no such built-in module: {name}")));
        }
        let fail = |msg: String| Err(Error::new_resolving_message(base, name, msg));
        let function_path = name.starts_with("@/") || name.starts_with("./") || name.starts_with("../");
        if from_package || (!function_path && !name.starts_with('/') && !name.starts_with("laf:")) {
            let app_id = match packages::parse_module_name(base) {
                Some((app, _, _)) => app,
                None => match parse(base) {
                    Some((app, _)) => app,
                    None => return fail("imports resolve only inside functions".into()),
                },
            };
            let app = self.st.apps.borrow().get(app_id).and_then(|e| e.app.upgrade());
            let Some(app) = app else {
                return fail(format!("app {app_id} is gone"));
            };
            let found = super::packages::resolve(&self.st, &app, base, name, false, from_package)
                .map_err(|message| thrown(cx, &message, base))?;
            // As Node: a package's ES module imports JSON `with { type: 'json' }` (a function's
            // imports are CommonJS requires in Laf, which need none).
            let json_type = attributes.as_ref().and_then(|a| a.get_type().ok().flatten());
            if from_package && found.format == Format::Json && json_type.as_deref() != Some("json") {
                let message = format!("Module \"{}\" needs an import attribute of \"type: json\"", found.filename);
                return Err(throw_coded(cx, &message, "ERR_IMPORT_ATTRIBUTE_MISSING", true));
            }
            return Ok(found.name);
        }
        let Some((app_id, base_fn)) = parse(base) else {
            return fail("imports resolve only inside functions".into());
        };
        // Internal names would reach other apps' code on this worker: functions import by name only.
        if name.starts_with("laf:") {
            return fail(format!("cannot find module '{name}'"));
        }
        let target = if let Some(rest) = name.strip_prefix("@/") {
            Some(rest.trim_start_matches('/').to_owned())
        } else if name.starts_with("./") || name.starts_with("../") {
            join(base_fn, name)
        } else {
            return fail(format!("cannot find module '{name}': import functions as '@/name' or './name'"));
        };
        let Some(target) = target.map(|t| strip_extension(&t).to_owned()) else {
            return fail(format!("'{name}' climbs above the app's root"));
        };
        let app = self.st.apps.borrow().get(app_id).and_then(|e| e.app.upgrade());
        let Some(app) = app else {
            return fail(format!("app {app_id} is gone"));
        };
        let Some(function) = app.function(&target) else {
            return fail(format!("no function named '{target}' in this app"));
        };
        let Some(js) = function.loaded_as::<JsFunction>() else {
            return fail(format!(
                "'{target}' is a {} function; only JavaScript functions can be imported (use cloud.invoke)",
                function.language
            ));
        };
        let module = self.st.module_for(&app, &target, js.uid, &js.compiled);
        let mut imports = self.st.imports.borrow_mut();
        let list = imports.entry(base.to_owned()).or_default();
        if !list.iter().any(|i| i.module == module) {
            list.push(Import { function: target, uid: js.uid, module: module.clone() });
        }
        Ok(module)
    }
}

pub(crate) struct Loader {
    st: Rc<State>,
}

impl Loader {
    pub(crate) fn new(st: Rc<State>) -> Self {
        Loader { st }
    }
}

impl rquickjs::loader::Loader for Loader {
    fn load<'js>(
        &mut self,
        cx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        if name == CLOUD {
            return Module::declare(cx.clone(), name, CLOUD_SOURCE);
        }
        if name == MONGODB {
            return Module::declare(cx.clone(), name, MONGODB_SOURCE);
        }
        if let Some(id) = name.strip_prefix("node:") {
            return Module::declare(cx.clone(), name, node_module_source(cx, id)?);
        }
        if let Some((app_id, set, rel)) = packages::parse_module_name(name) {
            return self.load_package(cx, name, app_id, set, rel);
        }
        let compiled = self.st.modules.borrow().get(name).cloned();
        match compiled {
            Some(c) => {
                let module = Module::declare(cx.clone(), name, c.code.as_str())?;
                // A function's `require` resolves packages from its module (compile.rs's prologue).
                module.meta()?.set("lafModule", name)?;
                Ok(module)
            }
            None => Err(Error::new_loading_message(name, "unknown module")),
        }
    }
}

impl Loader {
    // An npm package's file as an ES module: itself, or over its CommonJS (or JSON) exports.
    fn load_package<'js>(
        &self,
        cx: &Ctx<'js>,
        name: &str,
        app_id: &str,
        set: u64,
        rel: &str,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        let fail = |msg: String| Error::new_loading_message(name, msg);
        let format = self.st.pkg_formats.borrow().get(name).copied().ok_or_else(|| fail("unknown module".into()))?;
        let app = self.st.apps.borrow().get(app_id).and_then(|e| e.app.upgrade());
        let app = app.ok_or_else(|| fail(format!("app {app_id} is gone")))?;
        let filename = packages::virtual_path(rel);
        match format {
            Format::Esm => {
                let source = super::packages::read(&app, name).map_err(fail)?;
                let module = Module::declare(cx.clone(), name, source)?;
                let meta = module.meta()?;
                meta.set("url", format!("file://{filename}"))?;
                meta.set("filename", filename.as_str())?;
                meta.set("dirname", filename.rsplit_once('/').map_or("/", |(d, _)| d))?;
                let (st, base) = (self.st.clone(), name.to_owned());
                let resolve = rquickjs::Function::new(cx.clone(), move |cx: Ctx<'js>, specifier: String| {
                    let app = st.apps.borrow().get(app_id_of(&base)).and_then(|e| e.app.upgrade());
                    let Some(app) = app else {
                        return Err(throw_coded(&cx, "the app is gone", "", false));
                    };
                    if crate::node::is_builtin(specifier.strip_prefix("node:").unwrap_or(&specifier)) {
                        return Ok(specifier);
                    }
                    super::packages::resolve(&st, &app, &base, &specifier, false, true)
                        .map(|f| format!("file://{}", f.filename))
                        .map_err(|m| thrown(&cx, &m, &base))
                })?;
                meta.set("resolve", resolve)?;
                Ok(module)
            }
            Format::CommonJs | Format::Json => {
                // Evaluated now, as Node does before linking its importer: the named exports are
                // the keys module.exports then has.
                let load: rquickjs::Function = cx.globals().get("__lafPkgExports")?;
                let exports: rquickjs::Value = load.call((name, format.as_str(), filename.as_str(), set))?;
                let head = format!(
                    "const m = globalThis.__lafPkgExports({name:?}, {:?}, {filename:?}, {set});\nexport default m;\n",
                    format.as_str()
                );
                let names = if format == Format::Json { Vec::new() } else { export_names(&exports)? };
                Module::declare(cx.clone(), name, facade(head, &names))
            }
            Format::Addon => {
                Err(fail(format!("{filename} is a native addon (.node), which cloud functions cannot load")))
            }
        }
    }
}

// A failed resolution of a package import as the error Node throws, with its code.
fn thrown(cx: &Ctx<'_>, message: &str, base: &str) -> Error {
    let code = if message.contains("not exported") {
        "ERR_PACKAGE_PATH_NOT_EXPORTED"
    } else if message.starts_with("Cannot find module") {
        "ERR_MODULE_NOT_FOUND"
    } else {
        ""
    };
    let from = packages::parse_module_name(base).map(|(_, _, rel)| packages::virtual_path(rel));
    let message = match from {
        Some(from) if code == "ERR_MODULE_NOT_FOUND" => format!("{message} imported from {from}"),
        _ => message.to_owned(),
    };
    throw_coded(cx, &message, code, false)
}

// Throws an `Error` (or `TypeError`) with `code` in `cx`.
fn throw_coded(cx: &Ctx<'_>, message: &str, code: &str, type_error: bool) -> Error {
    let made = (|| -> rquickjs::Result<rquickjs::Value<'_>> {
        let ctor: rquickjs::Function = cx.globals().get(if type_error { "TypeError" } else { "Error" })?;
        let error: rquickjs::Object = ctor.call((message,))?;
        if !code.is_empty() {
            error.set("code", code)?;
        }
        Ok(error.into_value())
    })();
    match made {
        Ok(error) => cx.throw(error),
        Err(e) => e,
    }
}

// The own enumerable keys of a module's exports that can be named exports.
fn export_names(exports: &rquickjs::Value<'_>) -> rquickjs::Result<Vec<String>> {
    let mut names = Vec::new();
    // Functions too (lodash's `_`, `module.exports = fn` with properties).
    if let Some(obj) = exports.as_object() {
        for key in obj.keys::<String>() {
            let key = key?;
            let ident = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
            if ident && key != "default" {
                names.push(key);
            }
        }
        // Node names it when a transpiled module marks itself (`Object.defineProperty(exports,
        // '__esModule', { value: true })`, not enumerable).
        if !names.iter().any(|n| n == "__esModule") && obj.get::<_, Option<bool>>("__esModule").ok().flatten().is_some()
        {
            names.push("__esModule".to_owned());
        }
    }
    Ok(names)
}

// An ES module whose default is `m` (defined by `head`) and each of `names` a named export of it,
// through locals, because an export may be named by a reserved word (`delete`).
fn facade(mut source: String, names: &[String]) -> String {
    for (i, name) in names.iter().enumerate() {
        source.push_str(&format!("const _{i} = m[{name:?}];\nexport {{ _{i} as {name} }};\n"));
    }
    source
}

fn app_id_of(name: &str) -> &str {
    packages::parse_module_name(name).map_or("", |(app, _, _)| app)
}

// An ES module over the built-in's CommonJS exports: the default is the whole object (as Node's
// `import crypto from 'crypto'`), and each own enumerable name is a named export.
fn node_module_source(cx: &Ctx<'_>, id: &str) -> rquickjs::Result<String> {
    let require: rquickjs::Function = cx.globals().get("__lafNode")?;
    let exports: rquickjs::Value = require.call((id,))?;
    let head = format!("const m = globalThis.__lafNode({id:?});\nexport default m;\n");
    Ok(facade(head, &export_names(&exports)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_paths_join() {
        let m = module_name("app1", "api/user", 7, None);
        assert_eq!(parse(&m), Some(("app1", "api/user")));
        assert_eq!(parse(&module_name("a", "x", 1, Some(3))), Some(("a", "x")));
        assert_eq!(join("api/user", "./util").as_deref(), Some("api/util"));
        assert_eq!(join("api/user", "../util").as_deref(), Some("util"));
        assert_eq!(join("user", "../util"), None);
        assert_eq!(strip_extension("util.ts"), "util");
    }
}
