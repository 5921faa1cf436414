//! The worker process: one embedded CPython interpreter serving one app's functions.
//!
//! A worker is started by the host with the channel on file descriptor [`CHANNEL_FD`] (a Unix
//! socket), loads the `laf` module (`src/python/laf.py`) and runs the call loop
//! (`src/python/runtime.py`), answering frames until the host
//! closes the channel. The Rust part is deliberately thin: the framed BSON transport, the
//! conversion between BSON and Python values, and the interpreter's start. Function calls into the
//! bindings (database, storage, shared) go back to the host over the same channel: the worker holds
//! no credentials and no connection of its own, and the host scopes every call to the worker's app.
//!
//! Two ways to start workers, both documented in the crate docs:
//! - the host binary re-executes itself with [`WORKER_FLAG`] and calls [`run_if_requested`] first
//!   thing in `main` (what `laf` does);
//! - or it points [`crate::WorkerCommand`] at the `laf-python-worker` binary of this crate.

mod convert;
pub mod sandbox;

use std::collections::VecDeque;
use std::ffi::CString;
use std::io::Write;
use std::os::fd::FromRawFd;
use std::os::unix::net::UnixStream;
use std::sync::Mutex;

use bson::Document;
use pyo3::exceptions::PyConnectionError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::frame;

/// The first argument that makes a host binary run as a Python worker (see [`run_if_requested`]).
pub const WORKER_FLAG: &str = "--laf-python-worker";

/// The file descriptor on which a worker finds its channel to the host.
pub const CHANNEL_FD: i32 = 3;

const LAF: &str = include_str!("../python/laf.py");
const RUNTIME: &str = include_str!("../python/runtime.py");

/// Runs this process as a Python worker when it was started with [`WORKER_FLAG`] as its first
/// argument (then it never returns); otherwise returns at once.
///
/// Call it first thing in the `main` of a binary that hosts Python functions and uses
/// [`crate::WorkerCommand::current_exe`]: the host re-executes that same binary for its workers.
pub fn run_if_requested() {
    if std::env::args_os().nth(1).is_some_and(|a| a == WORKER_FLAG) {
        main();
    }
}

/// The worker's entry point: serves the channel on [`CHANNEL_FD`], then exits the process.
pub fn main() -> ! {
    // SAFETY: the host passes the socket as this descriptor and nothing else in the process owns it.
    let stream = unsafe { UnixStream::from_raw_fd(CHANNEL_FD) };
    let code = match sandbox::enter().and_then(|()| serve(stream)) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("laf python worker {}: {e}", std::process::id());
            1
        }
    };
    std::process::exit(code)
}

struct Channel {
    stream: UnixStream,
    buf: Vec<u8>,
    // Calls the host queued (a batch) that arrived while a binding call waited for its reply.
    queued: VecDeque<Document>,
}

impl Channel {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// The host's next call: one queued earlier, else the next frame.
    fn next_call(&mut self) -> std::io::Result<Document> {
        match self.queued.pop_front() {
            Some(doc) => Ok(doc),
            None => self.read(),
        }
    }

    /// The reply to a binding call, keeping the calls of the batch that come before it.
    fn reply(&mut self) -> std::io::Result<Document> {
        loop {
            let doc = self.read()?;
            if doc.get_str("t").ok() == Some("reply") {
                return Ok(doc);
            }
            self.queued.push_back(doc);
        }
    }

    fn read(&mut self) -> std::io::Result<Document> {
        frame::read_blocking(&mut self.stream, &mut self.buf)
    }
}

// The interpreter runs on one thread; the lock only keeps a Python thread that calls the bindings
// from interleaving its frames with the main thread's.
static CHANNEL: Mutex<Option<Channel>> = Mutex::new(None);

fn with_channel<T>(f: impl FnOnce(&mut Channel) -> std::io::Result<T>) -> std::io::Result<T> {
    let mut guard = CHANNEL.lock().unwrap_or_else(|e| e.into_inner());
    match guard.as_mut() {
        Some(ch) => f(ch),
        None => Err(std::io::Error::new(std::io::ErrorKind::NotConnected, "no channel to the host")),
    }
}

fn io_error(e: std::io::Error) -> PyErr {
    PyConnectionError::new_err(format!("lost the channel to the host: {e}"))
}

fn serve(stream: UnixStream) -> Result<(), String> {
    *CHANNEL.lock().unwrap_or_else(|e| e.into_inner()) =
        Some(Channel { stream, buf: Vec::new(), queued: VecDeque::new() });
    Python::initialize();
    Python::attach(|py| -> PyResult<()> {
        let native = PyModule::new(py, "_laf_native")?;
        native.add_function(wrap_pyfunction!(call, &native)?)?;
        native.add_function(wrap_pyfunction!(send, &native)?)?;
        native.add_function(wrap_pyfunction!(recv, &native)?)?;
        native.add_function(wrap_pyfunction!(new_object_id, &native)?)?;
        native.add_function(wrap_pyfunction!(register_types, &native)?)?;
        py.import("sys")?.getattr("modules")?.set_item("_laf_native", &native)?;
        let source = |s: &str| CString::new(s).map_err(|e| PyConnectionError::new_err(e.to_string()));
        // `laf` first: the runtime imports it (and functions do, as `from laf import cloud`).
        PyModule::from_code(py, &source(LAF)?, c"laf.py", c"laf")?;
        let runtime = PyModule::from_code(py, &source(RUNTIME)?, c"runtime.py", c"_laf_runtime")?;
        runtime.call_method0("_serve")?;
        Ok(())
    })
    .map_err(|e| Python::attach(|py| format_error(py, e)))
}

fn format_error(py: Python<'_>, e: PyErr) -> String {
    let trace = e.traceback(py).and_then(|t| t.format().ok()).unwrap_or_default();
    format!("{trace}{e}")
}

/// Sends a frame and waits for the host's reply (a binding call).
#[pyfunction]
fn call(py: Python<'_>, frame: &Bound<'_, PyDict>) -> PyResult<Py<PyAny>> {
    let bytes = frame::encode(&convert::dict_to_doc(frame)?).map_err(io_error)?;
    let reply = py
        .detach(|| {
            with_channel(|ch| {
                ch.write(&bytes)?;
                ch.reply()
            })
        })
        .map_err(io_error)?;
    convert::doc_to_py(py, &reply)
}

/// Sends a frame that has no reply (a log line, a call's result).
#[pyfunction]
fn send(py: Python<'_>, frame: &Bound<'_, PyDict>) -> PyResult<()> {
    let bytes = frame::encode(&convert::dict_to_doc(frame)?).map_err(io_error)?;
    py.detach(|| with_channel(|ch| ch.write(&bytes))).map_err(io_error)
}

/// Waits for the host's next frame; `None` when the host closed the channel.
#[pyfunction]
fn recv(py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
    match py.detach(|| with_channel(|ch| ch.next_call())) {
        Ok(doc) => convert::doc_to_py(py, &doc).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(io_error(e)),
    }
}

/// Twelve bytes of a new ObjectId (time, random, counter) as the database would make them.
#[pyfunction]
fn new_object_id(py: Python<'_>) -> Bound<'_, PyBytes> {
    PyBytes::new(py, &bson::oid::ObjectId::new().bytes())
}

/// Tells the converter which Python classes stand for BSON's ObjectId and for dates.
#[pyfunction]
fn register_types(
    object_id: Bound<'_, PyAny>,
    datetime: Bound<'_, PyAny>,
    utc: Bound<'_, PyAny>,
    epoch: Bound<'_, PyAny>,
    timedelta: Bound<'_, PyAny>,
) {
    convert::register(object_id, datetime, utc, epoch, timedelta);
}
