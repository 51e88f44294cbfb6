//! The `readouts` binary: parse arguments, run one command, map failures to a one-line
//! message and exit status 2. All the work is in the library.

mod cli;
mod commands;

use std::backtrace::{Backtrace, BacktraceStatus};
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Parser;
use readouts::render::sanitize;

/// What panicked, kept until the command is over: a panic of tantivy on a damaged index is
/// told as such by the command (`commands::on_index`), and only a panic that ends the process
/// is printed, as Rust prints it.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn main() -> ExitCode {
    let cli = cli::Cli::try_parse().unwrap_or_else(|error| without_dash_tip(error).exit());
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        let mut message = format!("thread '{}' {info}", thread.name().unwrap_or("<unnamed>"));
        let backtrace = Backtrace::capture();
        if backtrace.status() == BacktraceStatus::Captured {
            message.push_str(&format!("\nstack backtrace:\n{backtrace}"));
        }
        PANICS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(message);
    }));
    let outcome = std::panic::catch_unwind(|| commands::run(cli)).unwrap_or_else(|_| {
        let panics = PANICS.lock().unwrap_or_else(|p| p.into_inner());
        let mut stderr = io::stderr().lock();
        for message in panics.iter() {
            let _ = writeln!(stderr, "{message}");
        }
        std::process::exit(101)
    });
    match outcome {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            // Errors name files, ids and queries as given: escaped, like every other field.
            let mut stderr = io::stderr().lock();
            let _ = writeln!(stderr, "readouts: {}", sanitize(&error.to_string()));
            if let Some(hint) = error
                .downcast_ref::<readouts::Error>()
                .and_then(readouts::Error::hint)
            {
                let _ = writeln!(stderr, "hint: {}", sanitize(&hint));
            }
            ExitCode::from(2)
        }
    }
}

/// clap's tip for an unknown flag, "to pass '--csv' as a value, use '-- --csv'", sends a user
/// who mistyped a flag to index or search for it. It stays for a query word with one dash
/// (`-Russia`), which a user may mean as a word.
fn without_dash_tip(mut error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() == ErrorKind::UnknownArgument {
        let flag = matches!(
            error.get(ContextKind::InvalidArg),
            Some(ContextValue::String(arg)) if arg.starts_with("--")
        );
        let indexing = std::env::args().any(|a| a == "index");
        if flag || indexing {
            error.remove(ContextKind::TrailingArg);
            error.remove(ContextKind::Suggested);
        }
    }
    error
}

/// A closed pipe (`readouts search x | head`) is not an error, whether the write that met it
/// was ours or serde_json's.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = match cause.downcast_ref::<serde_json::Error>() {
            Some(json) => json.io_error_kind(),
            None => cause.downcast_ref::<io::Error>().map(io::Error::kind),
        };
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}
