//! Sealed tenants, Python (issue 19): an attacker's function (`tests/sandbox/python/attack.py`),
//! run by `laf serve` beside another app, tries to read the host's secrets and the other app's
//! packages, uploads and processes, to trace or signal them, to regain root, to reach the host's own
//! port and the cloud metadata address, and to fork without end; every probe is refused, while a
//! normal function of the same app imports its requirements, uses its scratch folder and reads its
//! own upload, and the other app keeps answering.

#[path = "support/admin.rs"]
mod admin;
mod support;
#[path = "support/wheel.rs"]
mod wheel;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use admin::{Api, TOKEN};
use reqwest::Method;
use serde_json::{Value, json};
use support::{start, temp_dir};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sandbox/python").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A multipart body with one file, and its content type.
fn multipart(filename: &str, data: &[u8]) -> (String, Vec<u8>) {
    let boundary = "laf-sandbox-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: text/plain\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(api: &Api, app: &str, path: &str, data: &[u8]) -> (u16, Value) {
    let port = api.base.rsplit(':').next().unwrap();
    let (content_type, body) = multipart("note.txt", data);
    let r = api
        .c
        .post(format!("{}/{path}", api.base))
        .header("host", format!("{app}.localhost:{port}"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_python_attacker_reaches_nothing_of_the_host_or_another_app() {
    let dir = temp_dir("sandbox-fns");
    let data = temp_dir("sandbox-data");
    for name in ["attack.py", "normal.py"] {
        std::fs::write(dir.join(name), fixture(name)).unwrap();
    }
    let wheels = temp_dir("sandbox-wheels");
    wheel::write_wheel(&wheels);
    std::fs::write(dir.join("requirements.txt"), wheel::requirements(&wheels)).unwrap();
    // The token where `laf serve` keeps the one it makes, so the attacker has a file to aim at.
    let token = data.join("admin-token");
    std::fs::write(&token, TOKEN).unwrap();
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
    let s = start(&dir, &["--data-dir", data.to_str().unwrap()]).await;
    assert!(s.log.lock().unwrap().contains("python workers sandboxed: Landlock"), "{}", s.log.lock().unwrap());
    let api = Api::new(&s.base);

    // The victim: another app with a Python function, a package of its own and an upload in flight.
    assert_eq!(api.admin(Method::POST, "apps", Some(json!({"id": "victim"}))).await.0, 201);
    let hold = json!({"name": "hold", "language": "python", "source": fixture("hold.py")});
    let (status, body) = api.admin(Method::POST, "apps/victim/functions", Some(hold)).await;
    assert_eq!(status, 201, "{body}\n{}", s.log.lock().unwrap());
    std::fs::write(data.join("python/victim/site/victim_secret.py"), "KEY = 'victim'\n").unwrap();
    let (status, victim) = api.call("victim", Method::GET, "hold", None).await;
    assert_eq!(status, 200, "{victim}");
    let sibling = victim["pid"].as_u64().unwrap();
    let held = {
        let api = Api::new(&s.base);
        tokio::spawn(async move { upload(&api, "victim", "hold?hold=8", b"victim's upload").await })
    };
    let uploads = data.join("uploads/victim");
    let deadline = Instant::now() + Duration::from_secs(20);
    let victim_upload = loop {
        let found = std::fs::read_dir(&uploads).ok().and_then(|mut d| d.next()).and_then(|e| e.ok());
        if let Some(entry) = found {
            break entry.path();
        }
        assert!(Instant::now() < deadline, "the victim's upload never appeared in {}", uploads.display());
        tokio::time::sleep(Duration::from_millis(50)).await;
    };

    let port = s.base.rsplit(':').next().unwrap();
    let query = format!(
        "attack?data={}&host={}&port={port}&victim=victim&sibling={sibling}&upload={}",
        data.display(),
        s.pid(),
        victim_upload.display()
    );
    let (status, report) = api.get(&query).await;
    assert_eq!(status, 200, "{report}\n{}", s.log.lock().unwrap());
    let report = report.as_object().unwrap();
    let refused = |r: &str| r.starts_with("PermissionError E") || r.starts_with("OSError EPERM");
    for (probe, result) in report {
        let result = result.as_str().unwrap();
        if probe == "fork_bomb" {
            continue;
        }
        assert!(refused(result), "{probe} was not refused: {result}\nwhole report: {report:#?}");
    }
    // RLIMIT_NPROC stops the fork bomb at the budget (64 more tasks than the uid ran when the
    // worker started; tasks of the same uid that end meanwhile, such as an earlier test's workers
    // going away, free room for a few more).
    let bomb = report["fork_bomb"].as_str().unwrap();
    let started: u64 = bomb.split("'started': ").nth(1).and_then(|r| r.split(',').next()?.parse().ok()).unwrap();
    assert!(bomb.contains("'stopped_by': 'EAGAIN'") && started <= 128, "the fork bomb was not bounded: {bomb}");
    // Nothing the attacker tried touched the host: the victim's upload and call finish.
    let (status, done) = held.await.unwrap();
    assert_eq!((status, done["files"].as_u64()), (200, Some(1)), "{done}");

    // The attacker's own app works as a function expects.
    let (status, normal) = upload(&api, "local", "normal", b"my own upload").await;
    assert_eq!(status, 200, "{normal}\n{}", s.log.lock().unwrap());
    assert_eq!(normal["package"], "HI!", "the app's requirements import");
    assert_eq!(normal["scratch"], "scratch works");
    assert_eq!(normal["upload"], "my own upload", "a function reads its own upload");
    let scratch = normal["scratch_dir"].as_str().unwrap();
    assert_eq!(Path::new(scratch), data.join("python/local/tmp"), "tempfile writes to the app's scratch folder");
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        assert_eq!(normal["uid"], 65534, "as root, workers run as nobody");
    }

    // What the host writes is its own user's: the database, the objects' folder.
    assert_eq!(mode(&data.join("data.redb")), 0o600);
    assert_eq!(mode(&data.join("storage")), 0o700);
    assert_eq!(mode(&data), 0o711, "the data folder is traversable, not listable");
}
