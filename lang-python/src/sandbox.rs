//! The host's side of the Python sandbox: what each app's workers may touch, and the folders
//! they get.
//!
//! A worker of app `a` may read the Python installation and system libraries (`/usr`, a few files
//! of `/etc`), its app's packages (`<root>/a/site`) and the uploads of its app's calls
//! (`<upload dir>/a`); it may write its scratch folder (`<root>/a/tmp`, its `TMPDIR` and `HOME`)
//! and nothing else: not the data directory (the database, the admin token), not another app's
//! folders, not `/proc` (Landlock also keeps it from tracing or signalling any process outside its
//! own sandbox). When the host runs as root, workers also drop to an unprivileged uid/gid.
//! The worker applies all this to itself before the interpreter starts (`crate::worker::sandbox`).

use std::os::unix::fs::{PermissionsExt, chown};
use std::path::{Path, PathBuf};

/// How Python workers are confined.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Confine workers (Landlock where the kernel has it, seccomp, uid drop as root, process
    /// limit, network policy). Off only for one trusted app (`laf serve --python-unsandboxed`).
    pub enabled: bool,
    /// When the host runs as root: the uids (and same-numbered gids) workers run as, `(first,
    /// count)`; app `a` gets `first + hash(a) % count`. `None`: every app's workers run as
    /// `nobody` (65534), kept apart by Landlock.
    pub uid_range: Option<(u32, u32)>,
    /// Processes and threads a worker may start beyond what its uid already runs
    /// (`RLIMIT_NPROC`): a fork bomb stops there.
    pub process_budget: u64,
    /// Check workers' outbound connections against the app's network policy.
    pub network: bool,
    /// More paths workers may read (a Python installed outside `/usr`, shared model files).
    pub read_paths: Vec<PathBuf>,
    /// Use Landlock where the kernel has it. Off (a kernel whose Landlock misbehaves), workers of
    /// different apps are not kept apart, so only one app may run Python functions.
    pub landlock: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            enabled: true,
            uid_range: None,
            process_budget: 64,
            network: true,
            read_paths: Vec::new(),
            landlock: true,
        }
    }
}

/// The Landlock ABI version this kernel offers, if any (1 since Linux 5.13).
pub fn landlock_abi() -> Option<u32> {
    // SAFETY: landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) only returns a number.
    let v = unsafe { libc::syscall(libc::SYS_landlock_create_ruleset, std::ptr::null::<u8>(), 0usize, 1u32) };
    (v > 0).then_some(v as u32)
}

/// What the system offers the sandbox, checked once at start.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Support {
    pub landlock: Option<u32>,
    pub root: bool,
}

impl Support {
    pub fn probe(config: &SandboxConfig) -> Support {
        let landlock = if config.landlock { landlock_abi() } else { None };
        // SAFETY: geteuid cannot fail.
        Support { landlock, root: unsafe { libc::geteuid() } == 0 }
    }
}

/// Files under `/etc` that Python and its common libraries read (certificates, name
/// resolution, time zones, users); the rest of `/etc` may hold an operator's secrets.
const ETC: &[&str] = &[
    "/etc/ssl",
    "/etc/ca-certificates",
    "/etc/pki",
    "/etc/resolv.conf",
    "/etc/hosts",
    "/etc/host.conf",
    "/etc/nsswitch.conf",
    "/etc/gai.conf",
    "/etc/services",
    "/etc/protocols",
    "/etc/passwd",
    "/etc/group",
    "/etc/localtime",
    "/etc/timezone",
    "/etc/mime.types",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/python3",
    "/etc/python3.11",
    "/etc/os-release",
];

/// System paths every worker reads (and may execute from).
const SYSTEM: &[&str] = &[
    "/usr",
    "/lib",
    "/lib64",
    "/bin",
    "/sbin",
    "/opt/python",
    "/dev/urandom",
    "/dev/random",
    "/sys/devices/system/cpu",
];

/// One app's folders and identity, ready before its workers start.
#[derive(Debug, Clone)]
pub(crate) struct AppSandbox {
    /// The policy text handed to each worker (`crate::worker::sandbox`).
    pub policy: String,
    /// The worker's scratch folder (`TMPDIR`, `HOME`).
    pub scratch: PathBuf,
    /// The uid and gid uploads are handed to, when workers run as another user.
    pub owner: Option<(u32, u32)>,
    /// The policy the host checks the workers' connections against ([`crate::netguard`]);
    /// `None` when they are not handed to the host.
    pub net: Option<std::sync::Arc<laf_host::NetPolicy>>,
}

/// Stable (across restarts and hosts) hash of an app id, for its uid.
fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The uid/gid app `app`'s workers run as, when the host is root.
pub(crate) fn identity(config: &SandboxConfig, support: Support, app: &str) -> Option<(u32, u32)> {
    if !config.enabled || !support.root {
        return None;
    }
    let id = match config.uid_range {
        Some((first, count)) if count > 0 => first + fnv(app) % count,
        _ => 65534,
    };
    Some((id, id))
}

/// Prepares app `app`'s folders and returns its workers' policy (`net`: the app's network policy).
pub(crate) fn prepare(
    config: &SandboxConfig,
    support: Support,
    app: &str,
    app_dir: &Path,
    site: Option<&Path>,
    uploads: Option<&Path>,
    net: &laf_host::NetPolicy,
) -> std::io::Result<AppSandbox> {
    let owner = identity(config, support, app);
    let scratch = app_dir.join("tmp");
    // Traversable, not listable: a worker running as another user reaches its own folders only.
    for dir in [app_dir.parent(), Some(app_dir), uploads.and_then(Path::parent), uploads].into_iter().flatten() {
        std::fs::create_dir_all(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o711))?;
    }
    if let Some(site) = site {
        // pip fills it later; the workers read it (the host may run as another user).
        std::fs::create_dir_all(site)?;
        std::fs::set_permissions(site, std::fs::Permissions::from_mode(0o755))?;
    }
    std::fs::create_dir_all(&scratch)?;
    std::fs::set_permissions(&scratch, std::fs::Permissions::from_mode(0o700))?;
    if let Some((uid, gid)) = owner {
        chown(&scratch, Some(uid), Some(gid))?;
    }
    let mut policy = String::new();
    let mut line = |key: &str, value: &dyn std::fmt::Display| policy.push_str(&format!("{key} {value}\n"));
    if !config.enabled {
        return Ok(AppSandbox { policy: String::new(), scratch, owner, net: None });
    }
    for path in SYSTEM.iter().chain(ETC).map(Path::new).chain(config.read_paths.iter().map(PathBuf::as_path)) {
        if path.exists() {
            line("ro", &path.display());
        }
    }
    for path in [site, uploads].into_iter().flatten() {
        line("ro", &path.display());
    }
    line("rw", &scratch.display());
    line("rw", &"/dev/null");
    if let Some((uid, gid)) = owner {
        line("uid", &uid);
        line("gid", &gid);
    }
    line("nproc", &config.process_budget);
    if support.landlock.is_some() {
        policy.push_str("landlock\n");
    }
    if config.network {
        policy.push_str("net\n");
    }
    let net = config.network.then(|| std::sync::Arc::new(net.clone()));
    Ok(AppSandbox { policy, scratch, owner, net })
}

/// Hands an upload to the worker's user (the host wrote it owner-only).
pub(crate) fn give(path: &Path, owner: Option<(u32, u32)>) {
    if let Some((uid, gid)) = owner
        && let Err(e) = chown(path, Some(uid), Some(gid))
    {
        tracing::warn!(path = %path.display(), "cannot hand an upload to the python worker's user: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apps_get_stable_distinct_uids_from_a_range() {
        let config = SandboxConfig { uid_range: Some((100_000, 65_536)), ..SandboxConfig::default() };
        let root = Support { landlock: Some(1), root: true };
        let a = identity(&config, root, "app-a").unwrap();
        assert_eq!(a, identity(&config, root, "app-a").unwrap(), "the same app always gets the same uid");
        assert_ne!(a, identity(&config, root, "app-b").unwrap());
        assert!((100_000..165_536).contains(&a.0));
        assert_eq!(identity(&SandboxConfig::default(), root, "x"), Some((65534, 65534)));
        assert_eq!(identity(&config, Support { landlock: None, root: false }, "x"), None, "no drop unless root");
    }
}
