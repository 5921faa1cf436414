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

/// The natives `os.js` and `process.js` receive.
pub(crate) fn natives<'js>(cx: &Ctx<'js>) -> R<Object<'js>> {
    started();
    let n = Object::new(cx.clone())?;
    n.set(
        "info",
        Function::new(cx.clone(), |cx: Ctx<'js>| -> R<Object<'js>> {
            let o = Object::new(cx.clone())?;
            o.set("hostname", proc("/proc/sys/kernel/hostname"))?;
            o.set("type", "Linux")?;
            o.set("release", proc("/proc/sys/kernel/osrelease"))?;
            o.set("version", proc("/proc/sys/kernel/version"))?;
            o.set("arch", arch())?;
            o.set("machine", std::env::consts::ARCH)?;
            o.set("platform", std::env::consts::OS)?;
            o.set("totalmem", meminfo("MemTotal:"))?;
            o.set("freemem", meminfo("MemAvailable:"))?;
            let uptime: f64 =
                proc("/proc/uptime").split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
            o.set("uptime", uptime)?;
            let load: Vec<f64> =
                proc("/proc/loadavg").split_whitespace().take(3).map(|v| v.parse().unwrap_or(0.0)).collect();
            o.set("loadavg", load)?;
            let cpuinfo = proc("/proc/cpuinfo");
            let model = cpuinfo
                .lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map_or("unknown", |(_, m)| m.trim())
                .to_owned();
            let mhz: f64 = cpuinfo
                .lines()
                .find(|l| l.starts_with("cpu MHz"))
                .and_then(|l| l.split_once(':'))
                .and_then(|(_, m)| m.trim().parse().ok())
                .unwrap_or(0.0);
            let count = std::thread::available_parallelism().map_or(1, |n| n.get());
            let cpus = rquickjs::Array::new(cx.clone())?;
            for i in 0..count {
                let c = Object::new(cx.clone())?;
                c.set("model", model.as_str())?;
                c.set("speed", mhz.round())?;
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
