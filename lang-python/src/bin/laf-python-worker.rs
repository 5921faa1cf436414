//! A Python worker process for hosts that do not re-execute themselves (see `lang_python::worker`).

fn main() {
    lang_python::worker::main();
}
