//! Installing an app's npm packages with the npm CLI, one whole set at a time.
//!
//! Layout under the language's `packages_dir`:
//! `<app>/sets/<hash>/{package.json, package-lock.json, node_modules}` is one installed set,
//! named by a hash of the declared list, so the same list is never installed twice;
//! `<app>/node_modules` is a symlink to the current set's, for editors and people. A set is
//! built in a `.partial-<pid>` folder and renamed into place when npm succeeded: nobody ever
//! sees half an install.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use laf_host::packages::{InstallRequest, Installed};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::JsConfig;

// Written last into a set's folder: a folder without it is not a finished install.
const MARKER: &str = ".laf-installed";
const LOCKFILE: &str = "package-lock.json";

/// Installs `request` for app `app_id`; the folder of the installed set (None when the list is
/// empty) and what to report. On an error (npm's own words) nothing of the current set changed.
pub(crate) async fn install(
    config: &JsConfig,
    app_id: &str,
    request: &InstallRequest<'_>,
) -> Result<(Option<PathBuf>, Installed), String> {
    let declared = request.dependencies.by_name();
    let app_dir = config.packages_dir.join(app_id);
    if declared.is_empty() {
        let _ = std::fs::remove_file(app_dir.join("node_modules"));
        // Nothing to download: as good as reused.
        return Ok((None, Installed { reused: true, ..Installed::default() }));
    }
    let hash = set_hash(&declared, request.dependencies.allow_scripts);
    let sets = app_dir.join("sets");
    let set = sets.join(&hash);
    let io = |what: &str, path: &Path, e: std::io::Error| format!("cannot {what} {}: {e}", path.display());
    let reused = set.join(MARKER).is_file();
    if !reused {
        std::fs::create_dir_all(&sets).map_err(|e| io("create", &sets, e))?;
        // Named by process too: hosts sharing a packages dir (replicas on one volume, or two
        // embedders on the default one) never build in each other's folder.
        let partial = sets.join(format!("{hash}.partial-{}", std::process::id()));
        // Left by a crash of this process's predecessor under the same pid (a container): one
        // install per app runs at a time in a process, so it is no one's.
        let _ = std::fs::remove_dir_all(&partial);
        std::fs::create_dir_all(&partial).map_err(|e| io("create", &partial, e))?;
        let manifest = serde_json::json!({
            "name": "laf-app",
            "private": true,
            "description": format!("npm packages of the Laf app {app_id}"),
            "dependencies": declared,
        });
        let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        std::fs::write(partial.join("package.json"), text).map_err(|e| io("write", &partial, e))?;
        if let Some(lock) = request.lockfile {
            std::fs::write(partial.join(LOCKFILE), lock).map_err(|e| io("write", &partial, e))?;
        }
        if let Err(e) = run_npm(config, &partial, request).await {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
        for addon in native_addons(&partial.join("node_modules")) {
            (request.progress)(&format!(
                "warning: {addon} has a native addon, which JavaScript functions cannot load (requiring it fails)"
            ));
        }
        std::fs::write(partial.join(MARKER), "").map_err(|e| io("write", &partial, e))?;
        if set.join(MARKER).is_file() {
            // Another host finished the same list meanwhile (and may serve from it): use theirs.
            let _ = std::fs::remove_dir_all(&partial);
        } else {
            // A folder without the marker is an install that never finished.
            let _ = std::fs::remove_dir_all(&set);
            std::fs::rename(&partial, &set).map_err(|e| io("move into place", &set, e))?;
        }
    }
    link(&app_dir, &hash);
    let lockfile = std::fs::read_to_string(set.join(LOCKFILE)).ok();
    let versions = declared
        .keys()
        .filter_map(|name| {
            let manifest = std::fs::read(set.join("node_modules").join(name).join("package.json")).ok()?;
            let value: serde_json::Value = serde_json::from_slice(&manifest).ok()?;
            Some((name.clone(), value.get("version")?.as_str()?.to_owned()))
        })
        .collect();
    Ok((Some(set), Installed { lockfile, versions, reused }))
}

/// Removes the app's sets other than `keep` (the current and the previous one, which module
/// instances made before the last install may still read).
pub(crate) fn prune(config: &JsConfig, app_id: &str, keep: &[Option<std::sync::Arc<super::PackageSet>>]) {
    let sets = config.packages_dir.join(app_id).join("sets");
    let Ok(entries) = std::fs::read_dir(&sets) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // By folder name: a set's root is canonical, which may differ from `packages_dir`'s spelling.
        let kept = keep.iter().flatten().any(|k| k.root.file_name() == Some(entry.file_name().as_os_str()));
        if !kept
            && !path.to_string_lossy().contains(".partial")
            && let Err(e) = std::fs::remove_dir_all(&path)
        {
            tracing::warn!(app = app_id, "cannot remove the old package set {}: {e}", path.display());
        }
    }
}

// The same list with the same script policy is the same set.
fn set_hash(declared: &BTreeMap<String, String>, allow_scripts: bool) -> String {
    let mut h = Sha256::new();
    for (name, range) in declared {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(range.as_bytes());
        h.update([0]);
    }
    h.update([u8::from(allow_scripts)]);
    h.finalize().iter().take(10).map(|b| format!("{b:02x}")).collect()
}

// `<app>/node_modules` -> `sets/<hash>/node_modules`, replaced in one rename.
fn link(app_dir: &Path, hash: &str) {
    let link = app_dir.join("node_modules");
    let tmp = app_dir.join("node_modules.new");
    let _ = std::fs::remove_file(&tmp);
    #[cfg(unix)]
    let made = std::os::unix::fs::symlink(Path::new("sets").join(hash).join("node_modules"), &tmp);
    #[cfg(not(unix))]
    let made: std::io::Result<()> = Ok(());
    if let Err(e) = made.and_then(|()| std::fs::rename(&tmp, &link)) {
        tracing::warn!("cannot point {} at the installed set: {e}", link.display());
    }
}

async fn run_npm(config: &JsConfig, dir: &Path, request: &InstallRequest<'_>) -> Result<(), String> {
    let mut cmd = tokio::process::Command::new(&config.npm);
    cmd.args(["install", "--omit=dev", "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=http"])
        .args(["--progress=false", "--color=false"])
        .current_dir(dir)
        .env("npm_config_update_notifier", "false")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if !request.dependencies.allow_scripts {
        cmd.arg("--ignore-scripts");
    }
    let mut child =
        cmd.spawn().map_err(|e| format!("cannot run {}: {e} (is Node.js installed?)", config.npm.display()))?;
    let (out, err) = (child.stdout.take(), child.stderr.take());
    // npm's lines as they come, for the progress; the error lines are kept for the report.
    let errors = std::sync::Mutex::new(Vec::<String>::new());
    let follow = |stream: Option<Box<dyn tokio::io::AsyncRead + Unpin + Send>>| {
        let errors = &errors;
        async move {
            let Some(stream) = stream else {
                return;
            };
            let mut lines = BufReader::new(stream).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if line.trim().is_empty() {
                    continue;
                }
                if line.starts_with("npm error") || line.starts_with("npm ERR!") {
                    errors.lock().unwrap_or_else(|e| e.into_inner()).push(line.clone());
                }
                (request.progress)(&line);
            }
        }
    };
    let boxed = |s: Option<Box<dyn tokio::io::AsyncRead + Unpin + Send>>| s;
    let run = async {
        tokio::join!(
            follow(boxed(out.map(|s| Box::new(s) as Box<_>))),
            follow(boxed(err.map(|s| Box::new(s) as Box<_>)))
        );
        child.wait().await
    };
    let status = match tokio::time::timeout(config.install_timeout, run).await {
        Ok(status) => status.map_err(|e| format!("npm failed: {e}"))?,
        Err(_) => return Err(format!("npm install timed out after {}", secs(config.install_timeout))),
    };
    if status.success() {
        return Ok(());
    }
    let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    // npm's last lines name the log file: the reader cannot open it, so they are left out.
    let useful: Vec<&str> = errors
        .iter()
        .map(|l| l.trim_start_matches("npm error").trim_start_matches("npm ERR!").trim())
        .filter(|l| !l.is_empty() && !l.contains("A complete log of this run") && !l.contains("/_logs/"))
        .collect();
    if useful.is_empty() {
        return Err(format!("npm install failed ({status})"));
    }
    Err(format!("npm install failed: {}", useful.join("\n")))
}

fn secs(d: Duration) -> String {
    format!("{:.0} s", d.as_secs_f64())
}

// Packages with a `binding.gyp` (a C++ addon npm would compile): installed, but not loadable.
fn native_addons(node_modules: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![(node_modules.to_path_buf(), String::new())];
    while let Some((dir, scope)) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if scope.is_empty() && name.starts_with('@') {
                dirs.push((path, name));
            } else if path.join("binding.gyp").is_file() {
                found.push(if scope.is_empty() { name } else { format!("{scope}/{name}") });
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_list_hashes_the_same() {
        let a = BTreeMap::from([("lodash".to_owned(), "*".to_owned()), ("dayjs".to_owned(), "1".to_owned())]);
        assert_eq!(set_hash(&a, false), set_hash(&a.clone(), false));
        assert_ne!(set_hash(&a, false), set_hash(&a, true));
        let mut b = a.clone();
        b.insert("dayjs".into(), "2".into());
        assert_ne!(set_hash(&a, false), set_hash(&b, false));
    }
}
