//! A tiny pure-Python wheel written on the spot, so package installs are tested without a network.

use std::path::{Path, PathBuf};

/// Writes `lafdemo-1.0-py3-none-any.whl` (module `lafdemo` with `shout(s)`) into `dir`.
pub fn write_wheel(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let wheel = dir.join("lafdemo-1.0-py3-none-any.whl");
    let script = format!(
        r#"
import zipfile
with zipfile.ZipFile({path:?}, "w") as z:
    z.writestr("lafdemo/__init__.py", "def shout(s):\n    return s.upper() + '!'\n")
    z.writestr("lafdemo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: lafdemo\nVersion: 1.0\n")
    z.writestr("lafdemo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: laf-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    z.writestr("lafdemo-1.0.dist-info/RECORD", "")
"#,
        path = wheel.to_string_lossy()
    );
    let status = std::process::Command::new("/usr/bin/python3.11").arg("-c").arg(script).status();
    assert!(status.is_ok_and(|s| s.success()), "python3.11 could not write the test wheel");
    wheel
}

/// A requirements.txt installing `lafdemo` from `dir` only (no index).
#[allow(dead_code)]
pub fn requirements(dir: &Path) -> String {
    format!("--no-index\n--find-links {}\nlafdemo==1.0\n", dir.display())
}
