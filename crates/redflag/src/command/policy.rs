//! `redflag policy` and `redflag policy check FILE`

use std::path::PathBuf;

use anyhow::{Context, Result};
use redflag_rules::Policy;

use crate::Ctx;

/// Print the default policy as a commented TOML file (every threshold, weight, business
/// hours, time zone, rate, currency and conversion rate), or check one.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Check a policy file: every key known, every value valid.
    Check {
        /// The policy file.
        file: PathBuf,
    },
}

/// Runs the command.
pub fn run(_ctx: &Ctx, args: Args) -> Result<()> {
    match args.action {
        None => {
            print!("{}", Policy::defaults_toml());
            Ok(())
        }
        Some(Action::Check { file }) => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            Policy::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            println!("{}: ok", file.display());
            Ok(())
        }
    }
}
