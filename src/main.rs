//! `tern`: with no subcommand, opens the window; subcommands run headless.

use std::process::ExitCode;

use clap::Parser;
use tern::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("TERN_LOG"))
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        None => match tern::ui::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("tern: {e}");
                ExitCode::FAILURE
            }
        },
        Some(command) => match run(command) {
            Ok(out) => {
                print!("{out}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("tern: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
