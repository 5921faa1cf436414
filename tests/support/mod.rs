//! `laf serve` as a child process, for the end-to-end tests.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running `laf serve`, killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// Its stdout and stderr so far.
    pub log: Arc<Mutex<String>>,
}

impl Server {
    /// The host process's id.
    #[allow(dead_code)]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The `http://host:port` of the S3 endpoint, as the server's log names it.
    #[allow(dead_code)]
    pub fn s3_endpoint(&self) -> String {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let line = log.lines().find_map(|l| l.split_once("S3 endpoint on http://").map(|(_, rest)| rest.to_owned()));
        let address = line.as_deref().and_then(|rest| rest.split_whitespace().next());
        format!("http://{}", address.unwrap_or_else(|| panic!("the server named no S3 endpoint:\n{log}")))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh directory under the system temp dir, unique to this process and call.
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("laf-cli-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// How long `laf serve` may take to say it is serving: a debug build publishing many functions on
/// a busy machine takes seconds, never this long.
#[allow(dead_code)]
const START_DEADLINE: Duration = Duration::from_secs(60);

/// `laf serve dir` on a port the system picks, with a database of its own (a fresh one unless
/// `extra` names `--data-dir`); returns once the server's log names the address it serves on.
#[allow(dead_code)]
pub async fn start(dir: &Path, extra: &[&str]) -> Server {
    start_within(dir, extra, START_DEADLINE).await
}

/// [`start`], for a server that may take up to `deadline` to be ready (one that installs npm
/// packages before it serves).
pub async fn start_within(dir: &Path, extra: &[&str], deadline: Duration) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_laf"));
    command.arg("serve").arg(dir).args(["--listen", "127.0.0.1:0"]).args(extra);
    if !extra.contains(&"--data-dir") {
        command.arg("--data-dir").arg(temp_dir("data"));
    }
    let mut child = command
        .env("NO_COLOR", "1")
        // Functions formatting local dates answer the same on every machine (fixtures are in UTC).
        .env("TZ", "UTC")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the laf binary runs");
    let log = Arc::new(Mutex::new(String::new()));
    let (address_tx, mut address) = tokio::sync::mpsc::unbounded_channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let log = log.clone();
        let address_tx = address_tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let serving = serving_address(&line);
                // A test that failed holding the log poisoned it; keep collecting all the same.
                log.lock().unwrap_or_else(|e| e.into_inner()).push_str(&(line + "\n"));
                if let Some(serving) = serving {
                    let _ = address_tx.send(serving);
                }
            }
        });
    }
    // Both readers gone (the server exited) closes the channel.
    drop(address_tx);
    let mut server = Server { child, base: String::new(), log };
    match tokio::time::timeout(deadline, address.recv()).await {
        Ok(Some(base)) => server.base = base,
        Ok(None) => panic!("laf serve exited before serving:\n{}", server.log.lock().unwrap()),
        Err(_) => panic!("laf serve did not say it serves within {deadline:?}:\n{}", server.log.lock().unwrap()),
    }
    server
}

/// The `http://host:port` of the line `laf serve` logs once it is ready.
fn serving_address(line: &str) -> Option<String> {
    let (_, rest) = line.split_once("serving on http://")?;
    let address = rest.split_whitespace().next()?;
    Some(format!("http://{address}"))
}
