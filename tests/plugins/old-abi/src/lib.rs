//! Exports only the ABI version symbol, claiming version 1: a plugin built before host calls
//! were answered by the host-call service (version 2), whose answers it would misread.

/// The version before this host's.
#[unsafe(no_mangle)]
pub extern "C" fn laf_plugin_abi_version() -> u32 {
    1
}
