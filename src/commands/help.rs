//! `readouts completions SHELL` and `readouts man`: made from the same clap types as the
//! parser, so they never fall behind it.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;

/// Prints the completion script for `shell` (clap_complete).
pub(super) fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command, "readouts", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the manual page (clap_mangen), with a section for each subcommand: its synopsis,
/// what it does and its options, as `--help` gives them.
pub(super) fn man() -> anyhow::Result<ExitCode> {
    let command = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    for sub in command.get_subcommands() {
        let name = format!("readouts {}", sub.get_name());
        let mut sub = sub.clone().bin_name(&name);
        sub.build();
        page.extend(format!(".SH \"{}\"\n", roff(&name.to_uppercase())).bytes());
        let usage = sub.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ");
        page.extend(format!(".PP\n\\fB{}\\fR\n", roff(usage)).bytes());
        let about = sub.get_long_about().or(sub.get_about());
        if let Some(about) = about {
            page.extend(format!(".PP\n{}\n", roff(&about.to_string())).bytes());
        }
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            let mut names: Vec<String> = Vec::new();
            if let Some(short) = arg.get_short() {
                names.push(format!("-{short}"));
            }
            if let Some(long) = arg.get_long() {
                names.push(format!("--{long}"));
            }
            let value = arg
                .get_value_names()
                .map(|v| {
                    v.iter()
                        .map(|v| format!("<{v}>"))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            let head = if names.is_empty() {
                value
            } else if arg.get_action().takes_values() {
                format!("{} {value}", names.join(", "))
            } else {
                names.join(", ")
            };
            let help = arg.get_long_help().or(arg.get_help());
            page.extend(format!(".TP\n\\fB{}\\fR\n", roff(&head)).bytes());
            if let Some(help) = help {
                page.extend(format!("{}\n", roff(&help.to_string())).bytes());
            }
        }
    }
    let mut out = std::io::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Text safe in a roff line: backslashes escaped, and no line may start with a control
/// character (`.` or `'`).
fn roff(text: &str) -> String {
    text.replace('\\', "\\e")
        .lines()
        .map(|line| {
            let line = line.trim_end();
            if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else if line.is_empty() {
                ".PP".to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
