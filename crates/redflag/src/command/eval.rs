//! `redflag eval FILE`

use std::path::PathBuf;

use anyhow::{Context, Result};
use redflag_text::Classifier;
use redflag_text::eval::{evaluate, parse_jsonl};

use crate::Ctx;

/// Measure the message classifier on a labelled JSON Lines file (`id`, `lang`, `text`,
/// `labels`): precision, recall and F1 per language and per signal, macro-F1, and how often a
/// clean message raises anything.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The labelled file, e.g. crates/redflag-text/corpus/test.jsonl.
    file: PathBuf,
    /// `table` for people, `json` for scripts.
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    format: String,
}

/// Runs the command.
pub fn run(_ctx: &Ctx, args: Args) -> Result<()> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let items = parse_jsonl(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let report = evaluate(&items, &Classifier::new());
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.render());
    }
    Ok(())
}
