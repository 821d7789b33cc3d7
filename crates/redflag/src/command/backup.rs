//! `redflag backup FILE` and `redflag restore FILE`

use std::path::PathBuf;

use anyhow::{Result, bail};
use redflag_text::Classifier;

use crate::Ctx;

/// Write a consistent copy of everything stored (one snapshot, taken while the store may be in
/// use) to FILE, as interchange JSON Lines. A backup from SQLite restores into PostgreSQL and
/// back.
#[derive(clap::Args, Debug)]
pub struct BackupArgs {
    /// The backup file (written atomically).
    file: PathBuf,
}

/// Replace everything stored with the records of a backup, in one transaction: if the backup
/// is bad, nothing changes.
#[derive(clap::Args, Debug)]
pub struct RestoreArgs {
    /// The backup file.
    file: PathBuf,
    /// Confirm replacing what is stored now.
    #[arg(long)]
    yes: bool,
}

/// Runs `backup`.
pub fn backup(ctx: &Ctx, args: BackupArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let mut report = None;
    super::write_atomically(&args.file, |w| {
        report = Some(redflag_service::export(store.as_mut(), w)?);
        Ok(())
    })?;
    if let (Some(r), false) = (report, ctx.quiet) {
        println!(
            "backed up {} parties and {} events from {} to {}",
            r.parties,
            r.events,
            store.describe(),
            args.file.display()
        );
    }
    Ok(())
}

/// Runs `restore`.
pub fn restore(ctx: &Ctx, args: RestoreArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    if !args.yes {
        let counts = store.counts()?;
        bail!(
            "this replaces everything in {} ({} parties) with {}; run again with --yes to confirm",
            store.describe(),
            counts.parties,
            args.file.display()
        );
    }
    let input = super::open_input(&args.file)?;
    let name = args.file.display().to_string();
    let report = redflag_service::restore(store.as_mut(), &Classifier::new(), &name, input)?;
    if !ctx.quiet {
        println!(
            "restored {} records from {name}",
            report.added + report.updated + report.unchanged
        );
    }
    Ok(())
}
