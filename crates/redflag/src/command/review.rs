//! `redflag review`

use anyhow::{Context, Result};
use redflag_domain::jiff::civil::Date;
use redflag_domain::{Lang, PartyId};

use crate::Ctx;

/// Assess every prospect and client (or one) as of a date: flags with their evidence,
/// a recommendation (keep, watch, talk, let-go, decline) and the economics.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The day to review as of (YYYY-MM-DD): every window ends on it and nothing dated after it
    /// is seen. Default: today in the workspace time zone.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    as_of: Option<Date>,
    /// `table` for people, `json` for scripts (`spec/cli.md`).
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    format: String,
    /// Only this party.
    #[arg(long, value_name = "ID")]
    party: Option<String>,
    /// The language of the explanations (vi, th, en); default: the policy's.
    #[arg(long, value_name = "LANG")]
    lang: Option<Lang>,
}

/// Runs the command.
pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let mut store = ctx.open_store()?;
    let mut policy = ctx.policy_for(store.as_mut())?;
    if let Some(lang) = args.lang {
        policy.language = lang;
    }
    let as_of = args
        .as_of
        .unwrap_or_else(|| crate::clock::today(policy.tz()));
    let party = args.party.map(PartyId::new);
    let review = redflag_service::review(store.as_mut(), &policy, as_of, party.as_ref())?;
    print_review(&review, &args.format)
}

/// Prints a review as a table or as the JSON document of `spec/cli.md`.
pub fn print_review(review: &redflag_rules::Review, format: &str) -> Result<()> {
    use std::io::Write;
    let doc = serde_json::to_value(review).context("cannot render the review")?;
    let mut out = std::io::stdout().lock();
    if format == "json" {
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", crate::table::render(&doc))?;
    }
    out.flush()?;
    Ok(())
}
