//! `laf serve` as a child process, for the end-to-end tests.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `laf serve`, killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// Its stdout and stderr so far.
    pub log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
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

/// `laf serve dir` with a database of its own (a fresh one unless `extra` names `--data-dir`).
pub async fn start(dir: &Path, extra: &[&str]) -> Server {
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_laf"));
    command.arg("serve").arg(dir).args(["--listen", &format!("127.0.0.1:{port}")]).args(extra);
    if !extra.contains(&"--data-dir") {
        command.arg("--data-dir").arg(temp_dir("data"));
    }
    let mut child = command
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the laf binary runs");
    let log = Arc::new(Mutex::new(String::new()));
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let log = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                log.lock().unwrap().push_str(&(line + "\n"));
            }
        });
    }
    let server = Server { child, base: format!("http://127.0.0.1:{port}"), log };
    let c = reqwest::Client::new();
    let started = Instant::now();
    while c.get(format!("{}/_/healthz", server.base)).send().await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "laf serve did not start:\n{}",
            server.log.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server
}
