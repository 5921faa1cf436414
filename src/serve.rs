//! `laf serve <dir>`: one app from a directory of function files, optionally watched.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use laf_host::app::DatabaseStore;
use laf_host::bindings::database::DatabaseProvider;
use laf_host::bindings::database::embedded::EmbeddedProvider;
use laf_host::bindings::database::mongo::MongoProvider;
use laf_host::{AppConfig, AppHandle, FunctionSource, Host};
use notify::{RecursiveMode, Watcher};

/// Options of `laf serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Directory of functions: `hello.ts` is served at `/hello`, `api/user.ts` at `/api/user`.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Address to listen on; with port 0 the system picks a free port, which the
    /// `serving on http://ADDRESS` line names.
    #[arg(long, default_value = "127.0.0.1:8000", env = "LAF_LISTEN")]
    listen: SocketAddr,
    /// Republish a function when its file changes.
    #[arg(long)]
    watch: bool,
    /// The app id.
    #[arg(long, default_value = "local")]
    app: String,
    /// Worker threads (default: one per available core).
    #[arg(long, env = "LAF_WORKERS")]
    workers: Option<usize>,
    /// A function whose synchronous code holds its thread this long (milliseconds) runs its next
    /// calls on the low-priority heavy lane, away from the threads serving connections, until it
    /// has gone 30 s without such a run; 0 turns the lane off.
    #[arg(long, default_value_t = 10)]
    heavy_slice_ms: u64,
    /// Longest an invocation may run, in milliseconds.
    #[arg(long, default_value_t = 30_000)]
    timeout_ms: u64,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = laf_host::host::DEFAULT_BODY_LIMIT)]
    body_limit: usize,
    /// Where the embedded database keeps its file (default: `.laf` inside the functions directory).
    #[arg(long, env = "LAF_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Use this MongoDB deployment instead of the embedded database (`mongodb://...`).
    #[arg(long, env = "LAF_MONGODB_URI")]
    mongodb_uri: Option<String>,
    /// Secret the per-app MongoDB users' passwords derive from; give every replica the same one.
    #[arg(long, env = "LAF_MONGODB_USER_SECRET", hide_env_values = true)]
    mongodb_user_secret: Option<String>,
    /// Most linear memory one WebAssembly invocation may use, in MiB.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=4096))]
    wasm_memory_mb: u32,
    /// Lets the app's WebAssembly functions see a host directory: `HOST=GUEST` (`/srv/data=/data`),
    /// read-only with `HOST=GUEST:ro`. Repeatable. Without it they see no files.
    #[arg(long = "wasm-dir", value_name = "HOST=GUEST[:ro]", value_parser = parse_granted_dir)]
    wasm_dirs: Vec<lang_wasm::GrantedDir>,
    /// Lets the app's WebAssembly functions open network connections and resolve names.
    #[arg(long)]
    wasm_network: bool,
    /// Loads a language plugin (a shared library built with `laf_plugin_abi::export_language!`), whose
    /// file extensions are then functions too. Repeatable.
    #[arg(long = "plugin", value_name = "LIBRARY")]
    plugins: Vec<PathBuf>,
    /// Python worker processes for the app (each runs one call at a time).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=256))]
    python_workers: u32,
    /// The admin API's token (`/_/api/`, `/_/metrics`, the `laf deploy|history|...` commands).
    /// Without one, `laf serve` makes one and keeps it in `<data dir>/admin-token`.
    #[arg(long, env = "LAF_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// WebSocket upgrades need a valid JWT signed with the app's SERVER_SECRET (`?token=` or
    /// `Sec-WebSocket-Protocol`).
    #[arg(long)]
    websocket_auth: bool,
    /// Address-space limit of one Python worker process, in MiB.
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u32).range(64..=65536))]
    python_memory_mb: u32,
    /// JavaScript heap limit of each app on each worker, in MiB (default: the engine's, 64); an app
    /// that passes it fails its own calls only. The admin API's `memoryMb` sets it per app.
    #[arg(long, value_parser = clap::value_parser!(u64).range(laf_host::app::config::MIN_MEMORY_MB..=laf_host::app::config::MAX_MEMORY_MB))]
    js_memory_mb: Option<u64>,
    /// Lets functions connect where the default network policy refuses (loopback, link-local and
    /// the metadata address, this machine's own addresses): `RULE` is an address or CIDR range,
    /// optionally with a port (`127.0.0.1:6379`, `10.0.0.0/8`, `[::1]:8080`); `APP=RULE` allows it
    /// to one app only. Repeatable.
    #[arg(long = "allow-net", value_name = "[APP=]RULE", value_parser = parse_allow_net)]
    allow_net: Vec<(Option<String>, laf_host::NetRule)>,
    /// Runs Python workers without their sandbox (no Landlock, seccomp, uid drop or network
    /// policy): for one trusted app, or a kernel that refuses the sandbox. Without Landlock on the
    /// kernel, only this lets more than one app run Python functions.
    #[arg(long)]
    python_unsandboxed: bool,
    /// When `laf serve` runs as root, the uids (and same-numbered gids) its Python workers run as:
    /// `FIRST-LAST`, one per app by a hash of its id (default: every app as `nobody`).
    #[arg(long, value_name = "FIRST-LAST", value_parser = parse_uid_range)]
    python_uid_range: Option<(u32, u32)>,
    /// Where the S3 endpoint listens (every app's buckets over S3's API, for `aws`, boto3, rclone
    /// and the AWS SDKs): an address, `auto` (the listen address's host, its port + 1; port 0
    /// when that is 0) or `off`.
    #[arg(long, env = "LAF_S3_LISTEN", default_value = "auto", value_parser = parse_s3_listen)]
    s3_listen: S3Listen,
    /// The S3 endpoint as browsers and tools outside reach it, which functions get as
    /// `OSS_EXTERNAL_ENDPOINT` (default: `http://` and the S3 endpoint's address).
    #[arg(long, env = "LAF_OSS_EXTERNAL_ENDPOINT")]
    oss_external_endpoint: Option<String>,
    /// The region clients of the S3 endpoint sign for, which functions get as `OSS_REGION`.
    #[arg(long, env = "LAF_OSS_REGION", default_value = "us-east-1")]
    oss_region: String,
    /// An OpenAI-compatible API (`https://api.openai.com/v1`, Ollama's `http://localhost:11434/v1`)
    /// the console generates functions with; its key comes from `LAF_AI_KEY` (or
    /// `OPENAI_API_KEY`). Off when not given.
    #[arg(long, env = "LAF_AI_URL", requires = "ai_model")]
    ai_url: Option<String>,
    /// The model `--ai-url` is asked for (`gpt-4o-mini`, `qwen2.5-coder`...).
    #[arg(long, env = "LAF_AI_MODEL")]
    ai_model: Option<String>,
    #[command(flatten)]
    storage: crate::storage::StorageArgs,
}

/// Where `--s3-listen` puts the S3 endpoint.
#[derive(Clone, Debug)]
enum S3Listen {
    Off,
    Auto,
    At(SocketAddr),
}

fn parse_s3_listen(value: &str) -> Result<S3Listen, String> {
    match value {
        "off" => Ok(S3Listen::Off),
        "auto" => Ok(S3Listen::Auto),
        _ => value.parse().map(S3Listen::At).map_err(|_| format!("expected an address, auto or off, got {value:?}")),
    }
}

/// Binds the S3 endpoint's listener as `--s3-listen` says.
fn s3_listener(args: &ServeArgs, main: SocketAddr) -> anyhow::Result<Option<std::net::TcpListener>> {
    let address = match args.s3_listen {
        S3Listen::Off => return Ok(None),
        // A main listener on a port the system picked (`--listen …:0`) gets the same for S3: its
        // bound port + 1 may well be taken.
        S3Listen::Auto if args.listen.port() == 0 => SocketAddr::new(main.ip(), 0),
        S3Listen::Auto => SocketAddr::new(
            main.ip(),
            main.port().checked_add(1).context("--s3-listen auto: the listen port is 65535")?,
        ),
        S3Listen::At(address) => address,
    };
    let listener = std::net::TcpListener::bind(address)
        .with_context(|| format!("cannot listen on {address} for the S3 endpoint (--s3-listen ADDRESS, or off)"))?;
    Ok(Some(listener))
}

fn parse_uid_range(value: &str) -> Result<(u32, u32), String> {
    let bad = || format!("expected FIRST-LAST (uids above 0, FIRST <= LAST), got {value:?}");
    let (first, last) = value.split_once('-').ok_or_else(bad)?;
    let (first, last): (u32, u32) = (first.parse().map_err(|_| bad())?, last.parse().map_err(|_| bad())?);
    if first == 0 || last < first {
        return Err(bad());
    }
    Ok((first, last - first + 1))
}

fn parse_allow_net(value: &str) -> Result<(Option<String>, laf_host::NetRule), String> {
    let (app, rule) = match value.split_once('=') {
        Some((app, rule)) => (Some(app.to_owned()), rule),
        None => (None, value),
    };
    Ok((app, rule.parse().map_err(|e: laf_host::NetRuleError| e.to_string())?))
}

fn parse_granted_dir(value: &str) -> Result<lang_wasm::GrantedDir, String> {
    let (host, guest) = value.split_once('=').ok_or("expected HOST=GUEST, for example /srv/data=/data")?;
    let (guest, read_only) = match guest.strip_suffix(":ro") {
        Some(guest) => (guest, true),
        None => (guest, false),
    };
    if host.is_empty() || guest.is_empty() {
        return Err("expected HOST=GUEST, for example /srv/data=/data".into());
    }
    Ok(lang_wasm::GrantedDir { host: host.into(), guest: guest.to_owned(), read_only })
}

/// The WebAssembly language, keeping compiled components in `<data dir>/wasm-cache` so a restart
/// does not compile them again.
fn wasm_language(args: &ServeArgs, dir: &Path) -> anyhow::Result<lang_wasm::WasmLanguage> {
    let mut config = lang_wasm::WasmConfig::with_cache_dir(data_dir(args, dir).join("wasm-cache"));
    config.memory_limit = args.wasm_memory_mb as usize * (1 << 20);
    if !args.wasm_dirs.is_empty() || args.wasm_network {
        let grants = lang_wasm::WasiGrants { dirs: args.wasm_dirs.clone(), network: args.wasm_network };
        config.grants.insert(args.app.clone(), grants);
    }
    Ok(lang_wasm::WasmLanguage::with_config(config)?)
}

/// The Python language: workers are this binary re-executed, packages go to `<data dir>/python`.
fn python_language(args: &ServeArgs, dir: &Path) -> anyhow::Result<lang_python::PythonLanguage> {
    let config = lang_python::PythonConfig {
        workers_per_app: args.python_workers as usize,
        // Apps made through the admin API get workers too, up to the library's default bound.
        max_workers: (args.python_workers as usize).max(lang_python::PythonConfig::default().max_workers),
        memory_limit: u64::from(args.python_memory_mb) << 20,
        command: lang_python::WorkerCommand::current_exe()?,
        site_root: Some(data_dir(args, dir).join("python")),
        upload_dir: Some(upload_dir(args, dir)),
        sandbox: lang_python::SandboxConfig {
            enabled: !args.python_unsandboxed,
            uid_range: args.python_uid_range,
            ..Default::default()
        },
        ..Default::default()
    };
    Ok(lang_python::PythonLanguage::with_config(config)?)
}

/// The JavaScript language, installing apps' npm packages under `<data dir>/node`.
fn js_language(args: &ServeArgs, dir: &Path) -> lang_js::JsLanguage {
    let config = lang_js::JsConfig { packages_dir: data_dir(args, dir).join("node"), ..Default::default() };
    lang_js::JsLanguage::with_config(config)
}

/// The npm specs of a `package.json`'s `dependencies` (`"lodash": "^4.17.21"` is
/// `lodash@^4.17.21`; `"*"` or `""` asks for the latest, `lodash`). None declared is an empty list.
fn package_json_dependencies(text: &str) -> Result<Vec<String>, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let Some(package) = value.as_object() else {
        return Err("expected a JSON object".into());
    };
    match package.get("dependencies") {
        None | Some(serde_json::Value::Null) => Ok(Vec::new()),
        Some(serde_json::Value::Object(deps)) => deps
            .iter()
            .map(|(name, range)| match range.as_str().map(str::trim) {
                Some("" | "*") => Ok(name.clone()),
                Some(range) => Ok(format!("{name}@{range}")),
                None => Err(format!("dependencies.{name}: a version range is a string")),
            })
            .collect(),
        Some(_) => Err("dependencies must be an object of package name: version range".into()),
    }
}

/// The requirement lines of a `requirements.txt`: comments and blank lines dropped, lines
/// continued with `\` joined.
fn requirement_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut pending = String::new();
    for raw in text.lines() {
        // A comment starts the line or follows whitespace (`#` inside a URL's fragment stays).
        let line = match raw.find(" #").or_else(|| raw.find("\t#")) {
            Some(at) => &raw[..at],
            None if raw.trim_start().starts_with('#') => "",
            None => raw,
        };
        match line.trim_end().strip_suffix('\\') {
            Some(continued) => pending.push_str(continued),
            None => {
                pending.push_str(line);
                let whole = pending.split_whitespace().collect::<Vec<_>>().join(" ");
                if !whole.is_empty() {
                    lines.push(whole);
                }
                pending.clear();
            }
        }
    }
    lines
}

/// Declares the dependencies of the directory's `package.json` (npm) and `requirements.txt`
/// (pip), each when present (an absent file leaves its list as declared), when they differ from
/// the declared ones, and waits for their install (the host logs its progress). A failure or a
/// malformed file is logged and changes nothing.
async fn install_directory_dependencies(app: &AppHandle, dir: &Path) {
    let current = app.dependencies();
    let mut packages = current.packages.clone();
    if let Ok(text) = std::fs::read_to_string(dir.join(PACKAGE_JSON)) {
        match package_json_dependencies(&text) {
            Ok(declared) => packages = declared,
            Err(e) => {
                tracing::error!("{PACKAGE_JSON}: {e}; the dependencies stay as they are");
                return;
            }
        }
    }
    let mut requirements = current.requirements.clone();
    if let Ok(text) = std::fs::read_to_string(dir.join(REQUIREMENTS)) {
        requirements = requirement_lines(&text);
    }
    if current.packages == packages && current.requirements == requirements {
        return;
    }
    let list = |items: &[String]| if items.is_empty() { "nothing".to_owned() } else { items.join(", ") };
    tracing::info!("installing npm: {}; pip: {}", list(&packages), list(&requirements));
    let deps = laf_host::Dependencies { packages, requirements, allow_scripts: current.allow_scripts };
    if let Err(e) = app.set_dependencies(deps).await {
        tracing::error!("{PACKAGE_JSON}/{REQUIREMENTS}: {e}; the dependencies stay as they are");
        return;
    }
    app.wait_dependencies().await;
}

const REQUIREMENTS: &str = "requirements.txt";
const PACKAGE_JSON: &str = "package.json";
/// The publisher of the functions `laf serve` loads from its directory.
const DIRECTORY: &str = "directory";

/// The database backend `laf serve` was asked for.
fn database(args: &ServeArgs, dir: &Path) -> anyhow::Result<Arc<dyn DatabaseProvider>> {
    if let Some(uri) = &args.mongodb_uri {
        tracing::info!("database: MongoDB");
        let mut provider = MongoProvider::new(uri.clone());
        if let Some(secret) = &args.mongodb_user_secret {
            provider = provider.with_user_secret(secret);
        }
        return Ok(Arc::new(provider));
    }
    let data = data_dir(args, dir);
    let provider = EmbeddedProvider::open(&data).with_context(|| format!("cannot open {}", data.display()))?;
    tracing::info!("database: embedded, {}", provider.path().display());
    Ok(Arc::new(provider))
}

/// The admin token: the one given, else the one kept in the data dir, else a new random one
/// written there (mode 0600) for the `laf` commands run next to it.
fn admin_token(args: &ServeArgs, dir: &Path) -> anyhow::Result<String> {
    if let Some(token) = &args.admin_token {
        return Ok(token.clone());
    }
    let path = data_dir(args, dir).join("admin-token");
    if let Ok(token) = std::fs::read_to_string(&path)
        && !token.trim().is_empty()
    {
        tracing::info!("admin token: {}", path.display());
        return Ok(token.trim().to_owned());
    }
    let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    std::fs::create_dir_all(data_dir(args, dir))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(&path)?, token.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tracing::info!("admin token written to {}", path.display());
    Ok(token)
}

/// Where multipart uploads wait while their call runs (a folder per app, see lang-python).
fn upload_dir(args: &ServeArgs, dir: &Path) -> PathBuf {
    data_dir(args, dir).join("uploads")
}

fn data_dir(args: &ServeArgs, dir: &Path) -> PathBuf {
    args.data_dir.clone().unwrap_or_else(|| dir.join(".laf"))
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let dir = args.dir.canonicalize().with_context(|| format!("cannot open {}", args.dir.display()))?;
    // Whatever the host writes (database, token, objects, packages) is its user's only, unless it
    // says otherwise (the folders sandboxed workers must traverse).
    // SAFETY: umask cannot fail.
    unsafe { libc::umask(0o077) };
    let data = data_dir(&args, &dir);
    std::fs::create_dir_all(&data).with_context(|| format!("cannot create {}", data.display()))?;
    // Traversable, not listable: Python workers running as another user reach their app's folders
    // inside by name.
    std::fs::set_permissions(&data, std::os::unix::fs::PermissionsExt::from_mode(0o711))?;
    // Bound first: the storage's URLs need the actual address when the port is 0.
    let listener =
        std::net::TcpListener::bind(args.listen).with_context(|| format!("cannot listen on {}", args.listen))?;
    let provider = database(&args, &dir)?;
    let history = DatabaseStore::open(provider.as_ref()).await.context("cannot open the function registry")?;
    let python = python_language(&args, &dir)?;
    tracing::info!("{}", python.sandbox_summary());
    let mut builder = Host::builder();
    // Plugins first: a plugin may take an extension a built-in language would.
    for plugin in &args.plugins {
        builder = builder.load_plugin(plugin)?;
    }
    let builder = builder
        .language(js_language(&args, &dir))
        .language(wasm_language(&args, &dir)?)
        .language(python.clone())
        .body_limit(args.body_limit)
        .upload_dir(upload_dir(&args, &dir))
        .admin_token(admin_token(&args, &dir)?)
        .database(provider)
        .registry_store(Arc::new(history));
    let mut builder = args.storage.configure(builder, &data_dir(&args, &dir), listener.local_addr()?, &args.app)?;
    let s3 = s3_listener(&args, listener.local_addr()?)?;
    if let Some(s3) = &s3 {
        let bound = s3.local_addr()?;
        // Functions reach it on loopback when it listens on every address.
        let reach = match bound.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => {
                SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), bound.port())
            }
            ip if ip.is_unspecified() => SocketAddr::new(std::net::Ipv6Addr::LOCALHOST.into(), bound.port()),
            _ => bound,
        };
        let internal_url = format!("http://{reach}");
        builder = builder
            .s3_endpoint(laf_host::app::S3Endpoint {
                external_url: args.oss_external_endpoint.clone().unwrap_or_else(|| internal_url.clone()),
                internal_url,
                region: args.oss_region.clone(),
            })
            // The default network policy refuses the host's own addresses; this one is every app's.
            .allow_net(None, reach.to_string().parse()?);
    }
    if let (Some(url), Some(model)) = (&args.ai_url, &args.ai_model) {
        let key =
            ["LAF_AI_KEY", "OPENAI_API_KEY"].into_iter().find_map(|k| std::env::var(k).ok()).filter(|k| !k.is_empty());
        tracing::info!("AI generation: {model} at {url}");
        builder = builder.ai(laf_host::gateway::ai::AiConfig::new(url.clone(), model.clone(), key));
    }
    if let Some(n) = args.workers {
        builder = builder.workers(n);
    }
    builder = builder.heavy_slice(Some(Duration::from_millis(args.heavy_slice_ms)).filter(|s| !s.is_zero()));
    for (app, rule) in &args.allow_net {
        builder = builder.allow_net(app.as_deref(), rule.clone());
    }
    let config = AppConfig {
        timeout: Duration::from_millis(args.timeout_ms),
        websocket_auth: args.websocket_auth,
        memory_mb: args.js_memory_mb,
        ..AppConfig::default()
    };
    // Apps made later through the admin API start from the same settings.
    let host = builder.app_config(config.clone()).build()?;
    let app = host.create_app(&args.app, Some(config))?;
    host.set_default_app(&args.app)?;
    args.storage.ensure_buckets(&app).await?;
    // The restore installs the dependencies kept in the registry; the directory's package.json and
    // requirements.txt come next, before the functions are published, so their first calls find
    // the packages.
    let restored = app.restore().await?;
    if restored > 0 {
        tracing::info!("restored {restored} published functions");
    }
    install_directory_dependencies(&app, &dir).await;
    let files = function_files(&host, &dir);
    let mut ok = 0;
    for file in &files {
        ok += publish_file(&host, &app, &dir, file).await as usize;
    }
    tracing::info!("published {ok} of {} functions from {}", files.len(), dir.display());
    // The directory is what `laf serve` serves: a function it published whose file was deleted
    // while the host was down is removed, not restored. Functions deployed through the admin
    // API stay.
    let names: std::collections::HashSet<String> =
        files.iter().filter_map(|f| source_for(&host, &dir, f)).map(|(s, _)| s.name).collect();
    for function in app.functions() {
        let from_directory = function.source.publisher.as_deref().is_none_or(|p| p == DIRECTORY);
        if from_directory && !names.contains(&function.name) {
            app.remove(&function.name).await?;
            tracing::info!(function = %function.name, "removed /{} (its file is gone)", function.name);
        }
    }

    for other in host.restore_apps().await? {
        tracing::info!(app = %other.id(), "restored app with {} functions", other.functions().len());
    }
    app.init().await;

    let _watcher = if args.watch { Some(watch(host.clone(), app.clone(), dir.clone())?) } else { None };
    // Last, so that the line means ready (functions published, the directory watched), and with
    // the bound address, which is how a caller learns the port `--listen 127.0.0.1:0` picked.
    let s3_task = match s3 {
        Some(s3) => {
            tracing::info!(
                "S3 endpoint on http://{} (each app's key: `laf s3-key APP`; the admin's: {} and the admin token)",
                s3.local_addr()?,
                laf_host::gateway::s3::ADMIN_ACCESS_KEY
            );
            let host = host.clone();
            Some(tokio::spawn(async move { host.serve_s3(s3, shutdown_signal()).await }))
        }
        None => None,
    };
    tracing::info!("serving on http://{} ({} workers)", listener.local_addr()?, host.workers().len());
    host.serve(listener, shutdown_signal()).await?;
    if let Some(task) = s3_task {
        task.abort();
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

/// Function files under `dir`: any file a registered language accepts, outside hidden folders,
/// `node_modules` and build caches.
fn function_files(host: &Host, dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if skipped_name(&entry.file_name().to_string_lossy()) {
                continue;
            }
            if path.is_dir() {
                if !build_cache(&path) {
                    todo.push(path);
                }
            } else if source_for(host, dir, &path).is_some() {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Whether `path` lies where [`function_files`] does not look (hidden folders, `node_modules`,
/// build caches), so the watcher ignores it too.
fn ignored(dir: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(dir) else {
        return true;
    };
    let mut at = dir.to_path_buf();
    let mut parts = rel.components().peekable();
    while let Some(part) = parts.next() {
        if skipped_name(&part.as_os_str().to_string_lossy()) {
            return true;
        }
        at.push(part);
        if parts.peek().is_some() && build_cache(&at) {
            return true;
        }
    }
    false
}

/// Hidden files and folders and `node_modules` hold no functions.
pub(crate) fn skipped_name(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules"
}

/// Build output (cargo tags its target directories) holds copies of components and their
/// dependencies, not functions.
pub(crate) fn build_cache(dir: &Path) -> bool {
    dir.join("CACHEDIR.TAG").exists()
}

/// The function name and (empty) source of a file, if a language accepts it, and whether that
/// language reads its sources as bytes.
fn source_for(host: &Host, dir: &Path, path: &Path) -> Option<(FunctionSource, bool)> {
    let rel = path.strip_prefix(dir).ok()?;
    let filename = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    let name = filename.rsplit_once('.').map_or(filename.as_str(), |(stem, _)| stem).to_owned();
    let source = FunctionSource::new(name, filename, "");
    let language = host.languages().iter().find(|l| l.accepts(&source))?;
    let binary = language.binary_sources();
    Some((source, binary))
}

async fn publish_file(host: &Host, app: &AppHandle, dir: &Path, path: &Path) -> bool {
    let Some((empty, binary)) = source_for(host, dir, path) else {
        return false;
    };
    let read = match binary {
        true => {
            std::fs::read(path).map(|bytes| FunctionSource::binary(empty.name.clone(), empty.filename.clone(), bytes))
        }
        false => std::fs::read_to_string(path)
            .map(|code| FunctionSource::new(empty.name.clone(), empty.filename.clone(), code)),
    };
    let mut source = match read {
        Ok(source) => source,
        Err(e) => {
            tracing::error!("cannot read {}: {e}", path.display());
            return false;
        }
    };
    let name = source.name.clone();
    source.publisher = Some(DIRECTORY.into());
    match app.publish(source).await {
        Ok(f) => {
            tracing::info!(function = %name, version = f.version, "published /{name}");
            true
        }
        Err(e) => {
            tracing::error!(function = %name, "publish failed, the previous version keeps serving: {e}");
            false
        }
    }
}

// Editors save in bursts (write, rename, chmod): wait for quiet before republishing.
const SETTLE: Duration = Duration::from_millis(40);

fn watch(host: Host, app: AppHandle, dir: PathBuf) -> anyhow::Result<notify::RecommendedWatcher> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !event.kind.is_access()
        {
            for p in event.paths {
                let _ = tx.send(p);
            }
        }
    })?;
    watcher.watch(&dir, RecursiveMode::Recursive)?;
    tracing::info!("watching {} for changes", dir.display());
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut changed = std::collections::BTreeSet::from([first]);
            while let Ok(Some(p)) = tokio::time::timeout(SETTLE, rx.recv()).await {
                changed.insert(p);
            }
            for path in changed {
                if ignored(&dir, &path) {
                    continue;
                }
                if path == dir.join(REQUIREMENTS) || path == dir.join(PACKAGE_JSON) {
                    // npm and pip may take minutes: the watcher goes on meanwhile, and the
                    // functions keep the previous packages.
                    let (app, dir) = (app.clone(), dir.clone());
                    tokio::spawn(async move { install_directory_dependencies(&app, &dir).await });
                    continue;
                }
                if path.is_file() {
                    if source_for(&host, &dir, &path).is_some() {
                        publish_file(&host, &app, &dir, &path).await;
                    }
                } else if let Some((source, _)) = source_for(&host, &dir, &path)
                    && !path.exists()
                    && app.function(&source.name).is_some()
                {
                    match app.remove(&source.name).await {
                        Ok(true) => tracing::info!(function = %source.name, "removed /{}", source.name),
                        Ok(false) => {}
                        Err(e) => tracing::error!(function = %source.name, "cannot remove: {e}"),
                    }
                }
            }
        }
    });
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::{package_json_dependencies, parse_granted_dir, requirement_lines};

    #[test]
    fn requirements_txt_lines_drop_comments_and_join_continuations() {
        let text = "# the app's packages\n\nrequests==2.32.3  # HTTP\n--find-links /srv/wheels\nnumpy>=2 \\\n    ; python_version >= '3.11'\nhttps://x.example/p.whl#sha256=ab\n";
        assert_eq!(
            requirement_lines(text),
            [
                "requests==2.32.3",
                "--find-links /srv/wheels",
                "numpy>=2 ; python_version >= '3.11'",
                "https://x.example/p.whl#sha256=ab"
            ]
        );
    }

    #[test]
    fn package_json_dependencies_become_npm_specs() {
        let text = r#"{"name": "fns", "dependencies": {"lodash": "^4.17.21", "dayjs": "*", "qs": "", "@aws-sdk/client-s3": "3", "uuid": "latest"}}"#;
        let mut specs = package_json_dependencies(text).unwrap();
        specs.sort();
        assert_eq!(specs, ["@aws-sdk/client-s3@3", "dayjs", "lodash@^4.17.21", "qs", "uuid@latest"]);
        assert_eq!(package_json_dependencies(r#"{"name": "fns"}"#).unwrap(), Vec::<String>::new());
        assert!(package_json_dependencies(r#"{"dependencies": {"x": 1}}"#).unwrap_err().contains("dependencies.x"));
        assert!(package_json_dependencies(r#"{"dependencies": ["x"]}"#).is_err());
        assert!(package_json_dependencies("{\"dependencies\": {").unwrap_err().contains("EOF"));
    }

    #[test]
    fn wasm_dir_grants_parse() {
        let rw = parse_granted_dir("/srv/data=/data").unwrap();
        assert_eq!((rw.host.to_str(), rw.guest.as_str(), rw.read_only), (Some("/srv/data"), "/data", false));
        let ro = parse_granted_dir("/srv/data=/data:ro").unwrap();
        assert_eq!((ro.guest.as_str(), ro.read_only), ("/data", true));
        for bad in ["/srv/data", "=/data", "/srv=", "/srv=:ro"] {
            assert!(parse_granted_dir(bad).unwrap_err().contains("HOST=GUEST"), "{bad}");
        }
    }
}
