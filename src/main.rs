//! `laf`: serve Laf functions from a directory.

mod serve;
mod storage;

use clap::{Parser, Subcommand};

/// Laf cloud functions, resident and multi-language.
#[derive(Parser)]
#[command(name = "laf", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve every function file under a directory as one app.
    Serve(serve::ServeArgs),
}

fn main() -> anyhow::Result<()> {
    // `laf` re-executes itself as the Python worker processes.
    lang_python::worker::run_if_requested();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    match cli.command {
        Command::Serve(args) => rt.block_on(serve::run(args)),
    }
}
