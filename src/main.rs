//! The `readouts` binary: parse arguments, run one command, map failures to a one-line
//! message and exit status 2. All the work is in the library.

mod cli;
mod commands;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use readouts::render::sanitize;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
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
