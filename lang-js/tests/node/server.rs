//! Starts `lang-js/tests/node/server.mjs` (the Node.js test server the fetch and npm tests call),
//! for the test binaries that include this file by path.

use std::io::BufRead;
use std::path::Path;

/// Starts `script` (that server.mjs); the running server and its port.
pub fn start(script: &Path) -> (std::process::Child, String) {
    let mut server = std::process::Command::new("node")
        .arg(script)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("Node.js runs the test server (lang-js/tests/node/server.mjs): is `node` on the PATH?");
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.trim().strip_prefix("listening ").unwrap_or_else(|| panic!("unexpected {line:?}")).to_owned();
    (server, port)
}
