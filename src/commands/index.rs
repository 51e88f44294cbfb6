//! `readouts index PATH...`

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use readouts::index::{self, IndexOptions, IndexSummary, Progress, Silent};
use readouts::ingest::{Format, skipped_kinds};
use readouts::render;

use super::Context;
use crate::cli::IndexArgs;

pub(super) fn run(context: &Context, args: IndexArgs) -> anyhow::Result<ExitCode> {
    let mut options = IndexOptions {
        rebuild: args.rebuild,
        prune: args.prune,
        max_file_bytes: args.max_file_mb * 1024 * 1024,
        ..IndexOptions::default()
    };
    if let Some(threads) = args.threads {
        options.threads = usize::from(threads);
        options.heap_bytes = IndexOptions::heap_for(options.threads);
    }
    if let Some(mb) = args.heap_mb {
        options.heap_bytes = mb as usize * 1024 * 1024;
    }
    on_interrupt();
    let summary = if !context.quiet && std::io::stderr().is_terminal() {
        index::build(&context.index_dir, &args.paths, options, &Bar::new())?
    } else {
        index::build(&context.index_dir, &args.paths, options, &Silent)?
    };
    report(context, &summary, args.verbose)?;
    Ok(if summary.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// On Ctrl-C, clears the progress bar's line and says what became of the index before the
/// process ends: a run that did not commit left the index as it was.
fn on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        let mut stderr = std::io::stderr().lock();
        if stderr.is_terminal() {
            let _ = write!(stderr, "\r\x1b[2K");
        }
        let _ = writeln!(
            stderr,
            "readouts: interrupted; the index is as its last complete run left it"
        );
        std::process::exit(130);
    });
}

/// Builds the index from `paths` and prints the summary: the first search on a fresh clone.
pub(super) fn build_first(context: &Context, paths: &[PathBuf]) -> anyhow::Result<()> {
    let summary = index::build(&context.index_dir, paths, IndexOptions::default(), &Silent)?;
    report(context, &summary, false)
}

/// Problems, the files skipped, then one summary line, then what to do about them, each hint
/// once, on stderr. `verbose` names each file skipped.
fn report(context: &Context, summary: &IndexSummary, verbose: bool) -> anyhow::Result<()> {
    let mut stderr = std::io::stderr().lock();
    let mut hints = Vec::new();
    for problem in &summary.problems {
        if problem.is_failure() || !context.quiet {
            writeln!(
                stderr,
                "readouts: {}",
                render::sanitize(&problem.to_string())
            )?;
            if let Some(hint) = problem.hint().filter(|h| !hints.contains(h)) {
                hints.push(hint);
            }
        }
    }
    let failed = summary.failed();
    if context.quiet && failed == 0 {
        return Ok(());
    }
    if !context.quiet {
        report_skipped(&mut stderr, summary, verbose)?;
    }
    let skipped = summary.problems.len() - failed;
    let seconds = summary.elapsed.as_secs_f64();
    let mib = summary.bytes as f64 / MIB;
    let mut line = format!(
        "{} indexed · {} unchanged · {} removed · {failed} failed",
        summary.indexed, summary.unchanged, summary.removed
    );
    if skipped > 0 {
        let notes = if skipped == 1 { "note" } else { "notes" };
        line.push_str(&format!(" · {skipped} {notes}"));
    }
    line.push_str(&format!(
        " · {mib:.2} MiB read in {seconds:.2} s ({:.1} MiB/s) into {}",
        mib / seconds.max(1e-9),
        context.index_dir.display()
    ));
    if failed > 0 {
        line.push_str(
            "\nhint: the messages above name each file that failed; fix them and run again",
        );
    }
    for hint in hints {
        line.push_str(&format!("\nhint: {hint}"));
    }
    writeln!(stderr, "{line}")?;
    Ok(())
}

/// The files a walk passed over, by kind (each named when `verbose`), and when nothing else
/// was found, that nothing was indexed: a folder of web pages must not look indexed.
fn report_skipped(
    stderr: &mut impl Write,
    summary: &IndexSummary,
    verbose: bool,
) -> std::io::Result<()> {
    if summary.skipped.is_empty() {
        return Ok(());
    }
    if verbose {
        for file in &summary.skipped {
            writeln!(
                stderr,
                "readouts: skipped {}: not a supported format",
                render::sanitize(&file.display().to_string())
            )?;
        }
    }
    let kinds: Vec<String> = skipped_kinds(&summary.skipped)
        .into_iter()
        .map(|(kind, count)| format!("{kind} ×{count}"))
        .collect();
    let supported: Vec<String> = Format::extensions().map(|e| format!(".{e}")).collect();
    let count = summary.skipped.len();
    writeln!(
        stderr,
        "skipped {count} file{}: {} (supported: {})",
        if count == 1 { "" } else { "s" },
        kinds.join(", "),
        supported.join(" ")
    )?;
    if summary.files == 0 {
        writeln!(
            stderr,
            "nothing was indexed: none of the files found is in a supported format"
        )?;
    }
    Ok(())
}

const MIB: f64 = 1024.0 * 1024.0;

/// A progress bar on a terminal: it moves with the bytes read, record by record in a big
/// file, and says how many files, how many MiB, how fast and how long is left once there is a
/// rate to tell it.
struct Bar {
    bar: ProgressBar,
    files: AtomicU64,
    done: AtomicU64,
}

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::hidden();
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message("looking at the files");
        Bar {
            bar,
            files: AtomicU64::new(0),
            done: AtomicU64::new(0),
        }
    }

    fn tell(&self) {
        let seconds = self.bar.elapsed().as_secs_f64().max(1e-3);
        let read = self.bar.position();
        let total = self.bar.length().unwrap_or(0);
        let (done, files) = (
            self.done.load(Ordering::Relaxed),
            self.files.load(Ordering::Relaxed),
        );
        let mut message = format!(
            "{done}/{files} files · {:.1}/{:.1} MiB",
            read as f64 / MIB,
            total as f64 / MIB
        );
        if read > 0 && seconds >= 0.5 {
            let rate = read as f64 / seconds;
            let left = total.saturating_sub(read) as f64 / rate;
            message.push_str(&format!(
                " · {:.1} MiB/s · {seconds:.0} s elapsed, {left:.0} s left",
                rate / MIB
            ));
        }
        self.bar.set_message(message);
    }
}

impl Progress for Bar {
    fn start(&self, files: u64) {
        self.files.store(files, Ordering::Relaxed);
        self.bar.set_length(0);
    }

    fn to_read(&self, bytes: u64) {
        self.bar.set_length(bytes);
        self.tell();
    }

    fn read(&self, bytes: u64) {
        self.bar.inc(bytes);
        self.tell();
    }

    fn advance(&self, _bytes: u64) {
        self.done.fetch_add(1, Ordering::Relaxed);
        self.tell();
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
