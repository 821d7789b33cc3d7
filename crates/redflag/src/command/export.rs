//! `redflag export`

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use crate::Ctx;

/// Write every stored record as interchange JSON Lines.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Runs the command.
pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let mut store = ctx.open_store()?;
    match &args.out {
        Some(path) => {
            let mut report = None;
            super::write_atomically(path, |w| {
                report = Some(redflag_service::export(store.as_mut(), w)?);
                Ok(())
            })?;
            if let (Some(r), false) = (report, ctx.quiet) {
                eprintln!(
                    "{}: {} parties, {} events",
                    path.display(),
                    r.parties,
                    r.events
                );
            }
        }
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            redflag_service::export(store.as_mut(), &mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
