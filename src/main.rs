//! `tern`: with no subcommand, opens the window; subcommands run headless.
//!
//! On Windows a release build is a GUI program (no console window flashes up when it is
//! started from the Start menu); started with arguments from a console, it attaches to
//! that console so `tern list`, `--help` and errors still print there.

#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use tern::cli::{Cli, run};

/// Makes iced draw with tiny-skia (it reads ICED_BACKEND when it creates the window:
/// wgpu first, tiny-skia when no GPU starts, or what the variable names).
#[allow(unsafe_code)]
fn force_software_renderer() {
    // SAFETY: called at the start of `main`, before the runtime, the window or any other
    // thread exists, so nothing reads the environment at the same time.
    unsafe { std::env::set_var("ICED_BACKEND", "tiny-skia") };
}

#[cfg(windows)]
#[allow(unsafe_code)]
fn attach_to_parent_console() {
    // kernel32's AttachConsole(ATTACH_PARENT_PROCESS); failure (no parent console, e.g.
    // started from Explorer) only means there is nowhere to print.
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
    }
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    // SAFETY: a plain Win32 call with a constant argument; it touches no Rust memory.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

fn main() -> ExitCode {
    #[cfg(windows)]
    if std::env::args_os().len() > 1 {
        attach_to_parent_console();
    }
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("TERN_LOG"))
        .with_writer(std::io::stderr)
        .init();
    if cli.paths {
        return match tern::cli::paths_report() {
            Ok(out) => {
                print!("{out}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("tern: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match cli.command {
        None => {
            let window = tern::ui::Startup::load().and_then(|startup| {
                if cli.software || startup.software_renderer() {
                    force_software_renderer();
                }
                tern::ui::run(startup)
            });
            match window {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("tern: {e}");
                    ExitCode::FAILURE
                }
            }
        }
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
