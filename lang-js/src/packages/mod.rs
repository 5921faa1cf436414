//! npm packages of an app: the installed set its functions import from, and Node's resolution
//! inside it (oxc_resolver: `exports` conditions, `main`, directory indexes, `.json`).
//!
//! A set is one folder holding `node_modules`, installed whole (see [`install`]) and never
//! changed after; a new install is a new set. A package module is named by the app, the set and
//! its path in the set (`npm:<app>/<set>:node_modules/lodash/lodash.js`), so a module instance
//! always resolves its own imports in the set it came from, and a new set gives new instances.

pub(crate) mod install;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use oxc_resolver::{ModuleType, ResolveError, ResolveOptions, Resolver};

/// What a resolved file is run as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// An ES module (`.mjs`, or `.js` under `"type": "module"`).
    Esm,
    /// CommonJS (`.cjs`, `.js` otherwise, any other extension).
    CommonJs,
    /// A JSON document.
    Json,
    /// A native addon (`.node`), which a function cannot load.
    Addon,
}

impl Format {
    /// The name the JavaScript side uses.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Format::Esm => "esm",
            Format::CommonJs => "cjs",
            Format::Json => "json",
            Format::Addon => "addon",
        }
    }
}

/// Where packages appear to functions: `__filename` of a package module is `/app/node_modules/...`
/// (Laf's runtime layout), never a path of the host.
pub(crate) const VIRTUAL_ROOT: &str = "/app";

static SET_IDS: AtomicU64 = AtomicU64::new(1);

/// One installed set of an app's packages.
pub(crate) struct PackageSet {
    /// Unique in this process: part of every module name from the set.
    pub(crate) id: u64,
    /// The folder holding `node_modules` (canonical).
    pub(crate) root: PathBuf,
    import: Resolver,
    // `import` from a package's ES module: Node's ESM resolution wants full paths (no extension
    // search, no directory index) for relative and subpath specifiers.
    import_strict: Resolver,
    require: Resolver,
}

/// A request resolved in a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The file's path in the set, `/`-separated (`node_modules/lodash/lodash.js`).
    pub(crate) rel: String,
    /// How to run it.
    pub(crate) format: Format,
}

impl PackageSet {
    /// The set installed in `root` (a folder holding `node_modules`).
    pub(crate) fn open(root: &Path) -> std::io::Result<PackageSet> {
        let root = root.canonicalize()?;
        // Node's conditions by importer kind; `default` always matches. Node reads neither the
        // `module` nor the `browser` field, so neither do we: packages run the code Node runs.
        let base = ResolveOptions {
            extensions: vec![".js".into(), ".json".into(), ".node".into(), ".mjs".into(), ".cjs".into()],
            main_fields: vec!["main".into()],
            module_type: true,
            node_path: false,
            ..ResolveOptions::default()
        };
        let import =
            Resolver::new(ResolveOptions { condition_names: vec!["node".into(), "import".into()], ..base.clone() });
        let import_strict = import.clone_with_options(ResolveOptions {
            condition_names: vec!["node".into(), "import".into()],
            fully_specified: true,
            ..base.clone()
        });
        let require = import
            .clone_with_options(ResolveOptions { condition_names: vec!["node".into(), "require".into()], ..base });
        Ok(PackageSet { id: SET_IDS.fetch_add(1, Ordering::Relaxed), root, import, import_strict, require })
    }

    /// Resolves `request` as Node would from the file `from` of the set (`None`: from a function,
    /// which sees the set's top-level `node_modules`), for `require` or for `import`; `strict`
    /// imports (from a package's ES module) take full paths only, as Node's ESM resolution.
    pub(crate) fn resolve(
        &self,
        from: Option<&str>,
        request: &str,
        require: bool,
        strict: bool,
    ) -> Result<Resolved, String> {
        let dir = match from {
            Some(rel) => self.root.join(rel).parent().map_or_else(|| self.root.clone(), Path::to_path_buf),
            None => self.root.clone(),
        };
        // Paths a package computed from `__filename` point into the virtual root.
        let request = request.strip_prefix("file://").unwrap_or(request);
        let request = match request.strip_prefix(VIRTUAL_ROOT).filter(|r| r.starts_with('/')) {
            Some(rest) => self.root.join(rest.trim_start_matches('/')).to_string_lossy().into_owned(),
            None if request.starts_with('/') => {
                return Err(format!("Cannot find module '{request}': packages live under {VIRTUAL_ROOT}/node_modules"));
            }
            None => request.to_owned(),
        };
        let resolver = match (require, strict) {
            (true, _) => &self.require,
            (false, true) => &self.import_strict,
            (false, false) => &self.import,
        };
        let resolution = resolver.resolve(&dir, &request).map_err(|e| message(&request, e))?;
        let path = resolution.path();
        // Resolution follows symlinks to real paths: anything outside the set is not the app's.
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return Err(format!("Cannot find module '{request}': it resolves outside the app's packages"));
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let format = match resolution.module_type() {
            Some(ModuleType::Module) => Format::Esm,
            Some(ModuleType::Json) => Format::Json,
            Some(ModuleType::Addon) => Format::Addon,
            Some(ModuleType::CommonJs | ModuleType::Wasm) | None => Format::CommonJs,
        };
        // `.json` and `.node` by extension whatever the resolver says of files without one.
        let format = if rel.ends_with(".json") {
            Format::Json
        } else if rel.ends_with(".node") {
            Format::Addon
        } else {
            format
        };
        Ok(Resolved { rel, format })
    }

    /// The text of the file `rel` of the set.
    pub(crate) fn read(&self, rel: &str) -> std::io::Result<String> {
        if rel.split('/').any(|part| part == "..") {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "a path outside the set"));
        }
        std::fs::read_to_string(self.root.join(rel))
    }
}

// Node's wording: `Cannot find module 'x'`, with the code the JavaScript side gives the error.
fn message(request: &str, e: ResolveError) -> String {
    match e {
        ResolveError::NotFound(_) => format!("Cannot find module '{request}'"),
        other => other.to_string(),
    }
}

/// The packages of one app: the set new calls use, and the previous one, which module instances
/// made before the last install may still resolve lazy `require`s in.
#[derive(Default)]
pub(crate) struct AppPackages {
    current: RwLock<Option<Arc<PackageSet>>>,
    previous: Mutex<Option<Arc<PackageSet>>>,
    // The id of `current`, 0 when none: read on every call, so kept apart from the lock.
    current_id: AtomicU64,
}

impl AppPackages {
    /// The set new calls use.
    pub(crate) fn current(&self) -> Option<Arc<PackageSet>> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The id of the current set (0: none).
    pub(crate) fn current_id(&self) -> u64 {
        self.current_id.load(Ordering::Acquire)
    }

    /// The set `id`, if it is the current or the previous one.
    pub(crate) fn get(&self, id: u64) -> Option<Arc<PackageSet>> {
        if let Some(set) = self.current().filter(|s| s.id == id) {
            return Some(set);
        }
        self.previous().filter(|s| s.id == id)
    }

    /// The set before the current one.
    pub(crate) fn previous(&self) -> Option<Arc<PackageSet>> {
        self.previous.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Makes `set` the one new calls use (None: the app has no packages any more).
    pub(crate) fn swap(&self, set: Option<Arc<PackageSet>>) {
        let id = set.as_ref().map_or(0, |s| s.id);
        let old = std::mem::replace(&mut *self.current.write().unwrap_or_else(|e| e.into_inner()), set);
        self.current_id.store(id, Ordering::Release);
        *self.previous.lock().unwrap_or_else(|e| e.into_inner()) = old;
    }
}

/// The name of the module `rel` of set `set` in app `app`.
pub(crate) fn module_name(app: &str, set: u64, rel: &str) -> String {
    format!("npm:{app}/{set}:{rel}")
}

/// (app, set, path in the set) of a package module's name.
pub(crate) fn parse_module_name(name: &str) -> Option<(&str, u64, &str)> {
    let (app, rest) = name.strip_prefix("npm:")?.split_once('/')?;
    let (set, rel) = rest.split_once(':')?;
    Some((app, set.parse().ok()?, rel))
}

/// The path a package module sees as its `__filename`.
pub(crate) fn virtual_path(rel: &str) -> String {
    format!("{VIRTUAL_ROOT}/{rel}")
}

/// Most declaration text sent for one package (and its `@types` companion): enough for the
/// largest everyday packages' `.d.ts` trees (the AWS SDK's client-s3 is ~3 MB), bounded for a
/// browser.
const DECLARATIONS_BUDGET: usize = 8 << 20;

/// The TypeScript declarations of package `name` installed in the set at `root`, for an editor:
/// its `package.json` (the fields a checker resolves types with) and its `.d.ts` files, or those
/// of `@types/<name>` when it ships none; paths are under `node_modules` (`dayjs/index.d.ts`).
/// `None` when it is not installed (or the name is not a package name).
pub(crate) fn declarations(root: &Path, name: &str) -> Option<Vec<(String, String)>> {
    let parts: Vec<&str> = name.split('/').collect();
    let well_formed = match parts.as_slice() {
        [one] => !one.starts_with(['.', '@']),
        [scope, one] => scope.starts_with('@') && scope.len() > 1 && !one.starts_with('.'),
        _ => false,
    };
    if !well_formed || parts.iter().any(|p| p.is_empty() || p.contains(['\\', '\0'])) {
        return None;
    }
    let dir = root.join("node_modules").join(name);
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("package.json")).ok()?).ok()?;
    let kept: serde_json::Map<String, serde_json::Value> =
        ["name", "version", "types", "typings", "main", "typesVersions"]
            .into_iter()
            .filter_map(|k| manifest.get(k).map(|v| (k.to_owned(), v.clone())))
            .collect();
    let mut files = vec![(format!("{name}/package.json"), serde_json::Value::Object(kept).to_string())];
    let mut budget = DECLARATIONS_BUDGET;
    let mut found = Vec::new();
    collect_declarations(&dir, name, 0, &mut found, &mut budget);
    if found.is_empty() && !name.starts_with("@types/") {
        // `@types/scope__pkg` for `@scope/pkg`, as DefinitelyTyped names them.
        let typed = format!("@types/{}", name.trim_start_matches('@').replace('/', "__"));
        if let Some(more) = declarations(root, &typed) {
            files.extend(more);
        }
    }
    files.extend(found);
    Some(files)
}

fn collect_declarations(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<(String, String)>, budget: &mut usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = format!("{prefix}/{name}");
        // A nested node_modules holds other packages (fetched by their own names); links may leave the set.
        if kind.is_dir() && name != "node_modules" && depth < 12 {
            collect_declarations(&entry.path(), &path, depth + 1, out, budget);
        } else if kind.is_file() && (name.ends_with(".d.ts") || name.ends_with(".d.mts") || name.ends_with(".d.cts")) {
            // The CommonJS/ESM twins of a `.d.ts` say the same: one copy is enough for an editor.
            let twin = name.strip_suffix(".d.mts").or_else(|| name.strip_suffix(".d.cts"));
            if twin.is_some_and(|stem| dir.join(format!("{stem}.d.ts")).is_file()) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            if text.len() > *budget {
                continue;
            }
            *budget -= text.len();
            out.push((path, text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn resolves_as_node_does() {
        let dir = std::env::temp_dir().join(format!("laf-resolve-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let nm = "node_modules";
        write(&dir, &format!("{nm}/cj/package.json"), r#"{"main": "lib/main.js"}"#);
        write(&dir, &format!("{nm}/cj/lib/main.js"), "module.exports = 1");
        write(&dir, &format!("{nm}/cj/lib/data.json"), "{}");
        write(
            &dir,
            &format!("{nm}/dual/package.json"),
            r#"{"type": "module", "exports": {".": {"import": "./index.js", "require": "./index.cjs"}, "./sub": "./sub.js"}}"#,
        );
        write(&dir, &format!("{nm}/dual/index.js"), "export default 1");
        write(&dir, &format!("{nm}/dual/index.cjs"), "module.exports = 1");
        write(&dir, &format!("{nm}/dual/sub.js"), "export const a = 1");
        write(&dir, &format!("{nm}/dual/hidden.js"), "export const a = 1");
        let set = PackageSet::open(&dir).unwrap();
        let r = |from: Option<&str>, req: &str, require: bool| set.resolve(from, req, require, false);
        assert_eq!(r(None, "cj", true), Ok(Resolved { rel: format!("{nm}/cj/lib/main.js"), format: Format::CommonJs }));
        assert_eq!(
            r(None, "dual", false).unwrap(),
            Resolved { rel: format!("{nm}/dual/index.js"), format: Format::Esm }
        );
        assert_eq!(r(None, "dual", true).unwrap().format, Format::CommonJs);
        assert_eq!(r(None, "dual/sub", false).unwrap().rel, format!("{nm}/dual/sub.js"));
        assert!(r(None, "dual/hidden.js", false).unwrap_err().contains("not exported"));
        let from = format!("{nm}/cj/lib/main.js");
        assert_eq!(r(Some(&from), "./data.json", true).unwrap().format, Format::Json);
        assert_eq!(r(Some(&from), "./data", true).unwrap().format, Format::Json);
        assert_eq!(r(Some(&from), "/app/node_modules/cj/lib/main.js", true).unwrap().rel, from);
        assert_eq!(r(None, "nope", true).unwrap_err(), "Cannot find module 'nope'");
        assert!(r(None, "/etc/passwd", true).is_err());
        assert!(r(Some(&from), "../../../../outside", true).is_err());
        let name = module_name("app1", set.id, &from);
        assert_eq!(parse_module_name(&name), Some(("app1", set.id, from.as_str())));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
