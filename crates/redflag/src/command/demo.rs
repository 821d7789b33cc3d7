//! `redflag demo`

use std::path::PathBuf;

use anyhow::{Context, Result};
use redflag_demo::{DemoConfig, generate};
use redflag_domain::jiff::civil::Date;
use redflag_interchange::write_record;
use redflag_text::Classifier;

use crate::Ctx;

/// Create a demo workspace (an agency with about fifty prospects and clients in Vietnamese,
/// Thai and English, months of messages, calls, meetings, invoices and time) and print its
/// review. Without --db it uses its own file, demo.db in the data directory, never your data.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The generator's seed: the same seed gives the same workspace.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// How many parties.
    #[arg(long, default_value_t = 48)]
    parties: usize,
    /// About this many events per party (for benchmarks); default: a realistic mix.
    #[arg(long, value_name = "N")]
    events_per_party: Option<usize>,
    /// The day the history ends and the review is made. Default: today.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    as_of: Option<Date>,
    /// Write the workspace as interchange JSON Lines to FILE instead of storing it.
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// How to print the review: `table` or `json`.
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    format: String,
}

/// Runs the command.
pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let default_policy = redflag_rules::Policy::default();
    let as_of = args
        .as_of
        .unwrap_or_else(|| crate::clock::today(default_policy.tz()));
    let cfg = DemoConfig {
        seed: args.seed,
        parties: args.parties,
        as_of,
        months: 14,
        events_per_party: args.events_per_party,
    };
    if let Some(path) = &args.write {
        let mut n = 0u64;
        super::write_atomically(path, |w| {
            for r in generate(&cfg) {
                write_record(w, &r)?;
                n += 1;
            }
            Ok(())
        })?;
        if !ctx.quiet {
            eprintln!("wrote {n} records to {}", path.display());
        }
        return Ok(());
    }
    let mut buf = Vec::new();
    for r in generate(&cfg) {
        write_record(&mut buf, &r)?;
    }
    let mut store = match &ctx.db {
        Some(_) => ctx.open_store()?,
        None => {
            let path = crate::open::data_dir()?.join("demo.db");
            crate::open::open_store(&path.to_string_lossy())?
        }
    };
    // A demo always starts afresh: restore replaces whatever the demo store held.
    let report = redflag_service::restore(store.as_mut(), &Classifier::new(), "demo", &buf[..])
        .context("cannot create the demo workspace")?;
    if !ctx.quiet {
        eprintln!(
            "demo workspace: {} records in {}\n",
            report.added + report.updated + report.unchanged,
            store.describe()
        );
    }
    let policy = ctx.policy_for(store.as_mut())?;
    let review = redflag_service::review(store.as_mut(), &policy, as_of, None)?;
    super::review::print_review(&review, &args.format)
}
