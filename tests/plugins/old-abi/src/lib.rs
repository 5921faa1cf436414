//! Exports only the ABI version symbol, claiming a version no host speaks.

/// A version from before (or after) this host's.
#[unsafe(no_mangle)]
pub extern "C" fn laf_plugin_abi_version() -> u32 {
    999
}
