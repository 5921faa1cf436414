//! The natives of `node:fs` (see `fs.js`), sandboxed: a function reads the files uploaded to its
//! app's running calls (`ctx.files[i].path`, read-only) and reads and writes its app's scratch
//! folder, which it sees as `/tmp` (`os.tmpdir()`). Every other path is refused with `EACCES`.
//!
//! Operations are synchronous on the worker thread, as Node's `*Sync` calls are on its main
//! thread; the callback and promise forms in `fs.js` answer on a later turn.

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::time::UNIX_EPOCH;

use rquickjs::function::Opt;
use rquickjs::{Ctx, Exception, Function, IntoJs, Object, TypedArray, Value};

type R<T> = rquickjs::Result<T>;

/// The path functions see their scratch folder at.
pub(crate) const TMP: &str = "/tmp";

/// What an app's `fs` may reach.
#[derive(Clone)]
pub(crate) struct Sandbox {
    /// The app's scratch folder on the host (`/tmp` to the function); made on first use.
    pub scratch: PathBuf,
    /// Whether a host path is a file uploaded to one of the app's running calls.
    pub upload: Rc<dyn Fn(&Path) -> bool>,
}

/// An error as Node reports it: `ENOENT: no such file or directory, open '/tmp/x'`.
struct FsError {
    code: &'static str,
    errno: i32,
    text: String,
}

impl FsError {
    fn io(e: &std::io::Error) -> FsError {
        let (code, errno, text) = match e.kind() {
            ErrorKind::NotFound => ("ENOENT", -2, "no such file or directory"),
            ErrorKind::PermissionDenied => ("EACCES", -13, "permission denied"),
            ErrorKind::AlreadyExists => ("EEXIST", -17, "file already exists"),
            ErrorKind::DirectoryNotEmpty => ("ENOTEMPTY", -39, "directory not empty"),
            ErrorKind::IsADirectory => ("EISDIR", -21, "illegal operation on a directory"),
            ErrorKind::NotADirectory => ("ENOTDIR", -20, "not a directory"),
            ErrorKind::InvalidInput => ("EINVAL", -22, "invalid argument"),
            ErrorKind::StorageFull => ("ENOSPC", -28, "no space left on device"),
            _ => match e.raw_os_error() {
                Some(39) => ("ENOTEMPTY", -39, "directory not empty"),
                Some(18) => ("EXDEV", -18, "cross-device link not permitted"),
                _ => ("EIO", -5, "i/o error"),
            },
        };
        FsError { code, errno, text: text.into() }
    }

    fn denied(why: &str) -> FsError {
        FsError { code: "EACCES", errno: -13, text: format!("permission denied ({why})") }
    }
}

const RULE: &str = "cloud functions read their uploads (ctx.files[i].path) and use os.tmpdir()";

// `..` and `.` folded away without touching the disk (no symlink can be made here to escape).
fn normalize(path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::from("/");
    for c in Path::new(path).components() {
        match c {
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(s) => out.push(s),
        }
    }
    path.starts_with('/').then_some(out)
}

impl Sandbox {
    /// The host path for `path`, if this app may reach it (`write`: to change it).
    fn resolve(&self, path: &str, write: bool) -> Result<PathBuf, FsError> {
        let Some(virt) = normalize(path) else {
            return Err(FsError::denied(&format!("relative paths resolve against '/'; {RULE}")));
        };
        if (self.upload)(&virt) {
            return if write { Err(FsError::denied("uploads are read-only")) } else { Ok(virt) };
        }
        let Ok(rest) = virt.strip_prefix(TMP) else {
            return Err(FsError::denied(RULE));
        };
        std::fs::create_dir_all(&self.scratch).map_err(|e| FsError::io(&e))?;
        Ok(self.scratch.join(rest))
    }

    // The path the function knows for a host path inside its scratch folder.
    fn virtual_of(&self, host: &Path) -> String {
        match host.strip_prefix(&self.scratch) {
            Ok(rest) if rest.as_os_str().is_empty() => TMP.into(),
            Ok(rest) => format!("{TMP}/{}", rest.display()),
            Err(_) => host.display().to_string(),
        }
    }
}

fn throw<T>(cx: &Ctx<'_>, e: FsError, syscall: &str, path: &str, dest: Option<&str>) -> R<T> {
    let mut message = format!("{}: {}, {syscall} '{path}'", e.code, e.text);
    if let Some(dest) = dest {
        message.push_str(&format!(" -> '{dest}'"));
    }
    let error = Exception::from_message(cx.clone(), &message)?;
    error.set("errno", e.errno)?;
    error.set("code", e.code)?;
    error.set("syscall", syscall)?;
    error.set("path", path)?;
    if let Some(dest) = dest {
        error.set("dest", dest)?;
    }
    Err(cx.throw(error.into_value()))
}

fn millis(t: std::io::Result<std::time::SystemTime>) -> f64 {
    t.ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn stat_object<'js>(cx: &Ctx<'js>, m: &std::fs::Metadata) -> R<Object<'js>> {
    use std::os::unix::fs::MetadataExt;
    let o = Object::new(cx.clone())?;
    o.set("dev", m.dev() as f64)?;
    o.set("mode", m.mode())?;
    o.set("nlink", m.nlink() as f64)?;
    o.set("uid", m.uid())?;
    o.set("gid", m.gid())?;
    o.set("rdev", m.rdev() as f64)?;
    o.set("blksize", m.blksize() as f64)?;
    o.set("ino", m.ino() as f64)?;
    o.set("size", m.len() as f64)?;
    o.set("blocks", m.blocks() as f64)?;
    o.set("atimeMs", millis(m.accessed()))?;
    o.set("mtimeMs", millis(m.modified()))?;
    o.set("ctimeMs", m.ctime() as f64 * 1000.0 + m.ctime_nsec() as f64 / 1e6)?;
    o.set("birthtimeMs", millis(m.created().or_else(|_| m.modified())))?;
    Ok(o)
}

fn bytes(a: &TypedArray<'_, u8>) -> Vec<u8> {
    // SAFETY: copied out before any JavaScript runs.
    unsafe { a.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default()
}

/// The natives `fs.js` receives for one app.
pub(crate) fn natives<'js>(cx: &Ctx<'js>, sandbox: &Sandbox) -> R<Object<'js>> {
    let n = Object::new(cx.clone())?;
    n.set("tmpdir", TMP)?;
    let s = sandbox.clone();
    n.set(
        "read",
        Function::new(cx.clone(), move |cx: Ctx<'js>, path: String| -> R<TypedArray<'js, u8>> {
            let host = s.resolve(&path, false).or_else(|e| throw(&cx, e, "open", &path, None))?;
            match std::fs::read(&host) {
                Ok(data) => TypedArray::new(cx, data),
                // Opening a directory works; reading it fails, and Node names no path then.
                Err(e) if e.kind() == ErrorKind::IsADirectory => {
                    let error = Exception::from_message(cx.clone(), "EISDIR: illegal operation on a directory, read")?;
                    error.set("errno", -21)?;
                    error.set("code", "EISDIR")?;
                    error.set("syscall", "read")?;
                    Err(cx.throw(error.into_value()))
                }
                Err(e) => throw(&cx, FsError::io(&e), "open", &path, None),
            }
        })?,
    )?;
    let s = sandbox.clone();
    n.set(
        // flag: Node's open flags that write: w, a, wx, ax.
        "write",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, path: String, data: TypedArray<'js, u8>, flag: Opt<String>| -> R<()> {
                let host = s.resolve(&path, true).or_else(|e| throw(&cx, e, "open", &path, None))?;
                let flag = flag.0.unwrap_or_else(|| "w".into());
                let mut options = std::fs::OpenOptions::new();
                options.write(true);
                match flag.trim_end_matches('+') {
                    "a" | "as" => options.append(true).create(true),
                    "ax" | "xa" => options.append(true).create_new(true),
                    "wx" | "xw" => options.create_new(true),
                    "r" => &mut options,
                    _ => options.truncate(true).create(true),
                };
                let result = options.open(&host).and_then(|mut f| std::io::Write::write_all(&mut f, &bytes(&data)));
                result.or_else(|e| throw(&cx, FsError::io(&e), "open", &path, None))
            },
        )?,
    )?;
    let s = sandbox.clone();
    n.set(
        "stat",
        Function::new(cx.clone(), move |cx: Ctx<'js>, path: String, lstat: bool| -> R<Value<'js>> {
            let syscall = if lstat { "lstat" } else { "stat" };
            let host = s.resolve(&path, false).or_else(|e| throw(&cx, e, syscall, &path, None))?;
            let meta = if lstat { std::fs::symlink_metadata(&host) } else { std::fs::metadata(&host) };
            match meta {
                Ok(m) => Ok(stat_object(&cx, &m)?.into_value()),
                Err(e) => throw(&cx, FsError::io(&e), syscall, &path, None),
            }
        })?,
    )?;
    let s = sandbox.clone();
    n.set(
        // Each name behind its kind's digit: 1 file, 2 directory, 3 symlink, 0 other.
        "readdir",
        Function::new(cx.clone(), move |cx: Ctx<'js>, path: String| -> R<Vec<String>> {
            let host = s.resolve(&path, false).or_else(|e| throw(&cx, e, "scandir", &path, None))?;
            let entries = std::fs::read_dir(&host).or_else(|e| throw(&cx, FsError::io(&e), "scandir", &path, None))?;
            let mut out = Vec::new();
            for entry in entries.flatten() {
                let kind = entry.file_type().map_or(0, |t| {
                    if t.is_symlink() {
                        3
                    } else if t.is_dir() {
                        2
                    } else if t.is_file() {
                        1
                    } else {
                        0
                    }
                });
                out.push(format!("{kind}{}", entry.file_name().to_string_lossy()));
            }
            out.sort_by(|a, b| a[1..].cmp(&b[1..]));
            Ok(out)
        })?,
    )?;
    let s = sandbox.clone();
    n.set(
        // The first directory made, for `recursive` (Node's answer), else undefined.
        "mkdir",
        Function::new(cx.clone(), move |cx: Ctx<'js>, path: String, recursive: bool| -> R<Option<String>> {
            let host = s.resolve(&path, true).or_else(|e| throw(&cx, e, "mkdir", &path, None))?;
            if !recursive {
                return std::fs::create_dir(&host)
                    .map(|_| None)
                    .or_else(|e| throw(&cx, FsError::io(&e), "mkdir", &path, None));
            }
            let mut first = host.as_path();
            while let Some(parent) = first.parent().filter(|p| !p.exists()) {
                first = parent;
            }
            let first = (!host.exists()).then(|| s.virtual_of(first));
            std::fs::create_dir_all(&host).or_else(|e| throw(&cx, FsError::io(&e), "mkdir", &path, None))?;
            Ok(first)
        })?,
    )?;
    let s = sandbox.clone();
    n.set(
        // kind: "rm" (files, directories with recursive), "rmdir", "unlink".
        "remove",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, path: String, kind: String, recursive: bool, force: bool| -> R<()> {
                let host = s.resolve(&path, true).or_else(|e| throw(&cx, e, &kind, &path, None))?;
                if host == s.scratch {
                    return throw(&cx, FsError::denied("the scratch folder itself stays"), &kind, &path, None);
                }
                let meta = match std::fs::symlink_metadata(&host) {
                    Ok(m) => m,
                    Err(e) if force && e.kind() == ErrorKind::NotFound => return Ok(()),
                    Err(e) => return throw(&cx, FsError::io(&e), &kind, &path, None),
                };
                let result = match (kind.as_str(), meta.is_dir()) {
                    ("unlink", true) => Err(std::io::Error::from(ErrorKind::IsADirectory)),
                    ("rmdir", false) => Err(std::io::Error::from(ErrorKind::NotADirectory)),
                    (_, true) if recursive => std::fs::remove_dir_all(&host),
                    ("rm", true) => {
                        let e = FsError { code: "ERR_FS_EISDIR", errno: -21, text: "Path is a directory".into() };
                        return throw(&cx, e, "rm", &path, None);
                    }
                    (_, true) => std::fs::remove_dir(&host),
                    _ => std::fs::remove_file(&host),
                };
                result.or_else(|e| throw(&cx, FsError::io(&e), &kind, &path, None))
            },
        )?,
    )?;
    let s = sandbox.clone();
    n.set(
        // op: "rename" or "copyfile"; `exclusive` refuses an existing destination (COPYFILE_EXCL).
        "move",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, op: String, from: String, to: String, exclusive: bool| -> R<()> {
                let src = s.resolve(&from, op == "rename").or_else(|e| throw(&cx, e, &op, &from, Some(&to)))?;
                let dst = s.resolve(&to, true).or_else(|e| throw(&cx, e, &op, &from, Some(&to)))?;
                if exclusive && dst.exists() {
                    return throw(&cx, FsError::io(&ErrorKind::AlreadyExists.into()), &op, &from, Some(&to));
                }
                let result =
                    if op == "rename" { std::fs::rename(&src, &dst) } else { std::fs::copy(&src, &dst).map(|_| ()) };
                result.or_else(|e| throw(&cx, FsError::io(&e), &op, &from, Some(&to)))
            },
        )?,
    )?;
    let s = sandbox.clone();
    n.set(
        "truncate",
        Function::new(cx.clone(), move |cx: Ctx<'js>, path: String, len: f64| -> R<()> {
            let host = s.resolve(&path, true).or_else(|e| throw(&cx, e, "open", &path, None))?;
            let file = std::fs::OpenOptions::new().write(true).open(&host);
            file.and_then(|f| f.set_len(len.max(0.0) as u64))
                .or_else(|e| throw(&cx, FsError::io(&e), "open", &path, None))
        })?,
    )?;
    let s = sandbox.clone();
    n.set(
        // Whether `path` may be reached (and changed, for `write`) and exists: access(2)'s answer.
        "access",
        Function::new(cx.clone(), move |cx: Ctx<'js>, path: String, write: bool| -> R<()> {
            let host = s.resolve(&path, write).or_else(|e| throw(&cx, e, "access", &path, None))?;
            std::fs::symlink_metadata(&host).map(|_| ()).or_else(|e| throw(&cx, FsError::io(&e), "access", &path, None))
        })?,
    )?;
    let s = sandbox.clone();
    n.set("exists", Function::new(cx.clone(), move |path: String| s.resolve(&path, false).is_ok_and(|h| h.exists()))?)?;
    let s = sandbox.clone();
    n.set(
        "realpath",
        Function::new(cx.clone(), move |cx: Ctx<'js>, path: String| -> R<String> {
            let host = s.resolve(&path, false).or_else(|e| throw(&cx, e, "realpath", &path, None))?;
            if !host.exists() {
                return throw(&cx, FsError::io(&ErrorKind::NotFound.into()), "realpath", &path, None);
            }
            Ok(if host.starts_with(&s.scratch) { s.virtual_of(&host) } else { host.display().to_string() })
        })?,
    )?;
    let s = sandbox.clone();
    n.set(
        "mkdtemp",
        Function::new(cx.clone(), move |cx: Ctx<'js>, prefix: String| -> R<Value<'js>> {
            let mut suffix = [0u8; 6];
            let _ = getrandom::fill(&mut suffix);
            const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            let tail: String = suffix.iter().map(|b| CHARS[*b as usize % CHARS.len()] as char).collect();
            let path = format!("{prefix}{tail}");
            let host =
                s.resolve(&path, true).or_else(|e| throw(&cx, e, "mkdtemp", &format!("{prefix}XXXXXX"), None))?;
            std::fs::create_dir(&host).or_else(|e| throw(&cx, FsError::io(&e), "mkdtemp", &path, None))?;
            path.into_js(&cx)
        })?,
    )?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox(dir: &Path) -> Sandbox {
        Sandbox { scratch: dir.join("app"), upload: Rc::new(|p: &Path| p == Path::new("/uploads/abc")) }
    }

    #[test]
    fn only_uploads_and_the_scratch_folder_are_reachable() {
        let dir = std::env::temp_dir().join(format!("laf-fs-test-{}", std::process::id()));
        let s = sandbox(&dir);
        assert_eq!(s.resolve("/tmp/a/b.txt", true).ok(), Some(dir.join("app/a/b.txt")));
        assert_eq!(s.resolve("/tmp/../tmp/x", false).ok(), Some(dir.join("app/x")));
        assert_eq!(s.resolve("/uploads/abc", false).ok(), Some(PathBuf::from("/uploads/abc")));
        for (path, write) in [
            ("/uploads/abc", true),
            ("/etc/passwd", false),
            ("/tmp/../etc/passwd", false),
            ("x", false),
            ("/tmpx", false),
        ] {
            let e = s.resolve(path, write).err().unwrap_or_else(|| panic!("{path} was allowed"));
            assert_eq!(e.code, "EACCES", "{path}");
        }
        assert_eq!(s.virtual_of(&dir.join("app/q/r")), "/tmp/q/r");
        let _ = std::fs::remove_dir_all(dir);
    }
}
