//! `redflag classify`

use anyhow::Result;
use redflag_text::Classifier;

use crate::Ctx;

/// Signals for JSON lines of messages: reads `{"id", "text", "lang"?}` lines on stdin and
/// writes `{"id", "signals": [{"id", "span", "score", "match"}]}` lines in input order.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format (only `json`: JSON lines).
    #[arg(long, default_value = "json", value_parser = ["json"])]
    format: String,
}

/// Runs the command.
pub fn run(_ctx: &Ctx, _args: Args) -> Result<()> {
    let classifier = Classifier::new();
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    redflag_service::classify_lines(&classifier, "stdin", stdin, &mut out)?;
    Ok(())
}
