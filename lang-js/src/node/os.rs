//! The natives of `node:os` and `process`: facts about the machine, read from `/proc` where Linux
//! keeps them, and a monotonic clock for `process.hrtime`.

use std::sync::OnceLock;
use std::time::Instant;

use rquickjs::{Ctx, Function, Object};

type R<T> = rquickjs::Result<T>;

fn proc(path: &str) -> String {
    std::fs::read_to_string(path).map(|s| s.trim().to_owned()).unwrap_or_default()
}

// `MemTotal:  24576000 kB` -> bytes.
fn meminfo(key: &str) -> f64 {
    let text = proc("/proc/meminfo");
    let line = text.lines().find(|l| l.starts_with(key));
    let kb: f64 = line.and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    kb * 1024.0
}

fn arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "x86" => "ia32",
        other => other,
    }
}

fn started() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

/// What does not change while the host runs, read from `/proc` once.
struct Facts {
    hostname: String,
    release: String,
    version: String,
    totalmem: f64,
    model: String,
    mhz: f64,
    cpus: usize,
}

fn facts() -> &'static Facts {
    static FACTS: OnceLock<Facts> = OnceLock::new();
    FACTS.get_or_init(|| {
        let cpuinfo = proc("/proc/cpuinfo");
        let field = |name: &str| {
            cpuinfo
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        };
        Facts {
            hostname: proc("/proc/sys/kernel/hostname"),
            release: proc("/proc/sys/kernel/osrelease"),
            version: proc("/proc/sys/kernel/version"),
            totalmem: meminfo("MemTotal:"),
            model: field("model name").unwrap_or_else(|| "unknown".into()),
            mhz: field("cpu MHz").and_then(|m| m.parse::<f64>().ok()).unwrap_or(0.0).round(),
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    })
}

/// The natives `os.js` and `process.js` receive.
pub(crate) fn natives<'js>(cx: &Ctx<'js>) -> R<Object<'js>> {
    started();
    let n = Object::new(cx.clone())?;
    n.set(
        "info",
        Function::new(cx.clone(), |cx: Ctx<'js>| -> R<Object<'js>> {
            let o = Object::new(cx.clone())?;
            let f = facts();
            o.set("hostname", f.hostname.as_str())?;
            o.set("type", "Linux")?;
            o.set("release", f.release.as_str())?;
            o.set("version", f.version.as_str())?;
            o.set("arch", arch())?;
            o.set("machine", std::env::consts::ARCH)?;
            o.set("platform", std::env::consts::OS)?;
            o.set("totalmem", f.totalmem)?;
            // What changes is read per call; the rest once per process (`facts`).
            o.set("freemem", meminfo("MemAvailable:"))?;
            let uptime: f64 =
                proc("/proc/uptime").split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
            o.set("uptime", uptime)?;
            let load: Vec<f64> =
                proc("/proc/loadavg").split_whitespace().take(3).map(|v| v.parse().unwrap_or(0.0)).collect();
            o.set("loadavg", load)?;
            let cpus = rquickjs::Array::new(cx.clone())?;
            for i in 0..f.cpus {
                let c = Object::new(cx.clone())?;
                c.set("model", f.model.as_str())?;
                c.set("speed", f.mhz)?;
                cpus.set(i, c)?;
            }
            o.set("cpus", cpus)?;
            o.set("tmpdir", "/tmp")?;
            o.set("homedir", "/tmp")?;
            o.set("endianness", if cfg!(target_endian = "little") { "LE" } else { "BE" })?;
            o.set("pid", std::process::id())?;
            Ok(o)
        })?,
    )?;
    // [seconds, nanoseconds] since the host started (monotonic), as process.hrtime's parts.
    n.set(
        "hrtime",
        Function::new(cx.clone(), || {
            let t = started().elapsed();
            vec![t.as_secs() as f64, t.subsec_nanos() as f64]
        })?,
    )?;
    n.set("uptime", Function::new(cx.clone(), || started().elapsed().as_secs_f64())?)?;
    // The host process's resident memory (`/proc/self/statm` counts 4 KiB pages).
    n.set(
        "rss",
        Function::new(cx.clone(), || -> f64 {
            proc("/proc/self/statm").split_whitespace().nth(1).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
                * 4096.0
        })?,
    )?;
    Ok(n)
}
