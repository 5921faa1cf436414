//! `laf`: serve Laf functions from a directory.

mod cli;
mod serve;
mod storage;

use clap::{Parser, Subcommand};

/// Laf cloud functions, resident and multi-language.
#[derive(Parser)]
#[command(name = "laf", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    target: cli::Target,
}

#[derive(Subcommand)]
enum Command {
    /// Serve every function file under a directory as one app.
    Serve(Box<serve::ServeArgs>),
    /// Publish a function file, or every function file under a directory, to a running host.
    Deploy(cli::DeployArgs),
    /// Call a function over HTTP and print its answer.
    Invoke(cli::InvokeArgs),
    /// List a function's published versions (`*` marks the live one).
    History(cli::HistoryArgs),
    /// Serve an earlier version of a function again.
    Rollback(cli::RollbackArgs),
    /// Print the app's recent function logs.
    Logs(cli::LogsArgs),
    /// List, set or unset the app's environment variables (applied without restart).
    #[command(subcommand)]
    Env(cli::EnvCommand),
    /// List, add or remove the app's npm packages (installed while the host serves).
    #[command(subcommand)]
    Deps(cli::DepsCommand),
    /// Print the app's S3 key pair and the host's S3 endpoint (`--rotate` replaces the secret).
    S3Key(cli::S3KeyArgs),
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
    let target = &cli.target;
    match cli.command {
        Command::Serve(args) => rt.block_on(serve::run(*args)),
        Command::Deploy(args) => rt.block_on(cli::deploy(target, args)),
        Command::Invoke(args) => rt.block_on(cli::invoke(target, args)),
        Command::History(args) => rt.block_on(cli::history(target, args)),
        Command::Rollback(args) => rt.block_on(cli::rollback(target, args)),
        Command::Logs(args) => rt.block_on(cli::logs(target, args)),
        Command::Env(command) => rt.block_on(cli::env(target, command)),
        Command::S3Key(args) => rt.block_on(cli::s3_key(target, args)),
        Command::Deps(command) => rt.block_on(cli::deps(target, command)),
    }
}
