//! The admin commands: `laf deploy | invoke | history | rollback | logs | env | deps`, thin clients of
//! the host's admin API (`/_/api/`).
//!
//! They find the host with `--server` (`LAF_SERVER`, default `http://127.0.0.1:8000`) and the
//! admin token with `--token` (`LAF_ADMIN_TOKEN`), else in `.laf/admin-token` (where `laf serve`
//! writes the one it made when it was given none).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use base64::Engine as _;
use laf_host::packages::split_spec;
use laf_host::{DependencyState, DependencyStatus};
use serde_json::{Value, json};

/// Where and as whom the admin commands connect.
#[derive(clap::Args, Clone)]
pub struct Target {
    /// The host's address.
    #[arg(long, global = true, env = "LAF_SERVER", default_value = "http://127.0.0.1:8000")]
    server: String,
    /// The host's admin token (default: the contents of `.laf/admin-token`).
    #[arg(long, global = true, env = "LAF_ADMIN_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// File holding the admin token, when `--token` is not given.
    #[arg(long, global = true, default_value = ".laf/admin-token")]
    token_file: PathBuf,
    /// The app.
    #[arg(long, global = true, env = "LAF_APP", default_value = "local")]
    app: String,
}

/// Options of `laf deploy`.
#[derive(clap::Args)]
pub struct DeployArgs {
    /// A function file, or a directory whose function files are all deployed (`api/user.ts`
    /// becomes `api/user`).
    path: PathBuf,
    /// What changed, kept in every published version's history.
    #[arg(long, short = 'm')]
    changelog: Option<String>,
}

/// Options of `laf invoke`.
#[derive(clap::Args)]
pub struct InvokeArgs {
    /// The function (its path, `users/42` for a `users/[id]` function).
    name: String,
    /// The HTTP method (default: POST with `--data`, else GET).
    #[arg(long, short = 'X')]
    method: Option<String>,
    /// A JSON body.
    #[arg(long, short = 'd')]
    data: Option<String>,
    /// A header, `name: value` (repeatable).
    #[arg(long = "header", short = 'H')]
    headers: Vec<String>,
}

/// Options of `laf history`.
#[derive(clap::Args)]
pub struct HistoryArgs {
    /// The function.
    name: String,
}

/// Options of `laf rollback`.
#[derive(clap::Args)]
pub struct RollbackArgs {
    /// The function.
    name: String,
    /// The version to serve again (see `laf history`).
    version: u64,
}

/// Options of `laf logs`.
#[derive(clap::Args)]
pub struct LogsArgs {
    /// Only this function's lines.
    #[arg(long, short = 'f')]
    function: Option<String>,
    /// Only this invocation's lines.
    #[arg(long)]
    request_id: Option<String>,
    /// Only lines of the last this many seconds.
    #[arg(long)]
    since_secs: Option<u64>,
    /// At most this many (the newest).
    #[arg(long, short = 'n', default_value_t = 100)]
    limit: usize,
    /// Print as JSON, one line per log line.
    #[arg(long)]
    json: bool,
}

/// Options of `laf s3-key`.
#[derive(clap::Args)]
pub struct S3KeyArgs {
    /// Replace the app's secret first (requests signed with the old one are refused from then on).
    #[arg(long)]
    rotate: bool,
    /// Print as shell `export` lines for the AWS tools (`eval "$(laf s3-key --env)"`).
    #[arg(long)]
    env: bool,
}

/// `laf env`: list, set or unset the app's environment variables.
#[derive(clap::Subcommand)]
pub enum EnvCommand {
    /// Prints every variable.
    List,
    /// Sets variables: `laf env set NAME=value ...`.
    Set {
        /// `NAME=value` pairs.
        #[arg(required = true)]
        pairs: Vec<String>,
    },
    /// Removes variables: `laf env unset NAME ...`.
    Unset {
        /// Names.
        #[arg(required = true)]
        names: Vec<String>,
    },
}

/// `laf deps`: list, add or remove the app's npm packages.
#[derive(clap::Subcommand)]
pub enum DepsCommand {
    /// Prints the declared packages, their installed versions and where the install stands.
    Ls,
    /// Adds packages (`lodash`, `dayjs@1`, `@aws-sdk/client-s3@3`), replacing a listed package
    /// of the same name, and follows the install.
    Add {
        /// npm specs: a name, with a version, range or tag after `@` if wanted.
        #[arg(required = true)]
        specs: Vec<String>,
        /// Lets the packages' install scripts run (they run code on the host).
        #[arg(long)]
        allow_scripts: bool,
    },
    /// Removes packages by name and follows the install of the rest.
    Rm {
        /// Package names.
        #[arg(required = true)]
        names: Vec<String>,
    },
}

struct Client {
    http: reqwest::Client,
    target: Target,
    token: String,
}

impl Client {
    fn new(target: &Target) -> anyhow::Result<Client> {
        let token = match &target.token {
            Some(t) => t.clone(),
            None => std::fs::read_to_string(&target.token_file).map(|t| t.trim().to_owned()).with_context(|| {
                format!(
                    "no admin token: pass --token (or LAF_ADMIN_TOKEN), or run where {} exists",
                    target.token_file.display()
                )
            })?,
        };
        Ok(Client { http: reqwest::Client::new(), target: target.clone(), token })
    }

    fn url(&self, rest: &str) -> String {
        format!("{}/_/api/apps/{}/{rest}", self.target.server.trim_end_matches('/'), self.target.app)
    }

    /// Sends an admin request; a non-2xx answer is an error carrying the host's message.
    async fn send(&self, method: reqwest::Method, url: String, body: Option<Value>) -> anyhow::Result<Value> {
        let mut request = self.http.request(method, &url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(serde_json::to_vec(&body)?);
        }
        let response = request.send().await.with_context(|| format!("cannot reach {}", self.target.server))?;
        let status = response.status();
        let bytes = response.bytes().await?;
        let value: Value =
            serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        if !status.is_success() {
            let message = value.get("error").and_then(Value::as_str).map_or_else(|| value.to_string(), str::to_owned);
            match value.get("field").and_then(Value::as_str) {
                Some(field) => bail!("{status}: {message} (field {field})"),
                None => bail!("{status}: {message}"),
            }
        }
        Ok(value)
    }
}

/// Files `laf deploy` publishes: JavaScript/TypeScript, Python and WebAssembly components.
fn deployable(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name.ends_with(".d.ts") {
        return false;
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "js" | "mjs" | "cjs" | "ts" | "mts" | "cts" | "py" | "wasm")
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if crate::serve::skipped_name(&entry.file_name().to_string_lossy()) {
                continue;
            }
            if path.is_dir() {
                if !crate::serve::build_cache(&path) {
                    todo.push(path);
                }
            } else if deployable(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

pub async fn deploy(target: &Target, args: DeployArgs) -> anyhow::Result<()> {
    let client = Client::new(target)?;
    let (root, files) = if args.path.is_dir() {
        (args.path.clone(), files_under(&args.path))
    } else if deployable(&args.path) {
        (args.path.parent().map(Path::to_path_buf).unwrap_or_default(), vec![args.path.clone()])
    } else {
        bail!("{} is not a function file (.ts, .js, .py, .wasm) or a directory", args.path.display());
    };
    if files.is_empty() {
        bail!("no function files under {}", args.path.display());
    }
    let mut failed = 0;
    for file in &files {
        let rel = file.strip_prefix(&root).unwrap_or(file);
        let filename = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let name = filename.rsplit_once('.').map_or(filename.as_str(), |(stem, _)| stem).to_owned();
        let source = if filename.ends_with(".wasm") {
            let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            json!({ "base64": base64::engine::general_purpose::STANDARD.encode(bytes) })
        } else {
            Value::String(std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?)
        };
        let body = json!({ "name": name, "filename": filename, "source": source, "changelog": args.changelog });
        match client.send(reqwest::Method::POST, client.url("functions"), Some(body)).await {
            Ok(v) => println!("published /{name} v{}", v.get("version").and_then(Value::as_u64).unwrap_or(0)),
            Err(e) => {
                failed += 1;
                eprintln!("{filename}: {e:#}");
            }
        }
    }
    if failed > 0 {
        bail!("{failed} of {} functions were not published (the previous versions keep serving)", files.len());
    }
    Ok(())
}

pub async fn invoke(target: &Target, args: InvokeArgs) -> anyhow::Result<()> {
    let method = match &args.method {
        Some(m) => reqwest::Method::from_bytes(m.to_ascii_uppercase().as_bytes()).context("invalid --method")?,
        None if args.data.is_some() => reqwest::Method::POST,
        None => reqwest::Method::GET,
    };
    let url = format!("{}/{}", target.server.trim_end_matches('/'), args.name.trim_start_matches('/'));
    // The app is the first label of the Host header.
    let host = reqwest::Url::parse(&url)?
        .port()
        .map_or_else(|| format!("{}.localhost", target.app), |p| format!("{}.localhost:{p}", target.app));
    let mut request = reqwest::Client::new().request(method, &url).header("host", host);
    for h in &args.headers {
        let (k, v) = h.split_once(':').with_context(|| format!("a header is `name: value`, not {h:?}"))?;
        request = request.header(k.trim(), v.trim());
    }
    if let Some(data) = &args.data {
        serde_json::from_str::<Value>(data).context("--data must be JSON")?;
        request = request.header("content-type", "application/json").body(data.clone());
    }
    let response = request.send().await.with_context(|| format!("cannot reach {}", target.server))?;
    let status = response.status();
    let request_id = response.headers().get("request-id").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let body = response.bytes().await?;
    eprintln!("{status} (request-id {request_id})");
    println!("{}", String::from_utf8_lossy(&body));
    if !status.is_success() {
        std::process::exit(1);
    }
    Ok(())
}

fn time_of(ms: u64) -> String {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .map_or_else(|| ms.to_string(), |t| t.format("%Y-%m-%d %H:%M:%S%.3f").to_string())
}

pub async fn history(target: &Target, args: HistoryArgs) -> anyhow::Result<()> {
    let client = Client::new(target)?;
    let mut url = reqwest::Url::parse(&client.url("history"))?;
    url.query_pairs_mut().append_pair("name", &args.name);
    let versions = client.send(reqwest::Method::GET, url.to_string(), None).await?;
    for v in versions.as_array().into_iter().flatten() {
        let live = if v.get("live").and_then(Value::as_bool) == Some(true) { "*" } else { " " };
        println!(
            "{live} v{:<4} {}  {:<8} {}",
            v.get("version").and_then(Value::as_u64).unwrap_or(0),
            time_of(v.get("publishedAt").and_then(Value::as_u64).unwrap_or(0)),
            v.get("language").and_then(Value::as_str).unwrap_or(""),
            v.get("changelog").and_then(Value::as_str).unwrap_or(""),
        );
    }
    Ok(())
}

pub async fn rollback(target: &Target, args: RollbackArgs) -> anyhow::Result<()> {
    let client = Client::new(target)?;
    let body = json!({ "name": args.name, "version": args.version });
    let live = client.send(reqwest::Method::POST, client.url("rollback"), Some(body)).await?;
    println!("/{} serves v{} again", args.name, live.get("version").and_then(Value::as_u64).unwrap_or(0));
    Ok(())
}

pub async fn logs(target: &Target, args: LogsArgs) -> anyhow::Result<()> {
    let client = Client::new(target)?;
    let mut url = reqwest::Url::parse(&client.url("logs"))?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("limit", &args.limit.to_string());
        if let Some(f) = &args.function {
            q.append_pair("function", f);
        }
        if let Some(r) = &args.request_id {
            q.append_pair("requestId", r);
        }
        if let Some(secs) = args.since_secs {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as u64;
            q.append_pair("since", &now.saturating_sub(secs * 1000).to_string());
        }
    }
    let lines = client.send(reqwest::Method::GET, url.to_string(), None).await?;
    for line in lines.as_array().into_iter().flatten() {
        if args.json {
            println!("{line}");
            continue;
        }
        let text = |k: &str| line.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        println!(
            "{} {:<5} {} {} {}",
            time_of(line.get("time").and_then(Value::as_u64).unwrap_or(0)),
            text("level").to_uppercase(),
            text("function"),
            text("requestId"),
            text("message")
        );
    }
    Ok(())
}

pub async fn s3_key(target: &Target, args: S3KeyArgs) -> anyhow::Result<()> {
    let client = Client::new(target)?;
    let method = if args.rotate { reqwest::Method::POST } else { reqwest::Method::GET };
    let key = client.send(method, client.url("s3-key"), None).await?;
    let field = |name: &str| key.get(name).and_then(Value::as_str).unwrap_or("").to_owned();
    if args.env {
        // Single-quoted for the shell: secrets are letters and digits, URLs have no quote.
        println!("export AWS_ACCESS_KEY_ID='{}'", field("accessKey"));
        println!("export AWS_SECRET_ACCESS_KEY='{}'", field("secretKey"));
        println!("export AWS_ENDPOINT_URL='{}'", field("externalEndpoint"));
        println!("export AWS_REGION='{}'", field("region"));
    } else {
        for (label, name) in [
            ("access key", "accessKey"),
            ("secret key", "secretKey"),
            ("endpoint", "externalEndpoint"),
            ("functions' endpoint", "endpoint"),
            ("region", "region"),
        ] {
            println!("{label:<20} {}", field(name));
        }
    }
    Ok(())
}

pub async fn env(target: &Target, command: EnvCommand) -> anyhow::Result<()> {
    let client = Client::new(target)?;
    let env = match command {
        EnvCommand::List => client.send(reqwest::Method::GET, client.url("env"), None).await?,
        EnvCommand::Set { pairs } => {
            let mut set = serde_json::Map::new();
            for pair in pairs {
                let (k, v) = pair.split_once('=').with_context(|| format!("expected NAME=value, not {pair:?}"))?;
                set.insert(k.to_owned(), Value::String(v.to_owned()));
            }
            client.send(reqwest::Method::PATCH, client.url("env"), Some(json!({ "set": set }))).await?
        }
        EnvCommand::Unset { names } => {
            client.send(reqwest::Method::PATCH, client.url("env"), Some(json!({ "unset": names }))).await?
        }
    };
    for (k, v) in env.as_object().into_iter().flatten() {
        println!("{k}={}", v.as_str().unwrap_or(""));
    }
    Ok(())
}

// npm's progress as `laf deps` follows it.
const POLL: std::time::Duration = std::time::Duration::from_millis(300);

fn package_name(spec: &str) -> Option<&str> {
    split_spec(spec).ok().map(|(name, _)| name)
}

pub async fn deps(target: &Target, command: DepsCommand) -> anyhow::Result<()> {
    let client = Client::new(target)?;
    let url = client.url("dependencies");
    let current = client.send(reqwest::Method::GET, url.clone(), None).await?;
    let current: DependencyStatus = serde_json::from_value(current).context("an unexpected answer from the host")?;
    let (packages, allow_scripts) = match command {
        DepsCommand::Ls => {
            print_dependencies(&current);
            return Ok(());
        }
        DepsCommand::Add { specs, allow_scripts } => {
            let mut packages = current.packages.clone();
            for spec in specs {
                let (name, _) = split_spec(&spec).map_err(anyhow::Error::msg)?;
                let spec = spec.trim().to_owned();
                match packages.iter().position(|p| package_name(p) == Some(name)) {
                    Some(i) => packages[i] = spec,
                    None => packages.push(spec),
                }
            }
            (packages, current.allow_scripts || allow_scripts)
        }
        DepsCommand::Rm { names } => {
            let mut packages = current.packages.clone();
            for name in &names {
                let name = package_name(name).unwrap_or(name);
                let before = packages.len();
                packages.retain(|p| package_name(p) != Some(name));
                if packages.len() == before {
                    bail!("{name} is not a dependency of app {} (laf deps ls lists them)", target.app);
                }
            }
            (packages, current.allow_scripts)
        }
    };
    let body = json!({ "packages": packages, "allowScripts": allow_scripts });
    let mut status: DependencyStatus =
        serde_json::from_value(client.send(reqwest::Method::PUT, url.clone(), Some(body)).await?)
            .context("an unexpected answer from the host")?;
    let mut printed: Vec<String> = Vec::new();
    loop {
        for line in new_lines(&printed, &status.log) {
            println!("{line}");
        }
        printed = status.log.clone();
        match status.state {
            DependencyState::Installing => {}
            DependencyState::Failed => {
                let error = status.error.as_deref().unwrap_or("the install failed");
                bail!("{error}\n(the previous packages keep serving)");
            }
            DependencyState::Installed | DependencyState::None => {
                println!("{}", summary(&status));
                return Ok(());
            }
        }
        tokio::time::sleep(POLL).await;
        let value = client.send(reqwest::Method::GET, url.clone(), None).await?;
        status = serde_json::from_value(value).context("an unexpected answer from the host")?;
    }
}

/// The lines of `log` not printed yet: the host keeps the last 200, so the window may have moved
/// since `printed`; a new install starts a new log.
fn new_lines<'a>(printed: &[String], log: &'a [String]) -> &'a [String] {
    let Some(last) = printed.last() else {
        return log;
    };
    if log.len() >= printed.len() && log[..printed.len()] == *printed {
        return &log[printed.len()..];
    }
    match log.iter().rposition(|l| l == last) {
        Some(i) => &log[i + 1..],
        None => log,
    }
}

/// `installed lodash@4.17.21, dayjs@1.11.13 in 3.2 s`, in the declared order.
fn summary(status: &DependencyStatus) -> String {
    let Some(installed) = status.installed.as_ref().filter(|_| !status.packages.is_empty()) else {
        return "nothing to install".into();
    };
    let names: Vec<String> = status
        .packages
        .iter()
        .filter_map(|spec| package_name(spec))
        .map(|name| match installed.versions.get(name) {
            Some(version) => format!("{name}@{version}"),
            None => name.to_owned(),
        })
        .collect();
    let reused = if installed.reused { " (already on disk)" } else { "" };
    format!("installed {} in {:.1} s{reused}", names.join(", "), installed.took_ms as f64 / 1000.0)
}

fn print_dependencies(status: &DependencyStatus) {
    if status.packages.is_empty() {
        println!("no dependencies");
    }
    let versions = status.installed.as_ref().map(|i| &i.versions);
    for spec in &status.packages {
        let version = package_name(spec).and_then(|name| versions?.get(name)).map_or("-", String::as_str);
        println!("{spec:<40} {version}");
    }
    match status.state {
        DependencyState::None => {}
        DependencyState::Installing => println!("installing"),
        DependencyState::Installed => {
            let at = status.installed.as_ref().map_or(0, |i| i.at);
            println!("installed {}", time_of(at));
        }
        DependencyState::Failed => {
            println!("the last install failed (the previous packages keep serving):");
            println!("{}", status.error.as_deref().unwrap_or(""));
        }
    }
    if status.allow_scripts {
        println!("install scripts are allowed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_as_utc() {
        assert_eq!(time_of(0), "1970-01-01 00:00:00.000");
        assert_eq!(time_of(1_764_115_200_123), "2025-11-26 00:00:00.123");
    }

    #[test]
    fn followed_progress_prints_each_line_once() {
        let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(new_lines(&[], &lines(&["a", "b"])), lines(&["a", "b"]));
        assert_eq!(new_lines(&lines(&["a", "b"]), &lines(&["a", "b", "c"])), lines(&["c"]));
        // The host's window of 200 lines moved on.
        assert_eq!(new_lines(&lines(&["a", "b", "c"]), &lines(&["b", "c", "d", "e"])), lines(&["d", "e"]));
        assert_eq!(new_lines(&lines(&["a", "b"]), &lines(&["x"])), lines(&["x"]), "a new install's log");
    }

    #[test]
    fn the_summary_names_versions_in_the_declared_order() {
        let mut status = DependencyStatus {
            packages: vec!["lodash".into(), "dayjs@1".into()],
            installed: Some(laf_host::InstalledSet {
                versions: [("dayjs", "1.11.13"), ("lodash", "4.17.21")]
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect(),
                reused: false,
                at: 0,
                took_ms: 3210,
            }),
            ..Default::default()
        };
        assert_eq!(summary(&status), "installed lodash@4.17.21, dayjs@1.11.13 in 3.2 s");
        status.packages.clear();
        assert_eq!(summary(&status), "nothing to install");
    }

    #[test]
    fn only_function_files_deploy() {
        for ok in ["a.ts", "b/c.js", "d.py", "e.wasm", "f.mjs"] {
            assert!(deployable(Path::new(ok)), "{ok}");
        }
        for no in ["types.d.ts", "README.md", "requirements.txt", "x"] {
            assert!(!deployable(Path::new(no)), "{no}");
        }
    }
}
