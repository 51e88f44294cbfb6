//! The command line, as clap types only. Doc comments are the help text. These types never
//! leave the binary: `commands` resolves them into library requests.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Fast, exact full-text search for foreign-ministry readouts.
///
/// Exit status: 0 when something was found, 1 when nothing was, 2 on error.
#[derive(Debug, Parser)]
#[command(
    name = "readouts",
    version,
    long_version = LONG_VERSION,
    after_long_help = EXAMPLES,
    max_term_width = 100
)]
pub(crate) struct Cli {
    /// The index folder [env: READOUTS_INDEX; an empty value is not set] [default: ./index]
    #[arg(long, global = true, value_name = "DIR", help_heading = GLOBAL)]
    pub index: Option<PathBuf>,

    /// When to colour the output (auto: on a terminal, unless NO_COLOR, CLICOLOR=0 or
    /// TERM=dumb say otherwise; CLICOLOR_FORCE forces it)
    #[arg(long, global = true, value_enum, default_value_t = When::Auto, value_name = "WHEN",
          help_heading = GLOBAL)]
    pub color: When,

    /// When to make paths and urls links a terminal opens (OSC 8; auto: on a terminal that
    /// supports them)
    #[arg(long, global = true, value_enum, default_value_t = When::Auto, value_name = "WHEN",
          help_heading = GLOBAL)]
    pub hyperlink: When,

    /// Print nothing on stderr but errors
    #[arg(long, short, global = true, help_heading = GLOBAL)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The heading of the options every subcommand takes.
const GLOBAL: &str = "Global options";

/// The version, with the commit it was built from when built from a git checkout
/// (`build.rs` writes it).
const LONG_VERSION: &str = env!("READOUTS_LONG_VERSION");

const EXAMPLES: &str = "\
Examples:
  readouts index seeds/                     index a folder of readouts
  readouts search energy security           readouts naming both words, best first
  readouts search Aliyev --org ASEAN -n5    filtered, five hits
  readouts search --from 2022-03 --to 2022 --sort date
  readouts search trade --format csv > hits.csv
  readouts facets counterpart --from 2024   who was met, and how often
  readouts timeline grain corridor --by year
  readouts completions bash > ~/.local/share/bash-completion/completions/readouts";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum When {
    /// On a terminal that supports it
    Auto,
    Always,
    Never,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// For people, laid out to the terminal's width
    Text,
    /// One JSON document
    Json,
    /// One JSON object per line: a hit, a value or a period
    Jsonl,
    /// Comma-separated values with a header row
    Csv,
    /// Tab-separated values with a header row
    Tsv,
}

/// How results are printed: `--format`, or `--json`, its older spelling.
#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// How to print the results
    #[arg(long, value_enum, default_value_t = FormatArg::Text, value_name = "FORMAT")]
    pub format: FormatArg,

    /// The same as --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

impl OutputArgs {
    pub(crate) fn format(&self) -> FormatArg {
        if self.json {
            FormatArg::Json
        } else {
            self.format
        }
    }
}

/// The query of a view over readouts: words as typed, or from a file or stdin.
#[derive(Debug, Args)]
pub(crate) struct QueryArgs {
    /// The query, as typed (`energy security` needs no quotes); `-` reads it from stdin.
    /// None selects every readout
    ///
    /// One or two words must all
    /// match; of three or four, all but one; of more, three in five, and readouts matching
    /// more rank higher. Words match in any form ("meetings" finds "meeting", "Niinisto"
    /// finds "Niinistö"); a country or organization named by any alias also finds its other
    /// names ("Malaysian" finds "Malaysia"). Syntax: "quoted phrase", +must, -exclude, a OR b,
    /// (groups), title:word, country:NAME, org:NAME. A query that does not parse is searched
    /// as plain words, with a note. None (or "") selects every readout. `-` reads the query
    /// from stdin; put -- before a query that starts with a dash.
    #[arg(value_name = "QUERY")]
    pub words: Vec<String>,

    /// Read the query from FILE (`-` for stdin)
    #[arg(
        long = "query-file",
        short = 'f',
        value_name = "FILE",
        conflicts_with = "words"
    )]
    pub file: Option<PathBuf>,
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
    /// Download feeds and the pages of their items into a folder, for `index`
    Fetch(FetchArgs),
    /// Print a completion script for a shell
    Completions(CompletionsArgs),
    /// Print the manual page (roff), for `man -l -` or a man folder
    Man,
}

#[derive(Debug, Args)]
pub(crate) struct FetchArgs {
    /// Feed addresses (RSS, Atom or JSON Feed), http or https
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// Read more feed addresses from FILE, one per line (`#` starts a comment)
    #[arg(long, short = 'f', value_name = "FILE")]
    pub from_file: Option<PathBuf>,
    /// The folder the readouts are saved in, one file per readout
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// Seconds between two requests to one host (robots.txt may ask for more)
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub delay: f64,
    /// Seconds a request may take before it is given up
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// The largest feed or page read, in MiB
    #[arg(long, value_name = "MIB", default_value_t = 16)]
    pub max_mb: u64,
    /// How many times a request that failed for a reason that may pass is tried again
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct IndexArgs {
    /// Files and folders to read (folders recursively): .txt, .md, .json, .jsonl, .ndjson, .csv,
    /// web pages (.html, .htm, .xhtml), feeds (.xml, .rss, .atom) and .pdf
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Start over: drop the whole index first (also replaces an index of an older version)
    #[arg(long)]
    pub rebuild: bool,

    /// Remove readouts whose files no longer exist
    #[arg(long)]
    pub prune: bool,

    /// Skip readouts larger than this, in MiB: a file of one, or a record of a .jsonl, .csv or
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

    /// Memory for the index writer, in MiB [default: 512, and at least 64 per thread]
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u32).range(16..=4000))]
    pub heap_mb: Option<u32>,
}

#[derive(Debug, Args)]
#[command(after_long_help = SEARCH_EXAMPLES)]
pub(crate) struct SearchArgs {
    #[command(flatten)]
    pub query: QueryArgs,

    /// How many results to show
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,

    /// How many of the best results to skip (for paging)
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

    /// The facets counted under the hits, comma-separated [default: org,country,year]
    #[arg(
        long = "facet",
        value_enum,
        value_delimiter = ',',
        value_name = "FACET"
    )]
    pub facets: Vec<FacetFieldArg>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Print only where each hit is (path, or path:line for a record of a many-record file),
    /// one per line
    #[arg(long, group = "list", conflicts_with_all = ["format", "json"])]
    pub paths: bool,

    /// Print only the id of each hit, one per line (for `readouts show`)
    #[arg(long, group = "list", conflicts_with_all = ["format", "json"])]
    pub ids: bool,

    /// End each path or id with a NUL byte instead of a newline (for xargs -0)
    #[arg(short = '0', long = "null", requires = "list")]
    pub null: bool,
}

const SEARCH_EXAMPLES: &str = "\
Examples:
  readouts search energy security
  readouts search '\"grain corridor\"' --country Turkey --from 2022 --to 2023-06
  readouts search Bayramov -n5 --sort date
  readouts search cooperation --org ASEAN --facet org,counterpart
  readouts search trade --format csv > hits.csv
  readouts search -f query.txt --ids | xargs -n1 readouts show";

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

    /// Only readouts that name this official, by any form of the name ("Blinken", "Antony
    /// Blinken", "Lourenco" for "Lourenço"; repeatable)
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,

    /// Only readouts published on or after this day: YYYY-MM-DD, or YYYY-MM or YYYY for the
    /// first day of that month or year
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Only readouts published on or before this day: YYYY-MM-DD, or YYYY-MM or YYYY for the
    /// last day of that month or year
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// Files (or folders) to read
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Print one JSON object per readout (JSON Lines)
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

    #[command(flatten)]
    pub query: QueryArgs,

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

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FacetFieldArg {
    /// Countries named (regions and sub-regions with --depth)
    #[value(alias = "countries")]
    Country,
    /// Countries met: the other side of each meeting, the home side left out (regions and
    /// sub-regions with --depth)
    #[value(alias = "counterparts")]
    Counterpart,
    /// Organizations named; a body counts for its parent (bodies with --depth 2)
    #[value(aliases = ["orgs", "organization", "organizations"])]
    Org,
    /// The outlet that published or relayed the readout
    #[value(alias = "sources")]
    Source,
    /// Publication year
    #[value(alias = "years")]
    Year,
    /// Publication month
    #[value(alias = "months")]
    Month,
    /// Officials named, by the name the readout gives them
    #[value(aliases = ["people", "persons"])]
    Person,
}

#[derive(Debug, Args)]
pub(crate) struct TimelineArgs {
    #[command(flatten)]
    pub query: QueryArgs,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// The length of one bar
    #[arg(long, value_enum, default_value_t = PeriodArg::Month, value_name = "PERIOD")]
    pub by: PeriodArg,

    #[command(flatten)]
    pub output: OutputArgs,
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
