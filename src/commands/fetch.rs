//! `readouts fetch URL... --into DIR`

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use readouts::Error;
use readouts::fetch::{FeedReport, FetchOptions, fetch};
use readouts::render::sanitize;

use super::Context;
use crate::cli::FetchArgs;

pub(super) fn run(context: &Context, args: FetchArgs) -> anyhow::Result<ExitCode> {
    let mut urls = args.urls.clone();
    if let Some(file) = &args.from_file {
        let text = std::fs::read_to_string(file).map_err(|e| Error::read(file, e))?;
        urls.extend(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                .map(str::to_string),
        );
    }
    if urls.is_empty() {
        anyhow::bail!("no feed to fetch: give URL... or --from-file FILE");
    }
    for url in &urls {
        let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
        if !matches!(scheme.as_deref(), Some("http" | "https")) {
            anyhow::bail!("'{}' is not an http or https address", sanitize(url));
        }
    }
    let seconds = |flag: &str, value: f64| {
        if value.is_finite() && value >= 0.0 {
            Ok(Duration::from_secs_f64(value))
        } else {
            anyhow::bail!("{flag} '{value}' is not a number of seconds")
        }
    };
    let options = FetchOptions {
        into: args.into.clone(),
        delay: seconds("--delay", args.delay)?,
        timeout: seconds("--timeout", args.timeout)?,
        max_bytes: args.max_mb.saturating_mul(1 << 20),
        retries: args.retries,
        ..FetchOptions::default()
    };
    let mut err = std::io::stderr();
    let quiet = context.quiet;
    let reports = fetch(&urls, &options, &mut |report| {
        if !quiet || report.error.is_some() {
            let _ = writeln!(err, "{}", sanitize(&line(report)));
            for page in &report.pages_failed {
                let _ = writeln!(err, "  page failed, its feed text kept: {}", sanitize(page));
            }
        }
    })?;
    let new: usize = reports.iter().map(|r| r.new).sum();
    let failed = reports.iter().filter(|r| r.error.is_some()).count();
    if !quiet {
        let _ = writeln!(err, "{}", summary(new, failed, reports.len(), &args.into));
    }
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// What one feed gave, in a line.
fn line(report: &FeedReport) -> String {
    if let Some(why) = &report.error {
        return format!("{}: failed: {why}", report.url);
    }
    if report.feed_unchanged {
        return format!("{}: unchanged since the last run", report.url);
    }
    format!(
        "{}: {} new, {} unchanged{}",
        report.url,
        report.new,
        report.unchanged,
        match report.pages_failed.len() {
            0 => String::new(),
            n => format!(", {n} pages failed"),
        }
    )
}

fn summary(new: usize, failed: usize, feeds: usize, into: &Path) -> String {
    let readouts = if new == 1 { "readout" } else { "readouts" };
    let mut line = format!("{new} new {readouts} in {}", into.display());
    if failed > 0 {
        line.push_str(&format!("; {failed} of {feeds} feeds failed"));
    }
    if new > 0 {
        line.push_str(&format!(
            "; index them with 'readouts index {}'",
            into.display()
        ));
    }
    line
}
