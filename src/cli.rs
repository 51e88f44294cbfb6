//! The command line, as clap types only. Doc comments are the help text. These types never
//! leave the binary: `commands` resolves them into library requests.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Fast, exact full-text search for foreign-ministry readouts.
///
/// Exit status: 0 when something was found, 1 when nothing was, 2 on error.
#[derive(Debug, Parser)]
#[command(name = "readouts", version)]
pub(crate) struct Cli {
    /// The index folder [default: ./index]
    #[arg(long, global = true, env = "READOUTS_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// When to colour the output
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Print nothing on stderr but errors
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// Colour when stdout is a terminal and NO_COLOR is not set
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SortArg {
    /// Most relevant first
    Score,
    /// Newest first; undated readouts last
    Date,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Read readouts from files and folders and build the index
    Index(IndexArgs),
    /// Search the index: ranked readouts with snippets and facet counts
    Search(SearchArgs),
    /// Show what the extractor finds in files, without indexing them
    Extract(ExtractArgs),
    /// Print one readout whole: its metadata and its cleaned text
    Show(ShowArgs),
    /// Count the values of a field (countries, organizations, outlets, years, months)
    Facets(FacetsArgs),
    /// Draw the number of matching readouts per year, month or week
    Timeline(TimelineArgs),
    /// List the readouts most like one readout
    Similar(SimilarArgs),
}

#[derive(Debug, Args)]
pub(crate) struct IndexArgs {
    /// Files and folders to read (folders recursively): .txt, .md, .json, .jsonl, .ndjson, .csv
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Start over: drop the whole index first (also replaces an index of an older version)
    #[arg(long)]
    pub rebuild: bool,

    /// Remove readouts whose files no longer exist
    #[arg(long)]
    pub prune: bool,

    /// Skip readouts larger than this, in MB: a file of one, or a record of a .jsonl, .csv or
    /// .json array (such a file may be 64 times as large)
    #[arg(long, default_value_t = 16, value_name = "MB",
          value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_file_mb: u64,

    /// Name each file skipped as in no supported format, not only how many of each kind
    #[arg(long, short)]
    pub verbose: bool,

    /// Threads for checking files and for indexing; half of them, rounded up, extract
    /// [default: the number of cores, at most 8]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,

    /// Memory for the index writer, in MB [default: 512, and at least 64 per thread]
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u32).range(16..=4000))]
    pub heap_mb: Option<u32>,
}

#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// The query. One or two words must all match; of three or four, all but one; of more,
    /// three in five, and readouts matching more rank higher. Words match in any form
    /// ("meetings" finds "meeting", "organisation" finds "organization", "Niinisto" finds
    /// "Niinistö"); a country or organization named by
    /// any alias also finds its other names ("Malaysian" finds "Malaysia", "Organisation of
    /// Islamic Cooperation" finds "OIC"). Syntax: "quoted phrase", +must, -exclude, a OR b,
    /// (groups), title:word, country:NAME, org:NAME; with AND or OR in it, words not joined by
    /// either must all match. A query that does not parse is searched as
    /// plain words, with a note. "" matches every readout. Put -- before a query that starts
    /// with two dashes
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: String,

    /// How many readouts to show
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,

    /// How many of the best readouts to skip (for paging)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: u64,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Order hits by relevance or by publication date, newest first
    #[arg(long, value_enum, default_value_t = SortArg::Score, value_name = "ORDER")]
    pub sort: SortArg,

    /// Show near-duplicates (the same release published again) as hits of their own, instead
    /// of under the first of them as "also published as"
    #[arg(long)]
    pub no_collapse: bool,

    /// Print one JSON document instead of text
    #[arg(long)]
    pub json: bool,
}

/// The filters every view over a selection of readouts takes.
#[derive(Debug, Args)]
pub(crate) struct FilterArgs {
    /// Only readouts that name this organization (acronym, name or alias; repeat for any of several)
    #[arg(long, value_name = "ORG")]
    pub org: Vec<String>,

    /// Only readouts that name this country or region (name, ISO code, demonym; repeatable)
    #[arg(long, value_name = "COUNTRY")]
    pub country: Vec<String>,

    /// Only readouts of a meeting with this country or region: one named as a counterpart,
    /// the other side, not the home side (name, ISO code, demonym; repeatable)
    #[arg(long, value_name = "COUNTRY")]
    pub counterpart: Vec<String>,

    /// Only readouts published on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Only readouts published on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// Files (or folders) to read
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Print one JSON object per file (JSON Lines)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The readout's id, or the start of it when only one id starts that way
    #[arg(value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub id: String,

    /// Print the stored readout as JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct FacetsArgs {
    /// What to count
    #[arg(value_enum, value_name = "FIELD")]
    pub field: FacetFieldArg,

    /// Count only the readouts this query matches (same syntax as search) [default: all]
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Show the hierarchy as a tree down to this level: for country 1 = regions,
    /// 2 = sub-regions, 3 = countries; for org 1 = organizations, 2 = their bodies, ...
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=8))]
    pub depth: Option<u16>,

    /// Show only the N most frequent values (at each level of a tree)
    #[arg(long, short = 'n', value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,

    /// Print one JSON document instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FacetFieldArg {
    /// Countries named (regions and sub-regions with --depth)
    Country,
    /// Countries met: the other side of each meeting, the home side left out (regions and
    /// sub-regions with --depth)
    Counterpart,
    /// Organizations named; a body counts for its parent (bodies with --depth 2)
    Org,
    /// The outlet that published or relayed the readout
    Source,
    /// Publication year
    Year,
    /// Publication month
    Month,
}

#[derive(Debug, Args)]
pub(crate) struct TimelineArgs {
    /// The query (same syntax as search); "" counts every readout
    #[arg(value_name = "QUERY")]
    pub query: String,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// The length of one bar
    #[arg(long, value_enum, default_value_t = PeriodArg::Month, value_name = "PERIOD")]
    pub by: PeriodArg,

    /// Print one JSON document instead of the chart
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PeriodArg {
    Year,
    Month,
    /// ISO weeks, Monday to Sunday
    Week,
}

#[derive(Debug, Args)]
pub(crate) struct SimilarArgs {
    /// The readout's id, or the start of it when only one id starts that way
    #[arg(value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub id: String,

    /// How many readouts to show
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,

    /// Print one JSON document instead of text
    #[arg(long)]
    pub json: bool,
}
