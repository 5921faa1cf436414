//! The wasmtime [`Engine`] shared by every function of a [`crate::WasmLanguage`], and the thread
//! that advances its epoch.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use wasmtime::{Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::WasmConfig;

/// How often the epoch advances: the granularity of timeouts and of the yields a busy guest makes
/// to the async executor.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

/// An engine configured for Laf functions: async host calls, epoch interruption and, when the
/// operating system lets it reserve the address space, the pooling allocator.
pub(crate) fn build(config: &WasmConfig) -> Result<Engine, String> {
    if config.pooling {
        match Engine::new(base(config).allocation_strategy(pooling(config))) {
            Ok(engine) => return Ok(engine),
            Err(e) => tracing::warn!("the pooling allocator is unavailable ({e:#}); instances are allocated on demand"),
        }
    }
    Engine::new(&base(config)).map_err(|e| format!("{e:#}"))
}

fn base(config: &WasmConfig) -> Config {
    let mut c = Config::new();
    c.wasm_component_model(true);
    c.epoch_interruption(true);
    c.max_wasm_stack(config.max_wasm_stack);
    c
}

fn pooling(config: &WasmConfig) -> InstanceAllocationStrategy {
    let n = config.max_instances;
    let mut pool = PoolingAllocationConfig::default();
    // A Rust component built for wasm32-wasip2 is one or a few core instances with one memory;
    // leave room for components made of several modules (adapters, shims).
    pool.total_component_instances(n)
        .total_core_instances(n.saturating_mul(4))
        .total_memories(n.saturating_mul(2))
        .total_tables(n.saturating_mul(4))
        .total_stacks(n)
        .max_memory_size(config.memory_limit)
        // A finished call's slot is reset for the next one. By default that is an `madvise` that
        // drops every page, and the next call faults each page it touches back in: most of a
        // small call's cost. Keeping the low pages resident and resetting only those the call
        // dirtied (found with PAGEMAP_SCAN on Linux >= 6.7, else by memset) avoids both.
        .linear_memory_keep_resident(config.keep_resident)
        .table_keep_resident(64 << 10)
        .async_stack_keep_resident(128 << 10)
        .pagemap_scan(Enabled::Auto);
    InstanceAllocationStrategy::Pooling(pool)
}

/// Advances the engine's epoch every [`EPOCH_TICK`] until dropped.
pub(crate) struct EpochTicker {
    stop: Arc<AtomicBool>,
}

impl EpochTicker {
    pub(crate) fn start(engine: &Engine) -> EpochTicker {
        let stop = Arc::new(AtomicBool::new(false));
        let (flag, weak) = (stop.clone(), engine.weak());
        let spawned = std::thread::Builder::new().name("laf-wasm-epoch".into()).spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(EPOCH_TICK);
                match weak.upgrade() {
                    Some(engine) => engine.increment_epoch(),
                    None => break,
                }
            }
        });
        if let Err(e) = spawned {
            // Without the ticker no deadline fires; the per-call tokio timeout still answers 504,
            // but a busy guest keeps its thread. Say so loudly.
            tracing::error!("could not start the epoch thread ({e}); WebAssembly timeouts will not interrupt guests");
        }
        EpochTicker { stop }
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
